/**
 * Planning a procedure list. A new list is for today or a day to come: one in the past would
 * offer places on a day that has gone. Past lists are written by what records history, not by
 * planning (the demo's year of history, a FHIR import's replay), and do not pass through here.
 */
import type { FieldIssue } from './field-issue.ts';

export function newListDateProblem(date: string, today: string): string | undefined {
  return date < today ? 'A new list cannot be in the past' : undefined;
}

export const PAST_LIST = 'This list’s day has passed: it stays as its patients’ records show it';

/** A list as an edit finds it: its day, the places taken, and whether anyone was ever booked on it. */
export interface ListAsItIs {
  date: string;
  booked: number;
  everBooked: boolean;
}

/**
 * A list is edited (a typo in the operator or the room, a later start, a place more or fewer)
 * but not moved under its patients: each booking's instructions were screened for its day (a
 * blood thinner's hold is counted back from it), so moving them is rebooking each one, and a
 * booking that ended there (rescheduled, cancelled) keeps the day it was on. Nor does it shrink
 * below the places taken. A list whose day has gone is not edited at all: it is what its
 * patients' records say they were booked on, and an edit keeps no earlier version.
 */
export function listChangeProblems(
  list: ListAsItIs,
  change: { date: string; capacity: number },
  today: string,
): FieldIssue[] {
  if (list.date < today) return [{ field: 'date', message: PAST_LIST }];
  const problems: FieldIssue[] = [];
  if (change.date !== list.date) {
    if (list.everBooked)
      problems.push({
        field: 'date',
        message: 'Patients have been booked on this list: book each on another list instead of moving it',
      });
    else if (change.date < today)
      problems.push({ field: 'date', message: 'A list cannot move into the past' });
  }
  if (change.capacity < list.booked)
    problems.push({
      field: 'capacity',
      message: `${list.booked} ${list.booked === 1 ? 'patient is' : 'patients are'} booked on this list: book some on another list before making it smaller`,
    });
  return problems;
}
