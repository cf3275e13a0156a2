/**
 * Pure time-zone arithmetic on top of Intl.DateTimeFormat. Instants are ISO strings or Dates in
 * UTC; "local" means wall-clock time in the clinic's IANA zone. No clock is read here.
 */

export interface LocalDateTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws on an unknown zone; settings validation uses it to reject bad zones early. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Instants already converted, per zone: formatToParts is the costly part of every conversion, and
 * a diary schedule or a booking converts the same few instants many times (fromLocal probes each
 * side of a wall time). Exact answers only, so the result is what a fresh conversion would give;
 * bounded, and emptied when full.
 */
const localMemo = new Map<string, Map<number, LocalDateTime & { second: number }>>();
const localMemoMax = 20_000;
let localMemoSize = 0;

export function toLocal(instant: Date, timeZone: string): LocalDateTime & { second: number } {
  const ms = instant.getTime();
  let zone = localMemo.get(timeZone);
  const known = zone?.get(ms);
  if (known) return { ...known };
  const parts = partsFormatter(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const local = {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
  if (Number.isNaN(ms)) return local;
  if (localMemoSize >= localMemoMax) {
    localMemo.clear();
    localMemoSize = 0;
  }
  if (!zone) {
    zone = new Map();
    localMemo.set(timeZone, zone);
  }
  zone.set(ms, local);
  localMemoSize += 1;
  return { ...local };
}

/** The clinic's local calendar date of an instant. */
export function localDate(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${String(l.year).padStart(4, '0')}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
}

/** The clinic's wall-clock time of an instant, HH:MM (as a booking's time is typed). */
export function localTime(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${String(l.hour).padStart(2, '0')}:${String(l.minute).padStart(2, '0')}`;
}

/**
 * Days from one local calendar date to a later one in the zone ("taken 3 days before"), whatever
 * the hour of each and across a change of the clocks.
 */
export function localDaysBetween(from: Date, to: Date, timeZone: string): number {
  return Math.round((Date.parse(localDate(to, timeZone)) - Date.parse(localDate(from, timeZone))) / DAY_MS);
}

/** Minutes the zone is ahead of UTC at this instant. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const l = toLocal(instant, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000);
}

/**
 * The instant a wall-clock time names in a zone. In an autumn overlap the earlier instant is
 * chosen; a time skipped in spring is moved forward by the gap (02:30 → 03:30), as clocks do.
 */
export function fromLocal(local: LocalDateTime, timeZone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const candidates = new Set<number>();
  // The offset either side of the wall time covers both sides of any transition.
  for (const probe of [wall - 86_400_000, wall, wall + 86_400_000]) {
    candidates.add(wall - offsetMinutes(new Date(probe), timeZone) * 60_000);
  }
  const exact = [...candidates]
    .filter((t) => sameWall(toLocal(new Date(t), timeZone), local))
    .sort((a, b) => a - b);
  if (exact[0] !== undefined) return new Date(exact[0]);
  // Skipped time: keep the offset from before the gap, which lands after it.
  const before = offsetMinutes(new Date(wall - 86_400_000), timeZone);
  return new Date(wall - before * 60_000);
}

function sameWall(a: LocalDateTime, b: LocalDateTime): boolean {
  return (
    a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute
  );
}

/** The local calendar date `days` after the instant's local date, at hh:mm local. */
export function localDayAt(instant: Date, days: number, time: string, timeZone: string): Date {
  const l = toLocal(instant, timeZone);
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const date = new Date(Date.UTC(l.year, l.month - 1, l.day + days));
  return fromLocal(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour, minute },
    timeZone,
  );
}

/** Same local wall time `months` calendar months later (day clamped to the month's end). */
export function addLocalMonths(instant: Date, months: number, timeZone: string): Date {
  const l = toLocal(instant, timeZone);
  const first = new Date(Date.UTC(l.year, l.month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return fromLocal(
    {
      year: first.getUTCFullYear(),
      month: first.getUTCMonth() + 1,
      day: Math.min(l.day, lastDay),
      hour: l.hour,
      minute: l.minute,
    },
    timeZone,
  );
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function addHours(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * HOUR_MS);
}

export function hoursBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / HOUR_MS;
}

/**
 * Formatters are costly to make (a fraction of a millisecond each) and a diary schedule formats
 * dozens of times, so each zone and locale's pair is made once and kept.
 */
const localFormatters = new Map<string, [Intl.DateTimeFormat, Intl.DateTimeFormat]>();

/** "Tuesday 3 March 2026, 08:00" (en-GB) or "Tuesday March 3, 2026, 08:00 AM" (en-US) in the zone given. */
export function formatLocal(instant: Date, timeZone: string, locale = 'en-GB'): string {
  const key = `${locale}\u0000${timeZone}`;
  let pair = localFormatters.get(key);
  if (!pair) {
    pair = [
      new Intl.DateTimeFormat(locale, {
        timeZone,
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      }),
      new Intl.DateTimeFormat(locale, {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: locale === 'en-US' ? 'h12' : 'h23',
      }),
    ];
    localFormatters.set(key, pair);
  }
  return `${pair[0].format(instant).replace(',', '')}, ${pair[1].format(instant)}`;
}
