import { expect, test } from 'vitest';
import { nothingTicked, treatmentLabel } from './ReportSymptomPage';

test.each([
  [{ side: 'left', referredOn: '2026-10-19' }, 'Left side, referred 19 Oct 2026'],
  [{ side: 'both', referredOn: '2026-03-02' }, 'Both sides, referred 2 Mar 2026'],
  [{ side: null, referredOn: '2026-03-02' }, 'Referred 2 Mar 2026'],
] as const)(
  'a patient with two treatments chooses one by its side and the day it was referred: %o',
  (e, label) => {
    expect(treatmentLabel(e)).toBe(label);
  },
);

test('a patient who wrote words but ticked nothing is shown the box for a symptom not on the list', () => {
  expect(nothingTicked('A rash on my back')).toMatch(/tick “A symptom not on our list”/);
  expect(nothingTicked('   ')).toBe('Choose at least one symptom.');
});
