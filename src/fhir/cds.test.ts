import { describe, expect, test } from 'vitest';
import { buildSettings } from '../domain/clinical/testing.ts';
import {
  type Card,
  cdsServices,
  deriveScreening,
  INDICATOR,
  injectionSummaryCard,
  isSiJointInjection,
  nhsNumberOf,
  orderCards,
  summaryOf,
} from './cds.ts';
import { CONFIRMED, SYSTEMS } from './codes.ts';
import { DEFAULT_CANONICAL_BASE as base } from './context.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const settings = buildSettings();
let n = 0;
const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

const order = (code: object, extra: object = {}) => ({
  resourceType: 'ServiceRequest',
  id: 'o1',
  status: 'draft',
  intent: 'order',
  code,
  ...extra,
});
const ours = order({ coding: [{ system: `${base}/CodeSystem/procedure`, code: 'si-joint-injection' }] });
const bundle = (...resources: object[]) => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource })),
});
const context = (orders: object[] = [ours]) => ({
  userId: 'Practitioner/1',
  patientId: 'p1',
  draftOrders: {
    resourceType: 'Bundle',
    type: 'collection',
    entry: orders.map((resource) => ({ resource })),
  },
});
/** An INR of 1.1 taken on a day (or at a time). */
const inr = (effectiveDateTime: string) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'INR' },
  valueQuantity: { value: 1.1, unit: '{INR}', code: '{INR}' },
  effectiveDateTime,
});
const nothing = {
  patient: { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: '1960-01-01' },
  medicationRequests: null,
  medicationStatements: null,
  conditions: null,
  observations: null,
};
/** The screening input derived from these prefetch entries, the rest of the prefetch empty. */
const derive = (prefetch: Record<string, unknown>) =>
  deriveScreening({
    context: context(),
    order: ours,
    settings,
    now: NOW,
    prefetch: { ...nothing, ...prefetch },
  });
const cards = (prefetch: Record<string, unknown> | undefined, orders?: object[]): Card[] =>
  orderCards({
    context: context(orders),
    prefetch,
    settings,
    now: NOW,
    canonicalBase: base,
    selectedOnly: false,
    newId,
  });

describe('discovery', () => {
  test('three services with the fields the spec allows, each id unique', () => {
    const services = cdsServices();
    expect(new Set(services.map((s) => s.id)).size).toBe(services.length);
    for (const s of services) expect(s.description.length).toBeGreaterThan(0);
  });
});

describe('which orders are SI joint injections', () => {
  test.each([
    ['our local code', ours, true],
    ['CPT 27096', order({ coding: [{ system: CONFIRMED.cptSiInjection.system, code: '27096' }] }), true],
    ['HCPCS G0260', order({ coding: [{ system: CONFIRMED.hcpcsSiInjection.system, code: 'G0260' }] }), true],
    ['text only', order({ text: 'Right sacroiliac joint injection under fluoroscopy' }), true],
    ['text only, "SI joint block"', order({ text: 'Injection of SI joint' }), true],
    ['a facet joint injection', order({ text: 'Lumbar facet joint injection' }), false],
    ['a knee injection coded elsewhere', order({ coding: [{ system: SYSTEMS.cpt, code: '20610' }] }), false],
    [
      'a MedicationRequest',
      { resourceType: 'MedicationRequest', code: { text: 'SI joint injection' } },
      false,
    ],
  ])('%s', (_label, resource, expected) => {
    expect(isSiJointInjection(resource, base)).toBe(expected);
  });
});

describe('prefetch → screening input', () => {
  test('medicines by RxNorm code, by name and by brand; stopped ones and non-antithrombotics aside', () => {
    const derived = derive({
      medicationRequests: bundle(
        {
          resourceType: 'MedicationRequest',
          status: 'active',
          medicationCodeableConcept: { coding: [{ system: SYSTEMS.rxnorm, code: '11289' }] },
        },
        {
          resourceType: 'MedicationRequest',
          status: 'stopped',
          medicationCodeableConcept: { text: 'apixaban' },
        },
      ),
      medicationStatements: bundle(
        {
          resourceType: 'MedicationStatement',
          status: 'active',
          medicationCodeableConcept: { text: 'Eliquis 5 mg' },
        },
        {
          resourceType: 'MedicationStatement',
          status: 'active',
          medicationCodeableConcept: { text: 'Paracetamol' },
        },
      ),
    });
    expect(derived.patient.antithrombotics.map((a) => a.name)).toEqual(['warfarin', 'Eliquis 5 mg']);
    expect(derived.patient.medications).toEqual([{ name: 'Paracetamol' }]);
    expect(derived.gaps).toEqual([]);
  });

  test('a resolved infection without a date is a gap, not a pass; an active one is an infection', () => {
    const derived = derive({
      conditions: bundle(
        {
          resourceType: 'Condition',
          clinicalStatus: { coding: [{ code: 'resolved' }] },
          code: { text: 'Pneumonia' },
        },
        {
          resourceType: 'Condition',
          clinicalStatus: { coding: [{ code: 'active' }] },
          code: { text: 'Cellulitis of leg' },
          onsetDateTime: '2026-02-25',
        },
        {
          resourceType: 'Condition',
          verificationStatus: { coding: [{ code: 'refuted' }] },
          code: { text: 'Sepsis' },
        },
        {
          resourceType: 'Condition',
          clinicalStatus: { coding: [{ code: 'active' }] },
          code: { text: 'Type 2 diabetes mellitus' },
        },
      ),
    });
    expect(derived.screening.infections).toEqual([
      { description: 'Cellulitis of leg', startedAt: '2026-02-25T12:00:00.000Z' },
    ]);
    expect(derived.gaps).toEqual(['when "Pneumonia" cleared (it is marked resolved without a date)']);
    expect(derived.patient.diabetes).toEqual({ insulin: false });
  });

  test('a date alone is that day on the clinic’s calendar, as the screening form reads it (12:00)', () => {
    // West of UTC, midnight UTC is the evening before: an infection that cleared on 18 February read
    // as cleared on the 17th, and the order could go ahead a day before its 14 days had passed.
    const newYork = buildSettings({ clinic: { timeZone: 'America/New_York' } });
    const prefetch = {
      ...nothing,
      conditions: bundle({
        resourceType: 'Condition',
        clinicalStatus: { coding: [{ code: 'resolved' }] },
        code: { text: 'Cellulitis of leg' },
        onsetDateTime: '2026-02-10',
        abatementDateTime: '2026-02-18',
      }),
      observations: bundle(inr('2026-03-03')),
    };
    // 4 March, 10:00 in New York: the 14 days after the 18th run to the end of 4 March.
    const now = new Date('2026-03-04T15:00:00Z');
    const derived = deriveScreening({ context: context(), order: ours, settings: newYork, now, prefetch });
    expect(derived.screening.infections).toEqual([
      {
        description: 'Cellulitis of leg',
        startedAt: '2026-02-10T17:00:00.000Z',
        resolvedAt: '2026-02-18T17:00:00.000Z',
      },
    ]);
    expect(derived.screening.labs.takenAt).toEqual({ inr: '2026-03-03T17:00:00.000Z' });
    const infection = orderCards({
      context: context(),
      prefetch,
      settings: newYork,
      now,
      canonicalBase: base,
      selectedOnly: false,
      newId,
    }).find((c) => /cellulitis/i.test(c.detail ?? ''));
    expect(infection?.indicator).toBe('critical');
  });

  test('the latest lab value of each kind, with its unit', () => {
    const obs = (text: string, value: number, unit: string, at: string) => ({
      resourceType: 'Observation',
      status: 'final',
      code: { text },
      valueQuantity: { value, unit, code: unit },
      effectiveDateTime: at,
    });
    const derived = derive({
      observations: bundle(
        obs('INR', 2.9, '{INR}', '2026-01-01'),
        obs('INR', 1.1, '{INR}', '2026-02-20'),
        obs('Platelets', 210, '10*9/L', '2026-02-20'),
        obs('HbA1c', 53, 'mmol/mol', '2026-02-20'),
      ),
    });
    expect(derived.screening.labs).toEqual({
      inr: 1.1,
      platelets: 210,
      hba1c: { value: 53, unit: 'mmol/mol' },
      // The day each was taken goes with it: a clinic that limits a result's age can judge it.
      takenAt: {
        inr: '2026-02-20T12:00:00.000Z',
        platelets: '2026-02-20T12:00:00.000Z',
        hba1c: '2026-02-20T12:00:00.000Z',
      },
    });
  });

  test('a result dated in a year nobody means is left out, not a failed hook', () => {
    const derived = derive({
      observations: bundle(inr('1066-10-14')),
      conditions: bundle({
        resourceType: 'Condition',
        clinicalStatus: { coding: [{ code: 'active' }] },
        code: { text: 'Cellulitis of leg' },
        onsetDateTime: '0206-02-25',
      }),
    });
    expect(derived.screening.labs).toEqual({});
    // An active infection whose onset is a slip is still an infection, counted from now.
    expect(derived.screening.infections).toEqual([
      { description: 'Cellulitis of leg', startedAt: NOW.toISOString() },
    ]);
  });
});

describe('findings → cards', () => {
  test('the indicator follows the severity: stop critical, review and action warning, info info', () => {
    expect(INDICATOR).toEqual({ stop: 'critical', review: 'warning', action: 'warning', info: 'info' });
  });

  test('a patient on nothing: no card; an order that is not an SI joint injection: no card', () => {
    expect(cards(nothing)).toEqual([]);
    const clopidogrel = bundle({
      resourceType: 'MedicationStatement',
      status: 'active',
      medicationCodeableConcept: { text: 'clopidogrel' },
    });
    expect(cards({ ...nothing, medicationStatements: clopidogrel }, [order({ text: 'MRI pelvis' })])).toEqual(
      [],
    );
  });

  test('clopidogrel: a warning whose source links the guidance and whose suggestion records a plan', () => {
    const [card, ...rest] = cards({
      ...nothing,
      medicationStatements: bundle({
        resourceType: 'MedicationStatement',
        status: 'active',
        medicationCodeableConcept: { text: 'clopidogrel 75 mg' },
      }),
    });
    expect(rest).toEqual([]);
    expect(card).toMatchObject({
      indicator: 'warning',
      summary: 'clopidogrel 75 mg: agree a plan with the prescriber before the SI joint injection.',
      selectionBehavior: 'at-most-one',
      suggestions: [{ label: 'Record an agreed plan for clopidogrel 75 mg', isRecommended: true }],
    });
    expect(card!.source.url).toMatch(/^https:/);
  });

  test('a woman whose pregnancy is not known: the core’s question is a warning (fluoroscopy)', () => {
    const result = cards({
      ...nothing,
      patient: { resourceType: 'Patient', gender: 'female', birthDate: '1990-06-01' },
    });
    expect(result.map((c) => [c.indicator, c.summary])).toEqual([
      ['warning', 'Not asked: pregnancy, for a woman of 35 (guidance not chosen yet).'],
    ]);
  });

  test('no prefetch at all: an info card naming everything not checked, and pregnancy unknown', () => {
    const [pregnancy, gaps, ...rest] = cards(undefined);
    expect(rest).toEqual([]);
    expect(pregnancy!.indicator).toBe('warning');
    expect(pregnancy!.summary).toMatch(/^Not asked: pregnancy, for a patient whose sex is not recorded/);
    expect(gaps!.indicator).toBe('info');
    expect(gaps!.detail).toContain('the patient');
    expect(gaps!.detail).toContain('medicines');
  });

  test('summaries stay under 140 characters and end on a word', () => {
    const long = `${'word '.repeat(60)}end.`;
    const s = summaryOf(long);
    expect(s.length).toBeLessThan(140);
    expect(s.endsWith('…')).toBe(true);
    expect(summaryOf('Short. Then more.')).toBe('Short.');
  });
});

describe('patient-view', () => {
  test('the NHS number from the prefetched Patient; none without one', () => {
    const patient = {
      resourceType: 'Patient',
      identifier: [{ system: SYSTEMS.nhsNumber, value: '943 476 5919' }],
    };
    expect(nhsNumberOf({ patient })).toBe('9434765919');
    expect(nhsNumberOf({ patient: { resourceType: 'Patient' } })).toBeUndefined();
    expect(nhsNumberOf(undefined)).toBeUndefined();
  });

  test('the total steroid dose, a lower bound when a dose is missing; no card without injections', () => {
    expect(injectionSummaryCard({ injections: [], dosesMissing: 0 }, base, newId)).toEqual([]);
    const [card] = injectionSummaryCard(
      {
        injections: [
          { performedAt: '2026-02-01T10:00:00Z', side: 'left', steroidMg: 40, steroid: 'triamcinolone' },
          {
            performedAt: '2025-11-01T10:00:00Z',
            side: 'right',
            steroidMg: null,
            steroid: 'methylprednisolone',
          },
        ],
        dosesMissing: 1,
      },
      base,
      newId,
    );
    expect(card!.summary).toBe(
      '2 SI joint injections in the last 12 months; 40 mg steroid (triamcinolone, methylprednisolone) at least.',
    );
    expect(card!.detail).toContain('lower bound');
  });
});
