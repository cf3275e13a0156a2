import { toLocal } from './zoned-time.ts';

/**
 * A person's age in whole years at an instant, counted on the calendar of the clinic's zone (a
 * procedure at 00:30 in London on someone's birthday is on their birthday, whatever UTC says).
 * Someone born on 29 February is a year older on 1 March in a common year.
 */
export function ageInYears(birthDate: string, at: Date, timeZone: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) throw new RangeError(`Not a date (YYYY-MM-DD): ${birthDate}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const today = toLocal(at, timeZone);
  const beforeBirthday = today.month < month || (today.month === month && today.day < day);
  return Math.max(0, today.year - year - (beforeBirthday ? 1 : 0));
}
