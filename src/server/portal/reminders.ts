/**
 * Reminders are queued in the transaction that books the procedure and cancelled in the one that
 * ends the booking (src/server/episodes/: booking.ts and noteOnEpisode). Their dedupe keys carry
 * the episode and the booking (`reminder:<episodeId>:<bookingId>:<kind>`), so a reschedule's new
 * reminders are new jobs and the old ones are cancelled by the episode's prefix. The job itself
 * (reminder-job.ts) checks again, when it is due, that the booking still stands.
 */
import type { Database, Tx } from '../../db/client.ts';
import type { ClinicSettings } from '../../domain/clinical/index.ts';
import { reminderTimes } from '../../domain/portal/reminders.ts';
import { cancelPending, enqueue } from '../jobs/queue.ts';

export const REMINDER = 'reminder';

const episodeKey = (episodeId: string) => `reminder:${episodeId}:`;

export interface BookingForReminders {
  clinicId: string;
  episodeId: string;
  bookingId: string;
  plannedAt: Date;
}

/** Queues a booking's reminders; any reminder of the episode's earlier bookings is cancelled. */
export async function queueReminders(
  tx: Database | Tx,
  b: BookingForReminders,
  settings: ClinicSettings,
  now: Date,
): Promise<void> {
  await cancelReminders(tx, b.episodeId);
  for (const { kind, at } of reminderTimes(b.plannedAt, settings.rules, settings.clinic.timeZone, now)) {
    await enqueue(tx, {
      kind: REMINDER,
      runAt: at,
      clinicId: b.clinicId,
      payload: { episodeId: b.episodeId, bookingId: b.bookingId, reminder: kind },
      dedupeKey: `${episodeKey(b.episodeId)}${b.bookingId}:${kind}`,
    });
  }
}

/** The episode's booking ended (rescheduled, cancelled, deferred, did not attend, withdrawn): its reminders are not sent. */
export function cancelReminders(tx: Database | Tx, episodeId: string): Promise<number> {
  return cancelPending(tx, episodeKey(episodeId));
}
