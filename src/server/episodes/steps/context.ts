/**
 * What every step command works with: the locked episode, the clinic's settings (and their
 * version), the step's current records, and the clock — and the two writes every step makes:
 * a new version of its record, and a note on the episode's timeline.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { perConnection, type Tx, value } from '../../../db/client.ts';
import { booking, clinic, episode, patient, stepRecord } from '../../../db/schema.ts';
import { type Actor, isStaff, type StaffActor } from '../../../domain/actor.ts';
import {
  type Assessment,
  type ClinicSettings,
  type RecordedInjection,
  recordedInjection,
  type Sex,
} from '../../../domain/clinical/index.ts';
import type { StepName } from '../../../domain/pathway.ts';
import type { StepOverride } from '../../../domain/step-records.ts';
import { checkStep, type FactsOf, type RecordedStep } from '../../../domain/steps.ts';

import { settingsInForce } from '../../clinic/settings.ts';
import { DomainError, notFound } from '../../errors.ts';
import { assertVersion } from '../../records.ts';
import {
  type EpisodeNote,
  type EpisodeRow,
  noteOnEpisode,
  noteStatement,
  noteValues,
  presentEpisode,
} from '../episodes.ts';
import { recordedRowsSql } from './recorded-injections.ts';

type Row = typeof stepRecord.$inferSelect;
/** A stored version of a step, its facts typed by the step's schema (they were validated by it on write). */
export type StoredStep<S extends RecordedStep> = Omit<Row, 'facts'> & { facts: FactsOf<S> };

/** What the patient's record says that the clinical rules need: who could be pregnant, and their age. */
export interface Person {
  sex: Sex;
  birthDate: string;
  /** The injections recorded on the patient's other episodes here (recorded-injections.ts). */
  recordedInjections: RecordedInjection[];
}

export type BookingRow = typeof booking.$inferSelect;

export interface StepContext {
  tx: Tx;
  actor: StaffActor;
  episode: EpisodeRow;
  person: Person;
  /** The booking in force, if the episode has one. */
  booked: BookingRow | undefined;
  settings: ClinicSettings;
  settingsVersion: number;
  now: Date;
  /** The step being recorded, and whether this record amends one already there. */
  step: StepName;
  amendment: boolean;
  amendReason: string | undefined;
  /** The current version of each step recorded so far. */
  current: <S extends RecordedStep>(step: S) => StoredStep<S> | undefined;
  /**
   * The step is another clinic's record replayed on import (fhir/replay.ts): what it carries
   * signed — a clinician's review, an agreed plan — keeps who recorded it there, and when.
   */
  replayed: boolean;
}

export interface StepRequest {
  version: number;
  amendReason?: string | undefined;
  /** Set by the import's replay only, never from a request body (see StepContext). */
  replayed?: boolean;
}

/** A step_record row as `json_agg` gives it: the columns' own names, times as ISO strings. */
interface StepJson {
  id: string;
  clinic_id: string;
  episode_id: string;
  step: Row['step'];
  version: number;
  facts: Row['facts'];
  assessment: Row['assessment'];
  protocol_profile: string | null;
  protocol_version: string | null;
  settings_version: number | null;
  override: Row['override'];
  amend_reason: string | null;
  superseded_at: string | null;
  recorded_by_id: string;
  recorded_by_name: string;
  recorded_by_role: string;
  recorded_at: string;
  imported: boolean;
}

const stepOf = (s: StepJson): Row => ({
  id: s.id,
  clinicId: s.clinic_id,
  episodeId: s.episode_id,
  step: s.step,
  version: s.version,
  facts: s.facts,
  assessment: s.assessment,
  protocolProfile: s.protocol_profile,
  protocolVersion: s.protocol_version,
  settingsVersion: s.settings_version,
  override: s.override,
  amendReason: s.amend_reason,
  supersededAt: s.superseded_at === null ? null : new Date(s.superseded_at),
  recordedById: s.recorded_by_id,
  recordedByName: s.recorded_by_name,
  recordedByRole: s.recorded_by_role,
  recordedAt: new Date(s.recorded_at),
  imported: s.imported,
});

/**
 * openStep's one statement: the episode (locked) with its clinic, patient, booking and current
 * steps. Built once per connection and planned once by PostgreSQL (a named statement): building
 * these whole rows took a save more Node time than any other of its statements.
 */
const openStepQuery = perConnection((db) =>
  db
    .select({
      episode,
      clinic,
      sex: patient.sex,
      birthDate: patient.birthDate,
      booked: booking,
      steps: sql<StepJson[]>`coalesce((select json_agg(s) from step_record s
        where s.episode_id = ${episode.id} and s.superseded_at is null), '[]'::json)`,
      recorded: recordedRowsSql('episode'),
    })
    .from(episode)
    .innerJoin(clinic, eq(clinic.id, episode.clinicId))
    .innerJoin(patient, eq(patient.id, episode.patientId))
    // 'booked' written into the statement, not bound as a parameter: only then can the plan
    // PostgreSQL keeps for it use the index of current bookings. With a parameter that plan costs
    // more than one made for the values, and on a 2,000-episode clinic PostgreSQL planned the
    // statement afresh on every save (0.6 ms each, seen in pg_stat_statements).
    .leftJoin(booking, and(eq(booking.episodeId, episode.id), sql`${booking.status} = 'booked'`))
    .where(
      and(eq(episode.id, sql.placeholder('episodeId')), eq(episode.clinicId, sql.placeholder('clinicId'))),
    )
    .for('update', { of: episode })
    .prepare('sijpath_open_step'),
);

/**
 * Locks the episode, checks the form's version and whether the step may be recorded now. One
 * statement: the episode (locked) with its clinic, patient, booking and current steps — every
 * save starts here, and each round trip costs the server more than the rows it brings.
 */
export async function openStep(
  tx: Tx,
  actor: Actor,
  episodeId: string,
  step: StepName,
  request: StepRequest,
  now: Date,
): Promise<StepContext> {
  if (!isStaff(actor.role)) throw new DomainError('forbidden', 'Only staff record the steps of an episode.');
  const staff = actor as StaffActor;
  const [found] = await openStepQuery(tx, { episodeId, clinicId: actor.clinicId });
  if (!found) throw notFound('episode');
  assertVersion('episode', found.episode, request.version, presentEpisode(found.episode));
  const byStep = new Map(found.steps.map((s) => [s.step, stepOf(s)]));
  const check = checkStep(step, found.episode.stage, staff.role, byStep.has(step), request.amendReason);
  if (!check.ok) throw new DomainError(check.code, check.message);
  const { settings, settingsVersion } = settingsInForce(found.clinic);
  return {
    tx,
    actor: staff,
    episode: found.episode,
    person: {
      sex: found.sex,
      birthDate: found.birthDate,
      recordedInjections: found.recorded.map(recordedInjection),
    },
    booked: found.booked ?? undefined,
    settings,
    settingsVersion,
    now,
    step,
    amendment: check.amendment,
    amendReason: check.amendment ? request.amendReason?.trim() : undefined,
    current: <S extends RecordedStep>(s: S) => byStep.get(s) as StoredStep<S> | undefined,
    replayed: request.replayed === true,
  };
}

export interface NewVersion<S extends RecordedStep> {
  facts: FactsOf<S>;
  /** The parts of the clinical core's assessment this step made, as shown. */
  assessment?: Partial<Assessment> | null;
  override?: StepOverride | null;
}

/**
 * recordStep's one statement, built once per connection (perConnection): the step's current
 * version is marked superseded in a CTE that the new row's values read, so the update is done
 * before the insert meets the one-current-version index; the new version is inserted; and the
 * note — the timeline's event and the episode's new stage and version — is the statement itself
 * (noteStatement). One round trip where there were two: each costs the server more than its rows.
 * Values are sent as given (see `value`), so jsonb goes as JSON text and times as ISO strings.
 */
const recordQuery = perConnection((db) => {
  const superseded = db.$with('superseded').as(
    db
      .update(stepRecord)
      .set({ supersededAt: value('at') })
      .where(
        and(
          eq(stepRecord.episodeId, value('episodeId')),
          eq(stepRecord.step, value('step')),
          isNull(stepRecord.supersededAt),
        ),
      )
      .returning({ version: stepRecord.version }),
  );
  const saved = db.$with('saved').as(
    db
      .insert(stepRecord)
      .values({
        clinicId: value('clinicId'),
        episodeId: value('episodeId'),
        step: value('step'),
        version: sql`(select ${value('stepVersion')}::int + 0 * count(*) from ${superseded})`,
        facts: value('facts'),
        assessment: value('assessment'),
        protocolProfile: value('protocolProfile'),
        protocolVersion: value('protocolVersion'),
        settingsVersion: value('settingsVersion'),
        override: value('override'),
        amendReason: value('amendReason'),
        recordedById: value('actorId'),
        recordedByName: value('actorName'),
        recordedByRole: value('actorRole'),
        recordedAt: value('at'),
      })
      .returning({ id: stepRecord.id }),
  );
  return noteStatement(db, superseded, saved).prepare('sijpath_record_step');
});

/** The version number the step's next record takes: versions only grow, so one past the current. */
export const nextVersion = (ctx: StepContext, step: RecordedStep) => (ctx.current(step)?.version ?? 0) + 1;

/**
 * Stores a new version of a step — the one it replaces is kept, marked superseded — and notes it
 * on the timeline (`<step>.recorded`, or `.amended` for a correction) with its move, in one
 * statement; a move that ends the booking writes that first (noteValues). The episode's lock
 * keeps the version numbers race-free.
 */
export async function recordStep<S extends RecordedStep>(
  ctx: StepContext,
  step: S,
  record: NewVersion<S>,
  note: StepNote = {},
): Promise<void> {
  const { tx, actor } = ctx;
  const protocol = record.assessment?.protocol;
  const noted = await noteValues(tx, actor, ctx.episode, noteOf(ctx, note));
  await recordQuery(tx, {
    ...noted,
    step,
    stepVersion: nextVersion(ctx, step),
    facts: JSON.stringify(record.facts),
    assessment: record.assessment ? JSON.stringify(withoutProtocol(record.assessment)) : null,
    protocolProfile: protocol?.profile ?? null,
    protocolVersion: protocol?.version ?? null,
    settingsVersion: record.assessment ? ctx.settingsVersion : null,
    override: record.override ? JSON.stringify(record.override) : null,
    amendReason: step === ctx.step ? (ctx.amendReason ?? null) : null,
  });
}

/** The protocol lives in its own columns; the rest of the assessment is stored as shown. */
function withoutProtocol({ protocol: _p, assessedAt: _a, clinic: _c, ...rest }: Partial<Assessment>) {
  return rest;
}

/** What a step notes on the timeline besides itself: its move, a reason, the sentence's details. */
export type StepNote = Omit<EpisodeNote, 'event' | 'at'> & { event?: string };

/** The step's note: `<step>.recorded`, or `.amended` for a correction, at the step's time. */
const noteOf = (ctx: StepContext, note: StepNote): EpisodeNote => ({
  ...note,
  event: note.event ?? `${ctx.step}.${ctx.amendment ? 'amended' : 'recorded'}`,
  reason: note.reason ?? ctx.amendReason,
  at: ctx.now,
});

/** Notes the step on the timeline without a record of its own (a booking keeps its own table). */
export function noteStep(ctx: StepContext, note: StepNote) {
  return noteOnEpisode(ctx.tx, ctx.actor, ctx.episode, noteOf(ctx, note));
}

/** The step record a command needs before it can run (e.g. triage before screening). */
export function required<S extends RecordedStep>(ctx: StepContext, step: S, why: string): StoredStep<S> {
  const found = ctx.current(step);
  if (!found) throw new DomainError('step_out_of_order', why);
  return found;
}
