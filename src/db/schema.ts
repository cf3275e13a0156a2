/**
 * The database schema. Every table carries clinic_id so that a clinic can become the distribution
 * column of a distributed PostgreSQL; every clinical record carries a version. Times are UTC
 * (`timestamptz`); the clinic's time zone is one of its settings. The auth tables (user, session,
 * account, verification, rate_limit) are better-auth's, declared here so that one set of
 * committed migrations builds the whole database. Words follow docs/glossary.md.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Role } from '../domain/actor.ts';
import type { ClinicContacts, ClinicSettingsStored } from '../domain/clinic.ts';
import { stages, stepNames } from '../domain/pathway.ts';
import type { StepAssessment, StepFacts, StepOverride } from '../domain/step-records.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true });

export const clinic = pgTable('clinic', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  contacts: jsonb('contacts').$type<ClinicContacts>().notNull(),
  /** The protocol profile with the clinic's overrides, and its rules (the domain's ClinicSettings). */
  settings: jsonb('settings').$type<ClinicSettingsStored>().notNull(),
  /** Bumped by every change of the settings above; each verdict records the one it was made with. */
  settingsVersion: integer('settings_version').notNull().default(1),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

const clinicRef = () =>
  uuid('clinic_id')
    .notNull()
    .references(() => clinic.id);

/** Every version of a clinic's settings, kept: a verdict names the version it was made under. */
export const clinicSettingsVersion = pgTable(
  'clinic_settings_version',
  {
    clinicId: clinicRef(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull(),
    contacts: jsonb('contacts').$type<ClinicContacts>().notNull(),
    settings: jsonb('settings').$type<ClinicSettingsStored>().notNull(),
    changedById: text('changed_by_id'),
    changedByName: text('changed_by_name'),
    changedAt: at('changed_at').notNull().defaultNow(),
    reason: text('reason'),
  },
  (t) => [primaryKey({ columns: [t.clinicId, t.version] })],
);

export const patient = pgTable(
  'patient',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex', { enum: ['female', 'male', 'other', 'unknown'] }).notNull(),
    nhsNumber: text('nhs_number'),
    mrn: text('mrn'),
    email: text('email'),
    phone: text('phone'),
    address: text('address'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('patient_clinic_nhs_number_key').on(t.clinicId, t.nhsNumber),
    uniqueIndex('patient_clinic_mrn_key').on(t.clinicId, t.mrn),
    // Name search matches any part of a name (ILIKE '%…%'): trigram indexes serve it.
    index('patient_given_name_trgm_idx').using('gin', sql`${t.givenName} gin_trgm_ops`),
    index('patient_family_name_trgm_idx').using('gin', sql`${t.familyName} gin_trgm_ops`),
  ],
);

/** For de-identified exports: a random study id and a secret date shift per patient. */
export const patientPseudonym = pgTable('patient_pseudonym', {
  patientId: uuid('patient_id')
    .primaryKey()
    .references(() => patient.id),
  clinicId: clinicRef(),
  studyId: text('study_id').notNull().unique(),
  shiftDays: integer('shift_days').notNull(),
  createdAt: createdAt(),
});

/** better-auth's user, extended with our role, clinic and (for patients) the patient record. */
export const user = pgTable('user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  role: text('role').$type<Role>().notNull(),
  clinicId: clinicRef(),
  patientId: uuid('patient_id').references(() => patient.id),
  /** A disabled user cannot sign in, and their sessions end at once. */
  disabledAt: at('disabled_at'),
  /** Failed sign-ins in a row, and the lockout they led to (an admin can lift it). */
  failedSignIns: integer('failed_sign_ins').notNull().default(0),
  lockedUntil: at('locked_until'),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const session = pgTable(
  'session',
  {
    id: text('id').primaryKey(),
    expiresAt: at('expires_at').notNull(),
    token: text('token').notNull().unique(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('session_user_idx').on(t.userId)],
);

export const account = pgTable('account', {
  id: text('id').primaryKey(),
  accountId: text('account_id').notNull(),
  providerId: text('provider_id').notNull(),
  userId: text('user_id')
    .notNull()
    .references(() => user.id, { onDelete: 'cascade' }),
  accessToken: text('access_token'),
  refreshToken: text('refresh_token'),
  idToken: text('id_token'),
  accessTokenExpiresAt: at('access_token_expires_at'),
  refreshTokenExpiresAt: at('refresh_token_expires_at'),
  scope: text('scope'),
  password: text('password'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const verification = pgTable(
  'verification',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: at('expires_at').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('verification_identifier_idx').on(t.identifier)],
);

/** better-auth's rate limiter, kept in the database so that every server process counts alike. */
export const rateLimit = pgTable('rate_limit', {
  id: text('id').primaryKey(),
  key: text('key').notNull().unique(),
  count: integer('count').notNull(),
  lastRequest: bigint('last_request', { mode: 'number' }).notNull(),
});

export const stage = pgEnum('stage', stages);
export const step = pgEnum('step', stepNames);

export const episode = pgTable(
  'episode',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    stage: stage('stage').notNull(),
    referrer: text('referrer').notNull(),
    /** Where the letter to the referrer goes. */
    referrerAddress: text('referrer_address'),
    referredOn: date('referred_on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    side: text('side', { enum: ['left', 'right', 'both'] }),
    /** The episode this one repeats (a repeat injection opens a new, linked episode). */
    previousEpisodeId: uuid('previous_episode_id'),
    /** Where a referral came from outside (e.g. a FHIR ServiceRequest's identifier), for idempotent imports. */
    sourceSystem: text('source_system'),
    sourceId: text('source_id'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('episode_clinic_stage_idx').on(t.clinicId, t.stage, t.referredOn),
    index('episode_patient_idx').on(t.patientId),
    uniqueIndex('episode_clinic_source_key').on(t.clinicId, t.sourceSystem, t.sourceId),
  ],
);

/**
 * The episode's timeline: every move and every recorded step, who made it and why, as a coded
 * event (`event`, e.g. `check-in.amended`) with the details its sentence is worded from.
 */
export const episodeEvent = pgTable(
  'episode_event',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episode.id),
    at: at('at').notNull().defaultNow(),
    event: text('event').notNull(),
    move: text('move'),
    fromStage: stage('from_stage'),
    toStage: stage('to_stage').notNull(),
    details: jsonb('details').$type<Record<string, string | number | boolean | null>>(),
    reason: text('reason'),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role').notNull(),
  },
  (t) => [index('episode_event_episode_idx').on(t.episodeId, t.at)],
);

/**
 * The audit trail, append-only (triggers refuse UPDATE, DELETE and TRUNCATE). An event is written
 * in the transaction of what it records and takes no lock; the sealer (src/server/audit/sealer.ts)
 * later chains each clinic's events in audit_seal.
 */
export const auditEvent = pgTable(
  'audit_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    clinicId: uuid('clinic_id').references(() => clinic.id),
    at: at('at').notNull().defaultNow(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    role: text('role'),
    action: text('action').notNull(),
    recordType: text('record_type').notNull(),
    recordId: text('record_id'),
    /** The HTTP status the request was answered with (a refused request can carry patient data too). */
    status: smallint('status'),
    clientAddress: text('client_address'),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_event_clinic_idx').on(t.clinicId, t.id),
    // "Who has read this patient's record?": the events about one record, newest first.
    index('audit_event_record_idx').on(t.recordId, t.id),
  ],
);

/**
 * The sealer's queue: a trigger adds every new audit event here in the inserting transaction
 * (so none can skip it), and the sealer removes it once chained. An event that stays here long
 * is reported by `sijpath audit verify`.
 */
export const auditPending = pgTable('audit_pending', {
  eventId: bigint('event_id', { mode: 'number' })
    .primaryKey()
    .references(() => auditEvent.id),
  chain: text('chain').notNull(),
});

/** The newest link of each chain: the sealer locks it (SKIP LOCKED) so one sealer works a chain at a time. */
export const auditHead = pgTable('audit_head', {
  chain: text('chain').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  updatedAt: updatedAt(),
});

/**
 * The chain: each clinic's events in a gap-free sequence, each hash an HMAC over the previous
 * hash and every field of its event, keyed outside the database (docs/adr/0003-audit-chain.md).
 */
export const auditSeal = pgTable(
  'audit_seal',
  {
    /** The clinic's id, or `system` for events with no clinic (e.g. a failed sign-in). */
    chain: text('chain').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .unique()
      .references(() => auditEvent.id),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    sealedAt: at('sealed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.chain, t.seq] })],
);

/*
 * The steps of an episode (src/domain/steps.ts), one row per version. A step recorded again is a
 * new version and the earlier one is kept, marked superseded. Each row stores the facts as
 * entered and the judgement as it was shown (the assessment, with the protocol profile, its
 * version and the clinic's settings version), never recomputed later: the record must say what
 * the clinician saw when they decided. Facts and assessments are validated by the domain's zod
 * schemas on every write.
 */
const recordedBy = {
  recordedById: text('recorded_by_id').notNull(),
  recordedByName: text('recorded_by_name').notNull(),
  recordedByRole: text('recorded_by_role').notNull(),
  recordedAt: at('recorded_at').notNull().defaultNow(),
};
/**
 * Recorded at another clinic and brought in by a FHIR import (server/fhir/replay.ts): the record
 * names the importer as its maker, at the sending clinic's time, and the page says so.
 */
const imported = () => boolean('imported').notNull().default(false);
const episodeRef = () =>
  uuid('episode_id')
    .notNull()
    .references(() => episode.id);

export const stepRecord = pgTable(
  'step_record',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    episodeId: episodeRef(),
    step: step('step').notNull(),
    /** 1, 2, … per episode and step. */
    version: integer('version').notNull(),
    facts: jsonb('facts').$type<StepFacts>().notNull(),
    assessment: jsonb('assessment').$type<StepAssessment>(),
    protocolProfile: text('protocol_profile'),
    protocolVersion: text('protocol_version'),
    settingsVersion: integer('settings_version'),
    /** A clinician's override of this record's verdict, with the reason. */
    override: jsonb('override').$type<StepOverride>(),
    /** Why an already recorded step was changed (an amendment), in the words of whoever changed it. */
    amendReason: text('amend_reason'),
    supersededAt: at('superseded_at'),
    ...recordedBy,
    imported: imported(),
  },
  (t) => [
    uniqueIndex('step_record_version_key').on(t.episodeId, t.step, t.version),
    uniqueIndex('step_record_current_key').on(t.episodeId, t.step).where(sql`superseded_at is null`),
    index('step_record_clinic_step_idx').on(t.clinicId, t.step).where(sql`superseded_at is null`),
  ],
);

export const procedureList = pgTable(
  'procedure_list',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    date: date('date', { mode: 'string' }).notNull(),
    /** Local time the list starts, e.g. 08:30, in the clinic's zone. */
    startTime: text('start_time').notNull(),
    operator: text('operator').notNull(),
    room: text('room').notNull(),
    capacity: integer('capacity').notNull(),
    /**
     * A list called off (an operator off sick, a theatre closed): its bookings ended with it and
     * no one is booked on it again. Kept, not deleted: bookings that ended there still name it.
     */
    cancelledAt: at('cancelled_at'),
    cancelledReason: text('cancelled_reason'),
    cancelledByName: text('cancelled_by_name'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('procedure_list_clinic_date_idx').on(t.clinicId, t.date)],
);

export const bookingStatus = pgEnum('booking_status', [
  'booked',
  'rescheduled',
  'cancelled',
  'did-not-attend',
]);

/**
 * A place on a procedure list. A booking is never overwritten: rescheduling ends it as
 * `rescheduled` and books anew; cancelling or a patient who did not attend ends it with a reason.
 */
export const booking = pgTable(
  'booking',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    episodeId: episodeRef(),
    procedureListId: uuid('procedure_list_id')
      .notNull()
      .references(() => procedureList.id),
    plannedAt: at('planned_at').notNull(),
    /** The screening the booking was made on; the instructions are its re-run for the planned time. */
    screeningId: uuid('screening_id')
      .notNull()
      .references(() => stepRecord.id),
    instructions: jsonb('instructions').$type<StepAssessment>().notNull(),
    settingsVersion: integer('settings_version'),
    status: bookingStatus('status').notNull().default('booked'),
    statusReason: text('status_reason'),
    statusChangedAt: at('status_changed_at'),
    statusChangedByName: text('status_changed_by_name'),
    ...recordedBy,
    imported: imported(),
  },
  (t) => [
    index('booking_list_idx').on(t.procedureListId, t.status),
    uniqueIndex('booking_current_key').on(t.episodeId).where(sql`status = 'booked'`),
    index('booking_episode_idx').on(t.episodeId),
  ],
);

/**
 * What a patient ticked on their checklist before the procedure (src/domain/portal/checklist.ts),
 * per booking: a new booking (a new date, new fasting times) starts afresh. The instruction is kept
 * as it read when ticked, so a tick never stands for words the patient did not see.
 */
export const patientChecklistItem = pgTable(
  'patient_checklist_item',
  {
    clinicId: clinicRef(),
    episodeId: episodeRef(),
    bookingId: uuid('booking_id')
      .notNull()
      .references(() => booking.id),
    /** `escort`, `fasting`, `drug-plan:<drug>`. */
    item: text('item').notNull(),
    checked: boolean('checked').notNull(),
    instruction: text('instruction').notNull(),
    changedAt: at('changed_at').notNull().defaultNow(),
    changedById: text('changed_by_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.bookingId, t.item] }),
    index('patient_checklist_item_episode_idx').on(t.episodeId),
  ],
);

/** A patient's pain diary: one row per entry, typed columns for what the outcomes registry counts. */
export const diaryEntry = pgTable(
  'diary_entry',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    episodeId: episodeRef(),
    /** When the pain was scored (for a late entry, the time it is about). */
    at: at('at').notNull(),
    /** The prompt it answers, if any; an entry made after its prompt's window is late. */
    promptAt: at('prompt_at'),
    late: boolean('late').notNull().default(false),
    pain: smallint('pain').notNull(),
    pgic: smallint('pgic'),
    opioidDoses: smallint('opioid_doses'),
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull().default({}),
    enteredById: text('entered_by_id').notNull(),
    /** The name as it was when the entry was made (a later rename does not rewrite it). */
    enteredByName: text('entered_by_name'),
    enteredByRole: text('entered_by_role').notNull(),
    enteredAt: at('entered_at').notNull().defaultNow(),
    /** Came in by a FHIR import: entered at another clinic; staff's entries name the importer. */
    imported: imported(),
  },
  (t) => [index('diary_entry_episode_idx').on(t.episodeId, t.at)],
);

/**
 * What the outcomes dashboard counts, one row per episode (docs/adr/0005-outcome-summary.md):
 * kept current by triggers on episode, step_record and diary_entry (drizzle/0008_outcome-summary.sql)
 * in the same transaction as the write, so the dashboard reads one small row per episode instead
 * of aggregating the whole pain diary per request. Never written by the app itself.
 */
export const outcomeSummary = pgTable(
  'outcome_summary',
  {
    episodeId: uuid('episode_id')
      .primaryKey()
      .references(() => episode.id, { onDelete: 'cascade' }),
    clinicId: clinicRef(),
    stage: stage('stage').notNull(),
    referredOn: date('referred_on', { mode: 'string' }),
    /** The current triage record: when it was made, its purpose and its indications (a JSON array). */
    triageAt: at('triage_at'),
    purpose: text('purpose'),
    indications: jsonb('indications'),
    /** The current procedure record. */
    procedureAt: at('procedure_at'),
    guidance: text('guidance'),
    steroid: boolean('steroid'),
    complicated: boolean('complicated'),
    operatorId: text('operator_id'),
    operatorName: text('operator_name'),
    /** The current recovery record: pain before the injection and the block's interpretation. */
    baseline: integer('baseline'),
    block: text('block'),
    /** The diary from the injection on: entries answering a prompt, and the last entry. */
    answered: integer('answered'),
    lastAt: at('last_at'),
    /** The pain score nearest 2, 6 and 12 weeks (within the dashboard's WINDOW_DAYS). */
    w2: smallint('w2'),
    w6: smallint('w6'),
    w12: smallint('w12'),
    /** The opioid doses nearest 1, 2, 6 and 12 weeks. */
    o1: smallint('o1'),
    o2: smallint('o2'),
    o6: smallint('o6'),
    o12: smallint('o12'),
    /** The last PGIC answer. */
    pgic: smallint('pgic'),
    /**
     * Relief for every threshold at once: element m + 1 is when the pain first fell to m or less
     * (start) and when it first rose above m again after that (end), for m = 0 … 10.
     */
    reliefStart: at('relief_start').array(),
    reliefEnd: at('relief_end').array(),
    /**
     * Kept from the columns above by a row trigger (drizzle/0010), so that the dashboard reads them
     * instead of working them out for every episode on every request: the triage and the procedure
     * as days in the clinic's time zone (rewritten when the clinic's time zone changes), and for
     * every pain m = 0 … 10 how long relief lasted in days, to one decimal (to its end, or to the
     * last diary entry while it had not ended: the Kaplan–Meier time).
     */
    triagedOn: date('triaged_on', { mode: 'string' }),
    procedureOn: date('procedure_on', { mode: 'string' }),
    reliefDays: doublePrecision('relief_days').array(),
  },
  (t) => [
    index('outcome_summary_clinic_referred_idx').on(t.clinicId, t.referredOn),
    // The dashboard's list of operators to filter by, read from the index alone.
    index('outcome_summary_clinic_operator_idx').on(t.clinicId, t.operatorId, t.operatorName),
  ],
);

/** A worrying symptom a patient (or staff for them) reported: stored before any advice is shown. */
export const symptomReport = pgTable(
  'symptom_report',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    episodeId: episodeRef(),
    reportedAt: at('reported_at').notNull().defaultNow(),
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
    /** The red-flag triage as shown to the patient; null until it has run. */
    assessment: jsonb('assessment').$type<StepAssessment>(),
    urgency: text('urgency'),
    reportedById: text('reported_by_id').notNull(),
    /** The name as it was when the report was made (a later rename does not rewrite it). */
    reportedByName: text('reported_by_name'),
    reportedByRole: text('reported_by_role').notNull(),
    /** Came in by a FHIR import: reported at another clinic; staff's reports name the importer. */
    imported: imported(),
  },
  (t) => [index('symptom_report_episode_idx').on(t.episodeId, t.reportedAt)],
);

/** An alert on the clinicians' worklist, until a named clinician acknowledges it with a note. */
export const alert = pgTable(
  'alert',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    episodeId: episodeRef(),
    symptomReportId: uuid('symptom_report_id').references(() => symptomReport.id),
    raisedAt: at('raised_at').notNull().defaultNow(),
    urgency: text('urgency').notNull(),
    escalatedAt: at('escalated_at'),
    acknowledgedAt: at('acknowledged_at'),
    acknowledgedById: text('acknowledged_by_id'),
    acknowledgedByName: text('acknowledged_by_name'),
    note: text('note'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('alert_open_idx').on(t.clinicId, t.raisedAt).where(sql`acknowledged_at is null`)],
);

/** Which version of which leaflet a patient was given, and whether they found it helpful. */
export const leafletIssue = pgTable(
  'leaflet_issue',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    episodeId: episodeRef(),
    leaflet: text('leaflet').notNull(),
    leafletVersion: text('leaflet_version').notNull(),
    givenAt: at('given_at').notNull().defaultNow(),
    helpful: boolean('helpful'),
    feedbackAt: at('feedback_at'),
  },
  (t) => [index('leaflet_issue_episode_idx').on(t.episodeId)],
);

/** Messages to people (email now, SMS later): the outbox admins can read, and its delivery state. */
export const message = pgTable(
  'message',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    kind: text('kind').notNull(),
    episodeId: uuid('episode_id').references(() => episode.id),
    status: text('status', { enum: ['queued', 'sent', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: at('sent_at'),
  },
  (t) => [index('message_clinic_idx').on(t.clinicId, t.createdAt)],
);

/**
 * Work for later (reminders, diary prompts, escalations, deliveries, sealing), claimed with
 * FOR UPDATE SKIP LOCKED so that several server processes share it and each job runs once.
 */
export const job = pgTable(
  'job',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: uuid('clinic_id').references(() => clinic.id),
    kind: text('kind').notNull(),
    runAt: at('run_at').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    /** The same job is never queued twice (e.g. `reminder:<booking>:day-before`). */
    dedupeKey: text('dedupe_key').unique(),
    status: text('status', { enum: ['pending', 'done', 'cancelled', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lockedUntil: at('locked_until'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    doneAt: at('done_at'),
  },
  (t) => [index('job_due_idx').on(t.runAt).where(sql`status = 'pending'`)],
);

/**
 * CDS Hooks: the id (`jti`) of each JWT a CDS client signed, kept until the token expires, so that
 * each token is accepted once (the specification's protection against replay). Any server process
 * sees the others' tokens.
 */
export const cdsTokenUse = pgTable(
  'cds_token_use',
  {
    clinicId: clinicRef(),
    /** The client (`iss`). */
    client: text('client').notNull(),
    jti: text('jti').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clinicId, t.client, t.jti] }),
    index('cds_token_use_expires_idx').on(t.expiresAt),
  ],
);

/**
 * CDS Hooks feedback: what a clinician did with a card (accepted a suggestion, or overrode it and
 * why), as the CDS client reported it. The service's cards are not stored; the card's uuid is.
 */
export const cdsFeedback = pgTable(
  'cds_feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    client: text('client').notNull(),
    service: text('service').notNull(),
    card: text('card').notNull(),
    outcome: text('outcome', { enum: ['accepted', 'overridden'] }).notNull(),
    acceptedSuggestions: jsonb('accepted_suggestions').$type<string[]>().notNull().default([]),
    overrideReason: jsonb('override_reason').$type<{
      reason?: { system?: string; code?: string; display?: string };
      userComment?: string;
    }>(),
    outcomeAt: at('outcome_at').notNull(),
    receivedAt: at('received_at').notNull().defaultNow(),
  },
  (t) => [index('cds_feedback_clinic_idx').on(t.clinicId, t.receivedAt)],
);
