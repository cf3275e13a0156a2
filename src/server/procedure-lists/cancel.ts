/**
 * A procedure list cancelled (an operator off sick, a theatre closed): every booking on it ends as
 * a cancelled booking does, with the list's reason, its reminders unsent and its episode back to
 * waiting for a date; each patient is emailed where the clinic has an address, and the answer
 * names those it has not, for staff to phone. The list is kept, marked, and booked no more.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { booking, episode, patient, procedureList, user } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { localDate } from '../../domain/clinical/zoned-time.ts';
import { listCancelledMessage } from '../../domain/portal/list-cancelled.ts';
import { listCancelProblems } from '../../domain/procedure-lists.ts';
import type { ProcedureListCancel, ProcedureListCancelled } from '../../shared/api/steps.ts';
import { clinicSettings } from '../clinic/settings.ts';
import { noteOnEpisode } from '../episodes/episodes.ts';
import { DomainError } from '../errors.ts';
import { queueMessage } from '../messages/outbox.ts';
import { assertVersion } from '../records.ts';
import { lockList, presentList } from './lists.ts';

export async function cancelProcedureList(
  tx: Tx,
  actor: Actor,
  id: string,
  input: z.infer<typeof ProcedureListCancel>,
  /** The patients' pages, for the link in their message. */
  context: { now: Date; portalUrl: string },
): Promise<z.infer<typeof ProcedureListCancelled>> {
  const { now } = context;
  const bookedHere = () =>
    tx
      .select({ episodeId: booking.episodeId, plannedAt: booking.plannedAt })
      .from(booking)
      .where(
        and(
          eq(booking.procedureListId, id),
          eq(booking.status, 'booked'),
          eq(booking.clinicId, actor.clinicId),
        ),
      )
      .orderBy(asc(booking.episodeId));
  // The episodes first, then the list: the order a booking takes its locks in, so a booking on
  // this list and its cancelling wait for each other in turn, never each for the other.
  const seen = await bookedHere();
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
  const booked = await bookedHere();
  const presented = presentList(current, booked.length);
  assertVersion('procedure list', current, input.version, presented);
  // Every booking on the list ends: one made since the page was read is not cancelled unseen.
  const same = booked.map((b) => b.episodeId).join() === seen.map((b) => b.episodeId).join();
  if (!same || booked.length !== input.booked) {
    const count = `${booked.length} ${booked.length === 1 ? 'patient is' : 'patients are'} booked on this list now`;
    throw new DomainError(
      'version_conflict',
      `${booked.length === input.booked ? 'Its bookings changed as it was cancelled' : `${count}, not ${input.booked}`}: look at the list again before cancelling it.`,
      { current: presented },
    );
  }

  const people = locked.length
    ? await tx
        .select({
          episodeId: episode.id,
          givenName: patient.givenName,
          familyName: patient.familyName,
          email: patient.email,
          account: user.email,
        })
        .from(episode)
        .innerJoin(patient, eq(patient.id, episode.patientId))
        .leftJoin(user, eq(user.patientId, patient.id))
        .where(
          inArray(
            episode.id,
            locked.map((e) => e.id),
          ),
        )
    : [];
  const personOf = new Map(people.map((p) => [p.episodeId, p]));
  const nameOf = (episodeId: string) => {
    const p = personOf.get(episodeId);
    return p ? `${p.givenName} ${p.familyName}` : 'A patient';
  };

  const { settings } = await clinicSettings(tx, actor.clinicId);
  const problems = listCancelProblems(
    { date: current.date, cancelled: current.cancelledAt !== null },
    locked.map((e) => ({ name: nameOf(e.id), stage: e.stage })),
    localDate(now, settings.clinic.timeZone),
  );
  if (problems.length > 0)
    throw new DomainError('validation_failed', problems.map((p) => `${p}.`).join(' '), {
      errors: problems.map((message) => ({ field: 'list', message })),
    });

  const reason = input.reason.trim();
  const told: { episodeId: string; name: string }[] = [];
  const notTold: { episodeId: string; name: string }[] = [];
  const plannedAtOf = new Map(booked.map((b) => [b.episodeId, b.plannedAt]));
  for (const row of locked) {
    // As a booking cancelled on its own page: the place is given back, its reminders unsent.
    await noteOnEpisode(tx, actor, row, {
      event: 'move',
      move: 'cancel-booking',
      reason: `The list was cancelled: ${reason}`,
      at: now,
    });
    const person = personOf.get(row.id);
    const to = person?.account ?? person?.email;
    const name = nameOf(row.id);
    if (!to) {
      notTold.push({ episodeId: row.id, name });
      continue;
    }
    await queueMessage(tx, {
      clinicId: actor.clinicId,
      channel: 'email',
      to,
      kind: 'list-cancelled',
      episodeId: row.id,
      ...listCancelledMessage({
        patientName: name,
        plannedAt: plannedAtOf.get(row.id)!,
        clinic: {
          name: settings.clinic.name,
          timeZone: settings.clinic.timeZone,
          contacts: settings.clinic.contacts,
        },
        portalUrl: context.portalUrl,
      }),
    });
    told.push({ episodeId: row.id, name });
  }

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
  return { list: presentList(row!, 0), told, notTold };
}
