import { describe, expect, test } from 'vitest';
import { TriageFactsSchema } from './facts.ts';
import { resolveProfile } from './profiles.ts';
import { buildSettings } from './testing.ts';
import { triage } from './triage.ts';
import { present, wordingContext } from './wording.ts';

const lcd = resolveProfile('lcd-2023');
const run = (facts: unknown, purpose: 'diagnostic' | 'therapeutic' | 'both' = 'diagnostic') =>
  triage(TriageFactsSchema.parse(facts), purpose, lcd);
const codes = (facts: unknown) => run(facts).findings.map((f) => f.code);

const tests = (positive: number, negative: number) => {
  const names = [
    'distraction',
    'compression',
    'thighThrust',
    'sacralThrust',
    'gaenslenLeft',
    'gaenslenRight',
  ];
  return Object.fromEntries(
    names.slice(0, positive + negative).map((n, i) => [n, i < positive ? 'positive' : 'negative']),
  );
};

describe('provocation tests (Laslett 2005 [S34]: ≥ 3 of 6 positive; all six negative rules the SI joint out)', () => {
  test.each([
    ['3 of 6 positive', tests(3, 3), 'provocation_cluster_positive', 'supports'],
    ['6 of 6 positive', tests(6, 0), 'provocation_cluster_positive', 'supports'],
    ['2 of 6 positive', tests(2, 4), 'provocation_below_cluster', 'against'],
    ['all six negative', tests(0, 6), 'provocation_all_negative', 'against'],
    ['only 2 done, both negative', tests(0, 2), 'provocation_incomplete', 'neutral'],
    ['none done', {}, 'provocation_incomplete', 'neutral'],
  ])('%s', (_n, provocationTests, code, bearing) => {
    const f = run({ provocationTests }).findings.find((x) => x.code.startsWith('provocation'))!;
    expect(f.code).toBe(code);
    expect(f.bearing).toBe(bearing);
  });

  test('FABER and Yeoman count toward the LCD total ([S9])', () => {
    expect(
      codes({ provocationTests: { faber: 'positive', yeoman: 'positive', distraction: 'positive' } }),
    ).toContain('provocation_cluster_positive');
  });

  test("Laslett's figures are quoted only when three of its six tests are positive ([S34])", () => {
    const words = (provocationTests: object) => {
      const f = run({ provocationTests }).findings.find((x) => x.code === 'provocation_cluster_positive')!;
      return {
        text: present(f, wordingContext(buildSettings())).staffText,
        keys: f.sources.map((s) => s.key),
      };
    };
    const lcdList = words({ faber: 'positive', yeoman: 'positive', distraction: 'positive' });
    expect(lcdList.text).toBe(
      "3 of 3 provocation tests positive (cluster needs 3): supports the SI joint (fewer than 3 of Laslett's six, so its sensitivity and specificity do not apply).",
    );
    expect(lcdList.keys).not.toContain('S34');
    const laslett = words(tests(3, 3));
    expect(laslett.text).toMatch(/\(Laslett: sensitivity 94 %, specificity 78 %\)\.$/);
    expect(laslett.keys).toContain('S34');
  });

  test('a clinic can override the number required', () => {
    const strict = resolveProfile('lcd-2023', { provocationPositiveMin: 4 });
    const f = triage(TriageFactsSchema.parse({ provocationTests: tests(3, 3) }), 'diagnostic', strict);
    expect(f.findings.map((x) => x.code)).toContain('provocation_below_cluster');
  });
});

describe('indication, purpose and prior treatments (seeds 001, 002, 004)', () => {
  test.each([
    'si-joint-dysfunction',
    'sacroiliitis',
    'pregnancy-pelvic-girdle-pain',
    'ankylosing-spondylitis',
    'gait-or-leg-length-imbalance',
    'pain-after-lumbar-fusion-or-laminectomy',
  ])('%s is a recognised indication', (indication) => {
    const f = run({ indications: [indication] }).findings.find((x) => x.code === 'indication_recognised')!;
    expect(f.details.indication).toBe(indication);
    expect(f.bearing).toBe('supports');
  });

  test('no indication is asked for', () => {
    expect(codes({})).toContain('indication_not_recorded');
  });

  test('"Some patients ... do not respond to lumbar epidural blocks, and no distinct findings are found on MRI" (seed 004)', () => {
    expect(
      codes({ priorTreatments: { lumbarEpiduralWithoutBenefit: true, imagingWithoutDistinctFinding: true } }),
    ).toEqual(expect.arrayContaining(['epidural_without_benefit', 'imaging_without_distinct_finding']));
  });

  test('the purpose is recorded (seed 002: to confirm, to treat, or both)', () => {
    expect(run({}, 'both').findings.find((f) => f.code === 'purpose_recorded')?.details.purpose).toBe('both');
  });
});

describe('conservative care ([S9], [S8]: ≥ 4 weeks)', () => {
  test.each([
    [undefined, 'conservative_care_not_recorded'],
    [3, 'conservative_care_short'],
    [4, 'conservative_care_met'],
    [12, 'conservative_care_met'],
  ])('%s weeks → %s', (weeks, code) => {
    expect(codes(weeks === undefined ? {} : { conservativeCareWeeks: weeks })).toContain(code);
  });
});

describe('summary', () => {
  test.each([
    [
      'cluster positive with care met',
      { indications: ['sacroiliitis'], provocationTests: tests(4, 2), conservativeCareWeeks: 6 },
      'supports',
    ],
    ['cluster positive but care short', { provocationTests: tests(4, 2), conservativeCareWeeks: 2 }, 'mixed'],
    [
      'below the cluster and no support',
      { provocationTests: tests(1, 5), conservativeCareWeeks: 6 },
      'weighs-against',
    ],
    [
      'all six negative despite an indication',
      { indications: ['sacroiliitis'], provocationTests: tests(0, 6) },
      'weighs-against',
    ],
    ['examination incomplete', { indications: ['sacroiliitis'] }, 'insufficient'],
  ])('%s', (_n, facts, summary) => {
    expect(run(facts).summary).toBe(summary);
  });
});

describe('red flags at referral ([S17]: outside the appropriate-use criteria)', () => {
  const settings = buildSettings();
  test.each([
    ['saddle-anaesthesia', 'Red flag: saddle anaesthesia, a sign of cauda equina compression.'],
    ['unexplained-weight-loss', 'Red flag: unexplained weight loss, a cancer red flag.'],
    ['iv-drug-use', 'Red flag: intravenous drug use, an infection red flag.'],
    ['fracture', 'Red flag: a fracture.'],
  ])('%s is named, weighs against the injection and is for a clinician to review', (flag, words) => {
    const result = run({ provocationTests: tests(4, 2), redFlags: [flag] });
    const f = result.findings.find((x) => x.code === 'referral_red_flag')!;
    expect(f).toMatchObject({ severity: 'review', bearing: 'against', details: { flag } });
    expect(f.sources.map((s) => s.key)).toEqual(['S17']);
    expect(present(f, wordingContext(settings)).staffText).toMatch(
      new RegExp(`^${words.replace(/[.()]/g, '\\$&')} Outside the appropriate-use criteria`),
    );
    // Provocation supports the SI joint, the red flag weighs against: not a clear "supports".
    expect(result.summary).not.toBe('supports');
  });

  test('in American English for a clinic that writes it', () => {
    const us = buildSettings({ clinic: { locale: 'en-US' } });
    const f = run({ redFlags: ['saddle-anaesthesia'] }).findings.find((x) => x.code === 'referral_red_flag')!;
    expect(present(f, wordingContext(us)).staffText).toMatch(/^Red flag: saddle anesthesia, /);
  });

  // No box ticked used to read as none found, as a screening question left blank once read "no"
  // (H-020): nobody could tell a referral checked for red flags from one never asked about them.
  test('none ticked and "None of these" not said: not asked, for a clinician to review', () => {
    const f = run({ provocationTests: tests(4, 2) }).findings.find(
      (x) => x.code === 'referral_red_flags_not_asked',
    )!;
    expect(f).toMatchObject({ severity: 'review', bearing: 'neutral' });
    expect(f.sources.map((s) => s.key)).toEqual(['S17']);
    expect(present(f, wordingContext(settings)).staffText).toBe(
      'Red flags not recorded as asked (signs of cauda equina compression, of cancer or infection, a fracture): ask about them, then tick those found or "None of these".',
    );
    expect(codes({ provocationTests: tests(4, 2) })).not.toContain('referral_red_flag');
  });

  test('"None of these", said: no red flag and nothing not asked', () => {
    const found = codes({ provocationTests: tests(4, 2), noRedFlags: true });
    expect(found).not.toContain('referral_red_flag');
    expect(found).not.toContain('referral_red_flags_not_asked');
    expect(run({ provocationTests: tests(4, 2), noRedFlags: true }).summary).toBe('supports');
  });

  test('a red flag ticked is asked about: named, and not "not asked"', () => {
    expect(codes({ redFlags: ['fracture'] })).not.toContain('referral_red_flags_not_asked');
  });

  test('each red flag once, however often it is sent', () => {
    const flags = run({ redFlags: ['night-pain', 'night-pain', 'history-of-cancer'] }).findings.filter(
      (f) => f.code === 'referral_red_flag',
    );
    expect(flags.map((f) => f.details.flag)).toEqual(['night-pain', 'history-of-cancer']);
  });
});
