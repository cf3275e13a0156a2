/** A procedure list edited: its operator, room, start or places, or its day while nobody was booked. */
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { booking, procedureList } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { localDate, localTime } from '../../domain/clinical/zoned-time.ts';
import { listRoomChangedMessage } from '../../domain/portal/list-messages.ts';
import { listChangeProblems } from '../../domain/procedure-lists.ts';
import type { ProcedureListChange } from '../../shared/api/steps.ts';
import { clinicSettings } from '../clinic/settings.ts';
import { DomainError } from '../errors.ts';
import { assertVersion } from '../records.ts';
import { lockList, presentList } from './lists.ts';
import { bookedPatients, tellEach } from './patients.ts';

/**
 * Staff edit a list before its day: its operator, room, start time or places, or its day while
 * nobody was ever booked on it (the domain's rules, src/domain/procedure-lists.ts). The list is
 * locked, as a booking locks it, so a booking cannot take a place the same moment the list
 * shrinks. A booked patient's page, reminders and letter read the list as it is now, and a new
 * room is emailed to each booked patient with an address (the page names the others to phone).
 */
export async function changeProcedureList(
  tx: Tx,
  actor: Actor,
  id: string,
  input: z.infer<typeof ProcedureListChange>,
  /** The patients' pages, for the link in a message of a new room. */
  context: { now: Date; portalUrl: string },
) {
  const { now } = context;
  const { version, ...fields } = input;
  const current = await lockList(tx, actor, id);
  const [taken] = await tx
    .select({
      booked: sql<number>`(count(*) filter (where ${booking.status} = 'booked'))::int`,
      ever: sql<number>`count(*)::int`,
      first: sql<string | null>`min(${booking.plannedAt}) filter (where ${booking.status} = 'booked')`,
    })
    .from(booking)
    .where(eq(booking.procedureListId, id));
  const booked = taken?.booked ?? 0;
  assertVersion('procedure list', current, version, presentList(current, booked));
  const { settings, contacts } = await clinicSettings(tx, actor.clinicId);
  const today = localDate(now, settings.clinic.timeZone);
  const problems = listChangeProblems(
    {
      date: current.date,
      booked,
      everBooked: (taken?.ever ?? 0) > 0,
      cancelled: current.cancelledAt !== null,
      firstBooked: taken?.first ? localTime(new Date(taken.first), settings.clinic.timeZone) : null,
    },
    fields,
    today,
  );
  if (problems.length > 0)
    throw new DomainError('validation_failed', problems.map((p) => `${p.message}.`).join(' '), {
      errors: problems,
    });
  const [row] = await tx
    .update(procedureList)
    .set({ ...fields, version: current.version + 1, updatedAt: now })
    .where(eq(procedureList.id, id))
    .returning();
  if (fields.room !== current.room) {
    // Their reminders and pages read the list as it is; a patient is told of a new room now.
    const { name, timeZone, contacts: phones } = settings.clinic;
    await tellEach(
      tx,
      actor.clinicId,
      await bookedPatients(tx, actor.clinicId, id),
      'list-room-changed',
      (p) =>
        listRoomChangedMessage({
          patientName: p.name,
          plannedAt: p.plannedAt,
          clinic: { name, timeZone, contacts: phones },
          room: fields.room,
          address: contacts.address,
          portalUrl: context.portalUrl,
        }),
    );
  }
  return presentList(row!, booked);
}
