import { describe, expect, test } from 'vitest';
import { diarySchedule } from './diary-schedule.ts';
import { buildSettings } from './testing.ts';
import { toLocal } from './zoned-time.ts';

const settings = buildSettings({ rules: { anaesthetics: { bupivacaine: { minHours: 4, maxHours: 8 } } } });
// Friday 27 March 2026, 14:00 GMT: the clocks go forward two days later.
const procedureAt = new Date('2026-03-27T14:00:00Z');

describe('diary schedule ([S9]: same day, following days; ≥ 3 months for a repeat)', () => {
  test.each([
    ['diagnostic', 8 + 7, ['hour', 'day']],
    ['therapeutic', 7 + 5, ['day', 'week']],
    ['both', 8 + 7 + 5, ['hour', 'day', 'week']],
  ] as const)('%s: %d prompts of kinds %o', (purpose, count, kinds) => {
    const s = diarySchedule(procedureAt, purpose, 'bupivacaine', settings);
    expect(s.prompts).toHaveLength(count);
    expect([...new Set(s.prompts.map((p) => p.kind))]).toEqual(kinds);
  });

  test('hourly prompts inside the anaesthetic window, then days at 09:00 local across the clock change', () => {
    const s = diarySchedule(procedureAt, 'both', 'bupivacaine', settings);
    const hours = s.prompts.filter((p) => p.kind === 'hour');
    expect(hours.at(-1)?.dueAt).toBe('2026-03-27T22:00:00.000Z');
    const days = s.prompts.filter((p) => p.kind === 'day');
    expect(days[0]?.dueAt).toBe('2026-03-28T09:00:00.000Z'); // GMT
    expect(days[1]?.dueAt).toBe('2026-03-29T08:00:00.000Z'); // BST
    for (const p of s.prompts.filter((x) => x.kind !== 'hour')) {
      expect(toLocal(new Date(p.dueAt), 'Europe/London')).toMatchObject({ hour: 9, minute: 0 });
    }
    expect(days[1]?.dueLocal).toBe('Sunday 29 March 2026, 09:00');
    expect(s.prompts.find((p) => p.kind === 'week' && p.after === 13)?.dueLocal).toBe(
      'Friday 26 June 2026, 09:00',
    );
  });

  test('an anaesthetic with no expected duration: no hourly prompts, and staff are told', () => {
    const s = diarySchedule(procedureAt, 'diagnostic', 'lidocaine', settings);
    expect(s.prompts.every((p) => p.kind === 'day')).toBe(true);
    expect(s.findings.map((f) => f.code)).toEqual(['diary_anaesthetic_window_unknown']);
    expect(diarySchedule(procedureAt, 'diagnostic', undefined, settings).findings).toHaveLength(1);
  });

  test('the block record can give the duration', () => {
    const s = diarySchedule(procedureAt, 'diagnostic', 'lidocaine', settings, { minHours: 1, maxHours: 2 });
    expect(s.prompts.filter((p) => p.kind === 'hour')).toHaveLength(2);
  });

  test('a day and a week falling on the same moment are asked once', () => {
    const s = diarySchedule(
      procedureAt,
      'therapeutic',
      undefined,
      buildSettings({ rules: { diary: { days: [7, 14], weeks: [1, 2] } } }),
    );
    expect(s.prompts).toHaveLength(2);
  });
});
