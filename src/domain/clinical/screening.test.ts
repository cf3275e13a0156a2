import { describe, expect, test } from 'vitest';
import { drugsWithoutPlan } from './antithrombotics.ts';
import { DRUG_TABLE, findDrug } from './drugs.ts';
import { EpisodeFactsSchema, PatientFactsSchema, ScreeningFactsSchema } from './facts.ts';
import { type CodedFinding, type FindingCode, hasCode } from './findings.ts';
import { screenCoded } from './screening.ts';
import { ANSWERED_NO, buildScreening, buildSettings, NOW } from './testing.ts';
import { present, wordingContext } from './wording.ts';

const codes = (fs: CodedFinding[]) => fs.map((f) => f.code);
const run = (parts: Parameters<typeof buildScreening>[0]) => screenCoded(buildScreening(parts));
const one = <C extends FindingCode>(parts: Parameters<typeof buildScreening>[0], code: C) => {
  const f = run(parts).findings.find(hasCode(code));
  if (!f) throw new Error(`no ${code} in ${codes(run(parts).findings).join(', ')}`);
  return f;
};

describe('the drug table (clinical/sources.md §1c)', () => {
  test.each([
    ['Eliquis 5 mg twice daily', 'apixaban'],
    ['APIXABAN', 'apixaban'],
    ['xarelto', 'rivaroxaban'],
    ['Lixiana', 'edoxaban'],
    ['Pradaxa 150mg', 'dabigatran'],
    ['Plavix', 'clopidogrel'],
    ['Brilique', 'ticagrelor'],
    ['Efient', 'prasugrel'],
    ['Arixtra', 'fondaparinux'],
    ['Coumadin', 'warfarin'],
    ['Sinthrome', 'acenocoumarol'],
    ['Heparin sodium', 'unfractionated heparin'],
    ['Fragmin', 'dalteparin'],
    ['Nurofen', 'ibuprofen'],
    ['Pletal', 'cilostazol'],
    ['Persantin', 'dipyridamole'],
    ['Aspirin 75 mg', 'aspirin'],
    ['Aspirin and dipyridamole', 'aspirin with dipyridamole'],
    // The name the screening form offers a plan under, so a plan recorded there is this drug's.
    ['Aspirin with dipyridamole', 'aspirin with dipyridamole'],
  ])('%s is %s', (name, generic) => {
    expect(findDrug(name)?.generic).toBe(generic);
  });

  test('every drug is known by its own generic name', () => {
    for (const row of DRUG_TABLE) expect(findDrug(row.generic, row.regimen)?.key).toBe(row.key);
  });

  test('an unknown name is not matched by a prefix of a word', () => {
    expect(findDrug('tinzaparin')).toBeUndefined();
    expect(findDrug('aspirinate')).toBeUndefined();
  });

  test('enoxaparin without a regimen takes the longer (therapeutic) hold', () => {
    expect(findDrug('Clexane')?.key).toBe('enoxaparin-therapeutic');
    expect(findDrug('Clexane', 'prophylactic')?.key).toBe('enoxaparin-prophylactic');
  });
});

describe('antithrombotics at low bleeding risk ([S1a]: SI joint injection is low risk)', () => {
  test.each([
    // [S1a] "No" at low risk: continue.
    ['aspirin', 'antithrombotic_continue', 'info'],
    ['naproxen', 'antithrombotic_continue', 'info'],
    ['cilostazol', 'antithrombotic_continue', 'info'],
    // [S1a] warfarin: "No; shared assessment and risk stratification".
    ['warfarin', 'antithrombotic_plan_needed', 'review'],
    // [S4]/[A2] DOACs and P2Y12 inhibitors: shared assessment.
    ['apixaban', 'antithrombotic_plan_needed', 'review'],
    ['clopidogrel', 'antithrombotic_plan_needed', 'review'],
    // [S1a] heparins: a firm hold.
    ['enoxaparin', 'antithrombotic_plan_needed', 'review'],
    ['heparin', 'antithrombotic_plan_needed', 'review'],
    // clinical/README: an unknown drug goes to a clinician, never ignored.
    ['tinzaparin', 'antithrombotic_unknown', 'review'],
  ])('%s → %s (%s)', (name, code, severity) => {
    const f = one({ patient: { antithrombotics: [{ name }] } }, code as FindingCode);
    expect(f.severity).toBe(severity);
    expect(f.sources.length).toBeGreaterThan(0);
  });

  test('apixaban without a plan: go-with-actions, blocks scheduling, patient told nothing', () => {
    const s = run({ patient: { antithrombotics: [{ name: 'Eliquis' }] } });
    expect(s.verdict).toBe('go-with-actions');
    expect(s.blocksScheduling).toBe(true);
    const f = s.findings.find((x) => x.code === 'antithrombotic_plan_needed')!;
    expect(f.details.advice).toBe('shared-assessment');
    expect(f.action?.who).toBe('staff');
  });

  test('enoxaparin prophylactic: last dose 12 h before the planned procedure time', () => {
    const f = one(
      { patient: { antithrombotics: [{ name: 'enoxaparin', regimen: 'prophylactic' }] } },
      'antithrombotic_plan_needed',
    );
    expect(f.details.holdHours).toBe(12);
    expect(f.action?.dueAt).toBe('2026-03-09T21:30:00.000Z');
    expect(f.details.restartMinHours).toBe(4);
  });

  test('a clinic suggested hold for a shared-assessment drug is shown, not enforced', () => {
    const settings = buildSettings({ rules: { antithrombotics: { suggestedHoldHours: { apixaban: 24 } } } });
    const f = one(
      { settings, patient: { antithrombotics: [{ name: 'apixaban' }] } },
      'antithrombotic_plan_needed',
    );
    expect(f.details.holdIsClinicSetting).toBe(true);
    expect(f.action?.dueAt).toBe('2026-03-09T09:30:00.000Z');
    expect(f.severity).toBe('review');
  });

  test('a recorded plan reaches the patient and unblocks scheduling', () => {
    const s = run({
      patient: { antithrombotics: [{ name: 'apixaban' }] },
      facts: {
        agreedPlans: [
          {
            drug: 'Eliquis',
            decision: 'hold',
            lastDoseAt: '2026-03-08T08:00:00Z',
            restartAfterHours: 24,
            recordedBy: 'Nurse Jones',
            recordedAt: '2026-03-02T09:00:00Z',
          },
        ],
      },
    });
    expect(codes(s.findings)).toContain('antithrombotic_plan_recorded');
    expect(s.blocksScheduling).toBe(false);
    expect(s.verdict).toBe('go-with-actions');
  });

  test('a drug written by its generic name is named once', () => {
    const staff = (name: string) =>
      present(
        one({ patient: { antithrombotics: [{ name }] } }, 'antithrombotic_plan_needed'),
        wordingContext(buildSettings()),
      ).staffText;
    expect(staff('Warfarin')).toMatch(/^Warfarin: shared assessment/);
    expect(staff('Eliquis 5 mg')).toMatch(/^Eliquis 5 mg \(apixaban\): shared assessment/);
  });

  test('the latest plan for a drug stands', () => {
    const f = one(
      {
        patient: { antithrombotics: [{ name: 'apixaban' }] },
        facts: {
          agreedPlans: [
            {
              drug: 'apixaban',
              decision: 'hold',
              lastDoseAt: '2026-03-08T08:00:00Z',
              recordedBy: 'A',
              recordedAt: '2026-03-02T09:00:00Z',
            },
            { drug: 'apixaban', decision: 'continue', recordedBy: 'B', recordedAt: '2026-03-02T09:30:00Z' },
          ],
        },
      },
      'antithrombotic_plan_recorded',
    );
    expect(f.details.decision).toBe('continue');
    expect(f.details.recordedBy).toBe('B');
  });

  test('the latest plan is the one recorded last, whatever offset its time is written with', () => {
    // The heparin hold was recorded at 09:30 UTC (written 10:30+01:00), then revised to "continue"
    // at 09:45 UTC. Compared as text, "10:30+01:00" looked later and the hold stood: "go".
    const s = run({
      patient: { antithrombotics: [{ name: 'enoxaparin', regimen: 'prophylactic' }] },
      facts: {
        agreedPlans: [
          {
            drug: 'enoxaparin',
            decision: 'hold',
            lastDoseAt: '2026-03-09T20:00:00Z',
            recordedBy: 'A',
            recordedAt: '2026-03-02T10:30:00+01:00',
          },
          { drug: 'enoxaparin', decision: 'continue', recordedBy: 'B', recordedAt: '2026-03-02T09:45:00Z' },
        ],
      },
    });
    expect(s.findings.find((f) => f.code === 'antithrombotic_plan_too_short')?.details.plannedHoldHours).toBe(
      0,
    );
    expect(s.verdict).toBe('not-safe-yet');
  });

  test.each([
    ['a hold shorter than the firm 12 h', { decision: 'hold', lastDoseAt: '2026-03-10T00:00:00Z' }],
    ['continuing a heparin that needs a firm hold', { decision: 'continue' }],
  ] as const)('%s is not safe yet', (_name, plan) => {
    const s = run({
      patient: { antithrombotics: [{ name: 'enoxaparin', regimen: 'prophylactic' }] },
      facts: {
        agreedPlans: [{ drug: 'enoxaparin', ...plan, recordedBy: 'N', recordedAt: '2026-03-02T09:00:00Z' }],
      },
    });
    expect(codes(s.findings)).toContain('antithrombotic_plan_too_short');
    expect(s.verdict).toBe('not-safe-yet');
  });

  test('a long enough heparin hold is accepted', () => {
    const s = run({
      patient: { antithrombotics: [{ name: 'enoxaparin', regimen: 'prophylactic' }] },
      facts: {
        agreedPlans: [
          {
            drug: 'clexane',
            decision: 'hold',
            lastDoseAt: '2026-03-09T20:00:00Z',
            recordedBy: 'N',
            recordedAt: '2026-03-02T09:00:00Z',
          },
        ],
      },
    });
    expect(codes(s.findings)).toContain('antithrombotic_plan_recorded');
  });

  test.each([
    ['apixaban', 'a drug the clinic sets no hold for'],
    ['tinzaparin', 'a drug the table does not know'],
  ])('a hold whose last dose is after the procedure is for a clinician to check (%s, %s)', (drug) => {
    // "Last dose 11 March" typed for 9 March: the plan read as agreed, nothing blocked booking, and
    // the patient would have been told to take the last dose the day after the injection.
    const s = run({
      patient: { antithrombotics: [{ name: drug }] },
      facts: {
        agreedPlans: [
          {
            drug,
            decision: 'hold',
            lastDoseAt: '2026-03-11T08:00:00Z',
            recordedBy: 'N',
            recordedAt: '2026-03-02T09:00:00Z',
          },
        ],
      },
    });
    const f = s.findings.find((x) => x.code === 'antithrombotic_last_dose_after_procedure');
    expect(f?.severity).toBe('review');
    expect(f?.details).toMatchObject({
      drug,
      lastDoseAt: '2026-03-11T08:00:00Z',
      procedureAt: '2026-03-10T09:30:00.000Z',
    });
    expect(s.blocksScheduling).toBe(true);
    expect(present(f!, wordingContext(buildSettings())).staffText).toBe(
      `${drug}: the agreed hold's last dose (Wednesday 11 March 2026, 08:00) is after the procedure (Tuesday 10 March 2026, 09:30). Check the date before the plan reaches the patient.`,
    );
  });

  // The screening form offers a plan for each line these rules would leave unplanned (drugsWithoutPlan).
  test.each([
    ['tinzaparin', 'Tinzaparin'],
    ['Tinzaparín', 'tinzaparin'],
  ])(
    'a plan for an unknown drug is accepted as the clinician recorded it: %s planned as %s',
    (line, named) => {
      const s = run({
        patient: { antithrombotics: [{ name: line }] },
        facts: {
          agreedPlans: [
            {
              drug: named,
              decision: 'continue',
              recordedBy: 'Dr A',
              recordedAt: '2026-03-02T09:00:00Z',
            },
          ],
        },
      });
      expect(codes(s.findings)).toEqual(expect.arrayContaining(['antithrombotic_plan_recorded']));
      expect(s.blocksScheduling).toBe(false);
    },
  );
});

describe('the plans the form offers to record', () => {
  test('a line naming two drugs offers a plan for each; a plan for a drug written another way covers it', () => {
    expect(drugsWithoutPlan([{ name: 'Aspirin + clopidogrel' }, { name: 'apixaban 5 mg' }], [])).toEqual([
      'aspirin',
      'clopidogrel',
      'apixaban 5 mg',
    ]);
    expect(
      drugsWithoutPlan(
        [{ name: 'Aspirin + clopidogrel' }, { name: 'apixaban 5 mg' }],
        [{ drug: 'Eliquis' }, { drug: 'clopidogrel' }],
      ),
    ).toEqual(['aspirin']);
    expect(drugsWithoutPlan([{ name: 'Tinzaparin' }, { name: ' ' }], [{ drug: 'tinzaparin' }])).toEqual([]);
  });
  test('a drug the table does not know is planned as the rules read it: accents and stops aside', () => {
    // The rules match a plan to such a line by its normalised name; the form must not ask again.
    expect(drugsWithoutPlan([{ name: 'Tinzaparín' }], [{ drug: 'tinzaparin' }])).toEqual([]);
    expect(drugsWithoutPlan([{ name: 'Tab. Tinzaparin' }], [{ drug: 'tab tinzaparin' }])).toEqual([]);
    expect(drugsWithoutPlan([{ name: 'Tinzaparin' }], [{ drug: 'dalteparin' }])).toEqual(['Tinzaparin']);
    // A line of no letters is still a line the rules ask a plan for (as an unknown drug).
    expect(drugsWithoutPlan([{ name: '-' }], [])).toEqual(['-']);
  });
  test('a plan the rules accept is not offered again: one for the whole line, or for the drug a line names', () => {
    const line = [{ name: 'Aspirin + clopidogrel' }];
    expect(drugsWithoutPlan(line, [{ drug: 'aspirin + clopidogrel' }])).toEqual([]);
    expect(drugsWithoutPlan([{ name: 'Tab. Apixaban 5 mg' }], [{ drug: 'Eliquis' }])).toEqual([]);
    expect(drugsWithoutPlan([{ name: 'Tab. Apixaban 5 mg' }], [])).toEqual(['Tab. Apixaban 5 mg']);
  });
});

describe('patient factors raise the category one step ([A2])', () => {
  test('the factors are named in words, not codes', () => {
    const f = one(
      {
        patient: {
          antithrombotics: [{ name: 'aspirin' }],
          bleedingRiskFactors: ['renal-disease', 'bleeding-history'],
        },
      },
      'bleeding_risk_raised',
    );
    expect(present(f, wordingContext(buildSettings())).staffText).toBe(
      'Bleeding risk raised from low to intermediate by patient factors: history of bleeding, kidney disease.',
    );
  });

  test('aspirin is continued at low risk but needs a shared assessment at intermediate', () => {
    expect(
      one(
        { patient: { antithrombotics: [{ name: 'aspirin' }], bleedingRiskFactors: ['renal-disease'] } },
        'antithrombotic_plan_needed',
      ).details.risk,
    ).toBe('intermediate');
  });
  test('two antithrombotics count as a factor', () => {
    const s = run({ patient: { antithrombotics: [{ name: 'aspirin' }, { name: 'ibuprofen' }] } });
    expect(s.bleedingRisk).toBe('intermediate');
    expect(
      one(
        { patient: { antithrombotics: [{ name: 'aspirin' }, { name: 'ibuprofen' }] } },
        'bleeding_risk_raised',
      ).details.factors,
    ).toBe('multiple-antithrombotics');
  });
  // A list copied from a referral and a GP letter names a drug twice: still one drug, not "several".
  test.each([
    ['the same name twice', [{ name: 'aspirin' }, { name: 'Aspirin 75mg' }]],
    ['a brand beside its generic', [{ name: 'apixaban' }, { name: 'Eliquis 5 mg' }]],
  ])('one drug listed twice (%s) is not two antithrombotics', (_, antithrombotics) => {
    const s = run({ patient: { antithrombotics } });
    expect(s.bleedingRisk).toBe('low');
    expect(codes(s.findings)).not.toContain('bleeding_risk_raised');
  });
  test('warfarin at intermediate risk: 5 days and a normal INR ([S1a])', () => {
    const f = one(
      { patient: { antithrombotics: [{ name: 'warfarin' }], bleedingRiskFactors: ['older-age'] } },
      'antithrombotic_plan_needed',
    );
    expect(f.details.holdHours).toBe(120);
    expect(f.details.requiresNormalInr).toBe(true);
  });
  test('a hold agreed for a shared-assessment drug is shown beside the published hold, not checked against it', () => {
    // Clopidogrel at intermediate risk: the published 7 days ([S4], secondary) is not a rule here;
    // the prescriber agreed 3 days. Whoever reads the plan sees both. Procedure 10 March, 09:30.
    const f = one(
      {
        patient: { antithrombotics: [{ name: 'clopidogrel 75 mg' }], bleedingRiskFactors: ['older-age'] },
        facts: {
          agreedPlans: [
            {
              drug: 'clopidogrel',
              decision: 'hold',
              lastDoseAt: '2026-03-07T08:00:00Z',
              recordedBy: 'Dr A',
              recordedAt: NOW,
            },
          ],
        },
      },
      'antithrombotic_plan_recorded',
    );
    expect(f.details).toMatchObject({ referenceHold: '7 days (intermediate/high, [S4])', heldHours: 73.5 });
    expect(present(f, wordingContext(buildSettings())).staffText).toBe(
      'clopidogrel 75 mg: plan recorded by Dr A: hold, last dose Saturday 7 March 2026, 08:00. It is held 3 days 2 h before the procedure; published hold 7 days (intermediate/high, [S4]).',
    );
  });
  test('without a procedure time a hold has no date yet', () => {
    const f = one(
      { episode: { procedureAt: undefined }, patient: { antithrombotics: [{ name: 'heparin' }] } },
      'antithrombotic_plan_needed',
    );
    expect(f.action?.dueAt).toBeUndefined();
  });
});

describe('infection (seed 003: "any form of infection during the 14 days before your procedure")', () => {
  test.each([
    [
      'chest infection resolved 5 days before the procedure',
      '2026-03-01T00:00:00Z',
      '2026-03-05T09:30:00Z',
      'infection_recent',
      'not-safe-yet',
    ],
    ['still active', '2026-03-01T00:00:00Z', undefined, 'infection_recent', 'not-safe-yet'],
    [
      'resolved 20 days before',
      '2026-02-10T00:00:00Z',
      '2026-02-18T09:30:00Z',
      'infection_outside_lookback',
      'go',
    ],
  ])('%s', (_name, startedAt, resolvedAt, code, verdict) => {
    const s = run({
      facts: {
        infections: [{ description: 'chest infection', startedAt, ...(resolvedAt ? { resolvedAt } : {}) }],
      },
    });
    expect(codes(s.findings)).toContain(code);
    expect(s.verdict).toBe(verdict);
  });

  // The seed counts days: an infection on any of the 14 days before the procedure's day. The
  // look-back was counted in hours from the time stored with the day it cleared (12:00 from the
  // form), so a procedure on the 14th day after was deferred at 09:00 and went ahead at 13:00.
  const clearedOn5March = (procedureAt: string) =>
    run({
      episode: { procedureAt },
      facts: {
        infections: [
          { description: 'UTI', startedAt: '2026-03-01T12:00:00Z', resolvedAt: '2026-03-05T12:00:00Z' },
        ],
      },
    });
  test.each([
    ['14 days after, in the morning', '2026-03-19T09:00:00Z', 'infection_recent'],
    ['14 days after, in the afternoon', '2026-03-19T13:00:00Z', 'infection_recent'],
    ['15 days after, first thing', '2026-03-20T08:00:00Z', 'infection_outside_lookback'],
  ])('cleared on 5 March, the procedure %s: counted in days, whatever the hour', (_n, procedureAt, code) => {
    expect(codes(clearedOn5March(procedureAt).findings)).toContain(code);
  });

  test('the earliest day is the first after the look-back, said as a day', () => {
    const f = one(
      {
        facts: {
          infections: [
            { description: 'UTI', startedAt: '2026-03-01T00:00:00Z', resolvedAt: '2026-03-05T12:00:00Z' },
          ],
        },
      },
      'infection_recent',
    );
    expect(f.action?.dueAt).toBe('2026-03-20T00:00:00.000Z');
    // The first day the injection may be given, not a deadline.
    expect(f.action?.notBefore).toBe(true);
    expect(present(f, wordingContext(buildSettings())).staffText).toBe(
      'Infection (UTI) resolved Thursday 5 March 2026: within the 14 days before the procedure. Defer until Friday 20 March 2026 at the earliest.',
    );
    // A day alone keeps its year in American English too ("Thursday March 5, 2026").
    const us = buildSettings({ clinic: { locale: 'en-US' } });
    expect(present(f, wordingContext(us)).staffText).toBe(
      'Infection (UTI) resolved Thursday March 5, 2026: within the 14 days before the procedure. Defer until Friday March 20, 2026 at the earliest.',
    );
  });

  test('the look-back is a clinic rule', () => {
    const settings = buildSettings({ rules: { infectionLookbackDays: 3 } });
    const s = run({
      settings,
      facts: {
        infections: [
          { description: 'cold', startedAt: '2026-03-01T00:00:00Z', resolvedAt: '2026-03-05T00:00:00Z' },
        ],
      },
    });
    expect(codes(s.findings)).toContain('infection_outside_lookback');
  });

  test('without a procedure time the window ends now', () => {
    const s = run({
      episode: { procedureAt: undefined },
      facts: {
        infections: [
          { description: 'cold', startedAt: '2026-02-20T00:00:00Z', resolvedAt: '2026-02-25T00:00:00Z' },
        ],
      },
    });
    expect(s.verdict).toBe('not-safe-yet');
  });

  test.each([
    ['fever now', { feverNow: true }, 'fever'],
    ['infection at the injection site ([S32])', { injectionSiteInfection: true }, 'injection_site_infection'],
  ])('%s is not safe yet', (_n, facts, code) => {
    const s = run({ facts });
    expect(codes(s.findings)).toContain(code);
    expect(s.verdict).toBe('not-safe-yet');
  });
});

describe('bleeding disorder and labs (limits UNCONFIRMED: default off → clinician review)', () => {
  test('a bleeding disorder needs a clinician ([S32] correct it first)', () => {
    const s = run({ patient: { bleedingDisorder: true } });
    expect(codes(s.findings)).toContain('bleeding_disorder');
    expect(s.blocksScheduling).toBe(true);
    expect(s.verdict).toBe('go-with-actions');
  });

  test.each([
    ['INR', { inr: 1.1 }],
    ['platelets', { platelets: 150 }],
    ['glucose', { glucose: { value: 9, unit: 'mmol/L' } }],
    ['HbA1c', { hba1c: { value: 58, unit: 'mmol/mol' } }],
  ] as const)('%s with no clinic limit → lab_no_limit_set (review, not a stop)', (_n, labs) => {
    const s = run({ facts: { labs } });
    expect(codes(s.findings)).toContain('lab_no_limit_set');
    expect(s.verdict).toBe('go-with-actions');
    expect(s.blocksScheduling).toBe(true);
  });

  const limits = buildSettings({
    rules: {
      labLimits: {
        inrMax: 1.5,
        plateletsMin: 50,
        glucoseMax: { value: 15, unit: 'mmol/L' },
        hba1cMax: { value: 9, unit: '%' },
      },
    },
  });
  test.each([
    ['INR above', { inr: 2.0 }, 'lab_above_limit'],
    ['INR within', { inr: 1.2 }, 'lab_within_limit'],
    ['platelets below', { platelets: 40 }, 'lab_below_limit'],
    ['platelets within', { platelets: 200 }, 'lab_within_limit'],
    ['glucose in mg/dL above 15 mmol/L', { glucose: { value: 300, unit: 'mg/dL' } }, 'lab_above_limit'],
    ['glucose within', { glucose: { value: 8, unit: 'mmol/L' } }, 'lab_within_limit'],
    ['HbA1c in mmol/mol above 9 %', { hba1c: { value: 86, unit: 'mmol/mol' } }, 'lab_above_limit'],
    ['HbA1c within', { hba1c: { value: 7.5, unit: '%' } }, 'lab_within_limit'],
  ] as const)('%s the clinic limit', (_n, labs, code) => {
    expect(codes(run({ settings: limits, facts: { labs } }).findings)).toContain(code);
  });

  describe('when a result was taken', () => {
    // Procedure Tuesday 10 March 2026, 09:30; now Monday 2 March, 10:00 (Europe/London).
    const recent = (maxAgeDays: number | null) =>
      buildSettings({ rules: { labLimits: { inrMax: 1.5, maxAgeDays } } });

    test('a result is shown with the day it was taken', () => {
      const f = present(
        one(
          { settings: recent(null), facts: { labs: { inr: 1.1, takenAt: { inr: '2026-02-27T12:00:00Z' } } } },
          'lab_within_limit',
        ),
        wordingContext(recent(null)),
      );
      expect(f.staffText).toBe(
        "INR 1.1 (taken Friday 27 February 2026) is within the clinic's limit of 1.5.",
      );
    });

    test('with no age set (the default), an INR of any age is read as it stands', () => {
      const s = run({
        settings: recent(null),
        facts: { labs: { inr: 1.1, takenAt: { inr: '2025-06-01T12:00:00Z' } } },
      });
      expect(codes(s.findings)).not.toContain('lab_not_recent');
      expect(s.verdict).toBe('go');
    });

    test('an INR older on the procedure day than the clinic accepts is for a clinician, and blocks booking', () => {
      // Taken 1 March: 9 days before the procedure on 10 March, though only a day before now.
      const s = run({
        settings: recent(7),
        facts: { labs: { inr: 1.1, takenAt: { inr: '2026-03-01T12:00:00Z' } } },
      });
      const f = s.findings.find(hasCode('lab_not_recent'))!;
      expect(f.details).toMatchObject({ lab: 'INR', ageDays: 9, maxAgeDays: 7 });
      expect(s.blocksScheduling).toBe(true);
      expect(present(f, wordingContext(recent(7))).staffText).toBe(
        'INR 1.1 was taken Sunday 1 March 2026, 9 days before the procedure; the clinic accepts results up to 7 days old on the procedure day. Take a new one, or a clinician must review it.',
      );
      // Within the clinic's age it passes; so does one a clinician has reviewed.
      expect(
        codes(
          run({
            settings: recent(9),
            facts: { labs: { inr: 1.1, takenAt: { inr: '2026-03-01T12:00:00Z' } } },
          }).findings,
        ),
      ).not.toContain('lab_not_recent');
      const reviewed = run({
        settings: recent(7),
        facts: {
          labs: { inr: 1.1, takenAt: { inr: '2026-03-01T12:00:00Z' } },
          clinicianReviews: [{ code: 'lab_not_recent', subject: 'INR', recordedBy: 'Dr A', recordedAt: NOW }],
        },
      });
      expect(reviewed.blocksScheduling).toBe(false);
    });

    test('with an age set, a result with no date cannot be shown to be recent', () => {
      const f = one({ settings: recent(7), facts: { labs: { platelets: 150 } } }, 'lab_not_recent');
      expect(f.details).toMatchObject({ lab: 'platelets', ageDays: null, maxAgeDays: 7 });
    });

    test('a result dated after today is named for staff to check, and its value still counts', () => {
      const s = run({
        settings: recent(null),
        facts: { labs: { inr: 2.4, takenAt: { inr: '2026-03-20T12:00:00Z' } } },
      });
      expect(s.findings.find(hasCode('lab_taken_after_now'))?.details).toMatchObject({
        lab: 'INR',
        takenAt: '2026-03-20T12:00:00Z',
      });
      expect(codes(s.findings)).toContain('lab_above_limit');
      expect(s.verdict).toBe('not-safe-yet');
    });
  });

  test('a recorded clinician review clears a review finding (never a stop)', () => {
    const review = {
      code: 'lab_no_limit_set',
      subject: 'INR',
      recordedBy: 'Dr A',
      recordedAt: '2026-03-02T09:00:00Z',
    };
    const s = run({ facts: { labs: { inr: 1.1 }, clinicianReviews: [review] } });
    const f = s.findings.find((x) => x.code === 'lab_no_limit_set')!;
    expect(f.severity).toBe('action');
    expect(f.details.reviewedBy).toBe('Dr A');
    expect(s.blocksScheduling).toBe(false);
    const stop = run({ facts: { feverNow: true, clinicianReviews: [{ ...review, code: 'fever' }] } });
    expect(stop.verdict).toBe('not-safe-yet');
  });

  test('a review of another subject does not clear it; a plan-needed drug is cleared only by a plan', () => {
    const other = {
      code: 'lab_no_limit_set',
      subject: 'platelets',
      recordedBy: 'Dr A',
      recordedAt: '2026-03-02T09:00:00Z',
    };
    expect(run({ facts: { labs: { inr: 1.1 }, clinicianReviews: [other] } }).blocksScheduling).toBe(true);
    const drugReview = {
      code: 'antithrombotic_plan_needed',
      subject: 'apixaban',
      recordedBy: 'Dr A',
      recordedAt: '2026-03-02T09:00:00Z',
    };
    expect(
      run({ patient: { antithrombotics: [{ name: 'apixaban' }] }, facts: { clinicianReviews: [drugReview] } })
        .blocksScheduling,
    ).toBe(true);
    const bleed = { code: 'bleeding_disorder', recordedBy: 'Dr A', recordedAt: '2026-03-02T09:00:00Z' };
    expect(
      run({ patient: { bleedingDisorder: true }, facts: { clinicianReviews: [bleed] } }).blocksScheduling,
    ).toBe(false);
  });
});

describe('allergies ([S32], [S9], [S17])', () => {
  test.each([
    ['contrast, none planned', ['contrast'], {}, 'allergy_contrast', 'go-with-actions'],
    [
      'contrast with contrast planned',
      ['contrast'],
      { plannedContrast: true },
      'allergy_contrast_with_contrast_planned',
      'not-safe-yet',
    ],
    ['latex', ['latex'], {}, 'allergy_latex', 'go-with-actions'],
    ['local anaesthetic', ['local-anaesthetic'], {}, 'allergy_local_anaesthetic', 'go-with-actions'],
    ['steroid with a therapeutic injection', ['steroid'], {}, 'allergy_steroid', 'go-with-actions'],
    [
      'steroid with a diagnostic block',
      ['steroid'],
      { purpose: 'diagnostic' },
      'allergy_steroid_no_steroid_planned',
      'go-with-actions',
    ],
  ] as const)('%s', (_n, allergies, episode, code, verdict) => {
    const s = run({ patient: { allergies: [...allergies] }, episode });
    expect(codes(s.findings)).toContain(code);
    expect(s.verdict).toBe(verdict);
  });

  test('ultrasound without contrast allergy or pregnancy is outside the LCD profile ([S9]) but not under ASPN ([S8])', () => {
    expect(codes(run({ episode: { plannedGuidance: 'ultrasound' } }).findings)).toContain(
      'ultrasound_outside_profile',
    );
    const aspn = buildSettings({ protocol: { profile: 'aspn-2024' } });
    expect(codes(run({ settings: aspn, episode: { plannedGuidance: 'ultrasound' } }).findings)).not.toContain(
      'ultrasound_outside_profile',
    );
    expect(
      codes(
        run({ patient: { allergies: ['contrast'] }, episode: { plannedGuidance: 'ultrasound' } }).findings,
      ),
    ).not.toContain('ultrasound_outside_profile');
  });
});

describe('pregnancy ([S32] ionising radiation; [S9] ultrasound)', () => {
  test.each([
    [
      'pregnant, ultrasound planned, diagnostic',
      'pregnant',
      { plannedGuidance: 'ultrasound', purpose: 'diagnostic' },
      ['pregnancy_no_ionising_radiation'],
    ],
    [
      'possibly pregnant, fluoroscopy planned',
      'possibly-pregnant',
      { plannedGuidance: 'fluoroscopy', purpose: 'diagnostic' },
      ['pregnancy_with_ionising_radiation_planned'],
    ],
    [
      'pregnant, CT planned, therapeutic',
      'pregnant',
      { plannedGuidance: 'ct' },
      ['pregnancy_with_ionising_radiation_planned', 'pregnancy_steroid_choice'],
    ],
  ] as const)('%s', (_n, pregnancy, episode, expected) => {
    expect(codes(run({ patient: { pregnancy }, episode }).findings)).toEqual(
      expect.arrayContaining([...expected]),
    );
  });
  test('CT is named as CT in the sentence', () => {
    const f = one(
      { patient: { pregnancy: 'pregnant' }, episode: { plannedGuidance: 'ct' } },
      'pregnancy_with_ionising_radiation_planned',
    );
    expect(present(f, wordingContext(buildSettings())).staffText).toMatch(/ with CT guidance planned: /);
  });
  test('fluoroscopy in pregnancy is not safe yet', () => {
    expect(
      run({ patient: { pregnancy: 'pregnant' }, episode: { plannedGuidance: 'fluoroscopy' } }).verdict,
    ).toBe('not-safe-yet');
  });
  test('not pregnant: no pregnancy finding', () => {
    expect(
      codes(run({ patient: { pregnancy: 'not-pregnant' } }).findings).some((c) => c.startsWith('pregnancy')),
    ).toBe(false);
  });
});

describe('diabetes ([S25]–[S27]: monitor glucose ≥ 48 h, longer if poorly controlled)', () => {
  test.each([
    ['diet-controlled', { insulin: false }, {}, 48, false],
    ['on insulin', { insulin: true }, {}, 168, true],
    ['HbA1c above 7 %', { insulin: false }, { hba1c: { value: 8, unit: '%' } }, 168, true],
    ['HbA1c 48 mmol/mol', { insulin: false }, { hba1c: { value: 48, unit: 'mmol/mol' } }, 48, false],
  ] as const)('%s', (_n, diabetes, labs, hours, poor) => {
    const f = one({ patient: { diabetes }, facts: { labs } }, 'diabetes_glucose_advice');
    expect(f.details.hours).toBe(hours);
    expect(f.details.poorlyControlled).toBe(poor);
  });
  test('no steroid (diagnostic block), no glucose advice', () => {
    expect(
      codes(run({ patient: { diabetes: { insulin: true } }, episode: { purpose: 'diagnostic' } }).findings),
    ).not.toContain('diabetes_glucose_advice');
  });
  test.each([
    ['a steroid agent planned', { plannedSteroid: { agent: 'triamcinolone', doseMg: 40 } }],
    ['a steroid dose planned', { plannedSteroidDoseMg: 40 }],
  ])('a diagnostic block with %s still gets the glucose advice', (_n, plan) => {
    // The block is called diagnostic, but a steroid planned is a steroid given ([S25]–[S27]).
    const f = one(
      { patient: { diabetes: { insulin: true } }, episode: { purpose: 'diagnostic', ...plan } },
      'diabetes_glucose_advice',
    );
    expect(f.details.hours).toBe(168);
  });
  test('high glucose above the clinic limit is not safe yet', () => {
    const settings = buildSettings({ rules: { labLimits: { glucoseMax: { value: 15, unit: 'mmol/L' } } } });
    const s = run({
      settings,
      patient: { diabetes: { insulin: true } },
      facts: { labs: { glucose: { value: 19.2, unit: 'mmol/L' } } },
    });
    expect(s.verdict).toBe('not-safe-yet');
  });
  test('without a procedure time the advice has no end date', () => {
    expect(
      one(
        { episode: { procedureAt: undefined }, patient: { diabetes: { insulin: false } } },
        'diabetes_glucose_advice',
      ).action?.dueAt,
    ).toBeUndefined();
  });
});

describe('steroid and injection exposure ([S9], [S11])', () => {
  // Each gave relief that meets lcd-2023's repeat criterion, so only the limits tested here speak.
  const inj = (
    at: string,
    purpose: 'diagnostic' | 'therapeutic' | 'both' = 'therapeutic',
    steroidDoseMg?: number,
  ) => ({
    at,
    purpose,
    reliefPercent: 80,
    reliefWeeks: 16,
    ...(steroidDoseMg !== undefined ? { steroidDoseMg } : {}),
  });
  test.each([
    [
      'last therapeutic 6 weeks ago (< 2 months)',
      [inj('2026-01-27T10:00:00Z')],
      'steroid_interval_too_short',
    ],
    [
      '4 therapeutic in 12 months',
      [
        inj('2025-04-01T10:00:00Z'),
        inj('2025-06-01T10:00:00Z'),
        inj('2025-09-01T10:00:00Z'),
        inj('2025-12-01T10:00:00Z'),
      ],
      'steroid_yearly_cap_reached',
    ],
  ])('%s', (_n, previousInjections, code) => {
    const s = run({ patient: { previousInjections } });
    expect(codes(s.findings)).toContain(code);
    expect(s.verdict).toBe('not-safe-yet');
    // Its date is the earliest a repeat may be given, not a deadline.
    expect(s.findings.find((f) => f.code === code)?.action).toMatchObject({ notBefore: true });
  });

  test('[S9] counts sessions: both sides in one session is one, each side in a session of its own is one each', () => {
    const sided = (at: string, side: 'left' | 'right' | 'both') => ({ ...inj(at), side });
    const bilateral = run({
      patient: {
        previousInjections: [
          sided('2025-04-01T10:00:00Z', 'both'),
          sided('2025-06-01T10:00:00Z', 'both'),
          sided('2025-09-01T10:00:00Z', 'both'),
        ],
      },
    });
    expect(codes(bilateral.findings)).not.toContain('steroid_yearly_cap_reached');
    const separate = run({
      patient: {
        previousInjections: [
          sided('2025-04-01T10:00:00Z', 'left'),
          sided('2025-04-08T10:00:00Z', 'right'),
          sided('2025-09-01T10:00:00Z', 'left'),
          sided('2025-09-08T10:00:00Z', 'right'),
        ],
      },
    });
    expect(codes(separate.findings)).toContain('steroid_yearly_cap_reached');
  });

  test('an earlier injection dated after today is named for staff, not silently dropped', () => {
    // Now is 2 March; "1 April" is a slip (1 February would be too soon for the interval).
    const s = run({ patient: { previousInjections: [inj('2026-04-01T11:00:00Z')] } });
    const f = s.findings.find((x) => x.code === 'previous_injection_after_today');
    expect(f?.severity).toBe('review');
    expect(f?.blocksScheduling).toBe(true);
    expect(f?.details).toEqual({ at: '2026-04-01T11:00:00Z', purpose: 'therapeutic' });
    expect(s.verdict).toBe('go-with-actions');
    expect(s.blocksScheduling).toBe(true);
    // Dated after today but before the procedure: not counted toward the interval either.
    const before = run({ patient: { previousInjections: [inj('2026-03-05T11:00:00Z')] } });
    expect(codes(before.findings)).toContain('previous_injection_after_today');
    expect(codes(before.findings)).not.toContain('steroid_interval_too_short');
  });

  test('an earlier injection for both purposes dated after today is "diagnostic and therapeutic" in words', () => {
    const f = one(
      { patient: { previousInjections: [{ at: '2026-04-01T11:00:00Z', purpose: 'both' }] } },
      'previous_injection_after_today',
    );
    expect(present(f, wordingContext(buildSettings())).staffText).toMatch(
      /^An earlier diagnostic and therapeutic injection is dated /,
    );
  });

  test('an injection dated today, later in the day than now, is today’s: counted, not named', () => {
    const s = run({ patient: { previousInjections: [inj('2026-03-02T12:00:00Z')] } });
    expect(codes(s.findings)).not.toContain('previous_injection_after_today');
    expect(codes(s.findings)).toContain('steroid_interval_too_short');
  });

  test('with no procedure time yet, an injection dated today counts, whatever hour its date stands for', () => {
    // A form's date is taken at 12:00 on its day; screened at 10:00 with nothing booked, it was
    // after "now" and not counted: a patient injected this morning read go until noon.
    const s = run({
      episode: { procedureAt: undefined },
      patient: { previousInjections: [inj('2026-03-02T12:00:00Z')] },
    });
    expect(codes(s.findings)).not.toContain('previous_injection_after_today');
    expect(codes(s.findings)).toContain('steroid_interval_too_short');
  });

  test('the interval ends two calendar months after the last injection', () => {
    const f = one(
      { patient: { previousInjections: [inj('2026-01-27T10:00:00Z')] } },
      'steroid_interval_too_short',
    );
    expect(f.action?.dueAt).toBe('2026-03-27T10:00:00.000Z');
  });

  test('3 months ago is fine; diagnostic blocks do not count toward the steroid interval', () => {
    expect(
      run({
        patient: {
          previousInjections: [inj('2025-12-01T10:00:00Z'), inj('2026-03-01T10:00:00Z', 'diagnostic')],
        },
      }).verdict,
    ).toBe('go');
  });

  test('2 diagnostic sessions in 12 months cap a third under lcd-2023 but not aspn-2024', () => {
    const previousInjections = [
      inj('2025-09-01T10:00:00Z', 'diagnostic'),
      inj('2026-01-01T10:00:00Z', 'diagnostic'),
    ];
    const lcd = run({ patient: { previousInjections }, episode: { purpose: 'diagnostic' } });
    expect(codes(lcd.findings)).toContain('diagnostic_sessions_cap_reached');
    const aspn = run({
      settings: buildSettings({ protocol: { profile: 'aspn-2024' } }),
      patient: { previousInjections },
      episode: { purpose: 'diagnostic' },
    });
    expect(aspn.verdict).toBe('go');
  });

  const doseCap = buildSettings({ rules: { steroid: { maxDoseMgPer12Months: 160 } } });
  test.each([
    [
      'doses known and over the cap',
      [inj('2025-10-01T10:00:00Z', 'therapeutic', 80), inj('2025-12-20T10:00:00Z', 'therapeutic', 40)],
      80,
      'steroid_dose_cap_reached',
    ],
    ['a dose not recorded', [inj('2025-10-01T10:00:00Z')], 40, 'steroid_dose_unknown'],
  ])('cumulative dose: %s', (_n, previousInjections, plannedSteroidDoseMg, code) => {
    expect(
      codes(
        run({ settings: doseCap, patient: { previousInjections }, episode: { plannedSteroidDoseMg } })
          .findings,
      ),
    ).toContain(code);
  });
  test('steroid given at an earlier diagnostic injection counts toward the cumulative dose', () => {
    // A diagnostic block where a steroid was given anyway still put that steroid in the patient:
    // the clinic's limit is of steroid over 12 months, whatever the injection was called.
    const s = run({
      settings: doseCap,
      patient: {
        previousInjections: [
          inj('2025-09-01T10:00:00Z', 'diagnostic', 80),
          inj('2025-12-20T10:00:00Z', 'therapeutic', 40),
        ],
      },
      episode: { plannedSteroidDoseMg: 80 },
    });
    expect(s.findings.find((f) => f.code === 'steroid_dose_cap_reached')?.details).toMatchObject({
      total: 200,
      maxDose: 160,
    });
    // A diagnostic injection with no steroid recorded gave none: it neither counts nor makes the total unknown.
    const noSteroid = run({
      settings: doseCap,
      patient: { previousInjections: [inj('2025-09-01T10:00:00Z', 'diagnostic')] },
      episode: { plannedSteroidDoseMg: 80 },
    });
    expect(codes(noSteroid.findings).some((c) => c.startsWith('steroid'))).toBe(false);
  });
  test('doses within the cap pass', () => {
    const s = run({
      settings: doseCap,
      patient: { previousInjections: [inj('2025-10-01T10:00:00Z', 'therapeutic', 40)] },
      episode: { plannedSteroidDoseMg: 40 },
    });
    expect(codes(s.findings).some((c) => c.startsWith('steroid'))).toBe(false);
  });
  test('the interval can be switched off by override', () => {
    const settings = buildSettings({
      protocol: { profile: 'lcd-2023', overrides: { minMonthsBetweenTherapeutic: null } },
    });
    expect(run({ settings, patient: { previousInjections: [inj('2026-02-20T10:00:00Z')] } }).verdict).toBe(
      'go',
    );
  });

  describe('an injection this clinic recorded counts, listed or not (H-007 (7))', () => {
    const here = (at: string, purpose: 'diagnostic' | 'therapeutic' = 'therapeutic') => ({
      at,
      purpose,
      side: 'left' as const,
      steroidDoseMg: 40,
    });
    test('"no earlier injections" with one recorded here 6 weeks ago: too soon, and staff are told to list it', () => {
      const s = run({ patient: { recordedInjections: [here('2026-01-27T10:00:00Z')] } });
      expect(s.verdict).toBe('not-safe-yet');
      expect(codes(s.findings)).toContain('steroid_interval_too_short');
      const f = present(
        s.findings.find((x) => x.code === 'recorded_injection_not_listed')!,
        wordingContext(buildSettings()),
      );
      expect(f.severity).toBe('action');
      expect(f.staffText).toBe(
        'This clinic recorded a therapeutic injection (left side) on Tuesday 27 January 2026 that the earlier injections do not list. It is counted in the interval and the yearly limits; add it under earlier injections, with the relief it gave.',
      );
      expect(f.patientText).toBeNull();
      // How it went is not in the record of what was given: the clinician is asked, as for any.
      expect(codes(s.findings)).toContain('repeat_relief_below_protocol');
    });
    test('listed on the same day, it is that injection: counted once, its relief read from the list', () => {
      const s = run({
        patient: {
          previousInjections: [inj('2025-11-01T09:00:00Z')],
          recordedInjections: [here('2025-11-01T10:30:00Z')],
        },
      });
      expect(s.verdict).toBe('go');
      expect(codes(s.findings)).not.toContain('recorded_injection_not_listed');
      const four = run({
        patient: {
          previousInjections: [
            inj('2025-04-01T10:00:00Z'),
            inj('2025-06-01T10:00:00Z'),
            inj('2025-09-01T10:00:00Z'),
          ],
          recordedInjections: [here('2025-09-01T11:00:00Z')],
        },
      });
      expect(codes(four.findings)).not.toContain('steroid_yearly_cap_reached');
    });
    test('a right side recorded here is not the left listed for the same day: both count', () => {
      const s = run({
        patient: {
          previousInjections: [
            inj('2025-04-01T10:00:00Z'),
            inj('2025-06-01T10:00:00Z'),
            { ...inj('2025-09-01T10:00:00Z'), side: 'left' },
          ],
          recordedInjections: [{ ...here('2025-09-01T11:00:00Z'), side: 'right' }],
        },
      });
      expect(codes(s.findings)).toContain('recorded_injection_not_listed');
      expect(codes(s.findings)).toContain('steroid_yearly_cap_reached');
      const unsided = run({
        patient: {
          previousInjections: [inj('2025-09-01T10:00:00Z')],
          recordedInjections: [{ ...here('2025-09-01T11:00:00Z'), side: 'right' }],
        },
      });
      expect(codes(unsided.findings)).not.toContain('recorded_injection_not_listed');
    });
    test('one recorded more than 12 months before counts in no limit, so staff are not asked to list it', () => {
      const s = run({
        patient: { recordedInjections: [here('2024-06-01T10:00:00Z'), here('2025-04-20T10:00:00Z')] },
      });
      const named = s.findings.filter((x) => x.code === 'recorded_injection_not_listed');
      expect(named.map((x) => x.details.at)).toEqual(['2025-04-20T10:00:00Z']);
    });
    test('a fourth in the year recorded here reaches the cap; a diagnostic one counts as a diagnostic session', () => {
      const s = run({
        patient: {
          previousInjections: [
            inj('2025-04-01T10:00:00Z'),
            inj('2025-06-01T10:00:00Z'),
            inj('2025-09-01T10:00:00Z'),
          ],
          recordedInjections: [here('2025-12-01T10:00:00Z')],
        },
      });
      expect(codes(s.findings)).toContain('steroid_yearly_cap_reached');
      const diagnostic = run({
        episode: { purpose: 'diagnostic' },
        patient: {
          previousInjections: [inj('2025-09-01T10:00:00Z', 'diagnostic')],
          recordedInjections: [here('2026-01-10T10:00:00Z', 'diagnostic')],
        },
      });
      expect(codes(diagnostic.findings)).toContain('diagnostic_sessions_cap_reached');
    });
  });
});

describe('going home and fasting (seed 003, [S42], [S43])', () => {
  test('escort and adult at home arranged, fasting by ASA times: a go patient', () => {
    const s = run({});
    expect(s.verdict).toBe('go');
    expect(codes(s.findings)).toEqual(['escort_arranged', 'no_driving', 'fasting_instruction']);
    const fast = s.findings.find((f) => f.code === 'fasting_instruction')!;
    expect(fast.action?.dueAt).toBe('2026-03-10T03:30:00.000Z');
    expect(fast.details.clearFluidsUntil).toBe('2026-03-10T07:30:00.000Z');
  });
  test('no escort arranged is an action', () => {
    const s = run({ facts: { escortArranged: false } });
    expect(codes(s.findings)).toContain('escort_needed');
    expect(s.verdict).toBe('go-with-actions');
  });
  test('a clinic without the escort rule and without fasting', () => {
    const settings = buildSettings({ rules: { escort: { required: false }, fasting: { required: false } } });
    expect(codes(run({ settings, episode: { procedureAt: undefined } }).findings)).toEqual([
      'light_meal_allowed',
    ]);
  });
  test('fasting without a procedure time has no clock times', () => {
    const f = one({ episode: { procedureAt: undefined } }, 'fasting_instruction');
    expect(f.details.clearFluidsUntil).toBeNull();
  });
});

describe('questions that matter must be answered, or are a finding for a clinician (defect 9)', () => {
  const empty = () => {
    const ctx = buildScreening();
    return screenCoded({
      ...ctx,
      patient: PatientFactsSchema.parse({ sex: 'female', ageYears: 34 }),
      episode: EpisodeFactsSchema.parse({ purpose: 'both', plannedGuidance: 'fluoroscopy' }),
      facts: ScreeningFactsSchema.parse({}),
    });
  };
  const notAsked = (s: ReturnType<typeof run>) =>
    s.findings.filter((f) => f.code === 'question_not_asked').map((f) => f.details.question);

  test('an empty screening is not "go with actions — may be scheduled": it blocks booking', () => {
    const s = empty();
    expect(s.verdict).toBe('go-with-actions');
    expect(s.blocksScheduling).toBe(true);
    expect(notAsked(s)).toEqual([
      'infection',
      'antithrombotics',
      'bleedingDisorder',
      'allergies',
      'diabetes',
      'previousInjections',
      'pregnancy',
      'goingHome',
    ]);
    for (const f of s.findings.filter((x) => x.code === 'question_not_asked')) {
      expect(f).toMatchObject({ severity: 'review', blocksScheduling: true, action: { who: 'clinician' } });
      expect(f.sources.length).toBeGreaterThan(0);
    }
  });

  test('answered "no" is not the same as not asked', () => {
    const s = run({ facts: { answers: ANSWERED_NO } });
    expect(notAsked(s)).toEqual([]);
    expect(s.verdict).toBe('go');
    const unanswered = run({ facts: { answers: { ...ANSWERED_NO, bleedingDisorder: undefined } } });
    expect(notAsked(unanswered)).toEqual(['bleedingDisorder']);
    const deliberatelyNot = run({ facts: { answers: { ...ANSWERED_NO, allergies: 'not-asked' } } });
    expect(notAsked(deliberatelyNot)).toEqual(['allergies']);
    expect(deliberatelyNot.blocksScheduling).toBe(true);
  });

  test('the details answer "yes": a drug listed, an infection described, an allergy ticked', () => {
    const s = run({
      patient: { antithrombotics: [{ name: 'aspirin' }], allergies: ['latex'], diabetes: { insulin: false } },
      facts: { answers: {}, feverNow: true },
    });
    expect(notAsked(s)).toEqual(['bleedingDisorder', 'previousInjections']);
  });

  test('"yes" without the details is incomplete (review), not a silent "no"', () => {
    const s = run({ facts: { answers: { ...ANSWERED_NO, antithrombotics: 'yes', diabetes: 'yes' } } });
    const incomplete = s.findings.filter((f) => f.code === 'question_answer_incomplete');
    expect(incomplete.map((f) => f.details.question)).toEqual(['antithrombotics', 'diabetes']);
    expect(s.blocksScheduling).toBe(true);
  });

  test('a "yes" to a bleeding disorder is the bleeding disorder finding', () => {
    const s = run({ facts: { answers: { ...ANSWERED_NO, bleedingDisorder: 'yes' } } });
    expect(codes(s.findings)).toContain('bleeding_disorder');
    expect(codes(s.findings)).not.toContain('question_answer_incomplete');
  });

  test('a clinician review of the unasked question lets booking go ahead; a review of another does not', () => {
    const review = (subject: string) => ({
      code: 'question_not_asked',
      subject,
      recordedBy: 'Dr A',
      recordedAt: '2026-03-02T09:00:00Z',
    });
    const facts = { answers: { ...ANSWERED_NO, previousInjections: 'not-asked' as const } };
    expect(run({ facts: { ...facts, clinicianReviews: [review('allergies')] } }).blocksScheduling).toBe(true);
    const s = run({ facts: { ...facts, clinicianReviews: [review('previousInjections')] } });
    expect(s.blocksScheduling).toBe(false);
    expect(
      one({ facts: { ...facts, clinicianReviews: [review('previousInjections')] } }, 'question_not_asked'),
    ).toMatchObject({ severity: 'action', details: { reviewedBy: 'Dr A' } });
  });

  test('going home must be asked while the clinic requires an escort', () => {
    expect(notAsked(run({ facts: { escortArranged: undefined } }))).toEqual(['goingHome']);
    expect(notAsked(run({ facts: { escortArranged: false, adultAtHomeArranged: false } }))).toEqual([]);
    const noEscortRule = buildSettings({ rules: { escort: { required: false } } });
    expect(notAsked(run({ settings: noEscortRule, facts: { escortArranged: undefined } }))).toEqual([]);
  });
});

describe('pregnancy must be asked before ionising guidance ([S32], [S17], [S9]; who is asked is a clinic rule)', () => {
  const woman = (ageYears: number) => ({ sex: 'female' as const, ageYears });
  const pregnancyNotAsked = (parts: Parameters<typeof run>[0]) =>
    run(parts).findings.find((f) => f.code === 'question_not_asked' && f.details.question === 'pregnancy');

  test('pregnancy not asked + fluoroscopy + a woman of 34 → a review finding that blocks booking', () => {
    const f = pregnancyNotAsked({ patient: woman(34), episode: { plannedGuidance: 'fluoroscopy' } });
    expect(f).toMatchObject({
      severity: 'review',
      blocksScheduling: true,
      details: { question: 'pregnancy', sex: 'female', ageYears: 34, plannedGuidance: 'fluoroscopy' },
    });
    expect(f?.sources.map((x) => x.key)).toEqual(expect.arrayContaining(['S32', 'S17', 'S9']));
  });

  test('"not asked" chosen on purpose is still the finding', () => {
    expect(
      pregnancyNotAsked({
        patient: { ...woman(34), pregnancy: 'not-asked' },
        episode: { plannedGuidance: 'ct' },
      }),
    ).toBeDefined();
  });

  test.each([
    [
      'answered not pregnant',
      { ...woman(34), pregnancy: 'not-pregnant' },
      { plannedGuidance: 'fluoroscopy' },
    ],
    ['a man', { sex: 'male', ageYears: 34 }, { plannedGuidance: 'fluoroscopy' }],
    [
      'ultrasound for a diagnostic block',
      woman(34),
      { plannedGuidance: 'ultrasound', purpose: 'diagnostic' },
    ],
  ] as const)('no finding: %s', (_n, patient, episode) => {
    expect(pregnancyNotAsked({ patient, episode })).toBeUndefined();
  });

  test.each([
    ['a woman of 70 with no clinic age range (off: asked at any age)', woman(70), null, true],
    ['sex not recorded (asked: the conservative choice)', { sex: undefined, ageYears: 40 }, null, true],
    ['sex "other"', { sex: 'other' as const, ageYears: 40 }, null, true],
    ['a woman of 70 outside a clinic range of 12–55', woman(70), { minYears: 12, maxYears: 55 }, false],
    ['a woman of 11 outside a clinic range of 12–55', woman(11), { minYears: 12, maxYears: 55 }, false],
    ['a woman of 40 inside a clinic range of 12–55', woman(40), { minYears: 12, maxYears: 55 }, true],
    [
      'a woman of unknown age with a range set',
      { sex: 'female' as const, ageYears: undefined },
      { minYears: 12, maxYears: 55 },
      true,
    ],
  ])('%s', (_n, patient, childBearingAgeYears, asked) => {
    const settings = buildSettings({ rules: { pregnancy: { childBearingAgeYears } } });
    const episode = { plannedGuidance: 'fluoroscopy' as const };
    const f = pregnancyNotAsked({ settings, patient, episode });
    expect(Boolean(f)).toBe(asked);
  });

  test('guidance not chosen yet, or a steroid under ultrasound: asked', () => {
    expect(pregnancyNotAsked({ patient: woman(30), episode: {} })).toBeDefined();
    expect(
      pregnancyNotAsked({
        patient: woman(30),
        episode: { plannedGuidance: 'ultrasound', purpose: 'therapeutic' },
      }),
    ).toBeDefined();
  });

  test('the trimester is carried to the pregnancy findings', () => {
    const f = one(
      {
        patient: { ...woman(30), pregnancy: 'pregnant', trimester: 2 },
        episode: { plannedGuidance: 'ultrasound' },
      },
      'pregnancy_no_ionising_radiation',
    );
    expect(f.details.trimester).toBe(2);
  });
});

describe('older age from the date of birth ([A2], [S4]: a factor with no age given → a clinic rule, off)', () => {
  const aspirin = [{ name: 'aspirin' }];
  test('off by default: an 85-year-old on aspirin is low risk (continue)', () => {
    const s = run({ patient: { ageYears: 85, antithrombotics: aspirin } });
    expect(s.bleedingRisk).toBe('low');
    expect(codes(s.findings)).toContain('antithrombotic_continue');
  });
  test('with the clinic rule at 75, an 80-year-old is intermediate: aspirin needs a shared assessment', () => {
    const settings = buildSettings({ rules: { bleedingRisk: { olderAgeFromYears: 75 } } });
    const s = run({ settings, patient: { ageYears: 80, antithrombotics: aspirin } });
    expect(s.bleedingRisk).toBe('intermediate');
    const raised = s.findings.find((f) => f.code === 'bleeding_risk_raised')!;
    expect(raised.details).toMatchObject({ factors: 'older-age', ageYears: 80, olderAgeFromYears: 75 });
    expect(codes(s.findings)).toContain('antithrombotic_plan_needed');
    expect(run({ settings, patient: { ageYears: 70 } }).bleedingRisk).toBe('low');
  });
  test('staff may still tick older age themselves', () => {
    expect(run({ patient: { ageYears: 50, bleedingRiskFactors: ['older-age'] } }).bleedingRisk).toBe(
      'intermediate',
    );
  });
});

describe('antithrombotic timing: a hold plan against the planned time (defect 10)', () => {
  const suggest = buildSettings({ rules: { antithrombotics: { suggestedHoldHours: { apixaban: 72 } } } });
  const hold = (lastDoseAt: string) => ({
    agreedPlans: [
      {
        drug: 'apixaban',
        decision: 'hold' as const,
        lastDoseAt,
        recordedBy: 'N',
        recordedAt: '2026-03-02T09:00:00Z',
      },
    ],
  });
  const apixaban = { antithrombotics: [{ name: 'apixaban' }] };

  test("a hold plan whose last dose falls inside the clinic's suggested hold needs a clinician (review)", () => {
    // Procedure 2026-03-10 09:30Z; last dose 2026-03-08 20:00Z is 37.5 h before, the clinic suggests 72 h.
    const s = run({ settings: suggest, patient: apixaban, facts: hold('2026-03-08T20:00:00Z') });
    const f = s.findings.find((x) => x.code === 'antithrombotic_plan_too_short')!;
    expect(f).toMatchObject({ severity: 'review', blocksScheduling: true });
    expect(f.details).toMatchObject({ holdHours: 72, plannedHoldHours: 37.5, holdIsClinicSetting: true });
    expect(codes(s.findings)).not.toContain('antithrombotic_plan_recorded');
  });

  test('a hold long enough before the planned time is recorded; without a suggested hold nothing is enforced', () => {
    expect(
      codes(run({ settings: suggest, patient: apixaban, facts: hold('2026-03-07T08:00:00Z') }).findings),
    ).toContain('antithrombotic_plan_recorded');
    expect(codes(run({ patient: apixaban, facts: hold('2026-03-09T20:00:00Z') }).findings)).toContain(
      'antithrombotic_plan_recorded',
    );
  });

  test('the same plan is too short once the procedure moves earlier', () => {
    const facts = hold('2026-03-07T08:00:00Z');
    expect(run({ settings: suggest, patient: apixaban, facts }).blocksScheduling).toBe(false);
    const earlier = run({
      settings: suggest,
      patient: apixaban,
      facts,
      episode: { procedureAt: '2026-03-09T09:30:00Z' },
    });
    expect(codes(earlier.findings)).toContain('antithrombotic_plan_too_short');
    expect(earlier.blocksScheduling).toBe(true);
  });

  test('a dose the patient reports after the agreed last dose: a clinician must review, and a firm hold is measured from it', () => {
    const heparin = {
      antithrombotics: [
        { name: 'enoxaparin', regimen: 'prophylactic' as const, reportedLastDoseAt: '2026-03-10T01:00:00Z' },
      ],
    };
    const s = run({
      patient: heparin,
      facts: {
        agreedPlans: [
          {
            drug: 'enoxaparin',
            decision: 'hold',
            lastDoseAt: '2026-03-09T20:00:00Z',
            recordedBy: 'N',
            recordedAt: '2026-03-02T09:00:00Z',
          },
        ],
      },
    });
    expect(codes(s.findings)).toEqual(
      expect.arrayContaining(['antithrombotic_dose_after_plan', 'antithrombotic_plan_too_short']),
    );
    expect(s.findings.find((f) => f.code === 'antithrombotic_plan_too_short')?.details.plannedHoldHours).toBe(
      8.5,
    );
    expect(s.verdict).toBe('not-safe-yet');
  });

  test('a reported dose before the agreed last dose changes nothing but is shown to staff', () => {
    const s = run({
      patient: { antithrombotics: [{ name: 'apixaban', reportedLastDoseAt: '2026-03-01T08:00:00Z' }] },
    });
    expect(
      one(
        { patient: { antithrombotics: [{ name: 'apixaban', reportedLastDoseAt: '2026-03-01T08:00:00Z' }] } },
        'antithrombotic_plan_needed',
      ).details.reportedLastDoseAt,
    ).toBe('2026-03-01T08:00:00Z');
    expect(codes(s.findings)).not.toContain('antithrombotic_dose_after_plan');
  });
});

describe('a general medication list: an unknown medicine is not an "antithrombotic"', () => {
  test('an antithrombotic written in the medication list is screened as one', () => {
    const s = run({
      patient: { medications: [{ name: 'Eliquis', dose: '5 mg twice daily' }, { name: 'metformin' }] },
    });
    expect(codes(s.findings)).toEqual(
      expect.arrayContaining(['medication_is_antithrombotic', 'antithrombotic_plan_needed']),
    );
    expect(s.blocksScheduling).toBe(true);
  });
  test('a medicine the table does not know is not flagged as an unknown antithrombotic', () => {
    const s = run({ patient: { medications: [{ name: 'metformin' }, { name: 'Zorvexa 10 mg' }] } });
    expect(codes(s.findings)).not.toContain('antithrombotic_unknown');
    expect(s.verdict).toBe('go');
  });
  test('a drug in both lists is screened once', () => {
    const s = run({
      patient: { antithrombotics: [{ name: 'apixaban' }], medications: [{ name: 'Eliquis 5 mg' }] },
    });
    expect(codes(s.findings).filter((c) => c === 'antithrombotic_plan_needed')).toHaveLength(1);
    expect(s.bleedingRisk).toBe('low');
  });
});

describe('a line that names more than one antithrombotic, or one among other words', () => {
  // Read as its first drug alone, "Aspirin + clopidogrel" was aspirin: "continue", a go, and the
  // patient told to keep taking both as usual. Each drug needs its own plan: a clinician decides.
  test.each([
    ['Aspirin + clopidogrel', ['aspirin', 'clopidogrel']],
    ['aspirin, rivaroxaban', ['aspirin', 'rivaroxaban']],
    ['Aspirin 75mg rivaroxaban 20mg', ['aspirin', 'rivaroxaban']],
  ])('%s goes to a clinician, naming each drug', (name, generics) => {
    const s = run({ patient: { antithrombotics: [{ name }] } });
    expect(codes(s.findings)).not.toContain('antithrombotic_continue');
    const f = one({ patient: { antithrombotics: [{ name }] } }, 'antithrombotic_unknown');
    expect(f.details.generics).toBe(generics.join(', '));
    expect(s.blocksScheduling).toBe(true);
    expect(present(f, wordingContext(buildSettings())).staffText).toBe(
      `“${name}” names more than one medicine (${generics.join(', ')}): a clinician must decide how to manage each and record a plan for each.`,
    );
  });

  test('in the antithrombotics list, a drug after other words is for a clinician: the words may be a drug the table does not know', () => {
    for (const name of ['tinzaparin, aspirin', 'Tab. Apixaban 5 mg']) {
      const s = run({ patient: { antithrombotics: [{ name }] } });
      expect(codes(s.findings), name).not.toContain('antithrombotic_continue');
      expect(s.blocksScheduling, name).toBe(true);
    }
    const f = one(
      { patient: { antithrombotics: [{ name: 'tinzaparin, aspirin' }] } },
      'antithrombotic_unknown',
    );
    expect(present(f, wordingContext(buildSettings())).staffText).toBe(
      '“tinzaparin, aspirin” names aspirin and other words (“tinzaparin”), which may be another medicine: a clinician must decide how to manage the line and record a plan for it.',
    );
    // A plan for aspirin says nothing of tinzaparin: the line still needs its own.
    const aspirinOnly = run({
      patient: { antithrombotics: [{ name: 'tinzaparin, aspirin' }] },
      facts: { agreedPlans: [plan('aspirin', 'continue')] },
    });
    expect(codes(aspirinOnly.findings)).toContain('antithrombotic_unknown');
    expect(aspirinOnly.blocksScheduling).toBe(true);
  });

  test.each([
    'apixaban, tinzaparin',
    'Apixaban 5 mg + tinzaparin',
    'apixaban and tinzaparin 4500 units',
    'Eliquis / tinzaparin',
    'Aspirin 75 mg; tinzaparin',
  ])(
    'a drug listed with other words after it (%s) is for a clinician, never read as the drug alone',
    (name) => {
      const s = run({ patient: { antithrombotics: [{ name }] } });
      expect(
        one({ patient: { antithrombotics: [{ name }] } }, 'antithrombotic_unknown').details.otherWords,
      ).toBe('tinzaparin');
      expect(s.blocksScheduling).toBe(true);
    },
  );

  test('the drug a line starts with is still checked as itself; a plan for the line settles the rest', () => {
    const line = { patient: { antithrombotics: [{ name: 'apixaban, tinzaparin' }] } };
    expect(codes(run(line).findings)).toEqual(
      expect.arrayContaining(['antithrombotic_plan_needed', 'antithrombotic_unknown']),
    );
    // A plan for apixaban alone leaves the line's other words for a clinician.
    const apixabanOnly = run({
      ...line,
      facts: { agreedPlans: [plan('apixaban', 'hold', '2026-03-07T08:00:00Z')] },
    });
    expect(codes(apixabanOnly.findings)).toContain('antithrombotic_unknown');
    expect(apixabanOnly.blocksScheduling).toBe(true);
    // A plan for the line is apixaban's plan too, checked as apixaban's: a hold too short stops.
    const linePlan = run({
      ...line,
      facts: { agreedPlans: [plan('apixaban, tinzaparin', 'hold', '2026-03-07T08:00:00Z')] },
    });
    expect(codes(linePlan.findings)).not.toContain('antithrombotic_unknown');
    expect(codes(linePlan.findings)).toContain('antithrombotic_plan_recorded');
    expect(linePlan.blocksScheduling).toBe(false);
    // [S1a] enoxaparin at a therapeutic dose: a firm 24 h hold; 13.5 h is too short.
    const enoxaparin = run({
      patient: { antithrombotics: [{ name: 'Clexane, tinzaparin', regimen: 'therapeutic' }] },
      facts: { agreedPlans: [plan('Clexane, tinzaparin', 'hold', '2026-03-09T20:00:00Z')] },
    });
    expect(enoxaparin.findings.find(hasCode('antithrombotic_plan_too_short'))?.severity).toBe('stop');
  });

  test.each([
    ['Apixaban 5 mg, twice daily', 'apixaban'],
    ['Aspirin 75mg OD, with food', 'aspirin'],
    ['Clexane 40 mg s/c, once a day at night', 'enoxaparin'],
    ['Eliquis 2.5/5 mg', 'apixaban'],
    ['Apixaban 5mg BD, for AF', 'apixaban'],
    ['Clopidogrel 75 mg, since stent 2024', 'clopidogrel'],
    ['Warfarin, INR target 2-3, anticoag clinic', 'warfarin'],
    ['Aspirin 75mg OD; last dose yesterday', 'aspirin'],
    ['Apixaban 5 mg, b.d.', 'apixaban'],
    ['Clopidogrel 75mg, x1 o.d.', 'clopidogrel'],
  ])(
    'its dose, what it is for or since when, after a separator, is not another drug: %s',
    (name, generic) => {
      expect(findDrug(name)?.generic).toBe(generic);
      const s = run({ patient: { antithrombotics: [{ name }] } });
      expect(codes(s.findings)).not.toContain('antithrombotic_unknown');
    },
  );

  test('in the medication list, one drug after other words is that drug', () => {
    const s = run({ patient: { medications: [{ name: 'Paracetamol, clopidogrel 75 mg' }] } });
    expect(codes(s.findings)).toEqual(
      expect.arrayContaining(['medication_is_antithrombotic', 'antithrombotic_plan_needed']),
    );
    const nsaid = run({ patient: { medications: [{ name: 'Co-codamol 30/500, ibuprofen when needed' }] } });
    expect(nsaid.blocksScheduling).toBe(false);
    // The patient is told about the drug, not the whole line; staff see the line it was found in.
    const context = wordingContext(buildSettings());
    const told = nsaid.findings.filter(hasCode('antithrombotic_continue')).map((f) => present(f, context));
    expect(told.map((t) => t.patientText)).toEqual([
      'Keep taking your ibuprofen as usual unless your clinic team tells you otherwise.',
    ]);
    const found = nsaid.findings.find(hasCode('medication_is_antithrombotic'))!;
    expect(present(found, context).staffText).toMatch(
      /^Co-codamol 30\/500, ibuprofen when needed in the medication list/,
    );
  });

  test('two drugs on one line of the medication list go to a clinician too', () => {
    const f = one({ patient: { medications: [{ name: 'Aspirin, clopidogrel' }] } }, 'antithrombotic_unknown');
    expect(f.details.generics).toBe('aspirin, clopidogrel');
  });

  test('in the medication list, other medicines on a drug’s line are other medicines, not a drug to plan', () => {
    // A medication list names other medicines by nature: "paracetamol" beside clopidogrel is one.
    const first = run({ patient: { medications: [{ name: 'Clopidogrel 75 mg, paracetamol' }] } });
    expect(codes(first.findings)).toEqual(
      expect.arrayContaining(['medication_is_antithrombotic', 'antithrombotic_plan_needed']),
    );
    const line = { patient: { medications: [{ name: 'Aspirin, clopidogrel, paracetamol' }] } };
    const f = one(line, 'antithrombotic_unknown');
    expect(f.details.otherWords).toBeUndefined();
    expect(present(f, wordingContext(buildSettings())).staffText).toMatch(/names more than one medicine/);
    const planned = run({
      ...line,
      facts: { agreedPlans: [plan('aspirin', 'continue'), plan('clopidogrel', 'continue')] },
    });
    expect(codes(planned.findings)).not.toContain('antithrombotic_unknown');
  });

  test('"low molecular weight heparin" names a class, not the unfractionated heparin its last word is', () => {
    expect(findDrug('low molecular weight heparin')).toBeUndefined();
    expect(findDrug('LMWH prophylaxis')).toBeUndefined();
    expect(findDrug('heparin 5000 units')?.generic).toBe('unfractionated heparin');
  });

  test('a brand and its generic on one line are one drug; a combined product is one drug', () => {
    expect(findDrug('Eliquis (apixaban) 5 mg')?.generic).toBe('apixaban');
    expect(findDrug('Aspirin and dipyridamole')?.generic).toBe('aspirin with dipyridamole');
    expect(findDrug('Aspirin + clopidogrel')).toBeUndefined();
  });

  const plan = (drug: string, decision: 'hold' | 'continue', lastDoseAt?: string) => ({
    drug,
    decision,
    ...(lastDoseAt ? { lastDoseAt } : {}),
    recordedBy: 'Dr Shah',
    recordedAt: '2026-03-02T09:00:00Z',
  });
  test('a plan for each drug the line names: each is checked as itself, and a hold too short stops', () => {
    const line = { patient: { antithrombotics: [{ name: 'Aspirin + rivaroxaban' }] } };
    const planned = run({
      ...line,
      facts: {
        agreedPlans: [plan('aspirin', 'continue'), plan('rivaroxaban', 'hold', '2026-03-07T08:00:00Z')],
      },
    });
    expect(codes(planned.findings)).not.toContain('antithrombotic_unknown');
    expect(codes(planned.findings).filter((c) => c === 'antithrombotic_plan_recorded')).toHaveLength(2);
    expect(planned.blocksScheduling).toBe(false);
    // Warfarin's hold is firm at intermediate risk ([S1a] 5 days; two drugs raise the risk, [A2]):
    // its last dose the day before the procedure is a stop.
    const tooShort = one(
      {
        patient: { antithrombotics: [{ name: 'aspirin and warfarin' }] },
        facts: {
          agreedPlans: [plan('aspirin', 'continue'), plan('warfarin', 'hold', '2026-03-09T08:00:00Z')],
        },
      },
      'antithrombotic_plan_too_short',
    );
    expect(tooShort.details.generic).toBe('warfarin');
    expect(tooShort.severity).toBe('stop');
  });
  test('one plan for the line as written is the clinician’s decision, accepted as recorded', () => {
    const s = run({
      patient: { antithrombotics: [{ name: 'Aspirin + clopidogrel' }] },
      facts: { agreedPlans: [plan('Aspirin + clopidogrel', 'continue')] },
    });
    expect(codes(s.findings)).toContain('antithrombotic_plan_recorded');
    expect(s.blocksScheduling).toBe(false);
  });
  test('only some of its drugs planned: still a clinician’s', () => {
    const s = run({
      patient: { antithrombotics: [{ name: 'Aspirin + clopidogrel' }] },
      facts: { agreedPlans: [plan('aspirin', 'continue')] },
    });
    expect(codes(s.findings)).toContain('antithrombotic_unknown');
    expect(s.blocksScheduling).toBe(true);
  });

  test('a name written with an accent is the drug', () => {
    expect(findDrug('Apixabán 5 mg')?.generic).toBe('apixaban');
  });
});

describe('richer clinical input', () => {
  test('allergy agent and reaction reach the finding', () => {
    const f = one(
      { patient: { allergyDetails: [{ allergy: 'latex', agent: 'gloves', reaction: 'anaphylaxis' }] } },
      'allergy_latex',
    );
    expect(f.details).toMatchObject({ allergy: 'latex', agent: 'gloves', reaction: 'anaphylaxis' });
  });
  test('type 1 diabetes counts as insulin-treated ([S25]): the longer glucose advice', () => {
    const f = one({ patient: { diabetes: { insulin: false, type: 'type-1' } } }, 'diabetes_glucose_advice');
    expect(f.details).toMatchObject({ hours: 168, poorlyControlled: true, diabetesType: 'type-1' });
  });
  test('the planned steroid dose counts toward the clinic cap', () => {
    const settings = buildSettings({ rules: { steroid: { maxDoseMgPer12Months: 100 } } });
    const s = run({
      settings,
      patient: {
        previousInjections: [{ at: '2025-10-01T10:00:00Z', purpose: 'therapeutic', steroidDoseMg: 80 }],
      },
      episode: { plannedSteroid: { agent: 'triamcinolone', doseMg: 40 } },
    });
    expect(codes(s.findings)).toContain('steroid_dose_cap_reached');
  });
  test.each([
    ['diagnostic, 3 mL intra-articular', 'diagnostic', 'intra-articular', 3, true],
    ['diagnostic, 2 mL', 'diagnostic', 'intra-articular', 2, false],
    ['diagnostic, 3 mL periarticular', 'diagnostic', 'periarticular', 3, false],
    ['therapeutic, 3 mL', 'therapeutic', 'intra-articular', 3, false],
  ] as const)('planned local anaesthetic volume: %s', (_n, purpose, plannedApproach, volumeMl, flagged) => {
    const s = run({
      episode: {
        purpose,
        plannedApproach,
        plannedLocalAnaesthetic: { agent: 'lidocaine', concentration: { value: 1, unit: '%' }, volumeMl },
      },
    });
    expect(codes(s.findings).includes('planned_volume_above_flag')).toBe(flagged);
  });
  test.each([
    ['30 % relief for 20 weeks', 30, 20, true],
    ['60 % relief for 6 weeks', 60, 6, true],
    ['60 % relief for 14 weeks (more than 3 months)', 60, 14, false],
    ['60 % relief for 13 weeks (a day short of 3 calendar months from 1 November)', 60, 13, true],
    ['60 % relief for exactly 3 calendar months (92 days)', 60, 92 / 7, false],
    // The hazard (H-007 (2)) is a repeat screened without the earlier result: a result not
    // recorded, wholly or in part, cannot show the protocol is met, so a clinician reviews it.
    ['relief not recorded', undefined, undefined, true],
    ['30 % relief, how long not recorded', 30, undefined, true],
    ['60 % relief, how long not recorded', 60, undefined, true],
    ['6 weeks, how much not recorded', undefined, 6, true],
    ['20 weeks, how much not recorded', undefined, 20, true],
  ])(
    'earlier injection result under lcd-2023 ([S9] ≥ 50 % for ≥ 3 months): %s',
    (_n, reliefPercent, reliefWeeks, review) => {
      const s = run({
        patient: {
          previousInjections: [
            {
              at: '2025-11-01T10:00:00Z',
              purpose: 'therapeutic',
              ...(reliefPercent !== undefined ? { reliefPercent } : {}),
              ...(reliefWeeks !== undefined ? { reliefWeeks } : {}),
            },
          ],
        },
      });
      expect(codes(s.findings).includes('repeat_relief_below_protocol')).toBe(review);
    },
  );
  test('an earlier result not recorded is said so, not as relief the injection gave', () => {
    const s = run({
      patient: { previousInjections: [{ at: '2025-11-01T10:00:00Z', purpose: 'therapeutic' }] },
    });
    const coded = s.findings.find((x) => x.code === 'repeat_relief_below_protocol')!;
    const f = present(coded, wordingContext(buildSettings()));
    expect(f.severity).toBe('review');
    expect(f.blocksScheduling).toBe(true);
    expect(f.staffText).toMatch(
      /^The relief the last therapeutic injection \(Saturday 1 November 2025, 10:00\) gave is not recorded; the protocol asks for ≥ 50 % relief \(or better function\) for 3 months before a repeat\. A clinician must review\.$/,
    );
    expect(f.patientText).toBeNull();
  });
  test('a protocol that needs more than 50 %: exactly 50 % is not enough', () => {
    const settings = buildSettings({
      protocol: {
        profile: 'local',
        overrides: { repeatTherapeutic: { percent: 50, comparator: '>', lasting: 'P3M' } },
      },
    });
    const at = '2025-11-01T10:00:00Z';
    const s = run({
      settings,
      patient: { previousInjections: [{ at, purpose: 'therapeutic', reliefPercent: 50, reliefWeeks: 20 }] },
    });
    expect(codes(s.findings)).toContain('repeat_relief_below_protocol');
  });
  test('earlier results are left to the clinician under aspn-2024', () => {
    const settings = buildSettings({ protocol: { profile: 'aspn-2024' } });
    const s = run({
      settings,
      patient: {
        previousInjections: [{ at: '2025-11-01T10:00:00Z', purpose: 'therapeutic', reliefPercent: 20 }],
      },
    });
    expect(codes(s.findings)).not.toContain('repeat_relief_below_protocol');
  });
  test('a patient who plans to drive: an action for staff and words for the patient', () => {
    const f = one({ facts: { plansToDrive: true } }, 'plans_to_drive');
    expect(f.severity).toBe('action');
  });
});
