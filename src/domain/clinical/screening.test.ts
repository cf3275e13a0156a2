import { describe, expect, test } from 'vitest';
import { findDrug } from './drugs.ts';
import type { CodedFinding } from './findings.ts';
import { screenCoded } from './screening.ts';
import { buildScreening, buildSettings } from './testing.ts';

const codes = (fs: CodedFinding[]) => fs.map((f) => f.code);
const run = (parts: Parameters<typeof buildScreening>[0]) => screenCoded(buildScreening(parts));
const one = (parts: Parameters<typeof buildScreening>[0], code: string) => {
  const f = run(parts).findings.find((x) => x.code === code);
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
  ])('%s is %s', (name, generic) => {
    expect(findDrug(name)?.generic).toBe(generic);
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
    const f = one({ patient: { antithrombotics: [{ name }] } }, code);
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

  test('a plan for an unknown drug is accepted as the clinician recorded it', () => {
    const s = run({
      patient: { antithrombotics: [{ name: 'tinzaparin' }] },
      facts: {
        agreedPlans: [
          {
            drug: 'Tinzaparin',
            decision: 'continue',
            recordedBy: 'Dr A',
            recordedAt: '2026-03-02T09:00:00Z',
          },
        ],
      },
    });
    expect(codes(s.findings)).toEqual(expect.arrayContaining(['antithrombotic_plan_recorded']));
    expect(s.blocksScheduling).toBe(false);
  });
});

describe('patient factors raise the category one step ([A2])', () => {
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
  test('warfarin at intermediate risk: 5 days and a normal INR ([S1a])', () => {
    const f = one(
      { patient: { antithrombotics: [{ name: 'warfarin' }], bleedingRiskFactors: ['older-age'] } },
      'antithrombotic_plan_needed',
    );
    expect(f.details.holdHours).toBe(120);
    expect(f.details.requiresNormalInr).toBe(true);
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

  test('the earliest date is the resolution plus the look-back', () => {
    const f = one(
      {
        facts: {
          infections: [
            { description: 'UTI', startedAt: '2026-03-01T00:00:00Z', resolvedAt: '2026-03-05T00:00:00Z' },
          ],
        },
      },
      'infection_recent',
    );
    expect(f.action?.dueAt).toBe('2026-03-19T00:00:00.000Z');
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
  const inj = (
    at: string,
    purpose: 'diagnostic' | 'therapeutic' | 'both' = 'therapeutic',
    steroidDoseMg?: number,
  ) => ({
    at,
    purpose,
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
