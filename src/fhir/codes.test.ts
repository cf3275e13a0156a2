import { describe, expect, test } from 'vitest';
import { INDICATIONS } from '../domain/clinical/index.ts';
import {
  billingCodings,
  CONFIRMED,
  guidanceCoding,
  indicationCodings,
  LOCAL_SYSTEMS,
  localSystemUrl,
  SYSTEMS,
  sideOfLaterality,
} from './codes.ts';

const base = 'https://sijpath.example/fhir';
const standard = new Set<string>([
  SYSTEMS.snomed,
  SYSTEMS.icd10cm,
  SYSTEMS.loinc,
  SYSTEMS.cpt,
  SYSTEMS.hcpcs,
]);
const confirmed = new Set(Object.values(CONFIRMED).map((c) => `${c.system}|${c.code}`));

describe('codes', () => {
  // A receiver must be able to trust a SNOMED CT / ICD-10 / LOINC code: only confirmed ones go out.
  test('every indication has our own code and only confirmed standard codes', () => {
    for (const indication of INDICATIONS) {
      const codings = indicationCodings(base, indication);
      expect(codings[0]?.system).toBe(localSystemUrl(base, 'indication'));
      for (const c of codings.filter((k) => standard.has(k.system ?? ''))) {
        expect(confirmed.has(`${c.system}|${c.code}`)).toBe(true);
      }
    }
    expect(indicationCodings(base, 'ankylosing-spondylitis').map((c) => c.system)).toEqual([
      localSystemUrl(base, 'indication'),
    ]);
    expect(indicationCodings(base, 'sacroiliitis').map((c) => c.code)).toEqual([
      'sacroiliitis',
      'M46.1',
      '55146009',
    ]);
  });

  test('each confirmed code names where the clinical sources confirm it', () => {
    for (const c of Object.values(CONFIRMED)) {
      expect(c.source).toMatch(/sources(-addendum)?\.md|README/);
      expect(c.display.length).toBeGreaterThan(3);
    }
  });

  test('guidance: LOINC for fluoroscopy and CT by side, our own code for ultrasound', () => {
    expect(guidanceCoding(base, 'fluoroscopy').code).toBe('35927-3');
    expect(guidanceCoding(base, 'ct', 'left').code).toBe('26320-2');
    expect(guidanceCoding(base, 'ct', 'right').code).toBe('26321-0');
    expect(guidanceCoding(base, 'ct', 'both').code).toBe('26319-4');
    expect(guidanceCoding(base, 'ultrasound').system).toBe(localSystemUrl(base, 'image-guidance'));
  });

  test('billing view: 27096 only for an imaged intra-articular injection ([S44])', () => {
    expect(billingCodings('fluoroscopy', 'intra-articular').map((c) => c.code)).toEqual(['27096', 'G0260']);
    expect(billingCodings('ultrasound', 'intra-articular').map((c) => c.code)).toEqual(['G0260']);
    expect(billingCodings('fluoroscopy', 'periarticular')).toEqual([]);
  });

  test('laterality reads back to the side', () => {
    expect(sideOfLaterality([{ system: SYSTEMS.snomed, code: '24028007' }])).toBe('right');
    expect(sideOfLaterality([{ system: SYSTEMS.loinc, code: '24028007' }])).toBeUndefined();
  });

  test('every local code system says why it is local', () => {
    for (const why of Object.values(LOCAL_SYSTEMS)) expect(why.length).toBeGreaterThan(10);
  });
});
