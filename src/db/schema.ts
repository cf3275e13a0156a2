/**
 * The database schema. Every table carries site_id so that a site can become the distribution
 * column of a distributed PostgreSQL; every clinical record carries `version` for optimistic
 * concurrency. Times are UTC (`timestamptz`); the clinic's time zone lives in site settings.
 * The auth tables (user, session, account, verification) are better-auth's, declared here so
 * that one set of committed migrations builds the whole database.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export interface SiteContacts {
  phone: string;
  urgentPhone: string;
  /** What to do when the clinic is closed, in words a patient can act on. */
  outOfHours: string;
  email?: string;
  address?: string;
}

export const site = pgTable('site', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  contacts: jsonb('contacts').$type<SiteContacts>().notNull(),
  /**
   * The clinic's protocol profile, overrides and site rules (the `protocol` and `site` parts of
   * the domain's ClinicSettings; name, zone and contacts are the columns above).
   */
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const patient = pgTable(
  'patient',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex', { enum: ['female', 'male', 'other', 'unknown'] }).notNull(),
    nhsNumber: text('nhs_number'),
    mrn: text('mrn'),
    email: text('email'),
    phone: text('phone'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('patient_site_nhs_number_key').on(t.siteId, t.nhsNumber),
    uniqueIndex('patient_site_mrn_key').on(t.siteId, t.mrn),
    index('patient_site_family_name_idx').on(t.siteId, sql`lower(${t.familyName})`),
  ],
);

/** better-auth's user, extended with our role, site and (for patients) the patient record. */
export const user = pgTable('user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  role: text('role', { enum: ['admin', 'clinician', 'nurse', 'patient'] }).notNull(),
  siteId: uuid('site_id')
    .notNull()
    .references(() => site.id),
  patientId: uuid('patient_id').references(() => patient.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const session = pgTable(
  'session',
  {
    id: text('id').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
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
  accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
  refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
  scope: text('scope'),
  password: text('password'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const verification = pgTable('verification', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const episode = pgTable(
  'episode',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    stage: text('stage').notNull(),
    referrer: text('referrer').notNull(),
    referredOn: date('referred_on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    side: text('side', { enum: ['left', 'right', 'both'] }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('episode_site_stage_idx').on(t.siteId, t.stage, t.referredOn),
    index('episode_patient_idx').on(t.patientId),
  ],
);

/** The episode's timeline: every stage change, who made it and why. */
export const episodeEvent = pgTable(
  'episode_event',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episode.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action').notNull(),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    reason: text('reason'),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role').notNull(),
  },
  (t) => [index('episode_event_episode_idx').on(t.episodeId, t.at)],
);

/**
 * Append-only audit trail. A trigger (migration 0001) forbids UPDATE and DELETE and chains each
 * site's events by hash, so a removed or edited row shows as a break in the chain.
 */
export const auditEvent = pgTable(
  'audit_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    siteId: uuid('site_id').references(() => site.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    role: text('role'),
    action: text('action').notNull(),
    recordType: text('record_type').notNull(),
    recordId: text('record_id'),
    clientAddress: text('client_address'),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [index('audit_event_site_idx').on(t.siteId, t.id)],
);

/*
 * The steps of an episode, from triage to discharge. Each stores the facts as entered and the
 * judgement as it was shown (findings, sources, protocol profile and version), never recomputed
 * later: the record must say what the clinician saw when they decided. Facts and judgements are
 * jsonb validated by the domain's zod schemas on every write.
 */
const recordedBy = {
  recordedById: text('recorded_by_id').notNull(),
  recordedByName: text('recorded_by_name').notNull(),
  recordedByRole: text('recorded_by_role').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
};
const siteRef = () =>
  uuid('site_id')
    .notNull()
    .references(() => site.id);
const episodeRef = () =>
  uuid('episode_id')
    .notNull()
    .references(() => episode.id);

export const triage = pgTable('triage', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: siteRef(),
  episodeId: episodeRef().unique(),
  purpose: text('purpose', { enum: ['diagnostic', 'therapeutic', 'both'] }).notNull(),
  facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
  assessment: jsonb('assessment').$type<Record<string, unknown>>().notNull(),
  profile: text('profile').notNull(),
  profileVersion: text('profile_version').notNull(),
  decision: text('decision', { enum: ['accept', 'decline'] }).notNull(),
  reason: text('reason'),
  version: integer('version').notNull().default(1),
  ...recordedBy,
});

/** Every screening call is kept: the latest one governs scheduling; earlier ones are history. */
export const screening = pgTable(
  'screening',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteRef(),
    episodeId: episodeRef(),
    seq: integer('seq').notNull(),
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
    assessment: jsonb('assessment').$type<Record<string, unknown>>().notNull(),
    verdict: text('verdict', { enum: ['go', 'go-with-actions', 'not-safe-yet'] }).notNull(),
    blocksScheduling: boolean('blocks_scheduling').notNull(),
    profile: text('profile').notNull(),
    profileVersion: text('profile_version').notNull(),
    overrideReason: text('override_reason'),
    overrideById: text('override_by_id'),
    overrideByName: text('override_by_name'),
    overrideAt: timestamp('override_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    ...recordedBy,
  },
  (t) => [uniqueIndex('screening_episode_seq_key').on(t.episodeId, t.seq)],
);

export const procedureList = pgTable(
  'procedure_list',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteRef(),
    date: date('date', { mode: 'string' }).notNull(),
    /** Local time the list starts, e.g. 08:30, in the clinic's zone. */
    startTime: text('start_time').notNull(),
    operator: text('operator').notNull(),
    room: text('room').notNull(),
    capacity: integer('capacity').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('procedure_list_site_date_idx').on(t.siteId, t.date)],
);

export const booking = pgTable('booking', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: siteRef(),
  episodeId: episodeRef().unique(),
  procedureListId: uuid('procedure_list_id')
    .notNull()
    .references(() => procedureList.id),
  plannedAt: timestamp('planned_at', { withTimezone: true }).notNull(),
  /** The screening re-run for the planned time: the patient's instructions follow from it. */
  screeningId: uuid('screening_id')
    .notNull()
    .references(() => screening.id),
  instructions: jsonb('instructions').$type<Record<string, unknown>>().notNull(),
  version: integer('version').notNull().default(1),
  ...recordedBy,
});

export const checkIn = pgTable('check_in', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: siteRef(),
  episodeId: episodeRef().unique(),
  facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
  version: integer('version').notNull().default(1),
  ...recordedBy,
});

export const procedure = pgTable('procedure', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: siteRef(),
  episodeId: episodeRef().unique(),
  checklist: jsonb('checklist').$type<Record<string, unknown>>().notNull(),
  record: jsonb('record').$type<Record<string, unknown>>().notNull(),
  performedAt: timestamp('performed_at', { withTimezone: true }).notNull(),
  version: integer('version').notNull().default(1),
  ...recordedBy,
});

export const recovery = pgTable('recovery', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: siteRef(),
  episodeId: episodeRef().unique(),
  facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
  assessment: jsonb('assessment').$type<Record<string, unknown>>().notNull(),
  dischargeOverrideReason: text('discharge_override_reason'),
  dischargedAt: timestamp('discharged_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
  ...recordedBy,
});
