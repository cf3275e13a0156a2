/**
 * When the day-of-procedure steps may be recorded, measured against the booked time in the
 * clinic's zone. A check-in or a procedure record a week before the booked day is a record of
 * something that cannot have happened yet (or of the wrong patient's day), so it is refused.
 *
 * - Check-in: on the booked local day (00:00–24:00 in the clinic's zone). Early arrivals and a
 *   list that runs late are the same day; the evening before is not, and the day after only as a
 *   late entry with its reason.
 * - Procedure: `performedAt` on the booked local day, and not later than now plus a small margin
 *   for clocks that disagree (`CLOCK_MARGIN_MINUTES`).
 * - Did not attend: from the booked local day on. Before it the patient cannot have missed it: a
 *   patient who will not come is a cancelled booking, with its reason.
 *
 * These are record-keeping rules of the service (issue 9, defect 10; docs/safety/hazard-log.md
 * H-022), not clinical thresholds, so they cite no guideline; the margin is not a clinical value.
 */
import type { FieldIssue } from '../field-issue.ts';
import { formatLocal, localDate, toLocal } from './zoned-time.ts';

/** How far ahead of the server's clock a recorded time (a procedure, a pain score) may be: devices' clocks drift. */
export const CLOCK_MARGIN_MINUTES = 10;

/** Whether `at` is later than `reference` by more than the devices' clocks may disagree. */
export const laterBeyondMargin = (at: Date, reference: Date) =>
  at.getTime() > reference.getTime() + CLOCK_MARGIN_MINUTES * 60_000;

const dayOf = (instant: Date, timeZone: string) => {
  const l = toLocal(instant, timeZone);
  return `${l.year}-${l.month}-${l.day}`;
};

/** Whether two instants fall on the same calendar day in the zone. */
export function sameLocalDay(a: Date, b: Date, timeZone: string): boolean {
  return dayOf(a, timeZone) === dayOf(b, timeZone);
}

/** "Tuesday 10 March 2026" */
const dayText = (instant: Date, timeZone: string) => formatLocal(instant, timeZone).split(', ')[0];

/** Whether a check-in recorded now is entered after its booked day (a late entry). */
export const checkInIsLate = (plannedAt: Date, now: Date, timeZone: string): boolean =>
  localDate(now, timeZone) > localDate(plannedAt, timeZone);

/**
 * Why the patient cannot be checked in now, or null. On the booked day; after it only as a late
 * entry that says why (a busy list written on paper, entered the next day): the patient was there
 * that day, and without it their procedure could never be recorded, nor their follow-up begin.
 * Before the day, never.
 */
export function checkInTimingIssue(
  plannedAt: Date,
  now: Date,
  timeZone: string,
  lateReason?: string,
): string | null {
  if (sameLocalDay(plannedAt, now, timeZone)) return null;
  const booked = formatLocal(plannedAt, timeZone);
  if (checkInIsLate(plannedAt, now, timeZone)) {
    if (lateReason?.trim()) return null;
    return `Check-in was for the booked day, ${booked}; today is ${dayText(now, timeZone)}. If the patient was checked in that day, record it with why it is recorded late; if they are here today instead, reschedule the booking.`;
  }
  return `Check-in is on the booked day, ${booked}; today is ${dayText(now, timeZone)}. Reschedule the booking if the patient is here on another day.`;
}

/** Why the patient cannot be recorded as not attending now, or null from the booked day on. */
export function didNotAttendTimingIssue(plannedAt: Date, now: Date, timeZone: string): string | null {
  if (localDate(now, timeZone) >= localDate(plannedAt, timeZone)) return null;
  return `The patient is booked for ${formatLocal(plannedAt, timeZone)}: "did not attend" is recorded from that day. If they will not come, cancel the booking with the reason.`;
}

export type TimingIssue = FieldIssue & { reason: 'future' | 'not-booked-day' };

/** What is wrong with the time a procedure was recorded as performed, field by field. */
export function performedAtIssues(
  performedAt: Date,
  plannedAt: Date,
  now: Date,
  timeZone: string,
): TimingIssue[] {
  const field = 'record.performedAt';
  const when = formatLocal(performedAt, timeZone);
  if (laterBeyondMargin(performedAt, now)) {
    return [{ field, reason: 'future', message: `The procedure time ${when} is in the future` }];
  }
  if (!sameLocalDay(performedAt, plannedAt, timeZone)) {
    const message = `The procedure time ${when} is not on the booked day, ${dayText(plannedAt, timeZone)}`;
    return [{ field, reason: 'not-booked-day', message }];
  }
  return [];
}
