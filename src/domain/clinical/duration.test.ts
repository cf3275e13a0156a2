import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, test } from 'vitest';
import { addDuration, DurationSchema, durationWords, wholeMonths } from './duration.ts';

const london = 'Europe/London';

describe('durations a clinic sets (days, weeks or months; exact or refused)', () => {
  test.each([
    ['P2M', 'P2M'],
    ['p8w', 'P8W'],
    ['P56D', 'P56D'],
    ['P1M2W', 'P1M2W'],
    ['P1Y', 'P1Y'],
    [{ value: 2, unit: 'months' }, 'P2M'],
    [{ value: 8, unit: 'weeks' }, 'P8W'],
    [{ value: 0, unit: 'days' }, 'P0D'],
  ])('%o reads as %s', (input, canonical) => {
    expect(DurationSchema.parse(input)).toBe(canonical);
  });

  test.each([
    ['P1.84M', '1.84 months cannot be honoured exactly'],
    [{ value: 1.84, unit: 'months' }, '1.84 months cannot be honoured exactly'],
    ['P1,5W', '1.5 weeks cannot be honoured exactly'],
    ['P2.5D', '2.5 days cannot be honoured exactly'],
    ['PT12H', 'hours and minutes are not used here'],
    ['2 months', 'is not a duration'],
    ['P', 'is not a duration'],
    ['P25M', 'at most 24 months'],
  ])('%o is refused with a sentence, never rounded', (input, message) => {
    const r = DurationSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain(message);
  });

  test('words and whole months', () => {
    expect(durationWords('P2M')).toBe('2 months');
    expect(durationWords('P1M2W')).toBe('1 month and 2 weeks');
    expect(durationWords('P56D')).toBe('56 days');
    expect(wholeMonths('P1Y2M')).toBe(14);
    expect(wholeMonths('P8W')).toBeNull();
  });

  test.each([
    // Calendar months clamp to the month's end, in the clinic's zone.
    ['2026-01-31T10:00:00Z', 'P1M', '2026-02-28T10:00:00.000Z'],
    ['2028-01-31T10:00:00Z', 'P1M', '2028-02-29T10:00:00.000Z'],
    // Across the spring change the local wall time is kept (09:00 GMT → 09:00 BST).
    ['2026-03-01T09:00:00Z', 'P8W', '2026-04-26T08:00:00.000Z'],
    ['2026-03-01T09:00:00Z', 'P56D', '2026-04-26T08:00:00.000Z'],
    // 23:30 UTC on 31 March is 00:30 on 1 April in London: a month later is 00:30 on 1 May.
    ['2026-03-31T23:30:00Z', 'P1M', '2026-04-30T23:30:00.000Z'],
    ['2026-03-31T23:30:00Z', 'P30D', '2026-04-30T23:30:00.000Z'],
    ['2026-01-15T10:00:12.345Z', 'P2M', '2026-03-15T10:00:12.345Z'],
  ])('%s + %s = %s (Europe/London)', (from, duration, expected) => {
    expect(addDuration(new Date(from), duration, london).toISOString()).toBe(expected);
  });

  // Temporal (the coming standard, here its polyfill as a test-only oracle) defines calendar
  // arithmetic in a zone; the domain may import nothing but zod, so it keeps its own and checks it.
  test('agrees with Temporal.ZonedDateTime.add in any zone, across daylight-saving changes', () => {
    const zones = [
      'Europe/London',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'Pacific/Apia',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...zones),
        fc.record({
          years: fc.integer({ min: 0, max: 1 }),
          months: fc.integer({ min: 0, max: 12 }),
          weeks: fc.integer({ min: 0, max: 10 }),
          days: fc.integer({ min: 0, max: 60 }),
        }),
        (ms, zone, parts) => {
          const ours = addDuration(new Date(ms), parts, zone).getTime();
          const theirs = Temporal.Instant.fromEpochMilliseconds(ms)
            .toZonedDateTimeISO(zone)
            .add(parts).epochMilliseconds;
          expect(ours).toBe(theirs);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
