/**
 * What an empty name or description is told, in the API's answer as in the forms: the words of a
 * person, not the validator's ("Too small: expected string to have >=1 characters").
 */
import { expect, test } from 'vitest';
import { PatientFactsSchema, RedFlagReportSchema, ScreeningFactsSchema } from './facts.ts';

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

test('a worrying-symptom report without a symptom asks for one', () => {
  expect(messages(RedFlagReportSchema.safeParse({ symptoms: [] }))).toContain('Choose at least one symptom');
});
