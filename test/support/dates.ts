/** Dates on the test clinic's calendar (Europe/London, as buildClinic makes it). */
import { fromLocal, toLocal } from '../../src/domain/clinical/index.ts';

/** The clinic's calendar date `days` from today (negative for the past), YYYY-MM-DD. */
export function clinicDate(days = 0, now = new Date()): string {
  const l = toLocal(now, 'Europe/London');
  return new Date(Date.UTC(l.year, l.month - 1, l.day + days)).toISOString().slice(0, 10);
}

/** The calendar date after `day` (YYYY-MM-DD). */
export const dayAfter = (day: string) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * A time on the clinic's calendar as an instant: `clinicTime(clinicDate(-3), '09:00')` is 09:00 in
 * London three days ago, 08:00 UTC in summer (a time set in UTC hours reads 10:00 there).
 */
export function clinicTime(day: string, time: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return fromLocal({ year, month, day: date, hour, minute }, 'Europe/London');
}
