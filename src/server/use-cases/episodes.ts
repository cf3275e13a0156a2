import { and, asc, count, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { episode, episodeEvent, patient } from '../../db/schema.ts';
import {
  type Action,
  availableActions,
  type StaffRole,
  type Stage,
  stages,
  transition,
} from '../../domain/pathway.ts';
import { ApiError } from '../errors.ts';
import type { Actor } from '../plugins/access.ts';
import type { Episode, Referral } from '../schemas.ts';
import { nameMatches, presentPatient } from './patients.ts';
import { assertVersion, notFound, present } from './records.ts';

type Row = typeof episode.$inferSelect;
export const presentEpisode = (row: Row): Episode => present(row) as Episode;

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

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

export async function transitionEpisode(
  tx: Tx,
  actor: Actor,
  id: string,
  command: { action: Action; reason?: string | undefined; version: number },
  at: Date = new Date(),
): Promise<Episode> {
  const [current] = await tx
    .select()
    .from(episode)
    .where(and(eq(episode.id, id), eq(episode.siteId, actor.siteId)))
    .for('update');
  if (!current) throw notFound('episode');
  assertVersion('episode', current, command.version, presentEpisode(current));
  const result = transition(current.stage as Stage, command.action, actor.role as StaffRole, command.reason);
  if (!result.ok) throw new ApiError(result.code, result.message);
  const [row] = await tx
    .update(episode)
    .set({ stage: result.to, version: current.version + 1, updatedAt: at })
    .where(eq(episode.id, id))
    .returning();
  await tx.insert(episodeEvent).values({
    siteId: actor.siteId,
    episodeId: id,
    at,
    action: command.action,
    fromStage: current.stage,
    toStage: result.to,
    reason: command.reason?.trim() || null,
    actorId: actor.id,
    actorName: actor.name,
    actorRole: actor.role,
  });
  return presentEpisode(row!);
}

export async function episodeDetail(db: Database, actor: Actor, id: string) {
  const row = await db.query.episode.findFirst({
    where: and(eq(episode.id, id), eq(episode.siteId, actor.siteId)),
  });
  if (!row) throw notFound('episode');
  const owner = await db.query.patient.findFirst({ where: eq(patient.id, row.patientId) });
  const events = await db
    .select()
    .from(episodeEvent)
    .where(eq(episodeEvent.episodeId, id))
    .orderBy(asc(episodeEvent.at), asc(episodeEvent.id));
  return {
    ...presentEpisode(row),
    patient: presentPatient(owner!),
    events: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      action: e.action,
      fromStage: e.fromStage as Stage | null,
      toStage: e.toStage as Stage,
      reason: e.reason,
      actor: { name: e.actorName, role: e.actorRole },
    })),
    allowedActions: actor.role === 'patient' ? [] : availableActions(row.stage as Stage, actor.role),
  };
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
  query: { stage?: Stage | undefined; q?: string | undefined },
) {
  const conditions = [eq(episode.siteId, siteId), ...nameMatches(query.q)];
  if (query.stage) conditions.push(eq(episode.stage, query.stage));
  const rows = await db
    .select()
    .from(episode)
    .innerJoin(patient, eq(patient.id, episode.patientId))
    .where(and(...conditions))
    .orderBy(asc(episode.referredOn), asc(episode.createdAt))
    .limit(500);
  const counted = await db
    .select({ stage: episode.stage, n: count() })
    .from(episode)
    .where(eq(episode.siteId, siteId))
    .groupBy(episode.stage);
  const countsByStage = Object.fromEntries(stages.map((s) => [s, 0])) as Record<Stage, number>;
  for (const { stage, n } of counted) countsByStage[stage as Stage] = n;
  return {
    items: rows.map((r) => ({ ...presentEpisode(r.episode), patient: presentPatient(r.patient) })),
    countsByStage,
  };
}
