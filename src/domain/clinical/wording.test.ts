import { describe, expect, test } from 'vitest';
import type { FindingDetailsMap } from './finding-details.ts';
import { FINDING_CODES, type FindingCode, finding } from './findings.ts';
import { cite } from './sources.ts';
import { buildSettings } from './testing.ts';
import { peakReliefWords, present, presentInstruction, toUsEnglish, wordingContext } from './wording.ts';

const ctx = wordingContext(buildSettings());

/** A finding with only some of its facts, as a record stored by an older rule may be. */
const partial = <C extends FindingCode>(
  code: C,
  severity: Parameters<typeof finding>[1],
  sources: Parameters<typeof finding>[2],
  details: Partial<FindingDetailsMap[C]>,
) => finding<FindingCode>(code, severity, sources, details as FindingDetailsMap[FindingCode]);

describe('wording (en-GB)', () => {
  test.each(FINDING_CODES.map((c) => [c]))('%s renders staff text', (code) => {
    const f = present(finding(code, 'info', [cite('README')], {}), ctx);
    expect(f.staffText.length).toBeGreaterThan(5);
  });

  test.each([
    ['sacroiliitis', 'Indication: sacroiliitis (a condition'],
    ['si-joint-dysfunction', 'Indication: SI joint dysfunction (a condition'],
    ['pregnancy-pelvic-girdle-pain', 'Indication: pregnancy-related pelvic girdle pain (a condition'],
  ] as const)('the indication %s reads mid-sentence as the triage form names it', (indication, text) => {
    const f = present(finding('indication_recognised', 'info', [cite('README')], { indication }), ctx);
    expect(f.staffText).toContain(text);
  });

  test.each([
    'lab_no_limit_set',
    'lab_above_limit',
    'lab_below_limit',
    'lab_within_limit',
    'lab_taken_after_now',
    'lab_not_recent',
  ] as const)('%s begins its sentence with a capital, as "Platelets 245"', (code) => {
    const f = present(partial(code, 'review', [cite('README')], { lab: 'platelets', value: '245' }), ctx);
    expect(f.staffText).toMatch(/^Platelets 245/);
  });

  test('a drug needing a plan tells the patient nothing', () => {
    const f = present(
      partial('antithrombotic_plan_needed', 'review', [cite('S1a')], {
        drug: 'apixaban',
        advice: 'shared-assessment',
        holdHours: null,
      }),
      ctx,
    );
    expect(f.patientText).toBeNull();
    expect(f.staffText).toContain('Agree a plan with the prescriber');
  });

  test('a recorded hold reaches the patient with its date in the clinic zone', () => {
    const f = present(
      finding(
        'antithrombotic_plan_recorded',
        'action',
        [cite('S1a')],
        {
          drug: 'enoxaparin',
          decision: 'hold',
          lastDoseAt: '2026-03-03T08:00:00Z',
          restartAfterHours: 4,
          recordedBy: 'Nurse Jones',
          agreedWith: null,
        },
        { action: { who: 'patient', dueAt: '2026-03-03T08:00:00Z' } },
      ),
      ctx,
    );
    expect(f.patientText).toContain('last dose of enoxaparin on Tuesday 3 March 2026, 08:00');
    expect(f.patientText).toContain('4 hours after');
    expect(f.action?.dueLocal).toBe('Tuesday 3 March 2026, 08:00');
  });

  test('urgent advice uses the clinic contacts', () => {
    const f = present(
      partial('symptom_urgent', 'stop', [cite('S7')], {
        symptom: 'bladder-change',
        hoursSinceProcedure: null,
      }),
      ctx,
    );
    expect(f.patientText).toContain('01752 437707');
    expect(f.patientText).toContain('NHS 111');
  });

  const words = (
    code: Parameters<typeof finding>[0],
    details: Record<string, string | number | boolean | null>,
  ) => present(finding(code, 'review', [cite('README')], details), ctx);

  test.each([
    [
      { question: 'pregnancy', sex: 'female', ageYears: 34, plannedGuidance: 'fluoroscopy' },
      'Not asked: pregnancy, for a woman of 34 (fluoroscopy guidance). No ionising radiation in pregnancy',
    ],
    [
      { question: 'pregnancy', sex: null, ageYears: null, plannedGuidance: null },
      'Not asked: pregnancy, for a patient whose sex is not recorded (guidance not chosen yet).',
    ],
    [
      { question: 'bleedingDisorder' },
      'Not asked: a bleeding disorder. Ask before booking, or a clinician must review.',
    ],
  ])('a question not asked says which, and who must act: %o', (details, text) => {
    const f = words('question_not_asked', details);
    expect(f.staffText).toContain(text);
    expect(f.patientText).toBeNull();
  });

  test.each([
    [1, '1st'],
    [3, '3rd'],
  ])('trimester %d reads "%s trimester"', (trimester, text) => {
    expect(words('pregnancy_no_ionising_radiation', { trimester }).staffText).toContain(`${text} trimester`);
  });

  test('a hold shorter than the clinic suggests is worded as a review, a firm one as needed', () => {
    const base = { drug: 'apixaban', plannedHoldHours: 37.5, holdHours: 72, risk: 'low' };
    expect(
      words('antithrombotic_plan_too_short', { ...base, holdIsClinicSetting: true }).staffText,
    ).toContain('less than the 3 days the clinic suggests');
    expect(
      words('antithrombotic_plan_too_short', { ...base, holdIsClinicSetting: false }).staffText,
    ).toContain('but 3 days are needed at low bleeding risk');
  });

  test('earlier relief below the protocol names what is known of it', () => {
    const base = { lastAt: '2025-11-03T12:00:00Z', percent: 50, comparator: '>=', lasting: 'P3M' };
    expect(
      words('repeat_relief_below_protocol', { ...base, reliefPercent: 30, reliefWeeks: null }).staffText,
    ).toContain('gave 30 % relief (for how long not recorded);');
    expect(
      words('repeat_relief_below_protocol', { ...base, reliefPercent: null, reliefWeeks: 6 }).staffText,
    ).toContain('gave relief (how much not recorded) for 6 weeks;');
  });

  // A threshold reads as a clinician writes it, "≥ 75 %", not as code (">= 75 %"); the details
  // keep the comparator as data.
  test.each([
    [0, 'No provocation tests recorded yet; 3 positive are needed.'],
    [1, 'Only 1 provocation test done; 3 positive are needed.'],
    [2, 'Only 2 provocation tests done; 3 positive are needed.'],
  ])('%i provocation tests done reads "%s"', (done, text) => {
    expect(words('provocation_incomplete', { done, required: 3 }).staffText).toContain(text);
  });

  test.each([
    ['conservative_care_short', 0, 'No conservative care yet; the protocol asks for 4 weeks.'],
    ['conservative_care_short', 1, 'Only 1 week of conservative care; the protocol asks for 4 weeks.'],
    ['conservative_care_short', 3, 'Only 3 weeks of conservative care; the protocol asks for 4 weeks.'],
    ['conservative_care_met', 1, '1 week of conservative care (at least 1 week needed).'],
    ['conservative_care_met', 8, '8 weeks of conservative care (at least 4 weeks needed).'],
  ] as const)('%s with %i weeks reads "%s"', (code, weeks, text) => {
    expect(
      words(code, { weeks, minWeeks: weeks === 1 && code === 'conservative_care_met' ? 1 : 4 }).staffText,
    ).toBe(text);
  });

  test('one hour, one day and one week are said in the singular', () => {
    expect(words('no_driving', { noDrivingHours: 1 }).patientText).toBe(
      'You must not drive yourself home, and do not drive for 1 hour after the injection.',
    );
    expect(words('escort_arranged', { adultAtHomeHours: 1 }).patientText).toContain(
      'stay with you for 1 hour.',
    );
    const earlier = { lastAt: '2025-11-01T10:00:00Z', percent: 50, comparator: '>=', lasting: 'P3M' };
    expect(
      words('repeat_relief_below_protocol', { ...earlier, reliefPercent: 60, reliefWeeks: 1 }).staffText,
    ).toContain('gave 60 % relief for 1 week;');
  });

  test('denervation after a diagnostic block is for its positive block; after a diagnostic and therapeutic one, for relief that did not last too', () => {
    const diagnostic = words('next_refer_rf_denervation', {
      profile: 'aspn-2024',
      coveredUnderProfile: true,
      reliefDidNotLast: false,
    });
    expect(diagnostic.staffText).toBe(
      'Next step: refer for radiofrequency denervation (positive diagnostic block).',
    );
    const both = words('next_refer_rf_denervation', {
      profile: 'lcd-2023',
      coveredUnderProfile: false,
      reliefDidNotLast: true,
    });
    expect(both.staffText).toBe(
      'Next step: refer for radiofrequency denervation (positive diagnostic block, relief that did not last); not covered under the 2023 Medicare LCDs.',
    );
  });

  test('the published hold of a shared-assessment drug is "for higher risk" only at low risk', () => {
    const at = (risk: 'low' | 'intermediate') =>
      words('antithrombotic_plan_needed', {
        drug: 'clopidogrel',
        generic: 'clopidogrel',
        risk,
        advice: 'shared-assessment',
        holdHours: null,
        referenceHold: '7 days (intermediate/high, [S4])',
      }).staffText;
    expect(at('low')).toContain('; published hold for higher risk 7 days (intermediate/high, [S4]).');
    expect(at('intermediate')).toContain('; published hold 7 days (intermediate/high, [S4]).');
  });

  test('a block after which pain was worse says so, not "peak relief -25 %" alone', () => {
    const worse = words('block_negative', {
      anaesthetic: 'lidocaine',
      peakReliefPercent: -25,
      thresholdPercent: 75,
      comparator: '>=',
    });
    expect(worse.staffText).toBe(
      'Negative block: pain was worse than before the block at every score (-25 % relief at best); the threshold is ≥ 75 %.',
    );
    const some = words('block_negative', { peakReliefPercent: 37.5, thresholdPercent: 75, comparator: '>=' });
    expect(some.staffText).toBe('Negative block: peak relief 37.5 % never reached the threshold (≥ 75 %).');
  });

  test.each([
    [
      -60,
      'Not a responder: pain was worse than before the injection at every diary score (-60 % relief at best); the threshold is ≥ 50 %.',
    ],
    [
      0,
      'Not a responder: pain was never lower than before the injection (no relief at any diary score); the threshold is ≥ 50 %.',
    ],
    [30, 'Not a responder: peak relief 30 % (threshold ≥ 50 %).'],
  ])('an outcome with peak relief %s % says "%s", not a negative figure alone', (peakReliefPercent, text) => {
    const f = words('outcome_non_responder', { peakReliefPercent, thresholdPercent: 50, comparator: '>=' });
    expect(f.staffText).toBe(text);
  });

  test.each([
    [null, 'Not calculable'],
    [71, '71%'],
    [0, 'None (pain was never lower than before)'],
    [-25, 'None (pain was worse than before at every score; -25% at best)'],
  ])('peak relief %s reads "%s" on a page or a letter', (percent, text) => {
    expect(peakReliefWords(percent)).toBe(text);
  });

  test.each([
    [5.5, 'reported 5.5 h after the procedure'],
    [47.9, 'reported 47.9 h after the procedure'],
    [57.5, 'reported 2 days 10 h after the procedure'],
    [72, 'reported 3 days after the procedure'],
    [95.7, 'reported 4 days after the procedure'],
  ])('an urgent symptom %s h after the procedure reads "%s"', (hoursSinceProcedure, text) => {
    const f = words('symptom_urgent', { symptom: 'fever-or-feeling-unwell', hoursSinceProcedure });
    expect(f.staffText).toContain(text);
  });

  test('thresholds are written with ≥, not >=', () => {
    const block = words('block_positive', {
      anaesthetic: 'lidocaine',
      baselinePain: 8,
      peakReliefPercent: 87.5,
      thresholdPercent: 75,
      comparator: '>=',
      reliefLastedHours: 2,
      expectedMinHours: 1,
    });
    expect(block.staffText).toContain('(≥ 75 %)');
    expect((block.details as { comparator: string }).comparator).toBe('>=');
    const repeat = words('repeat_relief_below_protocol', {
      lastAt: '2025-11-03T12:00:00Z',
      percent: 50,
      comparator: '>',
      lasting: 'P3M',
      reliefPercent: 30,
      reliefWeeks: 6,
    });
    expect(repeat.staffText).toContain('asks for > 50 % relief');
  });

  test('a dose the patient reports is shown to staff; older age names the clinic rule', () => {
    expect(
      words('antithrombotic_unknown', { drug: 'Zorvexa', reportedLastDoseAt: '2026-03-08T08:00:00Z' })
        .staffText,
    ).toContain('The patient reports the last dose on Sunday 8 March 2026, 08:00.');
    expect(
      words('bleeding_risk_raised', {
        risk: 'intermediate',
        factors: 'older-age',
        ageYears: 80,
        olderAgeFromYears: 75,
      }).staffText,
    ).toContain('(aged 80; the clinic counts older age from 75)');
  });
});

describe('what to do when the clinic is closed, however the clinic wrote it', () => {
  // The settings ask for "what a patient should do out of hours, in words they can act on": a
  // sentence ("When we are closed, call NHS 111; …") or a few words ("NHS 111"). Either reads once.
  const patientTexts = (outOfHours: string) => {
    const c = wordingContext(
      buildSettings({
        clinic: { contacts: { phone: '01632 960 100', urgentPhone: '01632 960 101', outOfHours } },
      }),
    );
    const urgent = present(
      partial('symptom_urgent', 'stop', [cite('README')], { symptom: 'saddle-numbness' }),
      c,
    );
    const soon = present(
      partial('symptom_soon', 'review', [cite('README')], { symptom: 'severe-headache' }),
      c,
    );
    return [urgent.patientText, soon.patientText].join(' ');
  };

  test.each([
    [
      'When we are closed, call NHS 111; in an emergency call 999.',
      'When we are closed, call NHS 111; in an emergency call 999.',
    ],
    ['Call NHS 111, or 999 in an emergency', 'When we are closed: call NHS 111, or 999 in an emergency.'],
    ['NHS 111', 'When we are closed: NHS 111.'],
    // Says no time: "Whenever" is not "When", "Iffley" not "If".
    ['Whenever you need us, call 111', 'When we are closed: whenever you need us, call 111.'],
    ['Iffley Road Urgent Care, 01865 000000', 'When we are closed: Iffley Road Urgent Care, 01865 000000.'],
  ])('"%s" reads as one sentence: %s', (outOfHours, sentence) => {
    const text = patientTexts(outOfHours);
    expect(text).toContain(sentence);
    expect(text).not.toMatch(/closed: When we are closed|out of hours: When|\.\.|\.\)/i);
  });
});

describe('wording (en-US)', () => {
  const us = wordingContext(
    buildSettings({
      clinic: {
        locale: 'en-US',
        timeZone: 'America/New_York',
        name: 'Ring Road GP Centre',
        contacts: { phone: '555-0100', urgentPhone: '555-0199', outOfHours: 'Ring the GP centre' },
      },
    }),
  );

  test('American spelling and names, a capital kept, other words as they are', () => {
    expect(toUsEnglish('The local anaesthetic. Anaesthetic wears off; ring your GP.')).toBe(
      'The local anesthetic. Anesthetic wears off; call your primary care doctor.',
    );
    expect(toUsEnglish('GPs and a haematoma')).toBe('primary care doctors and a hematoma');
  });

  test.each(FINDING_CODES.map((c) => [c]))('%s renders in en-US without British words', (code) => {
    const f = present(finding(code, 'info', [cite('README')], {}), us);
    expect(f.staffText.length).toBeGreaterThan(5);
    expect(`${f.staffText} ${f.patientText ?? ''}`).not.toMatch(/anaesthe|haemat/);
  });

  test('the clinic’s own name and contacts are never re-spelt', () => {
    const f = present(
      partial('symptom_soon', 'review', [cite('README')], { symptom: 'fever-or-feeling-unwell' }),
      us,
    );
    expect(f.patientText).toContain('Please call Ring Road GP Centre today on 555-0100');
    expect(f.patientText).toContain('When we are closed: ring the GP centre.');
    const i = presentInstruction(
      {
        phase: 'after-care',
        code: 'after_no_driving',
        urgent: false,
        details: { hours: 24, until: '2026-03-11T14:30:00.000Z' },
        sources: [],
      },
      us,
    );
    expect(i.text).toBe(
      'Do not drive for 24 hours after the injection (until Wednesday March 11, 2026, 10:30 AM).',
    );
  });
});
