/**
 * What every step command works with: the locked episode, the clinic's settings (and their
 * version), the step's current records, and the clock — and the two writes every step makes:
 * a new version of its record, and a note on the episode's timeline.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../../db/client.ts';
import { stepRecord } from '../../../db/schema.ts';
import { type Actor, isStaff, type StaffActor } from '../../../domain/actor.ts';
import type { Assessment, ClinicSettings } from '../../../domain/clinical/index.ts';
import type { StepName } from '../../../domain/pathway.ts';
import type { StepOverride } from '../../../domain/step-records.ts';
import { checkStep, type FactsOf, type RecordedStep } from '../../../domain/steps.ts';

import { clinicSettings } from '../../clinic/settings.ts';
import { DomainError } from '../../errors.ts';
import { assertVersion } from '../../records.ts';
import {
  type EpisodeNote,
  type EpisodeRow,
  lockEpisode,
  noteOnEpisode,
  presentEpisode,
} from '../episodes.ts';

type Row = typeof stepRecord.$inferSelect;
/** A stored version of a step, its facts typed by the step's schema (they were validated by it on write). */
export type StoredStep<S extends RecordedStep> = Omit<Row, 'facts'> & { facts: FactsOf<S> };

export interface StepContext {
  tx: Tx;
  actor: StaffActor;
  episode: EpisodeRow;
  settings: ClinicSettings;
  settingsVersion: number;
  now: Date;
  /** The step being recorded, and whether this record amends one already there. */
  step: StepName;
  amendment: boolean;
  amendReason: string | undefined;
  /** The current version of each step recorded so far. */
  current: <S extends RecordedStep>(step: S) => StoredStep<S> | undefined;
}

export interface StepRequest {
  version: number;
  amendReason?: string | undefined;
}

/** Locks the episode, checks the form's version and whether the step may be recorded now. */
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
  const episode = await lockEpisode(tx, actor, episodeId);
  assertVersion('episode', episode, request.version, presentEpisode(episode));
  const rows = await tx
    .select()
    .from(stepRecord)
    .where(and(eq(stepRecord.episodeId, episodeId), isNull(stepRecord.supersededAt)));
  const byStep = new Map(rows.map((r) => [r.step, r]));
  const check = checkStep(step, episode.stage, staff.role, byStep.has(step), request.amendReason);
  if (!check.ok) throw new DomainError(check.code, check.message);
  const { settings, settingsVersion } = await clinicSettings(tx, actor.clinicId);
  return {
    tx,
    actor: staff,
    episode,
    settings,
    settingsVersion,
    now,
    step,
    amendment: check.amendment,
    amendReason: check.amendment ? request.amendReason?.trim() : undefined,
    current: <S extends RecordedStep>(s: S) => byStep.get(s) as StoredStep<S> | undefined,
  };
}

export interface NewVersion<S extends RecordedStep> {
  facts: FactsOf<S>;
  /** The parts of the clinical core's assessment this step made, as shown. */
  assessment?: Partial<Assessment> | null;
  override?: StepOverride | null;
}

/** Stores a new version of a step; the version it replaces is kept, marked superseded. */
export async function saveVersion<S extends RecordedStep>(
  ctx: StepContext,
  step: S,
  record: NewVersion<S>,
): Promise<StoredStep<S>> {
  const { tx, actor, episode, now } = ctx;
  // Versions only grow, so the current one is the newest; the episode lock keeps this race-free.
  const version = (ctx.current(step)?.version ?? 0) + 1;
  await tx
    .update(stepRecord)
    .set({ supersededAt: now })
    .where(
      and(eq(stepRecord.episodeId, episode.id), eq(stepRecord.step, step), isNull(stepRecord.supersededAt)),
    );
  const protocol = record.assessment?.protocol;
  const [row] = await tx
    .insert(stepRecord)
    .values({
      clinicId: actor.clinicId,
      episodeId: episode.id,
      step,
      version,
      facts: record.facts,
      assessment: record.assessment ? withoutProtocol(record.assessment) : null,
      protocolProfile: protocol?.profile ?? null,
      protocolVersion: protocol?.version ?? null,
      settingsVersion: record.assessment ? ctx.settingsVersion : null,
      override: record.override ?? null,
      amendReason: step === ctx.step ? (ctx.amendReason ?? null) : null,
      recordedById: actor.id,
      recordedByName: actor.name,
      recordedByRole: actor.role,
      recordedAt: now,
    })
    .returning();
  return row as StoredStep<S>;
}

/** The protocol lives in its own columns; the rest of the assessment is stored as shown. */
function withoutProtocol({ protocol: _p, assessedAt: _a, clinic: _c, ...rest }: Partial<Assessment>) {
  return rest;
}

/** Notes the step on the timeline (`<step>.recorded`, or `.amended` for a correction), with its move. */
export function noteStep(ctx: StepContext, note: Omit<EpisodeNote, 'event' | 'at'> & { event?: string }) {
  const event = note.event ?? `${ctx.step}.${ctx.amendment ? 'amended' : 'recorded'}`;
  return noteOnEpisode(ctx.tx, ctx.actor, ctx.episode, {
    ...note,
    event,
    reason: note.reason ?? ctx.amendReason,
    at: ctx.now,
  });
}

/** The step record a command needs before it can run (e.g. triage before screening). */
export function required<S extends RecordedStep>(ctx: StepContext, step: S, why: string): StoredStep<S> {
  const found = ctx.current(step);
  if (!found) throw new DomainError('step_out_of_order', why);
  return found;
}
