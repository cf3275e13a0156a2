import { expect, test } from 'vitest';
import { headlineLine } from './DashboardPage';

const row = { threshold: 'half' as const, week: 6 };

test('the six-week sentence gives the share with its interval, after the group’s count', () => {
  const r = {
    ...row,
    group: 'ultrasound',
    successes: 18,
    trials: 40,
    estimate: 0.45,
    lower: 0.31,
    upper: 0.6,
  };
  expect(headlineLine(r, { median: { time: 35 } })).toBe(
    'Ultrasound: 18 of 40 patients with a diary score at 6 weeks had at least half their pain gone — 45 % (31–60 %). Relief of at least half lasted a median of 35 days (5 weeks).',
  );
});

test('a group nobody has scored at six weeks says so, not "0 of 0 … — —"', () => {
  const r = { ...row, group: null, successes: 0, trials: 0, estimate: null, lower: null, upper: null };
  expect(headlineLine(r)).toBe('All: no patient has a diary score at 6 weeks yet.');
});

test('a share hidden for a small count is left out, not written as a dash', () => {
  const r = {
    ...row,
    group: null,
    successes: '<5' as const,
    trials: 12,
    estimate: null,
    lower: null,
    upper: null,
  };
  expect(headlineLine(r)).toBe(
    'All: <5 of 12 patients with a diary score at 6 weeks had at least half their pain gone.',
  );
});
