import type { QuestionnaireItem } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { DEFAULT_CANONICAL_BASE as base } from './context.ts';
import { FORM_IDS, formTexts, questionnaire } from './questionnaires.ts';

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
