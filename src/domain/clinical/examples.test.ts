import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { assessJson } from './assess-json.ts';
import { AssessmentSchema } from './response.ts';

// The worked examples in docs/examples, run through the function `sijpath assess` uses.
const dir = join(import.meta.dirname, '../../../docs/examples');
const requests = readdirSync(dir)
  .filter((f) => f.endsWith('.request.json'))
  .sort();

describe('worked examples (docs/examples)', () => {
  test('the examples the issue asks for are all present', () => {
    expect(requests).toEqual(
      expect.arrayContaining([
        'go-patient.request.json',
        'apixaban-without-plan.request.json',
        'chest-infection-5-days-ago.request.json',
        'diabetic-high-glucose.request.json',
        'pregnancy.request.json',
        'positive-diagnostic-block.request.json',
        'negative-diagnostic-block.request.json',
        'urgent-symptom-report.request.json',
      ]),
    );
  });

  test.each(requests)('%s gives the committed response', (file) => {
    const out = assessJson(readFileSync(join(dir, file), 'utf8'));
    expect(out.exitCode).toBe(0);
    expect(out.stderr, 'every field of a worked example is read').toBe('');
    expect(out.stdout).toBe(readFileSync(join(dir, file.replace('.request.json', '.response.json')), 'utf8'));
    expect(out.stdout).not.toMatch(/undefined|NaN/);
    // The response honours its published schema (docs/schemas/assessment.json).
    expect(AssessmentSchema.safeParse(JSON.parse(out.stdout)).success).toBe(true);
  });

  test.each([
    ['go-patient', 'screening', 'go'],
    ['apixaban-without-plan', 'screening', 'go-with-actions'],
    ['chest-infection-5-days-ago', 'screening', 'not-safe-yet'],
    ['diabetic-high-glucose', 'screening', 'not-safe-yet'],
    ['positive-diagnostic-block', 'blockResponse', 'positive'],
    ['negative-diagnostic-block', 'blockResponse', 'negative'],
    ['urgent-symptom-report', 'redFlag', 'urgent'],
  ])('%s: %s is %s', (name, part, value) => {
    const r = JSON.parse(readFileSync(join(dir, `${name}.response.json`), 'utf8'));
    expect(Object.values(r[part]).includes(value)).toBe(true);
  });
});
