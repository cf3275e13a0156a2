/**
 * Dates a person could mean. The database refuses year 0 and an ISO string allows it; a birth in
 * 1066 or a procedure in 3026 is a typing slip. Inputs take dates between 1900 and 2200 only.
 */
import { z } from 'zod';

export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2200;

const yearOf = (iso: string) => Number(iso.slice(0, 4));
// A string that is not a date at all is the format check's to report, once.
const plausible = (iso: string) =>
  !/^\d{4}-/.test(iso) || (yearOf(iso) >= EARLIEST_YEAR && yearOf(iso) <= LATEST_YEAR);
const message = `Use a date between ${EARLIEST_YEAR} and ${LATEST_YEAR}`;

/** A calendar date, YYYY-MM-DD, in a plausible year. */
export const PlausibleDate = (invalid = 'Use a date like 1961-03-04') =>
  z.iso.date({ message: invalid }).refine(plausible, { message });

/**
 * An instant with its offset, in a plausible year. Without an offset "10:00" could be either side
 * of a clock change, or another zone's: the message says what to write instead.
 */
export const PlausibleInstant = (
  invalid = 'Use a date and time with its offset, like 2026-03-02T10:00:00Z',
) => z.iso.datetime({ offset: true, message: invalid }).refine(plausible, { message });

/**
 * A time on the clinic's wall clock, HH:MM on the 24-hour clock. The one check of a typed time:
 * the API's schemas and the browser's forms both use it, each with an example that fits the field.
 */
export const LocalTime = (invalid = 'Enter a time like 09:30') =>
  z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: invalid });
