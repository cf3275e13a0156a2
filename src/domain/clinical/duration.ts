import { z } from 'zod';
import { TEXT } from '../limits.ts';
import { listWords } from '../words.ts';
import { fromLocal, toLocal } from './zoned-time.ts';

/**
 * Calendar durations for the intervals a clinic sets (between therapeutic injections, how long
 * relief must last): whole days, weeks, months or years, written as an ISO 8601 duration (`P2M`,
 * `P8W`, `P56D`, `P1M2W`) or as `{ value, unit }`. A month is a calendar month in the clinic's
 * zone, not 30 days, so a value is computed exactly or not at all: a fraction (1.84 months) has no
 * exact calendar meaning and is refused with a sentence saying what to write instead — never
 * rounded down, which once let a repeat through weeks earlier than the clinic had set.
 */

export const DURATION_UNITS = ['days', 'weeks', 'months', 'years'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface DurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
}

/** The longest interval a clinic may set, about two years (the old month values went to 24). */
const MAX_DAYS = 24 * 31;

const ISO = /^P(?:([\d.,]+)Y)?(?:([\d.,]+)M)?(?:([\d.,]+)W)?(?:([\d.,]+)D)?$/;
/** The canonical form stored and returned: whole components in Y, M, W, D order. */
export const CANONICAL_DURATION = /^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/;

const SINGULAR: Record<DurationUnit, string> = { days: 'day', weeks: 'week', months: 'month', years: 'year' };

type Parsed = { ok: true; parts: DurationParts } | { ok: false; message: string };

const fractionAdvice = (value: string, unit: DurationUnit) =>
  unit === 'days'
    ? `${value} days cannot be honoured exactly: give a whole number of days`
    : `${value} ${unit} cannot be honoured exactly: give a whole number of ${unit}, or the interval in ${
        unit === 'weeks' ? 'days' : 'weeks or days'
      } (e.g. ${unit === 'weeks' ? 'P10D' : 'P8W or P56D'})`;

/** Reads an ISO 8601 duration of whole days, weeks, months and years. */
export function parseDuration(text: string): Parsed {
  const trimmed = text.trim().toUpperCase();
  if (/^P[^T]*T/.test(trimmed))
    return {
      ok: false,
      message: 'an interval in days, weeks or months (hours and minutes are not used here)',
    };
  const m = ISO.exec(trimmed);
  if (!m || trimmed === 'P') {
    return {
      ok: false,
      message: `"${text}" is not a duration: write e.g. P2M (2 months), P8W (8 weeks) or P56D (56 days)`,
    };
  }
  const units: DurationUnit[] = ['years', 'months', 'weeks', 'days'];
  const parts: DurationParts = { years: 0, months: 0, weeks: 0, days: 0 };
  for (const [i, unit] of units.entries()) {
    const raw = m[i + 1];
    if (raw === undefined) continue;
    const value = Number(raw.replace(',', '.'));
    if (!Number.isFinite(value)) return { ok: false, message: `"${raw}" is not a number of ${unit}` };
    if (!Number.isInteger(value)) return { ok: false, message: fractionAdvice(raw.replace(',', '.'), unit) };
    parts[unit] = value;
  }
  return checked(parts);
}

function checked(parts: DurationParts): Parsed {
  const upper = parts.years * 366 + parts.months * 31 + parts.weeks * 7 + parts.days;
  if (upper > MAX_DAYS) return { ok: false, message: 'at most 24 months (P24M, P104W or P730D)' };
  return { ok: true, parts };
}

/** The canonical ISO 8601 text of a duration (zero is `P0D`). */
export function formatDuration(parts: DurationParts): string {
  const text = [
    parts.years ? `${parts.years}Y` : '',
    parts.months ? `${parts.months}M` : '',
    parts.weeks ? `${parts.weeks}W` : '',
    parts.days ? `${parts.days}D` : '',
  ].join('');
  return `P${text || '0D'}`;
}

/** The parts of a duration already validated by DurationSchema. */
export function durationParts(duration: string): DurationParts {
  const parsed = parseDuration(duration);
  if (!parsed.ok) throw new Error(`not a valid duration: ${duration} (${parsed.message})`);
  return parsed.parts;
}

/** From a number of whole months (the former `…Months` fields), or a refusal for a fraction. */
export function fromMonths(months: number): Parsed {
  if (!Number.isInteger(months) || months < 0) {
    return { ok: false, message: fractionAdvice(String(months), 'months') };
  }
  return checked({ years: 0, months, weeks: 0, days: 0 });
}

/** The whole number of months a duration is, or null when it is not one (for deprecated fields). */
export function wholeMonths(duration: string): number | null {
  const p = durationParts(duration);
  return p.weeks === 0 && p.days === 0 ? p.years * 12 + p.months : null;
}

const DurationInput = z.union([
  z.string().max(TEXT.short),
  z.object({ value: z.number().min(0), unit: z.enum(DURATION_UNITS) }).strict(),
]);

/**
 * An interval as a clinic sets it: `"P2M"` or `{ value: 2, unit: "months" }`, stored and returned
 * as the canonical ISO text (`"P2M"`). A fraction or a time part is refused with a sentence.
 * A codec, so that a response carrying it encodes back to the same text.
 */
export const DurationSchema = z
  .codec(DurationInput, z.string().regex(CANONICAL_DURATION), {
    decode: (input, payload) => {
      const parsed =
        typeof input === 'string'
          ? parseDuration(input)
          : Number.isInteger(input.value)
            ? checked({ years: 0, months: 0, weeks: 0, days: 0, [input.unit]: input.value })
            : { ok: false as const, message: fractionAdvice(String(input.value), input.unit) };
      if (parsed.ok) return formatDuration(parsed.parts);
      payload.issues.push({ code: 'custom', message: parsed.message, input, path: [] });
      return 'P0D';
    },
    encode: (text) => text,
  })
  .meta({
    description: 'ISO 8601 duration of whole days, weeks, months or years (e.g. P2M, P8W, P56D)',
  });
export type Duration = z.output<typeof DurationSchema>;

/**
 * The instant a duration after `instant`, in the clinic's zone: calendar months first (the day
 * clamped to the month's end, 31 January + P1M = 28 or 29 February), then days, at the same local
 * wall time — across a daylight-saving change too. This is Temporal's ZonedDateTime.add with
 * `overflow: 'constrain'` and `disambiguation: 'compatible'` (a time skipped in spring moves
 * forward; in an autumn overlap the earlier instant is taken); a test checks them against each other.
 */
export function addDuration(instant: Date, duration: string | DurationParts, timeZone: string): Date {
  const p = typeof duration === 'string' ? durationParts(duration) : duration;
  const l = toLocal(instant, timeZone);
  const firstOfMonth = new Date(Date.UTC(l.year, l.month - 1 + p.years * 12 + p.months, 1));
  const lastDay = new Date(
    Date.UTC(firstOfMonth.getUTCFullYear(), firstOfMonth.getUTCMonth() + 1, 0),
  ).getUTCDate();
  const date = new Date(
    Date.UTC(
      firstOfMonth.getUTCFullYear(),
      firstOfMonth.getUTCMonth(),
      Math.min(l.day, lastDay) + p.weeks * 7 + p.days,
    ),
  );
  const wall = fromLocal(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: l.hour,
      minute: l.minute,
    },
    timeZone,
  );
  // Seconds and milliseconds are carried over as they were (zone offsets are whole minutes).
  return new Date(wall.getTime() + l.second * 1000 + (((instant.getTime() % 1000) + 1000) % 1000));
}

/** A duration in words (en-GB): "2 months", "8 weeks", "1 month and 2 weeks". */
export function durationWords(duration: string): string {
  const p = durationParts(duration);
  const words = (['years', 'months', 'weeks', 'days'] as const)
    .filter((u) => p[u] !== 0)
    .map((u) => `${p[u]} ${p[u] === 1 ? SINGULAR[u] : u}`);
  if (words.length === 0) return '0 days';
  return listWords(words, 'and');
}
