/**
 * What an empty name or description is told, in the API's answer as in the forms: the words of a
 * person, not the validator's ("Too small: expected string to have >=1 characters").
 */
import { expect, test } from 'vitest';
import { BlockSchema, PatientFactsSchema, RedFlagReportSchema, ScreeningFactsSchema } from './facts.ts';

const messages = (r: { error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message);

test('an empty medicine, drug, agent or infection is told what to enter', () => {
  expect(messages(PatientFactsSchema.safeParse({ medications: [{ name: '' }] }))).toEqual([
    'Name the medicine',
  ]);
  expect(messages(PatientFactsSchema.safeParse({ antithrombotics: [{ name: '' }] }))).toEqual([
    'Name the medicine',
  ]);
  expect(
    messages(PatientFactsSchema.safeParse({ allergyDetails: [{ allergy: 'steroid', agent: ' ' }] })),
  ).toEqual(['Name the agent']);
  expect(
    messages(
      ScreeningFactsSchema.safeParse({
        infections: [{ description: '', startedAt: '2026-03-01T09:00:00Z' }],
        agreedPlans: [
          {
            drug: '',
            decision: 'continue',
            agreedWith: 'Dr A',
            recordedBy: '',
            recordedAt: '2026-03-01T09:00:00Z',
          },
        ],
      }),
    ),
  ).toEqual(['Describe the infection', 'Name the drug the plan is for', 'Required']);
});

test('a name or description of spaces alone is empty, and spaces around one are not kept', () => {
  expect(messages(PatientFactsSchema.safeParse({ antithrombotics: [{ name: '   ' }] }))).toEqual([
    'Name the medicine',
  ]);
  expect(
    messages(
      ScreeningFactsSchema.safeParse({
        infections: [{ description: ' ', startedAt: '2026-03-01T09:00:00Z' }],
        agreedPlans: [
          { drug: '  ', decision: 'continue', recordedBy: 'Nurse', recordedAt: '2026-03-01T09:00:00Z' },
        ],
      }),
    ),
  ).toEqual(['Describe the infection', 'Name the drug the plan is for']);
  // Who recorded a plan or a clinician's review: spaces alone are no one, as an empty name is.
  expect(
    messages(
      ScreeningFactsSchema.safeParse({
        agreedPlans: [
          { drug: 'aspirin', decision: 'continue', recordedBy: '   ', recordedAt: '2026-03-01T09:00:00Z' },
        ],
        clinicianReviews: [{ code: 'lab_no_limit_set', recordedBy: ' ', recordedAt: '2026-03-01T09:00:00Z' }],
      }),
    ),
  ).toEqual(['Required', 'Required']);
  const patient = PatientFactsSchema.parse({ antithrombotics: [{ name: '  Eliquis 5 mg ' }] });
  expect(patient.antithrombotics[0]?.name).toBe('Eliquis 5 mg');
});

test('a worrying-symptom report without a symptom asks for one', () => {
  expect(messages(RedFlagReportSchema.safeParse({ symptoms: [] }))).toContain('Choose at least one symptom');
});

test('a pain score is a whole number from 0 to 10, as the scale and the diary have it', () => {
  // NRS 0–10 (LOINC 72514-3, clinical/README.md): "2.5/10" is not a score a patient gives.
  const block = (baselinePain: number, pain = 2) => ({
    anaesthetic: 'lidocaine',
    performedAt: '2026-03-02T09:00:00Z',
    baselinePain,
    scores: [{ at: '2026-03-02T09:30:00Z', pain }],
  });
  expect(BlockSchema.safeParse(block(7)).success).toBe(true);
  expect(messages(BlockSchema.safeParse(block(7.5)))).toEqual(['Enter a whole number from 0 to 10']);
  expect(messages(BlockSchema.safeParse(block(7, 2.5)))).toEqual(['Enter a whole number from 0 to 10']);
  expect(messages(BlockSchema.safeParse(block(11)))).toEqual(['Enter a whole number from 0 to 10']);
});
