/**
 * Booking: a place on a procedure list. A booking is never overwritten: booking again while
 * scheduled reschedules (the old one ends as `rescheduled`), and the patient's instructions come
 * from the screening re-run for the new time.
 */
import { and, count, eq, ne } from 'drizzle-orm';
import type { Database, Tx } from '../../../db/client.ts';
import { booking } from '../../../db/schema.ts';
import { formatLocal, fromLocal } from '../../../domain/clinical/index.ts';
import type { MoveName } from '../../../domain/pathway.ts';
import { bookingTimeProblem } from '../../../domain/procedure-lists.ts';
import { DomainError } from '../../errors.ts';
import { queueReminders } from '../../portal/reminders.ts';
import { lockList } from '../../procedure-lists/lists.ts';
import { formatCalendarDate } from '../pdf/format.ts';
import { noteStep, required, type StepContext } from './context.ts';
import { blockedAt, purposeOf, runScreening, schedulingBlockedBecause } from './screening.ts';

export interface BookingFacts {
  procedureListId: string;
  /** Local time on the list's day, HH:MM. */
  time: string;
}

/** Places taken on a list (bookings in force), optionally not counting one episode's. */
export async function bookedOn(tx: Tx | Database, listId: string, exceptEpisode?: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(booking)
    .where(
      and(
        eq(booking.procedureListId, listId),
        eq(booking.status, 'booked'),
        exceptEpisode ? ne(booking.episodeId, exceptEpisode) : undefined,
      ),
    );
  return row?.n ?? 0;
}

export async function recordBooking(ctx: StepContext, input: BookingFacts) {
  const { tx, actor, episode, settings, now } = ctx;
  const latest = ctx.current('screening');
  const blocked = schedulingBlockedBecause(latest);
  if (blocked) throw new DomainError('scheduling_blocked', blocked);
  const screened = required(ctx, 'screening', 'Screen the patient before booking.');
  // Lock the list so two bookings cannot both take its last place.
  const list = await lockList(tx, actor, input.procedureListId);
  // A record replayed on import was booked before its list was called off at the other clinic:
  // the list arrives cancelled (fhir/replay.ts), and the booking, then its ending, replay onto it.
  if (list.cancelledAt && !(ctx.replayed && list.cancelledAt > now)) {
    throw new DomainError(
      'list_cancelled',
      `The ${formatCalendarDate(list.date, 'date')} list in ${list.room} was cancelled: book on another list.`,
    );
  }
  // Not a record replayed on import: its time is the other clinic's instant on this clinic's
  // clock, and its list keeps the start the other clinic wrote on its own.
  const early = ctx.replayed ? undefined : bookingTimeProblem(input.time, list);
  if (early)
    throw new DomainError('validation_failed', `${early}.`, { errors: [{ field: 'time', message: early }] });
  if ((await bookedOn(tx, list.id, episode.id)) >= list.capacity) {
    throw new DomainError(
      'list_full',
      `The ${formatCalendarDate(list.date, 'date')} list in ${list.room} is full (${list.capacity} of ${list.capacity} ${list.capacity === 1 ? 'place' : 'places'} booked).`,
    );
  }
  const [year, month, day] = list.date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = input.time.split(':').map(Number) as [number, number];
  const plannedAt = fromLocal({ year, month, day, hour, minute }, settings.clinic.timeZone);
  // The judgement depends on the planned time (a hold is measured back from it, an age counted at
  // it), and so do the instructions: screen again for this time — a first booking and a reschedule
  // alike — and refuse a time the screening blocks, with its reasons.
  const { screening } = runScreening(
    settings,
    screened.facts,
    purposeOf(ctx),
    episode,
    plannedAt,
    now,
    ctx.person,
  );
  const blockedThen = blockedAt(screening, Boolean(screened.override), 'booking');
  if (blockedThen) throw new DomainError(blockedThen.code, blockedThen.reason);
  const before = ctx.booked;
  if (before) {
    await tx
      .update(booking)
      .set({ status: 'rescheduled', statusChangedAt: now, statusChangedByName: actor.name })
      .where(eq(booking.id, before.id));
  }
  const [made] = await tx
    .insert(booking)
    .values({
      clinicId: actor.clinicId,
      episodeId: episode.id,
      procedureListId: list.id,
      plannedAt,
      screeningId: screened.id,
      instructions: { screening },
      settingsVersion: ctx.settingsVersion,
      recordedById: actor.id,
      recordedByName: actor.name,
      recordedByRole: actor.role,
      recordedAt: now,
    })
    .returning({ id: booking.id });
  // The patient's reminders for this booking, queued with it; the earlier booking's are cancelled.
  await queueReminders(
    tx,
    { clinicId: actor.clinicId, episodeId: episode.id, bookingId: made!.id, plannedAt },
    settings,
    now,
  );
  const move: MoveName | undefined = episode.stage === 'screened' ? 'schedule' : undefined;
  const plannedAtLocal = formatLocal(plannedAt, settings.clinic.timeZone);
  await noteStep(ctx, {
    event: before ? 'booking.rescheduled' : 'booking.recorded',
    move,
    details: { plannedAtLocal },
  });
}
