import { describe, expect, test } from 'vitest';
import { emptyDate, isEmptyDate, isoToParts, partsToIso } from './DateInput';

const parts = (day: string, month: string, year: string) => ({ day, month, year });

describe('a date typed as Day, Month and Year', () => {
  test.each([
    ['3 / 3 / 1961', parts('3', '3', '1961'), '1961-03-03'],
    ['leading zeros', parts('03', '03', '1961'), '1961-03-03'],
    ['spaces around the numbers', parts(' 9 ', '12 ', ' 1906'), '1906-12-09'],
    ['29 February in a leap year', parts('29', '2', '2024'), '2024-02-29'],
    ['the last day of the year', parts('31', '12', '2025'), '2025-12-31'],
  ])('%s → %s', (_case, typed, iso) => {
    expect(partsToIso(typed)).toBe(iso);
  });

  test.each([
    ['31 February', parts('31', '2', '2026')],
    ['29 February in a common year', parts('29', '2', '2026')],
    ['31 April', parts('31', '4', '2026')],
    ['month 13', parts('1', '13', '2026')],
    ['day 0', parts('0', '3', '2026')],
    ['a two-digit year (61 could be 1961 or 2061)', parts('3', '3', '61')],
    ['a five-digit year', parts('3', '3', '19610')],
    ['letters', parts('3', 'Mar', '1961')],
    ['a missing day', parts('', '3', '1961')],
    ['nothing typed', emptyDate],
  ])('%s → not a date', (_case, typed) => {
    expect(partsToIso(typed)).toBeNull();
  });

  test('a stored date comes back as a person types it, without leading zeros', () => {
    expect(isoToParts('1961-03-03')).toEqual(parts('3', '3', '1961'));
    expect(isoToParts('2026-11-25')).toEqual(parts('25', '11', '2026'));
  });

  test.each([null, undefined, '', '03/03/1961', '2026-03-04T09:30:00Z'])(
    '%j shows as empty boxes',
    (stored) => {
      expect(isoToParts(stored)).toEqual(emptyDate);
    },
  );

  test('every day of a year survives a round trip through the three boxes', () => {
    for (let day = 0; day < 366; day++) {
      const iso = new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
      expect(partsToIso(isoToParts(iso))).toBe(iso);
    }
  });

  test('boxes holding only spaces are empty; any digit is not', () => {
    expect(isEmptyDate(emptyDate)).toBe(true);
    expect(isEmptyDate(parts(' ', '', '  '))).toBe(true);
    expect(isEmptyDate(parts('', '', '1'))).toBe(false);
  });
});
