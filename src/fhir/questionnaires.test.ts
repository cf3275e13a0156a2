import type { QuestionnaireItem } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { ScreeningStepFacts } from '../domain/step-records.ts';
import { screeningFacts } from '../server/demo/payloads.ts';
import { DEFAULT_CANONICAL_BASE as base } from './context.ts';
import {
  FORM_IDS,
  type FormId,
  formOf,
  formTexts,
  questionnaire,
  questionnaireResponse,
  responseFacts,
} from './questionnaires.ts';

/** "facts.foo.bar" or "plansToDrive": a field's path or name, not words a person reads. */
const looksLikeFieldPath = (text: string) =>
  /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/.test(text) || /^[a-z]+[A-Z][A-Za-z0-9]*$/.test(text);

function items(list: QuestionnaireItem[] | undefined): QuestionnaireItem[] {
  return (list ?? []).flatMap((i) => [i, ...items(i.item)]);
}

describe.each(FORM_IDS)('the %s Questionnaire', (id) => {
  test('every field of the form has its question text', () => {
    expect(
      formTexts(base, id)
        .filter(([, text]) => text === undefined)
        .map(([linkId]) => linkId),
    ).toEqual([]);
  });

  test('no item text is a field path: each is worded for the person answering', () => {
    const offending = items(questionnaire({ canonicalBase: base }, id).item)
      .filter((i) => !i.text || i.text === i.linkId || looksLikeFieldPath(i.text))
      .map((i) => `${i.linkId}: ${i.text}`);
    expect(offending).toEqual([]);
  });
});

test('the check itself catches a field path', () => {
  expect(looksLikeFieldPath('screening.answers.infection')).toBe(true);
  expect(looksLikeFieldPath('plansToDrive')).toBe(true);
  expect(looksLikeFieldPath('Diabetes?')).toBe(false);
  expect(looksLikeFieldPath('Platelets (×10⁹/L)')).toBe(false);
});

describe('a response read back', () => {
  const ctx = { canonicalBase: base };
  const subject = { reference: 'Patient/p1' };
  const back = (id: FormId, facts: unknown) =>
    responseFacts(ctx, id, questionnaireResponse(ctx, id, { id: 'r1', subject, authored: at, facts }));
  const at = '2026-03-02T10:00:00.000Z';

  test('a screening call with something in every part gives the facts the app stored', () => {
    const facts = ScreeningStepFacts.parse(
      screeningFacts('right', {
        patient: {
          diabetes: { type: 'type-2', insulin: true },
          antithrombotics: [{ name: 'apixaban 5 mg', regimen: 'therapeutic', reportedLastDoseAt: at }],
          allergies: ['contrast'],
          allergyDetails: [{ allergy: 'contrast', agent: 'iohexol', reaction: 'mild' }],
          medications: [{ name: 'metformin', dose: '500 mg' }],
        },
        screening: {
          labs: { glucose: { value: 7.2, unit: 'mmol/L' }, inr: 1.1, platelets: 220 },
          agreedPlans: [
            { drug: 'apixaban', decision: 'hold', lastDoseAt: at, recordedBy: 'Nurse A', recordedAt: at },
          ],
          plansToDrive: false,
        },
        plan: { plannedSteroidDoseMg: 40, approach: 'intra-articular' },
      }),
    );
    expect(ScreeningStepFacts.parse(back('screening', facts))).toEqual(facts);
  });

  test('no diabetes (null) comes back as null, not as a diabetes with no details', () => {
    const facts = ScreeningStepFacts.parse(screeningFacts('left', { patient: { diabetes: null } }));
    expect((back('screening', facts).patient as { diabetes: unknown }).diabetes).toBeNull();
  });

  test('a diary entry keeps its pain and its impression of change', () => {
    expect(back('diary', { pain: 3, pgic: 2 })).toEqual({ pain: 3, pgic: 2 });
    expect(back('diary', { pain: 0 })).toEqual({ pain: 0 });
  });

  test('a symptom report keeps its symptoms, the flare time and the words', () => {
    const facts = {
      symptoms: ['pain-flare', 'fever-or-feeling-unwell'],
      flareStartedAt: at,
      freeText: 'since lunch',
    };
    expect(back('symptom-report', facts)).toEqual(facts);
  });

  test('a response to another questionnaire is not read as one of ours', () => {
    expect(formOf(ctx, { questionnaire: 'http://example.org/Questionnaire/phq-9' })).toBeUndefined();
    expect(formOf(ctx, { questionnaire: `${base}/Questionnaire/diary|0.1.0` })).toBe('diary');
  });
});
