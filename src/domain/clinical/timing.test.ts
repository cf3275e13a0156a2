import { describe, expect, test } from 'vitest';
import {
  checkInIsLate,
  checkInTimingIssue,
  didNotAttendTimingIssue,
  performedAtIssues,
  sameLocalDay,
} from './timing.ts';

const tz = 'Europe/London';
const at = (iso: string) => new Date(iso);
// Booked 09:30 London on Tuesday 10 March 2026 (GMT: 09:30Z).
const planned = at('2026-03-10T09:30:00Z');

describe('check-in only on the booked local day (defect 10)', () => {
  test.each([
    ['early on the day', '2026-03-10T06:45:00Z', true],
    ['late on the day, the list running over', '2026-03-10T19:00:00Z', true],
    ['a week before', '2026-03-03T09:30:00Z', false],
    ['the evening before', '2026-03-09T20:00:00Z', false],
    ['the day after', '2026-03-11T08:00:00Z', false],
  ])('%s', (_n, now, ok) => {
    const issue = checkInTimingIssue(planned, at(now), tz);
    expect(issue === null).toBe(ok);
  });

  test('the reason names the booked day and today', () => {
    expect(checkInTimingIssue(planned, at('2026-03-03T09:30:00Z'), tz)).toBe(
      'Check-in is on the booked day, Tuesday 10 March 2026, 09:30; today is Tuesday 3 March 2026. Reschedule the booking if the patient is here on another day.',
    );
  });

  test("the day is the clinic's: 00:30 BST is the next day though UTC says the day before", () => {
    const summer = at('2026-07-01T08:30:00Z'); // 09:30 BST on 1 July
    expect(sameLocalDay(summer, at('2026-06-30T23:30:00Z'), tz)).toBe(true); // 00:30 BST on 1 July
    expect(sameLocalDay(summer, at('2026-06-30T22:30:00Z'), tz)).toBe(false);
  });
});

describe('the procedure time: on the booked day, not in the future (defect 10)', () => {
  const now = at('2026-03-10T11:00:00Z');
  test.each([
    ['an hour ago, on the booked day', '2026-03-10T10:00:00Z', []],
    ['5 minutes ahead of the server clock (within the margin)', '2026-03-10T11:05:00Z', []],
    ['an hour in the future', '2026-03-10T12:00:00Z', ['is in the future']],
    [
      'a week before the booked day',
      '2026-03-03T10:00:00Z',
      ['is not on the booked day, Tuesday 10 March 2026'],
    ],
  ])('%s', (_n, performedAt, messages) => {
    const issues = performedAtIssues(at(performedAt), planned, now, tz);
    expect(issues.map((i) => i.field)).toEqual(messages.map(() => 'record.performedAt'));
    expect(issues.map((i) => i.reason)).toEqual(
      messages.map((m) => (m.includes('future') ? 'future' : 'not-booked-day')),
    );
    messages.forEach((m, i) => {
      expect(issues[i]?.message).toContain(m);
    });
  });
});

describe('did not attend: from the booked local day on', () => {
  test.each([
    ['a week before', '2026-03-03T09:30:00Z', false],
    ['the evening before', '2026-03-09T23:59:00Z', false],
    ['early on the day, before the time', '2026-03-10T00:05:00Z', true],
    ['the day after', '2026-03-11T08:00:00Z', true],
  ])('%s', (_n, now, ok) => {
    expect(didNotAttendTimingIssue(planned, at(now), tz) === null).toBe(ok);
  });

  test('the reason names the booked day and what to do instead', () => {
    expect(didNotAttendTimingIssue(planned, at('2026-03-03T09:30:00Z'), tz)).toBe(
      'The patient is booked for Tuesday 10 March 2026, 09:30: "did not attend" is recorded from that day. If they will not come, cancel the booking with the reason.',
    );
  });
});

describe('a check-in after the booked day: a late entry, with why', () => {
  test('the day after, with a reason, is recorded; a week before, with one, is still refused', () => {
    expect(checkInIsLate(planned, at('2026-03-11T08:00:00Z'), tz)).toBe(true);
    expect(
      checkInTimingIssue(planned, at('2026-03-11T08:00:00Z'), tz, 'Written on paper on the day'),
    ).toBeNull();
    expect(checkInTimingIssue(planned, at('2026-03-11T08:00:00Z'), tz, '  ')).toBe(
      'Check-in was for the booked day, Tuesday 10 March 2026, 09:30; today is Wednesday 11 March 2026. If the patient was checked in that day, record it with why it is recorded late; if they are here today instead, reschedule the booking.',
    );
    expect(checkInIsLate(planned, at('2026-03-03T09:30:00Z'), tz)).toBe(false);
    expect(checkInTimingIssue(planned, at('2026-03-03T09:30:00Z'), tz, 'A reason')).toMatch(
      /^Check-in is on the booked day/,
    );
  });
});
