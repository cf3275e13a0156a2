/**
 * A list's booked patients, and telling them of a change to it (cancelled, another room): by email
 * where the clinic has an address (their portal account's, else their record's); the others are
 * named back for staff to phone.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { booking, episode, patient } from '../../db/schema.ts';
import { queueMessage } from '../messages/outbox.ts';
import { emailOf } from '../patients/patients.ts';

export interface BookedPatient {
  episodeId: string;
  name: string;
  plannedAt: Date;
  /** Where to write to them, or null: no address on record. */
  email: string | null;
}

/** Everyone booked on the list now, in episode order (the order their episodes are locked in). */
export async function bookedPatients(tx: Tx, clinicId: string, listId: string): Promise<BookedPatient[]> {
  const rows = await tx
    .select({
      episodeId: booking.episodeId,
      plannedAt: booking.plannedAt,
      givenName: patient.givenName,
      familyName: patient.familyName,
      email: emailOf(sql`${patient}`),
    })
    .from(booking)
    .innerJoin(episode, eq(episode.id, booking.episodeId))
    .innerJoin(patient, eq(patient.id, episode.patientId))
    .where(
      and(eq(booking.procedureListId, listId), eq(booking.status, 'booked'), eq(booking.clinicId, clinicId)),
    )
    .orderBy(asc(booking.episodeId));
  return rows.map((r) => ({
    episodeId: r.episodeId,
    name: `${r.givenName} ${r.familyName}`,
    plannedAt: r.plannedAt,
    email: r.email,
  }));
}

export interface Told {
  told: { episodeId: string; name: string }[];
  notTold: { episodeId: string; name: string }[];
}

/** Writes each patient with an address their message (in the caller's transaction); names the rest. */
export async function tellEach(
  tx: Tx,
  clinicId: string,
  people: readonly BookedPatient[],
  kind: string,
  message: (p: BookedPatient) => { subject: string; text: string },
): Promise<Told> {
  const out: Told = { told: [], notTold: [] };
  for (const p of people) {
    const who = { episodeId: p.episodeId, name: p.name };
    if (!p.email) {
      out.notTold.push(who);
      continue;
    }
    await queueMessage(tx, {
      clinicId,
      channel: 'email',
      to: p.email,
      kind,
      episodeId: p.episodeId,
      ...message(p),
    });
    out.told.push(who);
  }
  return out;
}
