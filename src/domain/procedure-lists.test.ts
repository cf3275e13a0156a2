import { describe, expect, test } from 'vitest';
import { listCancelProblems, listChangeProblems, newListDateProblem } from './procedure-lists.ts';

const today = '2026-12-07';
const list = { date: '2026-12-14', booked: 3, everBooked: true, cancelled: false };
const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('planning a list', () => {
  test('today or later, never a day that has gone', () => {
    expect(newListDateProblem(today, today)).toBeUndefined();
    expect(newListDateProblem('2026-12-06', today)).toBe('A new list cannot be in the past');
  });
});

describe('editing a list', () => {
  test('its operator, room, start and places, on the same day, with room for those booked', () => {
    expect(listChangeProblems(list, { date: list.date, capacity: 3 }, today)).toEqual([]);
    expect(listChangeProblems(list, { date: list.date, capacity: 8 }, today)).toEqual([]);
  });

  test('not smaller than the places taken, saying how many are booked', () => {
    const [problem] = listChangeProblems(list, { date: list.date, capacity: 2 }, today);
    expect(problem).toEqual({
      field: 'capacity',
      message: '3 patients are booked on this list: book some on another list before making it smaller',
    });
    expect(
      listChangeProblems({ ...list, booked: 1 }, { date: list.date, capacity: 0 }, today)[0]?.message,
    ).toMatch(/^1 patient is booked/);
  });

  test('moved to another day only if nobody was ever booked on it, and never into the past', () => {
    // Bookings in force, or only ended ones (rescheduled away): either way it keeps its day.
    expect(fields(listChangeProblems(list, { date: '2026-12-15', capacity: 6 }, today))).toEqual(['date']);
    const emptied = { ...list, booked: 0 };
    expect(fields(listChangeProblems(emptied, { date: '2026-12-15', capacity: 6 }, today))).toEqual(['date']);
    const never = { ...list, booked: 0, everBooked: false };
    expect(listChangeProblems(never, { date: '2026-12-15', capacity: 6 }, today)).toEqual([]);
    expect(listChangeProblems(never, { date: '2026-12-01', capacity: 6 }, today)).toEqual([
      { field: 'date', message: 'A list cannot move into the past' },
    ]);
  });

  test('a list whose day has gone is not edited; today’s still is (a room swapped on the morning)', () => {
    const past = { date: '2026-11-30', booked: 2, everBooked: true, cancelled: false };
    expect(listChangeProblems(past, { date: past.date, capacity: 2 }, today)).toEqual([
      { field: 'date', message: 'This list’s day has passed: it stays as its patients’ records show it' },
    ]);
    expect(listChangeProblems({ ...past, date: today }, { date: today, capacity: 2 }, today)).toEqual([]);
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
      listChangeProblems({ ...list, booked: 0, cancelled: true }, { date: list.date, capacity: 3 }, today),
    ).toEqual([{ field: 'date', message: 'This list was cancelled: book on another list' }]);
  });
});
