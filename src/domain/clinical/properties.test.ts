import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { drugsWithoutPlan } from './antithrombotics.ts';
import { reliefPercent } from './block.ts';
import { diarySchedule } from './diary-schedule.ts';
import { DRUG_TABLE } from './drugs.ts';
import { SYMPTOMS, type Symptom } from './facts.ts';
import { type CodedScreening, screenCoded } from './screening.ts';
import { triageSymptoms } from './symptoms.ts';
import { buildScreening, buildSettings } from './testing.ts';

/** go < go-with-actions < go-with-actions that blocks booking < not-safe-yet */
function rank(s: CodedScreening): number {
  if (s.verdict === 'not-safe-yet') return 3;
  if (s.blocksScheduling) return 2;
  return s.verdict === 'go-with-actions' ? 1 : 0;
}

const drugNames = [...DRUG_TABLE.flatMap((d) => d.names), 'tinzaparin', 'Eliquis 5 mg', 'WARFARIN'];
const drug = fc.record({
  name: fc.constantFrom(...drugNames),
  regimen: fc.option(fc.constantFrom('prophylactic', 'therapeutic' as const), { nil: undefined }),
});
const allergy = fc.constantFrom('local-anaesthetic', 'steroid', 'contrast', 'latex' as const);
const day = fc
  .integer({ min: -40, max: 10 })
  .map((d) => new Date(Date.parse('2026-03-10T09:30:00Z') + d * 86_400_000).toISOString());
const infection = fc
  .record({ description: fc.constant('infection'), startedAt: day, resolved: fc.boolean() })
  .map(({ resolved, startedAt, description }) => ({
    description,
    startedAt,
    ...(resolved ? { resolvedAt: new Date(Date.parse(startedAt) + 3 * 86_400_000).toISOString() } : {}),
  }));
const patient = fc.record({
  antithrombotics: fc.array(drug, { maxLength: 3 }),
  allergies: fc.array(allergy, { maxLength: 2 }),
  pregnancy: fc.constantFrom('pregnant', 'not-pregnant', undefined),
  diabetes: fc.option(fc.record({ insulin: fc.boolean() }), { nil: null }),
  bleedingRiskFactors: fc.subarray(['older-age', 'renal-disease'] as const),
});
const episode = fc.record({
  purpose: fc.constantFrom('diagnostic', 'therapeutic', 'both' as const),
  plannedGuidance: fc.constantFrom('fluoroscopy', 'ultrasound', 'ct', undefined),
  plannedContrast: fc.boolean(),
});
const facts = fc.record({
  infections: fc.array(infection, { maxLength: 2 }),
  feverNow: fc.boolean(),
  escortArranged: fc.boolean(),
});

const screen = (p: object, e: object, f: object) =>
  screenCoded(buildScreening({ patient: p, episode: e, facts: f }));

describe('properties: more risk never makes a verdict safer', () => {
  test('adding a drug', () => {
    fc.assert(
      fc.property(patient, episode, facts, drug, (p, e, f, d) => {
        const more = { ...p, antithrombotics: [...p.antithrombotics, d] };
        expect(rank(screen(more, e, f))).toBeGreaterThanOrEqual(rank(screen(p, e, f)));
      }),
    );
  });
  test('adding an infection', () => {
    fc.assert(
      fc.property(patient, episode, facts, infection, (p, e, f, i) => {
        expect(rank(screen(p, e, { ...f, infections: [...f.infections, i] }))).toBeGreaterThanOrEqual(
          rank(screen(p, e, f)),
        );
      }),
    );
  });
  test('writing more after a drug on its line', () => {
    // "apixaban, tinzaparin" is never read as apixaban alone: what follows is a dose, or for a person.
    const more = fc.constantFrom(
      ', tinzaparin',
      ' + tinzaparin',
      ', twice daily',
      ' and aspirin',
      '; for AF',
    );
    fc.assert(
      fc.property(patient, episode, facts, drug, more, (p, e, f, d, m) => {
        const before = { ...p, antithrombotics: [...p.antithrombotics, d] };
        const after = { ...p, antithrombotics: [...p.antithrombotics, { ...d, name: d.name + m }] };
        expect(rank(screen(after, e, f))).toBeGreaterThanOrEqual(rank(screen(before, e, f)));
      }),
    );
  });
  test('adding an allergy', () => {
    fc.assert(
      fc.property(patient, episode, facts, allergy, (p, e, f, a) => {
        expect(rank(screen({ ...p, allergies: [...p.allergies, a] }, e, f))).toBeGreaterThanOrEqual(
          rank(screen(p, e, f)),
        );
      }),
    );
  });
});

describe('properties: the plans the screening form offers are the plans the rules lack', () => {
  // The form offers "Record agreed plan" for each name drugsWithoutPlan returns; the rules ask a
  // clinician for a plan (plan needed, or a drug they do not know). Recording a plan for each name
  // offered must settle every such ask, and then nothing more is offered.
  const line = fc.oneof(
    fc.constantFrom(
      ...drugNames,
      'Aspirin + clopidogrel',
      'Tab. Apixaban 5 mg',
      'Tinzaparín',
      '-',
      'apixaban, tinzaparin',
      'tinzaparin, aspirin',
    ),
    fc.tuple(fc.constantFrom(...drugNames), fc.constantFrom(...drugNames)).map(([a, b]) => `${a} + ${b}`),
  );
  const asks = (p: object, plans: object[]) =>
    screen(p, {}, { agreedPlans: plans })
      .findings.map((f) => f.code)
      .filter((c) => c === 'antithrombotic_plan_needed' || c === 'antithrombotic_unknown');
  const plan = (drug: string) => ({
    drug,
    decision: 'continue' as const,
    recordedBy: 'Dr A',
    recordedAt: '2026-03-02T09:00:00Z',
  });

  test('a plan for each drug offered leaves the rules asking for none, and the form offering none', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: line }), { minLength: 1, maxLength: 3 }), (antithrombotics) => {
        const offered = drugsWithoutPlan(antithrombotics, []);
        if (asks({ antithrombotics }, []).length > 0) expect(offered.length).toBeGreaterThan(0);
        const plans = offered.map(plan);
        expect(asks({ antithrombotics }, plans)).toEqual([]);
        expect(drugsWithoutPlan(antithrombotics, plans)).toEqual([]);
      }),
    );
  });
});

describe('properties: symptoms', () => {
  const RANK = { routine: 0, soon: 1, urgent: 2 };
  const symptom = fc.constantFrom<Symptom>(...SYMPTOMS);
  const hours = fc.integer({ min: 0, max: 24 * 60 });
  const settings = buildSettings();
  const procedureAt = new Date('2026-03-10T09:30:00Z');
  const report = (symptoms: Symptom[], h: number) =>
    triageSymptoms(
      { reportedAt: new Date(procedureAt.getTime() + h * 3_600_000).toISOString(), symptoms },
      procedureAt,
      settings,
    );

  test('adding a symptom never lowers the urgency', () => {
    fc.assert(
      fc.property(fc.array(symptom, { minLength: 1, maxLength: 4 }), symptom, hours, (s, extra, h) => {
        expect(RANK[report([...s, extra], h).urgency]).toBeGreaterThanOrEqual(RANK[report(s, h).urgency]);
      }),
    );
  });

  test('an urgent symptom is never downgraded by anything else in the report', () => {
    const red = fc.constantFrom<Symptom>(
      'new-leg-weakness',
      'bladder-change',
      'bowel-change',
      'saddle-numbness',
      'severe-new-back-pain',
      'fever-or-feeling-unwell',
      'injection-site-hot-red-swollen',
    );
    fc.assert(
      fc.property(red, fc.array(symptom, { maxLength: 5 }), hours, (r, others, h) => {
        expect(report([...others, r], h).urgency).toBe('urgent');
      }),
    );
  });
});

describe('properties: numbers and schedules', () => {
  test('relief is at most 100 %', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (b, p) => {
          expect(reliefPercent(b, p)).toBeLessThanOrEqual(100);
        },
      ),
    );
  });

  test('the diary schedule is sorted and inside its window, in any zone', () => {
    const zones = [
      'Europe/London',
      'America/New_York',
      'Australia/Sydney',
      'Asia/Kolkata',
      'Pacific/Chatham',
      'UTC',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }),
        fc.constantFrom('diagnostic', 'therapeutic', 'both' as const),
        fc.integer({ min: 1, max: 12 }),
        (timeZone, t, purpose, maxHours) => {
          const settings = buildSettings({
            clinic: { timeZone },
            rules: { anaesthetics: { bupivacaine: { minHours: 1, maxHours } } },
          });
          const at = new Date(t);
          const { prompts } = diarySchedule(at, purpose, 'bupivacaine', settings);
          const times = prompts.map((p) => Date.parse(p.dueAt));
          expect(times).toEqual([...times].sort((a, b) => a - b));
          const lastWeek = Math.max(...settings.rules.diary.weeks, 1);
          const lastDay = Math.max(...settings.rules.diary.days);
          const end = t + (Math.max(lastWeek * 7, lastDay) + 1) * 86_400_000;
          for (const time of times) {
            expect(time).toBeGreaterThan(t);
            expect(time).toBeLessThanOrEqual(end);
          }
        },
      ),
    );
  });
});
