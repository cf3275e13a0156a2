import { describe, expect, test } from 'vitest';
import {
  bookingTimeProblem,
  isLeftOpen,
  leftOpenStages,
  listCancelProblems,
  listChangeProblems,
  newListDateProblem,
  startOfToday,
} from './procedure-lists.ts';

const today = '2026-12-07';
const list = { date: '2026-12-14', booked: 3, everBooked: true, cancelled: false, firstBooked: '09:30' };
const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('planning a list', () => {
  test('today or later, never a day that has gone', () => {
    expect(newListDateProblem(today, today)).toBeUndefined();
    expect(newListDateProblem('2026-12-06', today)).toBe('A new list cannot be in the past');
  });
});

describe('editing a list', () => {
  test('its operator, room, start and places, on the same day, with room for those booked', () => {
    expect(listChangeProblems(list, { date: list.date, startTime: '08:30', capacity: 3 }, today)).toEqual([]);
    expect(listChangeProblems(list, { date: list.date, startTime: '08:30', capacity: 8 }, today)).toEqual([]);
  });

  test('not smaller than the places taken, saying how many are booked', () => {
    const [problem] = listChangeProblems(list, { date: list.date, startTime: '08:30', capacity: 2 }, today);
    expect(problem).toEqual({
      field: 'capacity',
      message: '3 patients are booked on this list: book some on another list before making it smaller',
    });
    expect(
      listChangeProblems(
        { ...list, booked: 1 },
        { date: list.date, startTime: '08:30', capacity: 0 },
        today,
      )[0]?.message,
    ).toMatch(/^1 patient is booked/);
  });

  test('moved to another day only if nobody was ever booked on it, and never into the past', () => {
    // Bookings in force, or only ended ones (rescheduled away): either way it keeps its day.
    expect(
      fields(listChangeProblems(list, { date: '2026-12-15', startTime: '08:30', capacity: 6 }, today)),
    ).toEqual(['date']);
    const emptied = { ...list, booked: 0 };
    expect(
      fields(listChangeProblems(emptied, { date: '2026-12-15', startTime: '08:30', capacity: 6 }, today)),
    ).toEqual(['date']);
    const never = { ...list, booked: 0, everBooked: false };
    expect(listChangeProblems(never, { date: '2026-12-15', startTime: '08:30', capacity: 6 }, today)).toEqual(
      [],
    );
    expect(listChangeProblems(never, { date: '2026-12-01', startTime: '08:30', capacity: 6 }, today)).toEqual(
      [{ field: 'date', message: 'A list cannot move into the past' }],
    );
  });

  test('its start moves no later than the first patient booked on it; earlier is only more room', () => {
    const at = (startTime: string) =>
      listChangeProblems(list, { date: list.date, startTime, capacity: 3 }, today);
    expect(at('09:30')).toEqual([]);
    expect(at('07:45')).toEqual([]);
    expect(at('09:31')).toEqual([
      {
        field: 'startTime',
        message: 'A patient is booked at 09:30: start the list by then, or book them later first',
      },
    ]);
    // Nobody booked now (every booking ended): any start.
    expect(
      listChangeProblems(
        { ...list, booked: 0, firstBooked: null },
        { date: list.date, startTime: '13:00', capacity: 3 },
        today,
      ),
    ).toEqual([]);
  });

  test('a patient is booked from the list’s start, not before', () => {
    expect(bookingTimeProblem('08:30', { startTime: '08:30' })).toBeUndefined();
    expect(bookingTimeProblem('14:00', { startTime: '08:30' })).toBeUndefined();
    expect(bookingTimeProblem('08:29', { startTime: '08:30' })).toBe(
      'The list starts at 08:30: book a time from then',
    );
  });

  test('a list whose day has gone is not edited; today’s still is (a room swapped on the morning)', () => {
    const past = { date: '2026-11-30', booked: 2, everBooked: true, cancelled: false, firstBooked: '09:30' };
    expect(listChangeProblems(past, { date: past.date, startTime: '08:30', capacity: 2 }, today)).toEqual([
      { field: 'date', message: 'This list’s day has passed: it stays as its patients’ records show it' },
    ]);
    expect(
      listChangeProblems({ ...past, date: today }, { date: today, startTime: '08:30', capacity: 2 }, today),
    ).toEqual([]);
  });
});

describe('cancelling a list', () => {
  const waiting = [
    { name: 'Ana Li', stage: 'scheduled' as const },
    { name: 'Bo Chen', stage: 'scheduled' as const },
  ];

  test('a list to come, or today’s, whose patients are all still waiting for it; or one nobody is on', () => {
    expect(listCancelProblems({ date: list.date, cancelled: false }, waiting, today)).toEqual([]);
    expect(listCancelProblems({ date: today, cancelled: false }, waiting, today)).toEqual([]);
    expect(listCancelProblems({ date: list.date, cancelled: false }, [], today)).toEqual([]);
  });

  test('not once a patient on it is checked in or treated, naming each', () => {
    const problems = listCancelProblems(
      { date: today, cancelled: false },
      [...waiting, { name: 'Cy Dee', stage: 'checked-in' }, { name: 'Di Eve', stage: 'performed' }],
      today,
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Cy Dee is checked in: .*defer them/);
    expect(problems[1]).toMatch(/^Di Eve has had the procedure/);
  });

  test('not a list whose day has gone, nor one already cancelled', () => {
    expect(listCancelProblems({ date: '2026-11-30', cancelled: false }, [], today)).toEqual([
      'This list’s day has passed: it stays as its patients’ records show it',
    ]);
    expect(listCancelProblems({ date: list.date, cancelled: true }, [], today)).toEqual([
      'This list is already cancelled',
    ]);
  });

  test('a cancelled list is not edited', () => {
    expect(
      listChangeProblems(
        { ...list, booked: 0, cancelled: true },
        { date: list.date, startTime: '08:30', capacity: 3 },
        today,
      ),
    ).toEqual([{ field: 'date', message: 'This list was cancelled: book on another list' }]);
  });
});

describe('a booking left open', () => {
  test('is one still scheduled or checked in; one treated, not attended or waiting for a date is not', () => {
    expect(leftOpenStages.filter(isLeftOpen)).toEqual(['scheduled', 'checked-in']);
    for (const stage of ['screened', 'not-safe-yet', 'performed', 'discharged', 'closed'] as const)
      expect(isLeftOpen(stage)).toBe(false);
  });

  test('is on a past day from the clinic’s midnight, not UTC’s', () => {
    // 23:30 UTC on 29 March 2026 is already 30 March in London (summer time began that morning).
    expect(startOfToday(new Date('2026-03-29T23:30:00Z'), 'Europe/London').toISOString()).toBe(
      '2026-03-29T23:00:00.000Z',
    );
    expect(startOfToday(new Date('2026-12-07T03:00:00Z'), 'America/New_York').toISOString()).toBe(
      '2026-12-06T05:00:00.000Z',
    );
  });
});
