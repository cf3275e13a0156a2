/**
 * The steps of an episode from triage to discharge. Each one runs the clinical core on the facts
 * as entered, stores the judgement as it was shown (with the protocol profile and version), and
 * makes its pathway move through the domain. The server recomputes every verdict: what the
 * browser showed while typing is a preview, never trusted.
 */
import { and, count, desc, eq, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../../../db/client.ts';
import {
  booking,
  checkIn,
  procedure,
  procedureList,
  recovery,
  screening,
  triage,
} from '../../../db/schema.ts';
import {
  ANAESTHETICS,
  type Assessment,
  assess,
  type ClinicSettings,
  type EpisodeFacts,
  fromLocal,
  PatientFactsSchema,
} from '../../../domain/clinical/index.ts';
import type { Action, Stage } from '../../../domain/pathway.ts';
import type {
  BookingInput,
  CheckInInput,
  DischargeInput,
  EpisodeSteps,
  OverrideInput,
  PlanFacts,
  ProcedureInput,
  ProcedureListInput,
  RecoveryInput,
  ScreeningInput,
  TriageInput,
} from '../../../shared/api/steps.ts';
import { clinicSettings } from '../../clinic/settings.ts';
import { ApiError, type FieldError } from '../../errors.ts';
import type { Actor } from '../../plugins/access.ts';
import { assertVersion } from '../../records.ts';
import { type EpisodeRow, lockEpisode, recordOnEpisode, type Tx } from '../episodes.ts';

type In<T extends z.ZodType> = z.infer<T>;
type Screening = NonNullable<Assessment['screening']>;

const recorded = (actor: Actor, at: Date) => ({
  recordedById: actor.id,
  recordedByName: actor.name,
  recordedByRole: actor.role,
  recordedAt: at,
});

function requireStage(current: EpisodeRow, allowed: Stage[], what: string) {
  if (!allowed.includes(current.stage as Stage)) {
    throw new ApiError(
      'step_out_of_order',
      `${what} is not possible while the episode is ${current.stage.replace('-', ' ')}; it must be ${allowed.join(' or ')}.`,
    );
  }
}

/** Locks the episode and checks the version the user's form was based on. */
async function openStep(tx: Tx, actor: Actor, id: string, version: number) {
  const current = await lockEpisode(tx, actor, id);
  assertVersion('episode', current, version, null);
  const settings = await clinicSettings(tx as unknown as Database, actor.siteId);
  return { current, settings };
}

/** Judgements that do not depend on the patient's history (triage, side, recovery). */
const emptyPatient = PatientFactsSchema.parse({});

// ── Triage ──────────────────────────────────────────────────────────────────────────────
export async function recordTriage(
  tx: Tx,
  actor: Actor,
  id: string,
  input: In<typeof TriageInput>,
  now: Date,
) {
  const { current, settings } = await openStep(tx, actor, id, input.version);
  requireStage(current, ['referred'], 'Triage');
  const assessment = assess({
    now: now.toISOString(),
    settings,
    patient: emptyPatient,
    episode: { purpose: input.purpose, side: current.side ?? undefined },
    triage: input.facts,
  });
  await tx.insert(triage).values({
    siteId: actor.siteId,
    episodeId: id,
    purpose: input.purpose,
    facts: input.facts,
    assessment: assessment.triage!,
    profile: assessment.protocol.profile,
    profileVersion: assessment.protocol.version,
    decision: input.decision,
    reason: input.reason ?? null,
    ...recorded(actor, now),
  });
  await recordOnEpisode(tx, actor, current, { move: input.decision, reason: input.reason, at: now });
}

// ── Screening ───────────────────────────────────────────────────────────────────────────
async function purposeOf(tx: Tx, episodeId: string) {
  const t = await tx.query.triage.findFirst({ where: eq(triage.episodeId, episodeId) });
  if (!t) throw new ApiError('step_out_of_order', 'Triage the referral before screening.');
  return t.purpose;
}

function episodeFacts(
  purpose: EpisodeFacts['purpose'],
  current: EpisodeRow,
  plan: In<typeof PlanFacts>,
  procedureAt?: Date,
): EpisodeFacts {
  return {
    purpose,
    side: plan.side ?? current.side ?? undefined,
    procedureAt: procedureAt?.toISOString(),
    plannedGuidance: plan.plannedGuidance,
    plannedContrast: plan.plannedContrast,
    plannedSteroidDoseMg: plan.plannedSteroidDoseMg,
    anaesthetic: plan.anaesthetic,
  };
}

type ScreeningFactsRecord = Pick<In<typeof ScreeningInput>, 'patient' | 'screening' | 'plan'>;

/** The screening rules on these facts, for the procedure as planned (at `plannedAt` once booked). */
function runScreening(
  settings: ClinicSettings,
  facts: ScreeningFactsRecord,
  purpose: EpisodeFacts['purpose'],
  current: EpisodeRow,
  plannedAt: Date | undefined,
  now: Date,
): { screening: Screening; protocol: Assessment['protocol'] } {
  const a = assess({
    now: now.toISOString(),
    settings,
    patient: facts.patient,
    episode: episodeFacts(purpose, current, facts.plan, plannedAt),
    screening: facts.screening,
  });
  return { screening: a.screening!, protocol: a.protocol };
}

const stopReasons = (s: Screening) =>
  s.findings
    .filter((f) => f.severity === 'stop')
    .map((f) => f.staffText)
    .join(' ');

export async function recordScreening(
  tx: Tx,
  actor: Actor,
  id: string,
  input: In<typeof ScreeningInput>,
  now: Date,
) {
  const { current, settings } = await openStep(tx, actor, id, input.version);
  requireStage(current, ['triaged', 'deferred', 'screened', 'scheduled'], 'Screening');
  const purpose = await purposeOf(tx, id);
  const booked = await tx.query.booking.findFirst({ where: eq(booking.episodeId, id) });
  const last = await latestScreening(tx, id);
  const previous = last?.facts as ScreeningFactsRecord | undefined;
  const screeningFacts = attributeNewEntries(input.screening, previous?.screening, actor, now);
  const facts = { patient: input.patient, screening: screeningFacts, plan: input.plan };
  const { screening: result, protocol } = runScreening(
    settings,
    facts,
    purpose,
    current,
    booked?.plannedAt,
    now,
  );
  await tx.insert(screening).values({
    siteId: actor.siteId,
    episodeId: id,
    seq: (last?.seq ?? 0) + 1,
    facts,
    assessment: result,
    verdict: result.verdict,
    blocksScheduling: result.blocksScheduling,
    profile: protocol.profile,
    profileVersion: protocol.version,
    ...recorded(actor, now),
  });
  const stage = current.stage as Stage;
  let move: Action | undefined;
  let reason: string | undefined;
  if (result.verdict === 'not-safe-yet') {
    if (stage !== 'deferred') [move, reason] = ['defer', `Not safe yet: ${stopReasons(result)}`];
  } else if (stage === 'triaged' || stage === 'deferred') {
    move = 'screen-safe';
  }
  await recordOnEpisode(tx, actor, current, { move, reason, event: 'screening.recorded', at: now });
}

type ScreeningFactsInput = In<typeof ScreeningInput>['screening'];
/** jsonb keeps keys in its own order, so compare entries key by key, not as strings. */
const canonical = (o: object) => JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
const sameEntry = (a: object, b: object) => canonical(a) === canonical(b);

/**
 * Reviews and agreed plans carried over from the previous screening stay as they were recorded.
 * A new one is signed by whoever saves it, at the server's time — never by a name the form sent —
 * and a new clinician review needs a clinician: a review is what lets a `review` finding pass.
 */
function attributeNewEntries(
  facts: ScreeningFactsInput,
  previous: ScreeningFactsInput | undefined,
  actor: Actor,
  now: Date,
): ScreeningFactsInput {
  const isNew = <T extends object>(entry: T, before: T[] | undefined) =>
    !(before ?? []).some((b) => sameEntry(b, entry));
  const sign = { recordedBy: actor.name, recordedAt: now.toISOString() };
  const newReviews = facts.clinicianReviews.filter((r) => isNew(r, previous?.clinicianReviews));
  if (newReviews.length > 0 && actor.role !== 'clinician') {
    throw new ApiError('role_not_allowed', 'Only a clinician may record a clinician review of a finding.');
  }
  return {
    ...facts,
    clinicianReviews: facts.clinicianReviews.map((r) => (newReviews.includes(r) ? { ...r, ...sign } : r)),
    agreedPlans: facts.agreedPlans.map((p) => (isNew(p, previous?.agreedPlans) ? { ...p, ...sign } : p)),
  };
}

/** A clinician lets scheduling go ahead despite the latest screening's verdict, with a reason. */
export async function overrideScreening(
  tx: Tx,
  actor: Actor,
  id: string,
  screeningId: string,
  input: In<typeof OverrideInput>,
  now: Date,
) {
  const { current } = await openStep(tx, actor, id, input.version);
  const latest = await latestScreening(tx, id);
  if (!latest || latest.id !== screeningId) {
    throw new ApiError('step_out_of_order', 'Only the latest screening can be overridden.');
  }
  await tx
    .update(screening)
    .set({
      overrideReason: input.reason,
      overrideById: actor.id,
      overrideByName: actor.name,
      overrideAt: now,
    })
    .where(eq(screening.id, screeningId));
  const move: Action | undefined = current.stage === 'deferred' ? 'screen-safe' : undefined;
  await recordOnEpisode(tx, actor, current, {
    move,
    event: 'screening.overridden',
    reason: `Clinician override: ${input.reason}`,
    at: now,
  });
}

function latestScreening(tx: Tx | Database, episodeId: string) {
  return tx.query.screening.findFirst({
    where: eq(screening.episodeId, episodeId),
    orderBy: desc(screening.seq),
  });
}

type ScreeningRow = NonNullable<Awaited<ReturnType<typeof latestScreening>>>;

/** Why the episode cannot be booked now, in a sentence, or null. */
export function schedulingBlockedBecause(latest: ScreeningRow | undefined): string | null {
  if (!latest) return 'No screening has been recorded yet.';
  if (latest.overrideReason) return null;
  const result = latest.assessment as Screening;
  if (latest.verdict === 'not-safe-yet') {
    return `Not safe yet: ${stopReasons(result)} Repeat the screening when this changes, or a clinician may override with a reason.`;
  }
  if (latest.blocksScheduling) {
    const open = result.findings.filter((f) => f.blocksScheduling).map((f) => f.staffText);
    return `Before booking: ${open.join(' ')}`;
  }
  return null;
}

// ── Scheduling ──────────────────────────────────────────────────────────────────────────
export async function createProcedureList(db: Database, actor: Actor, input: In<typeof ProcedureListInput>) {
  const [row] = await db
    .insert(procedureList)
    .values({ ...input, siteId: actor.siteId })
    .returning();
  return { ...presentList(row!), booked: 0 };
}

export const presentList = (row: typeof procedureList.$inferSelect) => ({
  id: row.id,
  date: row.date,
  startTime: row.startTime,
  operator: row.operator,
  room: row.room,
  capacity: row.capacity,
  version: row.version,
});

export async function bookedOn(tx: Tx | Database, listId: string, exceptEpisode?: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(booking)
    .where(
      and(
        eq(booking.procedureListId, listId),
        exceptEpisode ? ne(booking.episodeId, exceptEpisode) : undefined,
      ),
    );
  return row?.n ?? 0;
}

export async function bookEpisode(
  tx: Tx,
  actor: Actor,
  id: string,
  input: In<typeof BookingInput>,
  now: Date,
) {
  const { current, settings } = await openStep(tx, actor, id, input.version);
  requireStage(current, ['screened', 'scheduled'], 'Booking');
  const latest = await latestScreening(tx, id);
  const blocked = schedulingBlockedBecause(latest);
  if (blocked) throw new ApiError('scheduling_blocked', blocked);
  const list = await tx.query.procedureList.findFirst({
    where: and(eq(procedureList.id, input.procedureListId), eq(procedureList.siteId, actor.siteId)),
  });
  if (!list) throw new ApiError('not_found', 'No such procedure list at your site.');
  // Lock the list so two bookings cannot both take its last place.
  await tx
    .select({ id: procedureList.id })
    .from(procedureList)
    .where(eq(procedureList.id, list.id))
    .for('update');
  if ((await bookedOn(tx, list.id, id)) >= list.capacity) {
    throw new ApiError(
      'list_full',
      `The ${list.date} list in ${list.room} has all ${list.capacity} places booked.`,
    );
  }
  const [year, month, day] = list.date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = input.time.split(':').map(Number) as [number, number];
  const plannedAt = fromLocal({ year, month, day, hour, minute }, settings.clinic.timeZone);
  // The instructions depend on the planned time (e.g. when to take the last dose), so screen again.
  const facts = latest!.facts as ScreeningFactsRecord;
  const purpose = await purposeOf(tx, id);
  const { screening: result } = runScreening(settings, facts, purpose, current, plannedAt, now);
  if (result.verdict === 'not-safe-yet' && !latest!.overrideReason) {
    throw new ApiError('scheduling_blocked', `Not safe for that date: ${stopReasons(result)}`);
  }
  const instructions = {
    forPatient: result.findings.map((f) => f.patientText).filter((t): t is string => Boolean(t)),
    screening: result,
  };
  const values = {
    procedureListId: list.id,
    plannedAt,
    screeningId: latest!.id,
    instructions,
    ...recorded(actor, now),
  };
  await tx
    .insert(booking)
    .values({ ...values, siteId: actor.siteId, episodeId: id })
    .onConflictDoUpdate({
      target: booking.episodeId,
      set: { ...values, version: sql`${booking.version} + 1` },
    });
  const move: Action | undefined = current.stage === 'screened' ? 'schedule' : undefined;
  await recordOnEpisode(tx, actor, current, { move, event: 'booking.changed', at: now });
}

// ── Day of procedure ───────────────────────────────────────────────────────────────────
function incomplete(fields: [string, boolean, string][]): FieldError[] {
  return fields.filter(([, ok]) => !ok).map(([field, , message]) => ({ field, message }));
}

function refuseIncomplete(errors: FieldError[], what: string) {
  if (errors.length === 0) return;
  throw new ApiError('checklist_incomplete', `${what}: ${errors.map((e) => e.message).join('; ')}.`, {
    errors,
  });
}

export async function recordCheckIn(
  tx: Tx,
  actor: Actor,
  id: string,
  input: In<typeof CheckInInput>,
  now: Date,
) {
  const { current, settings } = await openStep(tx, actor, id, input.version);
  requireStage(current, ['scheduled'], 'Check-in');
  const { version: _v, ...facts } = input;
  const latest = (await latestScreening(tx, id))!;
  const screened = latest.facts as ScreeningFactsRecord;
  const diabetic = Boolean(screened.patient.diabetes);
  refuseIncomplete(
    incomplete([
      ['consentConfirmed', facts.consentConfirmed, 'Consent must be confirmed'],
      ['escortPresent', facts.escortPresent, 'An adult escort must be present to take the patient home'],
      ['fastingAsInstructed', facts.fastingAsInstructed, 'Fasting must be as instructed'],
      [
        'glucose',
        !diabetic || facts.glucose !== undefined,
        'Check and record the glucose of a patient with diabetes',
      ],
    ]),
    'Not ready to check in',
  );
  if (facts.glucose) {
    // The arrival glucose goes through the same rules as the screening's (clinic limit, [S25]–[S27]).
    const booked = await tx.query.booking.findFirst({ where: eq(booking.episodeId, id) });
    const purpose = await purposeOf(tx, id);
    const withGlucose = {
      ...screened,
      screening: { ...screened.screening, labs: { ...screened.screening.labs, glucose: facts.glucose } },
    };
    const { screening: result } = runScreening(
      settings,
      withGlucose,
      purpose,
      current,
      booked?.plannedAt,
      now,
    );
    if (result.verdict === 'not-safe-yet' && !latest.overrideReason) {
      throw new ApiError('not_safe_yet', `Not safe to go ahead today: ${stopReasons(result)}`);
    }
  }
  await tx.insert(checkIn).values({ siteId: actor.siteId, episodeId: id, facts, ...recorded(actor, now) });
  await recordOnEpisode(tx, actor, current, { move: 'check-in', at: now });
}

type Drug = In<typeof ProcedureInput>['record']['drugs'][number];

/** mg/mL from a concentration: a percentage is grams per 100 mL, so 0.5 % is 5 mg/mL. */
const mgPerMl = (c: NonNullable<Drug['concentration']>) => (c.unit === '%' ? c.value * 10 : c.value);

/** A dose that disagrees with concentration × volume is a unit slip, the commonest drug error. */
export function doseErrors(drugs: Drug[]): FieldError[] {
  return drugs.flatMap((d, i) => {
    if (!d.concentration || d.doseMg === undefined) return [];
    const expected = mgPerMl(d.concentration) * d.volumeMl;
    if (Math.abs(d.doseMg - expected) <= Math.max(0.01, expected * 0.01)) return [];
    const conc = `${d.concentration.value}${d.concentration.unit === '%' ? '%' : ' mg/mL'}`;
    return [
      {
        field: `record.drugs.${i}.doseMg`,
        message: `${d.volumeMl} mL of ${d.agent} ${conc} is ${Number(expected.toFixed(2))} mg, not ${d.doseMg} mg: check the units`,
      },
    ];
  });
}

export async function recordProcedure(
  tx: Tx,
  actor: Actor,
  id: string,
  input: In<typeof ProcedureInput>,
  now: Date,
) {
  const { current, settings } = await openStep(tx, actor, id, input.version);
  requireStage(current, ['checked-in'], 'Recording the procedure');
  const { signIn, timeOut, signOut } = input.checklist;
  refuseIncomplete(
    incomplete([
      ['checklist.signIn.identityConfirmed', signIn.identityConfirmed, 'Sign in: confirm identity'],
      ['checklist.signIn.consentConfirmed', signIn.consentConfirmed, 'Sign in: confirm consent'],
      ['checklist.signIn.siteMarked', signIn.siteMarked, 'Sign in: mark the site'],
      ['checklist.signIn.allergiesChecked', signIn.allergiesChecked, 'Sign in: check allergies'],
      [
        'checklist.signIn.anticoagulationChecked',
        signIn.anticoagulationChecked,
        'Sign in: check anticoagulation',
      ],
      ['checklist.timeOut.teamIntroduced', timeOut.teamIntroduced, 'Time out: introduce the team'],
      ['checklist.timeOut.procedureConfirmed', timeOut.procedureConfirmed, 'Time out: confirm the procedure'],
      [
        'checklist.timeOut.imagingAvailable',
        timeOut.imagingAvailable,
        'Time out: confirm imaging is available',
      ],
      [
        'checklist.signOut.drugsAndDosesRecorded',
        signOut.drugsAndDosesRecorded,
        'Sign out: record drugs and doses',
      ],
      [
        'checklist.signOut.equipmentAccountedFor',
        signOut.equipmentAccountedFor,
        'Sign out: account for equipment',
      ],
    ]),
    'The safety checklist is not complete',
  );
  const arrived = await tx.query.checkIn.findFirst({ where: eq(checkIn.episodeId, id) });
  const latest = await latestScreening(tx, id);
  const planned = (latest?.facts as ScreeningFactsRecord | undefined)?.plan.side ?? current.side ?? undefined;
  const side = assess({
    now: now.toISOString(),
    settings,
    patient: emptyPatient,
    episode: { purpose: await purposeOf(tx, id) },
    sideCheck: {
      planned,
      markedAtCheckIn: (arrived?.facts as { sideMarked?: 'left' | 'right' | 'both' } | undefined)?.sideMarked,
      confirmedAtTimeOut: timeOut.sideConfirmed,
      recorded: input.record.side,
    },
  }).side!;
  if (side.severity === 'stop') {
    throw new ApiError('side_mismatch', side.staffText, {
      errors: [{ field: 'record.side', message: side.staffText }],
      finding: side,
    });
  }
  const errors = doseErrors(input.record.drugs);
  if (errors.length > 0) {
    throw new ApiError('validation_failed', errors.map((e) => e.message).join('; '), { errors });
  }
  await tx.insert(procedure).values({
    siteId: actor.siteId,
    episodeId: id,
    checklist: input.checklist,
    record: { ...input.record, sideCheck: side },
    performedAt: new Date(input.record.performedAt),
    ...recorded(actor, now),
  });
  await recordOnEpisode(tx, actor, current, { move: 'perform', at: now });
}

// ── Recovery and discharge ─────────────────────────────────────────────────────────────
export async function recordRecovery(
  tx: Tx,
  actor: Actor,
  id: string,
  input: In<typeof RecoveryInput>,
  now: Date,
) {
  const { current, settings } = await openStep(tx, actor, id, input.version);
  requireStage(current, ['performed'], 'Recovery');
  const done = await tx.query.procedure.findFirst({ where: eq(procedure.episodeId, id) });
  const { version: _v, ...facts } = input;
  const record = done!.record as In<typeof ProcedureInput>['record'];
  const anaesthetic = record.drugs
    .filter((d) => d.kind === 'local-anaesthetic')
    .map((d) => d.agent.toLowerCase())
    .find((a): a is (typeof ANAESTHETICS)[number] => (ANAESTHETICS as readonly string[]).includes(a));
  const intraArticularMl = record.drugs.reduce((sum, d) => sum + d.volumeMl, 0);
  const purpose = await purposeOf(tx, id);
  const a = assess({
    now: now.toISOString(),
    settings,
    patient: emptyPatient,
    episode: { purpose, side: record.side, procedureAt: done!.performedAt.toISOString(), anaesthetic },
    discharge: facts.discharge,
    ...(anaesthetic
      ? {
          blockResponse: {
            anaesthetic,
            performedAt: done!.performedAt.toISOString(),
            baselinePain: facts.baselinePain,
            scores: facts.scores,
            injectateVolumeMl: intraArticularMl,
            target: record.target,
          },
        }
      : {}),
  });
  const assessment = {
    blockResponse: a.blockResponse ?? null,
    discharge: a.discharge!,
    protocol: a.protocol,
  };
  const values = { facts, assessment, ...recorded(actor, now) };
  await tx
    .insert(recovery)
    .values({ ...values, siteId: actor.siteId, episodeId: id })
    .onConflictDoUpdate({
      target: recovery.episodeId,
      set: { ...values, version: sql`${recovery.version} + 1` },
    });
  await recordOnEpisode(tx, actor, current, { event: 'recovery.recorded', at: now });
}

export async function discharge(
  tx: Tx,
  actor: Actor,
  id: string,
  input: In<typeof DischargeInput>,
  now: Date,
) {
  const { current } = await openStep(tx, actor, id, input.version);
  requireStage(current, ['performed'], 'Discharge');
  const rec = await tx.query.recovery.findFirst({ where: eq(recovery.episodeId, id) });
  if (!rec) throw new ApiError('step_out_of_order', 'Record recovery and the discharge checklist first.');
  const readiness = (rec.assessment as { discharge: { ready: boolean; findings: { staffText: string }[] } })
    .discharge;
  if (!readiness.ready && !input.overrideReason) {
    const missing = readiness.findings.map((f) => f.staffText).join(' ');
    throw new ApiError(
      'not_ready_for_discharge',
      `Not ready: ${missing} Complete the checklist, or give a reason to discharge all the same.`,
    );
  }
  await tx
    .update(recovery)
    .set({ dischargedAt: now, dischargeOverrideReason: input.overrideReason ?? null })
    .where(eq(recovery.id, rec.id));
  await recordOnEpisode(tx, actor, current, { move: 'discharge', reason: input.overrideReason, at: now });
}

// ── Reading the steps back ─────────────────────────────────────────────────────────────
const by = (r: { recordedByName: string; recordedByRole: string; recordedAt: Date }) => ({
  recordedBy: { name: r.recordedByName, role: r.recordedByRole },
  recordedAt: r.recordedAt.toISOString(),
});

/**
 * The jsonb columns hold what the domain's schemas produced when saved; the response schema
 * (EpisodeSteps) checks the shape again on the way out.
 */
export async function episodeSteps(db: Database, episodeId: string): Promise<In<typeof EpisodeSteps>> {
  const [t, screenings, b, c, p, r] = await Promise.all([
    db.query.triage.findFirst({ where: eq(triage.episodeId, episodeId) }),
    db.query.screening.findMany({ where: eq(screening.episodeId, episodeId), orderBy: desc(screening.seq) }),
    db.query.booking.findFirst({ where: eq(booking.episodeId, episodeId) }),
    db.query.checkIn.findFirst({ where: eq(checkIn.episodeId, episodeId) }),
    db.query.procedure.findFirst({ where: eq(procedure.episodeId, episodeId) }),
    db.query.recovery.findFirst({ where: eq(recovery.episodeId, episodeId) }),
  ]);
  const list = b
    ? await db.query.procedureList.findFirst({ where: eq(procedureList.id, b.procedureListId) })
    : undefined;
  return {
    triage: t
      ? {
          purpose: t.purpose,
          facts: t.facts,
          assessment: t.assessment,
          protocol: { profile: t.profile, version: t.profileVersion },
          decision: t.decision,
          reason: t.reason,
          ...by(t),
        }
      : null,
    screenings: screenings.map((s) => ({
      id: s.id,
      seq: s.seq,
      facts: s.facts,
      assessment: s.assessment,
      protocol: { profile: s.profile, version: s.profileVersion },
      override: s.overrideReason
        ? { reason: s.overrideReason, by: s.overrideByName!, at: s.overrideAt!.toISOString() }
        : null,
      ...by(s),
    })),
    booking:
      b && list
        ? {
            procedureList: { ...presentList(list), booked: await bookedOn(db, list.id) },
            plannedAt: b.plannedAt.toISOString(),
            instructions: b.instructions,
            ...by(b),
          }
        : null,
    checkIn: c ? { ...(c.facts as object), ...by(c) } : null,
    procedure: p
      ? (() => {
          const { sideCheck, ...record } = p.record as { sideCheck: unknown };
          return { checklist: p.checklist, record, side: sideCheck, ...by(p) };
        })()
      : null,
    recovery: r
      ? {
          facts: r.facts,
          assessment: r.assessment,
          protocol: (r.assessment as { protocol: { profile: string; version: string } }).protocol,
          dischargeOverrideReason: r.dischargeOverrideReason,
          dischargedAt: r.dischargedAt?.toISOString() ?? null,
          ...by(r),
        }
      : null,
    schedulingBlockedBecause: schedulingBlockedBecause(screenings[0]),
  } as In<typeof EpisodeSteps>;
}
