/**
 * A procedure list cancelled (an operator off sick, a theatre closed): every booking on it ends as
 * a cancelled booking does, with the list's reason, its reminders unsent and its episode back to
 * waiting for a date; each patient is emailed where the clinic has an address, and the answer
 * names those it has not, for staff to phone. The list is kept, marked, and booked no more.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { episode, procedureList } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { localDate } from '../../domain/clinical/zoned-time.ts';
import { listCancelledMessage } from '../../domain/portal/list-messages.ts';
import { listCancelProblems } from '../../domain/procedure-lists.ts';
import type { ProcedureListCancel, ProcedureListCancelled } from '../../shared/api/steps.ts';
import { clinicSettings } from '../clinic/settings.ts';
import { noteOnEpisode } from '../episodes/episodes.ts';
import { DomainError } from '../errors.ts';
import { assertVersion } from '../records.ts';
import { lockList, presentList } from './lists.ts';
import { bookedPatients, tellEach } from './patients.ts';

export async function cancelProcedureList(
  tx: Tx,
  actor: Actor,
  id: string,
  input: z.infer<typeof ProcedureListCancel>,
  /** The patients' pages, for the link in their message. */
  context: { now: Date; portalUrl: string },
): Promise<z.infer<typeof ProcedureListCancelled>> {
  const { now } = context;
  // The episodes first, then the list: the order a booking takes its locks in, so a booking on
  // this list and its cancelling wait for each other in turn, never each for the other.
  const seen = await bookedPatients(tx, actor.clinicId, id);
  const locked = seen.length
    ? await tx
        .select()
        .from(episode)
        .where(
          and(
            inArray(
              episode.id,
              seen.map((b) => b.episodeId),
            ),
            eq(episode.clinicId, actor.clinicId),
          ),
        )
        .orderBy(asc(episode.id))
        .for('update')
    : [];
  const current = await lockList(tx, actor, id);
  const booked = await bookedPatients(tx, actor.clinicId, id);
  const presented = presentList(current, booked.length);
  assertVersion('procedure list', current, input.version, presented);
  // Every booking on the list ends, so each must have been seen: one made, or ended and made
  // again, since the page was read is not cancelled unseen.
  const ids = (patients: readonly { episodeId: string }[]) => patients.map((p) => p.episodeId).sort();
  const onList = ids(booked).join();
  if (onList !== ids(seen).join() || onList !== [...input.episodes].sort().join()) {
    const n = input.episodes.length;
    const count = `${booked.length} ${booked.length === 1 ? 'patient is' : 'patients are'} booked on this list now`;
    throw new DomainError(
      'version_conflict',
      `${booked.length === n ? 'Its bookings changed since the page was read' : `${count}, not ${n}`}: look at the list again before cancelling it.`,
      { current: presented },
    );
  }

  const { settings } = await clinicSettings(tx, actor.clinicId);
  const stageOf = new Map(locked.map((e) => [e.id, e.stage]));
  const problems = listCancelProblems(
    { date: current.date, cancelled: current.cancelledAt !== null },
    booked.map((p) => ({ name: p.name, stage: stageOf.get(p.episodeId)! })),
    localDate(now, settings.clinic.timeZone),
  );
  if (problems.length > 0)
    throw new DomainError('validation_failed', problems.map((p) => `${p}.`).join(' '), {
      errors: problems.map((message) => ({ field: 'list', message })),
    });

  const reason = input.reason.trim();
  for (const row of locked) {
    // As a booking cancelled on its own page: the place is given back, its reminders unsent.
    await noteOnEpisode(tx, actor, row, {
      event: 'move',
      move: 'cancel-booking',
      reason: `The list was cancelled: ${reason}`,
      at: now,
    });
  }
  const { name, timeZone, contacts } = settings.clinic;
  const told = await tellEach(tx, actor.clinicId, booked, 'list-cancelled', (p) =>
    listCancelledMessage({
      patientName: p.name,
      plannedAt: p.plannedAt,
      clinic: { name, timeZone, contacts },
      portalUrl: context.portalUrl,
    }),
  );

  const [row] = await tx
    .update(procedureList)
    .set({
      cancelledAt: now,
      cancelledReason: reason,
      cancelledByName: actor.name,
      version: current.version + 1,
      updatedAt: now,
    })
    .where(eq(procedureList.id, id))
    .returning();
  return { list: presentList(row!, 0), ...told };
}
