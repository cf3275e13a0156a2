/** Dates on the test clinic's calendar (Europe/London, as buildClinic makes it). */
import { toLocal } from '../../src/domain/clinical/index.ts';

/** The clinic's calendar date `days` from today (negative for the past), YYYY-MM-DD. */
export function clinicDate(days = 0, now = new Date()): string {
  const l = toLocal(now, 'Europe/London');
  return new Date(Date.UTC(l.year, l.month - 1, l.day + days)).toISOString().slice(0, 10);
}

/** The calendar date after `day` (YYYY-MM-DD). */
export const dayAfter = (day: string) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
