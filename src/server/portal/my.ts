/**
 * The patient's own episodes: found by the signed-in patient's own record in their own clinic, so
 * another patient's episode is simply not there (404). Read-only, except the checklist.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor, Tx } from '../../db/client.ts';
import { episode, patientChecklistItem } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { beforeProcedure } from '../../domain/portal/patient-stage.ts';
import type {
  ChecklistTick,
  MyEpisode,
  MyEpisodeSummary,
  PatientChecklist,
} from '../../shared/api/portal.ts';
import { clinicSettings } from '../clinic/settings.ts';
import { episodeDetail } from '../episodes/read.ts';
import { DomainError, notFound } from '../errors.ts';
import { checklistOf, patientView } from './view.ts';

function ownPatient(actor: Actor): string {
  if (actor.role !== 'patient' || !actor.patientId) throw new DomainError('forbidden', 'Patients only.');
  return actor.patientId;
}

/** The episode if it is the patient's own; otherwise not found (never "forbidden": nothing leaks). */
async function ownEpisode(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select({ id: episode.id })
    .from(episode)
    .where(
      and(eq(episode.id, id), eq(episode.clinicId, actor.clinicId), eq(episode.patientId, ownPatient(actor))),
    );
  if (!row) throw notFound('episode');
  return episodeDetail(db, actor, row.id);
}

export async function myEpisode(
  db: Executor,
  actor: Actor,
  id: string,
  now: Date,
): Promise<z.infer<typeof MyEpisode>> {
  const e = await ownEpisode(db, actor, id);
  return patientView(db, e, await clinicSettings(db, actor.clinicId), now);
}

export async function myEpisodes(
  db: Executor,
  actor: Actor,
  now: Date,
): Promise<z.infer<typeof MyEpisodeSummary>[]> {
  const rows = await db
    .select({ id: episode.id })
    .from(episode)
    .where(and(eq(episode.clinicId, actor.clinicId), eq(episode.patientId, ownPatient(actor))))
    .orderBy(desc(episode.referredOn), desc(episode.createdAt));
  const clinic = await clinicSettings(db, actor.clinicId);
  const out: z.infer<typeof MyEpisodeSummary>[] = [];
  for (const r of rows) {
    const v = await patientView(db, await episodeDetail(db, actor, r.id), clinic, now);
    out.push({
      id: v.id,
      stage: v.stage,
      status: v.status,
      referredOn: v.referredOn,
      referrer: v.referrer,
      side: v.side,
      booking: v.booking,
      checklistProgress: v.checklistProgress,
    });
  }
  return out;
}

/** The patient ticks (or unticks) an item of their checklist, as its instruction reads now. */
export async function tickChecklist(
  tx: Tx,
  actor: Actor,
  id: string,
  input: z.infer<typeof ChecklistTick>,
  now: Date,
): Promise<z.infer<typeof PatientChecklist>> {
  const e = await ownEpisode(tx, actor, id);
  if (!beforeProcedure.includes(e.stage)) {
    throw new DomainError('step_out_of_order', 'The checklist is for before the procedure.');
  }
  const list = await checklistOf(tx, e);
  const item = list.items.find((i) => i.key === input.item);
  if (!list.bookingId || !item) throw notFound('checklist item');
  const values = {
    clinicId: actor.clinicId,
    episodeId: e.id,
    bookingId: list.bookingId,
    item: item.key,
    checked: input.checked,
    instruction: item.instruction,
    changedAt: now,
    changedById: actor.id,
  };
  await tx
    .insert(patientChecklistItem)
    .values(values)
    .onConflictDoUpdate({
      target: [patientChecklistItem.bookingId, patientChecklistItem.item],
      set: {
        checked: values.checked,
        instruction: values.instruction,
        changedAt: now,
        changedById: actor.id,
      },
    });
  return checklistOf(tx, e);
}
