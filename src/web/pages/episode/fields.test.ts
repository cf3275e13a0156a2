import { describe, expect, test } from 'vitest';
import { localInstant, localParts, num, timeError } from './fields';

describe('a number typed in a text box', () => {
  test.each([
    ['12', 12],
    [' 7 ', 7],
    ['0.5', 0.5],
    ['0,5', 0.5], // a decimal comma, as typed on many keyboards
    ['-1', -1],
    ['0', 0],
  ])('%j is %d', (typed, value) => {
    expect(num(typed)).toBe(value);
  });

  test.each(['', '   ', 'abc', '12 mg', 'Infinity', '1..5'])('%j is not a number yet', (typed) => {
    expect(num(typed)).toBeUndefined();
  });
});

describe('a time typed as HH:MM', () => {
  test.each(['00:00', '09:45', '12:30', '23:59', ' 07:15 '])('"%s" is a time', (typed) => {
    expect(timeError(typed, '09:30')).toBeUndefined();
  });

  test.each(['', '9:45', '24:00', '12:60', '09.45', '0945', '09:45 am'])(
    '"%s" is not, and the field says so',
    (typed) => {
      expect(timeError(typed, '08:00')).toBe('Enter a time like 08:00');
    },
  );
});

describe("the clinic's wall clock", () => {
  test.each([
    ['London in winter (GMT)', '2026-03-04', '09:30', 'Europe/London', '2026-03-04T09:30:00.000Z'],
    ['London in summer (BST)', '2026-07-01', '09:30', 'Europe/London', '2026-07-01T08:30:00.000Z'],
    [
      'Auckland: the day before in UTC',
      '2026-03-04',
      '08:00',
      'Pacific/Auckland',
      '2026-03-03T19:00:00.000Z',
    ],
    [
      'New York, an hour before midnight',
      '2026-01-15',
      '23:00',
      'America/New_York',
      '2026-01-16T04:00:00.000Z',
    ],
    ['a one-digit hour and spaces', '2026-03-04', ' 9:30 ', 'Europe/London', '2026-03-04T09:30:00.000Z'],
    // The spring gap: 01:30 does not exist on 29 March 2026 in London; clocks move it on an hour.
    [
      'a time skipped when the clocks go forward',
      '2026-03-29',
      '01:30',
      'Europe/London',
      '2026-03-29T01:30:00.000Z',
    ],
    // The autumn overlap: 01:30 happens twice on 25 October 2026; the first (BST) is taken.
    [
      'a time that happens twice when the clocks go back',
      '2026-10-25',
      '01:30',
      'Europe/London',
      '2026-10-25T00:30:00.000Z',
    ],
  ])('%s: %s %s in %s is %s', (_case, date, time, timeZone, instant) => {
    expect(localInstant(date, time, timeZone)).toBe(instant);
  });

  test.each([
    ['04/03/2026', '09:30'],
    ['2026-3-4', '09:30'],
    ['2026-03-04', ''],
    ['2026-03-04', '09.30'],
  ])('%j at %j is no instant', (date, time) => {
    expect(localInstant(date, time, 'Europe/London')).toBeUndefined();
  });

  test.each([
    ['2026-03-04T09:30:00.000Z', 'Europe/London', ['2026-03-04', '09:30']],
    ['2026-07-01T08:30:00.000Z', 'Europe/London', ['2026-07-01', '09:30']],
    ['2026-03-04T23:30:00.000Z', 'Asia/Tokyo', ['2026-03-05', '08:30']],
    ['2026-03-04T00:05:00.000Z', 'UTC', ['2026-03-04', '00:05']], // 00:05, never 24:05
  ])('%s in %s reads %j', (instant, timeZone, wall) => {
    expect(localParts(instant, timeZone)).toEqual(wall);
    expect(localParts(new Date(instant), timeZone)).toEqual(wall);
  });

  test('what is typed is what comes back, in any zone', () => {
    for (const timeZone of ['Europe/London', 'Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata'])
      for (const [date, time] of [
        ['2026-01-31', '00:00'],
        ['2026-06-15', '13:45'],
        ['2026-12-31', '23:59'],
      ] as const) {
        expect(localParts(localInstant(date, time, timeZone)!, timeZone)).toEqual([date, time]);
      }
  });
});
