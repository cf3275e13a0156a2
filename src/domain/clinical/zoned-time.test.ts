import { describe, expect, test } from 'vitest';
import {
  addLocalMonths,
  formatLocal,
  fromLocal,
  isValidTimeZone,
  localDayAt,
  offsetMinutes,
  toLocal,
} from './zoned-time.ts';

describe('zoned time', () => {
  test.each([
    // Europe/London: BST starts 29 March 2026 01:00 UTC and ends 25 October 2026 01:00 UTC.
    ['Europe/London', { year: 2026, month: 1, day: 5, hour: 9, minute: 0 }, '2026-01-05T09:00:00.000Z'],
    ['Europe/London', { year: 2026, month: 7, day: 5, hour: 9, minute: 0 }, '2026-07-05T08:00:00.000Z'],
    // skipped hour: 01:30 does not exist; clocks read 02:30 BST
    ['Europe/London', { year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, '2026-03-29T01:30:00.000Z'],
    // repeated hour: the earlier of the two 01:30s
    ['Europe/London', { year: 2026, month: 10, day: 25, hour: 1, minute: 30 }, '2026-10-25T00:30:00.000Z'],
    ['America/New_York', { year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, '2026-03-08T07:30:00.000Z'],
    ['Asia/Kolkata', { year: 2026, month: 1, day: 5, hour: 9, minute: 0 }, '2026-01-05T03:30:00.000Z'],
    ['Australia/Sydney', { year: 2026, month: 4, day: 5, hour: 2, minute: 30 }, '2026-04-04T15:30:00.000Z'],
  ])('%s %o → %s', (tz, local, iso) => {
    expect(fromLocal(local, tz).toISOString()).toBe(iso);
  });

  test('09:00 local stays 09:00 local across the spring change', () => {
    const before = new Date('2026-03-28T10:00:00Z');
    const d1 = localDayAt(before, 1, '09:00', 'Europe/London');
    const d2 = localDayAt(before, 2, '09:00', 'Europe/London');
    expect(d1.toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(toLocal(d1, 'Europe/London').hour).toBe(9);
    expect(toLocal(d2, 'Europe/London').hour).toBe(9);
    expect(d2.getTime() - d1.getTime()).toBe(24 * 3_600_000);
  });

  test('and across the autumn change (a 25-hour day)', () => {
    const d0 = localDayAt(new Date('2026-10-24T12:00:00Z'), 0, '09:00', 'Europe/London');
    const d1 = localDayAt(new Date('2026-10-24T12:00:00Z'), 1, '09:00', 'Europe/London');
    expect(d1.getTime() - d0.getTime()).toBe(25 * 3_600_000);
  });

  test('calendar months clamp to the end of the month', () => {
    expect(addLocalMonths(new Date('2026-01-31T10:00:00Z'), 1, 'Europe/London').toISOString()).toBe(
      '2026-02-28T10:00:00.000Z',
    );
    expect(addLocalMonths(new Date('2026-03-10T09:30:00Z'), -12, 'Europe/London').toISOString()).toBe(
      '2025-03-10T09:30:00.000Z',
    );
  });

  test('offsets, formatting and zone validation', () => {
    expect(offsetMinutes(new Date('2026-07-01T00:00:00Z'), 'Europe/London')).toBe(60);
    expect(formatLocal(new Date('2026-03-03T08:00:00Z'), 'Europe/London')).toBe(
      'Tuesday 3 March 2026, 08:00',
    );
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
