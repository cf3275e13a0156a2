/** An episode as its page shows it: the patient, the timeline, the next moves and every step's record. */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { episode, episodeEvent, patient } from '../../db/schema.ts';
import { availableActions, type Stage } from '../../domain/pathway.ts';
import { presentPatient } from '../patients/patients.ts';
import type { Actor } from '../plugins/access.ts';
import { notFound } from '../records.ts';
import { presentEpisode } from './episodes.ts';
import { episodeSteps } from './steps/steps.ts';

export async function episodeDetail(db: Database, actor: Actor, id: string) {
  const row = await db.query.episode.findFirst({
    where: and(eq(episode.id, id), eq(episode.siteId, actor.siteId)),
  });
  if (!row) throw notFound('episode');
  // Independent reads: the pool runs them side by side rather than one round trip after another.
  const [owner, events, steps] = await Promise.all([
    db.query.patient.findFirst({ where: eq(patient.id, row.patientId) }),
    db
      .select()
      .from(episodeEvent)
      .where(eq(episodeEvent.episodeId, id))
      .orderBy(asc(episodeEvent.at), asc(episodeEvent.id)),
    episodeSteps(db, id),
  ]);
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
    steps,
  };
}
