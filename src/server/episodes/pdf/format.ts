// Date, number and identifier formatting for printed documents. Everything a reader sees is in the
// clinic's own time zone and en-GB wording, because a letter saying "09:30" when the patient was
// injected at 10:30 BST is a clinical error, not a cosmetic one.

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must carry its offset: a bare "2026-03-03T10:30" would be read in the server's zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

const LONG_DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** Parses an ISO instant with an explicit offset; throws rather than guess. */
export function parseInstant(value: string, field: string): Date {
  const date = new Date(value);
  if (!INSTANT.test(value) || Number.isNaN(date.getTime())) {
    throw new RangeError(
      `${field} must be an ISO date-time with an offset (e.g. 2026-03-03T10:30:00Z): ${value}`,
    );
  }
  return date;
}

/** A calendar date (YYYY-MM-DD) as UTC midnight, rejecting dates that do not exist (2026-02-30). */
export function parseCalendarDate(value: string, field: string): Date {
  const m = CALENDAR_DATE.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw new RangeError(`${field} must be a calendar date YYYY-MM-DD: ${value}`);
  }
  return date;
}

/** "12 April 1958". A calendar date has no zone, so it is formatted in UTC to avoid shifting a day. */
export function formatCalendarDate(value: string, field: string): string {
  return formatter('UTC', LONG_DATE).format(parseCalendarDate(value, field));
}

/** "3 March 2026" for either a calendar date or an instant (the latter in the clinic's zone). */
export function formatDay(value: string, timeZone: string, field: string): string {
  if (CALENDAR_DATE.test(value)) return formatCalendarDate(value, field);
  return formatter(timeZone, LONG_DATE).format(parseInstant(value, field));
}

/** "10:30", 24-hour, in the clinic's zone. */
export function formatClock(value: string, timeZone: string, field: string): string {
  return formatter(timeZone, CLOCK).format(parseInstant(value, field));
}

/** "3 March 2026 at 10:30" in the clinic's zone. */
export function formatDateTime(value: string, timeZone: string, field: string): string {
  return `${formatDay(value, timeZone, field)} at ${formatClock(value, timeZone, field)}`;
}

/** True when two instants fall on the same calendar day in the clinic's zone. */
export function sameLocalDay(a: string, b: string, timeZone: string): boolean {
  return formatDay(a, timeZone, 'date') === formatDay(b, timeZone, 'date');
}

/** NHS numbers are read aloud and checked in 3-3-4 groups ("943 476 5919"). */
export function formatNhsNumber(value: string): string {
  const digits = value.replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits)) return value.trim(); // not ours to fix; print what was recorded
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });

/** Numbers without float noise or trailing zeros: 0.5, 2, 1.25. */
export function formatNumber(value: number): string {
  return NUMBER.format(value);
}
