import { and, asc, count, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { booking, episode, episodeEvent, patient, procedureList } from '../../db/schema.ts';
import { type Action, formOf, type StaffRole, type Stage, stages, transition } from '../../domain/pathway.ts';
import type { Episode, Referral } from '../../shared/api/core.ts';
import { ApiError } from '../errors.ts';
import { nameMatches, presentPatient } from '../patients/patients.ts';
import type { Actor } from '../plugins/access.ts';
import { assertVersion, notFound, present } from '../records.ts';

type Row = typeof episode.$inferSelect;
export const presentEpisode = (row: Row): Episode => present(row) as Episode;

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** A referral opens an episode; the first event of its timeline says who referred it. */
export async function referPatient(
  tx: Tx,
  actor: Actor,
  patientId: string,
  referral: Referral,
  /** When it happened; defaults to now. Set when recording history (the demo, imports). */
  at: Date = new Date(),
): Promise<Episode> {
  const owner = await tx.query.patient.findFirst({
    where: and(eq(patient.id, patientId), eq(patient.siteId, actor.siteId)),
  });
  if (!owner) throw notFound('patient');
  const [row] = await tx
    .insert(episode)
    .values({
      ...referral,
      side: referral.side ?? null,
      patientId,
      siteId: actor.siteId,
      stage: 'referred',
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await tx.insert(episodeEvent).values({
    siteId: actor.siteId,
    episodeId: row!.id,
    at,
    action: 'refer',
    fromStage: null,
    toStage: 'referred',
    reason: null,
    actorId: actor.id,
    actorName: actor.name,
    actorRole: actor.role,
  });
  return presentEpisode(row!);
}

export type EpisodeRow = Row;

/** The episode, locked for the rest of the transaction so concurrent saves queue behind us. */
export async function lockEpisode(tx: Tx, actor: Actor, id: string): Promise<Row> {
  const [current] = await tx
    .select()
    .from(episode)
    .where(and(eq(episode.id, id), eq(episode.siteId, actor.siteId)))
    .for('update');
  if (!current) throw notFound('episode');
  return current;
}

export interface StepEvent {
  /** The pathway move this step makes, if it makes one. */
  move?: Action | undefined;
  /** What the timeline calls it when it makes no move (e.g. "recovery.recorded"). */
  event?: string;
  reason?: string | undefined;
  at?: Date;
}

/**
 * Records that something happened to a locked episode: applies the move (checked by the domain),
 * bumps the version every clinical record of the episode shares, and adds it to the timeline.
 */
export async function recordOnEpisode(tx: Tx, actor: Actor, current: Row, step: StepEvent): Promise<Row> {
  const at = step.at ?? new Date();
  let to = current.stage as Stage;
  if (step.move) {
    const result = transition(current.stage as Stage, step.move, actor.role as StaffRole, step.reason);
    if (!result.ok) throw new ApiError(result.code, result.message);
    to = result.to;
  }
  const [row] = await tx
    .update(episode)
    .set({ stage: to, version: current.version + 1, updatedAt: at })
    .where(eq(episode.id, current.id))
    .returning();
  await tx.insert(episodeEvent).values({
    siteId: actor.siteId,
    episodeId: current.id,
    at,
    action: step.move ?? step.event ?? 'update',
    fromStage: current.stage,
    toStage: to,
    reason: step.reason?.trim() || null,
    actorId: actor.id,
    actorName: actor.name,
    actorRole: actor.role,
  });
  return row!;
}

/** A bare move (withdraw, close, …). Moves that a step's form makes are refused here. */
export async function transitionEpisode(
  tx: Tx,
  actor: Actor,
  id: string,
  command: { action: Action; reason?: string | undefined; version: number },
  at: Date = new Date(),
  options: { allowFormMoves?: boolean } = {},
): Promise<Episode> {
  const current = await lockEpisode(tx, actor, id);
  assertVersion('episode', current, command.version, presentEpisode(current));
  const form = formOf(command.action);
  if (form && !options.allowFormMoves) {
    throw new ApiError(
      'use_step_form',
      `"${command.action}" is made by saving the ${form} form on the episode page, so that its record is kept.`,
    );
  }
  return presentEpisode(
    await recordOnEpisode(tx, actor, current, { move: command.action, reason: command.reason, at }),
  );
}

export async function episodesOfPatient(db: Database, siteId: string, patientId: string): Promise<Episode[]> {
  const rows = await db
    .select()
    .from(episode)
    .where(and(eq(episode.patientId, patientId), eq(episode.siteId, siteId)))
    .orderBy(desc(episode.referredOn), desc(episode.createdAt));
  return rows.map(presentEpisode);
}

/** The worklist: episodes of one stage (or all open ones), oldest referral first, with counts per stage. */
export async function worklist(
  db: Database,
  siteId: string,
  query: { stage?: Stage | undefined; q?: string | undefined; date?: string | undefined },
) {
  const day = query.date ? [eq(procedureList.date, query.date)] : [];
  const conditions = [eq(episode.siteId, siteId), ...day, ...nameMatches(query.q)];
  if (query.stage) conditions.push(eq(episode.stage, query.stage));
  const rows = await db
    .select({ episode, patient, plannedAt: booking.plannedAt })
    .from(episode)
    .innerJoin(patient, eq(patient.id, episode.patientId))
    .leftJoin(booking, eq(booking.episodeId, episode.id))
    .leftJoin(procedureList, eq(procedureList.id, booking.procedureListId))
    .where(and(...conditions))
    // A procedure day is worked in time order; otherwise the oldest referral comes first.
    .orderBy(...(query.date ? [asc(booking.plannedAt)] : []), asc(episode.referredOn), asc(episode.createdAt))
    .limit(500);
  const counted = await db
    .select({ stage: episode.stage, n: count() })
    .from(episode)
    .leftJoin(booking, eq(booking.episodeId, episode.id))
    .leftJoin(procedureList, eq(procedureList.id, booking.procedureListId))
    .where(and(eq(episode.siteId, siteId), ...day))
    .groupBy(episode.stage);
  const countsByStage = Object.fromEntries(stages.map((s) => [s, 0])) as Record<Stage, number>;
  for (const { stage, n } of counted) countsByStage[stage as Stage] = n;
  return {
    items: rows.map((r) => ({
      ...presentEpisode(r.episode),
      patient: presentPatient(r.patient),
      plannedAt: r.plannedAt?.toISOString() ?? null,
    })),
    countsByStage,
  };
}
