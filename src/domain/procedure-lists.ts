/**
 * Planning a procedure list. A new list is for today or a day to come: one in the past would
 * offer places on a day that has gone. Past lists are written by what records history, not by
 * planning (the demo's year of history, a FHIR import's replay), and do not pass through here.
 */
import { localDayAt } from './clinical/zoned-time.ts';
import type { FieldIssue } from './field-issue.ts';
import type { Stage } from './stages.ts';

export function newListDateProblem(date: string, today: string): string | undefined {
  return date < today ? 'A new list cannot be in the past' : undefined;
}

export const PAST_LIST = 'This list’s day has passed: it stays as its patients’ records show it';
export const CANCELLED_LIST = 'This list was cancelled: book on another list';

/**
 * A booking left open: its day has passed and its episode still says the patient is to come
 * (scheduled) or has come and no more (checked in), with neither the procedure recorded nor the
 * patient marked as not attending. Follow-up, the pain diary and the symptom checks start from a
 * recorded procedure, so a patient treated and not recorded would have none of them; one who did
 * not come waits for no new date. (DESIGN: the pathway; each booking ends in one of its steps.)
 */
export const leftOpenStages = ['scheduled', 'checked-in'] as const satisfies readonly Stage[];
export type LeftOpenStage = (typeof leftOpenStages)[number];
export const isLeftOpen = (stage: Stage): stage is LeftOpenStage =>
  (leftOpenStages as readonly Stage[]).includes(stage);

/** The instant a booking must be before to be on a past day: the start of today in the clinic's zone. */
export const startOfToday = (now: Date, timeZone: string): Date => localDayAt(now, 0, '00:00', timeZone);

/**
 * A list as an edit finds it: its day, the places taken, whether anyone was ever booked on it,
 * whether it was cancelled, and the first time a patient is booked at on it (HH:MM, the clinic's
 * clock), if anyone is.
 */
export interface ListAsItIs {
  date: string;
  booked: number;
  everBooked: boolean;
  cancelled: boolean;
  firstBooked: string | null;
}

/**
 * A patient is booked from the list's start: the start is when its team is there. (Times are
 * HH:MM, so they compare as text.)
 */
export function bookingTimeProblem(time: string, list: { startTime: string }): string | undefined {
  return time < list.startTime ? `The list starts at ${list.startTime}: book a time from then` : undefined;
}

/**
 * A list is edited (a typo in the operator or the room, a later start, a place more or fewer)
 * but not moved under its patients: each booking's instructions were screened for its day and
 * time (a blood thinner's hold and the fasting are counted back from it), so moving them is
 * rebooking each one, and a booking that ended there (rescheduled, cancelled) keeps the day it
 * was on. So its start moves no later than its first patient, and it does not shrink below the
 * places taken. A list whose day has gone is not edited at all: it is what its patients' records
 * say they were booked on, and an edit keeps no earlier version.
 */
export function listChangeProblems(
  list: ListAsItIs,
  change: { date: string; capacity: number; startTime: string },
  today: string,
): FieldIssue[] {
  if (list.cancelled) return [{ field: 'date', message: CANCELLED_LIST }];
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
  if (list.firstBooked && change.startTime > list.firstBooked)
    problems.push({
      field: 'startTime',
      message: `A patient is booked at ${list.firstBooked}: start the list by then, or book them later first`,
    });
  if (change.capacity < list.booked)
    problems.push({
      field: 'capacity',
      message: `${list.booked} ${list.booked === 1 ? 'patient is' : 'patients are'} booked on this list: book some on another list before making it smaller`,
    });
  return problems;
}

/** A patient booked on a list, and how far their day has gone, as cancelling the list finds them. */
export interface PatientOnList {
  name: string;
  stage: Stage;
}

/**
 * Why a list cannot be cancelled (an operator off sick, a theatre closed), or nothing. Cancelling
 * ends every booking on it as if each were cancelled, so it is for a list whose patients are all
 * still waiting for the day: one checked in, or treated, is past what cancelling a booking undoes
 * (a checked-in patient is deferred, with the reason, on their own page). A list whose day has gone
 * stays as its patients' records show it.
 */
export function listCancelProblems(
  list: { date: string; cancelled: boolean },
  booked: readonly PatientOnList[],
  today: string,
): string[] {
  if (list.cancelled) return ['This list is already cancelled'];
  if (list.date < today) return [PAST_LIST];
  return booked
    .filter((p) => p.stage !== 'scheduled')
    .map((p) =>
      p.stage === 'checked-in'
        ? `${p.name} is checked in: record their procedure, or defer them on their page, before cancelling the list`
        : `${p.name} has had the procedure on this list: cancel the other bookings one by one`,
    );
}
