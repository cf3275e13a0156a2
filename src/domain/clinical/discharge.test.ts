import { describe, expect, test } from 'vitest';
import { type DischargeCriterion, dischargeOverrideRefused, dischargeReadiness } from './discharge.ts';
import { DischargeFactsSchema } from './facts.ts';
import { checkSideConsistency } from './side.ts';
import { buildSettings } from './testing.ts';
import { present, wordingContext } from './wording.ts';

const ready = {
  walkingChecked: true,
  legNumbnessOrWeakness: false,
  passedUrine: true,
  escortPresent: true,
  adviceGiven: true,
};

describe('discharge readiness (seed 003 "Before you are discharged"; PADSS [S41])', () => {
  test('all checks done → ready', () => {
    const r = dischargeReadiness(ready, buildSettings());
    expect(r.ready).toBe(true);
    expect(r.findings.map((f) => f.code)).toEqual(['discharge_ready']);
  });

  test.each([
    [
      '"helped to your feet, to check your walking"',
      { walkingChecked: false },
      'discharge_walking_not_checked',
    ],
    ['legs "feel numb or weak"', { legNumbnessOrWeakness: true }, 'discharge_leg_numbness_or_weakness'],
    ['"asked to pass water"', { passedUrine: false }, 'discharge_not_passed_urine'],
    ['"must not drive yourself home": no escort', { escortPresent: false }, 'discharge_no_escort'],
    ['advice not given', { adviceGiven: false }, 'discharge_advice_not_given'],
  ])('%s → not ready', (_n, change, code) => {
    const r = dischargeReadiness({ ...ready, ...change }, buildSettings());
    expect(r.ready).toBe(false);
    expect(r.missing).toEqual([code]);
  });

  test('leg symptoms assessed by a clinician do not hold discharge', () => {
    const r = dischargeReadiness(
      { ...ready, legNumbnessOrWeakness: true, legSymptomsReviewedBy: 'Dr A' },
      buildSettings(),
    );
    expect(r.ready).toBe(true);
    expect(r.findings.map((f) => f.code)).toContain('discharge_leg_symptoms_reviewed');
  });

  test('leg symptoms are assessed by someone named: a name of spaces is refused, not read as a review', () => {
    const numb = { ...ready, legNumbnessOrWeakness: true };
    const blank = DischargeFactsSchema.safeParse({ ...numb, legSymptomsReviewedBy: '   ' });
    expect(blank.success).toBe(false);
    expect(blank.error?.issues[0]).toMatchObject({
      path: ['legSymptomsReviewedBy'],
      message: 'Name the clinician who assessed the leg symptoms',
    });
    const named = DischargeFactsSchema.parse({ ...numb, legSymptomsReviewedBy: '  Dr A  ' });
    const words = dischargeReadiness(named, buildSettings()).findings.map((f) =>
      present(f, wordingContext(buildSettings())),
    );
    expect(words[0]?.staffText).toBe('Leg symptoms assessed by Dr A; discharge with that plan.');
  });

  test('voiding and escort can be switched off by the site (modified PADSS)', () => {
    const settings = buildSettings({
      rules: { discharge: { requireVoiding: false }, escort: { required: false } },
    });
    expect(dischargeReadiness({ ...ready, passedUrine: false, escortPresent: false }, settings).ready).toBe(
      true,
    );
  });
});

describe('checkSideConsistency (wrong side)', () => {
  test.each([
    [
      { planned: 'left', markedAtCheckIn: 'left', confirmedAtTimeOut: 'left', recorded: 'left' },
      'side_consistent',
    ],
    [
      { planned: 'both', markedAtCheckIn: 'both', confirmedAtTimeOut: 'both', recorded: 'both' },
      'side_consistent',
    ],
    [
      { planned: 'left', markedAtCheckIn: 'left', confirmedAtTimeOut: 'right', recorded: 'left' },
      'side_mismatch',
    ],
    [
      { planned: 'left', markedAtCheckIn: 'left', confirmedAtTimeOut: 'left', recorded: 'both' },
      'side_mismatch',
    ],
    [{ planned: 'left', markedAtCheckIn: 'left' }, 'side_not_confirmed'],
    [{ planned: 'left', confirmedAtTimeOut: 'right' }, 'side_mismatch'],
    [{}, 'side_not_confirmed'],
  ] as const)('%o → %s', (check, code) => {
    const f = checkSideConsistency(check);
    expect(f.code).toBe(code);
    expect(f.blocksScheduling).toBe(code !== 'side_consistent');
  });
});

test('the steps that have not named the side are said in words', () => {
  const f = checkSideConsistency({ planned: 'left', markedAtCheckIn: 'left' });
  expect(present(f, wordingContext(buildSettings())).staffText).toBe(
    'Side not confirmed at: the time-out, the procedure record. Stop until every step names the side.',
  );
});

describe('who may send a patient home with a criterion unmet (one policy, per criterion)', () => {
  test.each<[DischargeCriterion, 'clinician' | 'nurse' | 'admin', boolean]>([
    ['discharge_walking_not_checked', 'clinician', true],
    ['discharge_walking_not_checked', 'nurse', false],
    ['discharge_leg_numbness_or_weakness', 'clinician', true],
    ['discharge_leg_numbness_or_weakness', 'nurse', false],
    ['discharge_not_passed_urine', 'nurse', true],
    ['discharge_not_passed_urine', 'clinician', true],
    ['discharge_no_escort', 'nurse', true],
    ['discharge_advice_not_given', 'nurse', true],
    ['discharge_no_escort', 'admin', false],
  ])('%s overruled by a %s: %s', (criterion, role, allowed) => {
    expect(dischargeOverrideRefused([criterion], role)).toEqual(allowed ? [] : [criterion]);
  });

  test('a nurse is refused only the criteria that need a clinician', () => {
    const r = dischargeReadiness(
      { ...ready, legNumbnessOrWeakness: true, escortPresent: false },
      buildSettings(),
    );
    expect(dischargeOverrideRefused(r.missing, 'nurse')).toEqual(['discharge_leg_numbness_or_weakness']);
    expect(dischargeOverrideRefused(r.missing, 'clinician')).toEqual([]);
  });

  test('a criterion the policy does not name is overruled by no one', () => {
    expect(dischargeOverrideRefused(['discharge_something_new'], 'clinician')).toEqual([
      'discharge_something_new',
    ]);
  });
});
