import { describe, expect, test } from 'vitest';
import { ageInYears } from './age.ts';

describe('age from the date of birth, on the clinic calendar', () => {
  test.each([
    ['the day before the birthday', '1960-05-04', '2026-05-03T12:00:00Z', 65],
    ['on the birthday', '1960-05-04', '2026-05-04T12:00:00Z', 66],
    [
      '00:30 on the birthday in London is still 23:30 the day before in UTC',
      '1960-05-04',
      '2026-05-03T23:30:00Z',
      66,
    ],
    ['born 29 February: not yet on 28 February of a common year', '2000-02-29', '2025-02-28T12:00:00Z', 24],
    ['born 29 February: a year older on 1 March', '2000-02-29', '2025-03-01T12:00:00Z', 25],
    ['a birth date after the instant counts as 0', '2030-01-01', '2026-01-01T12:00:00Z', 0],
  ])('%s', (_n, birthDate, at, age) => {
    expect(ageInYears(birthDate, new Date(at), 'Europe/London')).toBe(age);
  });

  test('a malformed date is refused', () => {
    expect(() => ageInYears('4/5/1960', new Date(), 'Europe/London')).toThrow(RangeError);
  });
});
