import { describe, expect, test } from 'vitest';
import {
  DiaryEntryFactsSchema,
  type DiaryPromptDue,
  entryTiming,
  promptStates,
  windowEndsAt,
} from './diary.ts';

const at = (iso: string) => new Date(iso);
const hour = (h: number): DiaryPromptDue => ({
  kind: 'hour',
  after: h * 60,
  dueAt: at(`2026-03-02T${String(10 + h).padStart(2, '0')}:00:00Z`),
});
const day = (d: number): DiaryPromptDue => ({
  kind: 'day',
  after: d,
  dueAt: at(`2026-03-${String(2 + d).padStart(2, '0')}T09:00:00Z`),
});
const week = (w: number): DiaryPromptDue => ({
  kind: 'week',
  after: w,
  dueAt: new Date(at('2026-03-02T09:00:00Z').getTime() + w * 7 * 86_400_000),
});

describe('a prompt’s window', () => {
  test('closes when the next prompt is due', () => {
    expect(windowEndsAt(hour(1), hour(2), 60)).toEqual(hour(2).dueAt);
    expect(windowEndsAt(day(1), day(2), 60)).toEqual(day(2).dueAt);
  });

  test('lasts at most one spacing of its kind', () => {
    // Day 7, then week 2 a week later: the day's prompt is open for a day, not a week.
    expect(windowEndsAt(day(7), week(2), 60)).toEqual(at('2026-03-10T09:00:00Z'));
    expect(windowEndsAt(week(13), undefined, 60)).toEqual(
      new Date(week(13).dueAt.getTime() + 7 * 86_400_000),
    );
    // The last hourly prompt stays open for the clinic's spacing (here 30 minutes).
    expect(windowEndsAt(hour(4), undefined, 30)).toEqual(at('2026-03-02T14:30:00Z'));
  });
});

describe('prompt states', () => {
  const prompts = [day(2), day(1), day(3)];
  test('upcoming, open, answered, late and missed', () => {
    const now = at('2026-03-05T10:00:00Z'); // day 3, an hour after its prompt
    const states = promptStates(prompts, [{ id: 'e1', promptAt: day(1).dueAt, late: false }], now, 60);
    expect(states.map((s) => [s.after, s.status])).toEqual([
      [1, 'answered'],
      [2, 'missed'],
      [3, 'open'],
    ]);
    expect(states[0]?.entryId).toBe('e1');
    const before = promptStates(prompts, [], at('2026-03-03T08:00:00Z'), 60);
    expect(before.map((s) => s.status)).toEqual(['upcoming', 'upcoming', 'upcoming']);
    const late = promptStates(prompts, [{ id: 'e2', promptAt: day(2).dueAt, late: true }], now, 60);
    expect(late[1]?.status).toBe('answered-late');
  });

  test('a closed diary drops the prompts it never asked', () => {
    const states = promptStates(prompts, [], at('2026-03-10T00:00:00Z'), 60, at('2026-03-04T12:00:00Z'));
    expect(states.map((s) => s.after)).toEqual([1, 2]);
  });
});

describe('when an entry counts', () => {
  const states = (now: Date, entries: { id: string; promptAt: Date | null; late: boolean }[] = []) =>
    promptStates([day(1), day(2)], entries, now, 60);

  test('without a prompt: the pain now, never late', () => {
    const now = at('2026-03-03T15:00:00Z');
    expect(entryTiming(undefined, states(now), now)).toEqual({ ok: true, late: false, at: now });
  });

  test('inside the window: on time, scored now', () => {
    const now = at('2026-03-03T15:00:00Z');
    expect(entryTiming(day(1).dueAt, states(now), now)).toEqual({ ok: true, late: false, at: now });
  });

  test('after the window: allowed, late, and about the prompt’s time', () => {
    const now = at('2026-03-06T15:00:00Z');
    expect(entryTiming(day(1).dueAt, states(now), now)).toEqual({ ok: true, late: true, at: day(1).dueAt });
  });

  test('refused: not a prompt, not due yet, already answered', () => {
    const now = at('2026-03-03T15:00:00Z');
    expect(entryTiming(at('2026-03-03T10:00:00Z'), states(now), now)).toEqual({
      ok: false,
      reason: 'not-a-prompt',
    });
    expect(entryTiming(day(2).dueAt, states(now), now)).toEqual({ ok: false, reason: 'not-due-yet' });
    const answered = states(now, [{ id: 'e', promptAt: day(1).dueAt, late: false }]);
    expect(entryTiming(day(1).dueAt, answered, now)).toEqual({ ok: false, reason: 'already-answered' });
  });
});

describe('a diary entry', () => {
  test('needs only the pain score, a whole number from 0 to 10', () => {
    expect(DiaryEntryFactsSchema.safeParse({ pain: 4 }).success).toBe(true);
    expect(DiaryEntryFactsSchema.safeParse({ pain: 11 }).success).toBe(false);
    expect(DiaryEntryFactsSchema.safeParse({ pain: 4.5 }).success).toBe(false);
    expect(DiaryEntryFactsSchema.safeParse({}).success).toBe(false);
  });

  test('PGIC on the 7-point scale', () => {
    expect(DiaryEntryFactsSchema.safeParse({ pain: 2, pgic: 1 }).success).toBe(true);
    expect(DiaryEntryFactsSchema.safeParse({ pain: 2, pgic: 8 }).success).toBe(false);
  });
});
