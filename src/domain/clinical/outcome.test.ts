import { describe, expect, test } from 'vitest';
import { PatientFactsSchema, type PreviousInjection, type Purpose } from './facts.ts';
import { outcome } from './outcome.ts';
import { resolveProfile } from './profiles.ts';
import { buildSettings } from './testing.ts';
import { lastedDaysWords, present, wordingContext } from './wording.ts';

const procedureAt = new Date('2026-01-05T09:30:00Z');
const days = (d: number) => new Date(procedureAt.getTime() + d * 86_400_000).toISOString();
const settings = buildSettings();
const run = (
  purpose: Purpose,
  entries: Array<[number, number, number?]>,
  opts: {
    block?: 'positive' | 'negative' | 'indeterminate';
    now?: number;
    previous?: PreviousInjection[];
    profile?: 'lcd-2023' | 'aspn-2024';
    overrides?: Parameters<typeof resolveProfile>[1];
  } = {},
) =>
  outcome({
    now: new Date(days(opts.now ?? 120)),
    procedureAt,
    purpose,
    diary: {
      baselinePain: 8,
      entries: entries.map(([d, pain, pgic]) => ({ at: days(d), pain, ...(pgic ? { pgic } : {}) })),
    },
    block: opts.block,
    patient: PatientFactsSchema.parse({ previousInjections: opts.previous ?? [] }),
    settings,
    protocol: resolveProfile(opts.profile ?? 'lcd-2023', opts.overrides),
  });

// Relief ≥ 50 % (pain ≤ 4 of 8) for 3 months ([S9] repeat criterion).
const lasting: Array<[number, number, number?]> = [
  [1, 2],
  [14, 3],
  [42, 3],
  [92, 4, 2],
];
const fading: Array<[number, number, number?]> = [
  [1, 2],
  [14, 3],
  [42, 7],
];

describe('outcome and next step', () => {
  test.each([
    [
      'diagnostic, negative block → reconsider the diagnosis',
      'diagnostic',
      [[0.1, 7]],
      { block: 'negative' },
      ['reconsider-diagnosis'],
    ],
    [
      'diagnostic, positive block → refer for RF denervation',
      'diagnostic',
      [[0.1, 1]],
      { block: 'positive' },
      ['refer-rf-denervation'],
    ],
    [
      'diagnostic, indeterminate block → clinician review',
      'diagnostic',
      [[0.1, 1]],
      { block: 'indeterminate' },
      ['clinician-review'],
    ],
    [
      'both, positive block, relief fades → RF denervation',
      'both',
      fading,
      { block: 'positive' },
      ['refer-rf-denervation'],
    ],
    [
      'both, positive block, relief lasts 3 months → repeat when it returns',
      'both',
      lasting,
      { block: 'positive' },
      ['repeat-injection', 'physiotherapy'],
    ],
    [
      'therapeutic, relief lasts → repeat + physiotherapy',
      'therapeutic',
      lasting,
      {},
      ['repeat-injection', 'physiotherapy'],
    ],
    [
      'therapeutic, relief fades → physiotherapy + review',
      'therapeutic',
      fading,
      {},
      ['physiotherapy', 'clinician-review'],
    ],
    [
      'therapeutic, no relief → physiotherapy + review',
      'therapeutic',
      [
        [1, 7],
        [14, 8],
      ],
      {},
      ['physiotherapy', 'clinician-review'],
    ],
    [
      'therapeutic under ASPN (clinician judgement)',
      'therapeutic',
      lasting,
      { profile: 'aspn-2024' },
      ['clinician-review'],
    ],
    [
      'both, positive block, relief still going at 40 days → not yet: a clinician reviews, no denervation',
      'both',
      [
        [1, 2],
        [14, 3],
      ],
      { now: 40, block: 'positive' },
      ['clinician-review'],
    ],
    [
      'therapeutic, lasting, but only 40 days since → not yet',
      'therapeutic',
      [
        [1, 2],
        [14, 3],
      ],
      { now: 40 },
      ['physiotherapy', 'clinician-review'],
    ],
  ] as const)('%s', (_n, purpose, entries, opts, steps) => {
    expect(run(purpose, [...entries] as Array<[number, number, number?]>, opts).nextSteps).toEqual(steps);
  });

  test('responder, duration of relief and PGIC on the local code system', () => {
    const r = run('therapeutic', lasting);
    expect(r.responder).toBe(true);
    expect(r.reliefLastedDays).toBe(92);
    expect(r.reliefOngoing).toBe(true);
    expect(r.peakReliefPercent).toBe(75);
    expect(r.pgic).toEqual({ system: 'urn:sij-pathway:codesystem:pgic', code: 'much-improved', value: 2 });
    const f = run('therapeutic', fading);
    expect(f.reliefLastedDays).toBe(14);
    expect(f.reliefOngoing).toBe(false);
  });

  // [S9] relief "for at least 3 months": relief first seen at day 28, after a score without it at
  // day 14, was counted from the injection and read as lasting (a repeat offered at day 100).
  test('relief first seen after a diary score without it is counted from that score, not from the injection', () => {
    const late: Array<[number, number, number?]> = [
      [14, 8],
      [28, 3],
      [56, 3],
      [100, 3],
    ];
    const r = run('therapeutic', late);
    expect(r.responder).toBe(true);
    expect(r.reliefLastedDays).toBe(86);
    expect(r.nextSteps).not.toContain('repeat-injection');
    expect(r.nextSteps).toContain('clinician-review');
    const f = r.findings.find((x) => x.code === 'outcome_responder')!;
    expect(f.details).toMatchObject({ lasted: false, reliefFrom: days(14) });
    expect(present(f, wordingContext(settings)).staffText).toBe(
      'Responder: relief reached 62.5 % and stayed ≥ 50 % for 86 days from Monday 19 January 2026, 09:30, when a diary score showed less (still going); the protocol asks for 3 months.',
    );
    // Three months from that score, it has lasted.
    const longer = run('therapeutic', [...late, [108, 3]], { now: 130 });
    expect(longer.reliefLastedDays).toBe(94);
    expect(longer.nextSteps).toContain('repeat-injection');
    // Relief from the first score counts from the injection, as before.
    expect(
      run('therapeutic', lasting).findings.find((x) => x.code === 'outcome_responder')!.details,
    ).not.toHaveProperty('reliefFrom');
  });

  test('a diagnostic response is read against the diagnostic threshold', () => {
    const r = run('diagnostic', [[0.05, 3]], { block: 'positive' });
    expect(r.responder).toBe(false);
    expect(r.threshold).toEqual({ percent: 75, comparator: '>=' });
  });

  // For a patient whose pain got worse the clinician read "physiotherapy to build on the relief"
  // and a review "because relief did not last": there was no relief to last.
  test('therapeutic, no relief at all: the next steps do not speak of relief that never came', () => {
    const r = run('therapeutic', [
      [1, 9],
      [14, 9],
    ]);
    expect(r.responder).toBe(false);
    const words = (code: string) =>
      present(r.findings.find((x) => x.code === code)!, wordingContext(settings)).staffText;
    expect(words('next_physiotherapy')).not.toMatch(/relief/);
    expect(words('next_clinician_review')).toBe(
      'Next step: clinician review (relief never reached the threshold).',
    );
  });

  test('therapeutic, relief that faded: the review says it did not last', () => {
    const f = run('therapeutic', fading).findings.find((x) => x.code === 'next_clinician_review')!;
    expect(present(f, wordingContext(settings)).staffText).toBe(
      'Next step: clinician review (relief did not last).',
    );
  });

  test('no diary entries yet', () => {
    const r = run('therapeutic', []);
    expect(r.findings.map((f) => f.code)).toContain('outcome_no_entries');
    expect(r.responder).toBeNull();
  });

  test.each([
    ['both', 'positive'],
    ['therapeutic', undefined],
  ] as const)(
    '%s, block %s, no diary: a clinician reviews; no denervation, no "relief did not last"',
    (purpose, block) => {
      // A patient who kept no diary: nothing says relief did not last. Denervation was offered for a
      // positive block on no evidence at all.
      const r = run(purpose, [], { block });
      expect(r.nextSteps).toEqual(['clinician-review']);
      const f = r.findings.find((x) => x.code === 'next_clinician_review')!;
      expect(present(f, wordingContext(settings)).staffText).toBe(
        'Next step: clinician review (no diary scores after the injection to judge the relief by).',
      );
    },
  );

  test('a baseline of 0 is said, not read as "no diary entries yet"', () => {
    // Pain before the injection typed as 0: relief cannot be measured against it. The diary has
    // entries, and "No diary entries after the procedure yet" sent staff chasing the patient.
    const r = outcome({
      now: new Date(days(60)),
      procedureAt,
      purpose: 'therapeutic',
      diary: { baselinePain: 0, entries: [{ at: days(14), pain: 3 }] },
      patient: PatientFactsSchema.parse({}),
      settings,
      protocol: resolveProfile('lcd-2023'),
    });
    const codes = r.findings.map((f) => f.code);
    expect(codes).not.toContain('outcome_no_entries');
    const f = r.findings.find((x) => x.code === 'outcome_baseline_zero');
    expect(f?.severity).toBe('review');
    expect(present(f!, wordingContext(settings)).staffText).toBe(
      'Pain before the injection was recorded as 0: relief cannot be measured. Check the baseline.',
    );
    expect(r.responder).toBeNull();
    // The next step's reason says the same, not "no diary scores" beside a diary that has them.
    const next = r.findings.find((x) => x.code === 'next_clinician_review')!;
    expect(next.details).toEqual({ reason: 'no-baseline-to-judge' });
    expect(present(next, wordingContext(settings)).staffText).toBe(
      'Next step: clinician review (pain before the injection was recorded as 0, so relief cannot be measured).',
    );
  });

  test('a repeat waits for the interval ([S11]) and the yearly cap ([S9])', () => {
    // Relief has lasted the 3 months by day 100; a clinic interval of 4 months is not over yet.
    // (Under the profile's 2 months, 3 months of relief always outlast the interval.)
    const early = run('therapeutic', lasting, {
      now: 100,
      overrides: { minIntervalBetweenTherapeutic: 'P4M' },
    });
    expect(early.nextSteps).toContain('repeat-not-allowed-yet');
    expect(early.findings.find((f) => f.code === 'next_repeat_not_allowed_yet')?.action).toMatchObject({
      dueAt: '2026-05-05T08:30:00.000Z',
      notBefore: true,
    });
    const previous: PreviousInjection[] = ['2025-06-01', '2025-08-01', '2025-10-01'].map((d) => ({
      at: `${d}T10:00:00Z`,
      purpose: 'therapeutic',
    }));
    const capped = run('therapeutic', lasting, { previous });
    expect(capped.nextSteps).toContain('repeat-cap-reached');
    expect(capped.findings.find((f) => f.code === 'next_repeat_cap_reached')?.action?.dueAt).toBe(
      '2026-06-01T10:00:00.000Z',
    );
  });

  test('RF referral notes that the 2023 LCDs do not cover it', () => {
    const f = run('diagnostic', [[0.1, 1]], { block: 'positive' }).findings.find(
      (x) => x.code === 'next_refer_rf_denervation',
    )!;
    expect(f.details.coveredUnderProfile).toBe(false);
    expect(f.sources.map((s) => s.key)).toContain('S12');
  });
});

describe('how long relief lasted, in words', () => {
  const staffText = (entries: Array<[number, number, number?]>, purpose: Purpose = 'diagnostic') => {
    const f = run(purpose, entries, { block: 'positive' }).findings.find(
      (x) => x.code === 'outcome_responder',
    )!;
    return present(f, wordingContext(settings)).staffText;
  };

  test('relief over a few hours is said in hours, not as "0 days"', () => {
    // 1 of 8 at 1 and 2 hours after the block (87.5 %), 6 of 8 at 3 hours: relief for 2 hours.
    expect(
      staffText([
        [1 / 24, 1],
        [2 / 24, 1],
        [3 / 24, 6],
      ]),
    ).toBe('Responder: relief reached 87.5 % and stayed ≥ 75 % for 2 h.');
  });

  test('a day is one day, and longer relief is counted in days', () => {
    expect(
      staffText([
        [1, 1],
        [2, 4],
      ]),
    ).toMatch(/ for 1 day\.$/);
    expect(staffText(lasting, 'therapeutic')).toMatch(/ for 92 days \(still going\)\.$/);
  });
});

describe('relief shorter than the repeat criterion, in words', () => {
  test('says how long the protocol asks relief to last', () => {
    const f = run('therapeutic', fading).findings.find((x) => x.code === 'outcome_responder')!;
    expect(present(f, wordingContext(settings)).staffText).toBe(
      'Responder: relief reached 75 % and stayed ≥ 50 % for 14 days; the protocol asks for 3 months.',
    );
  });
});

describe('why a clinician reviews the outcome, in words', () => {
  test.each([
    [
      'a diagnostic block that was not positive',
      'diagnostic',
      [[0.1, 1]],
      'indeterminate',
      'the block was not positive',
    ],
    [
      'a diagnostic injection with no block result recorded (not "the block was not positive")',
      'diagnostic',
      [[0.1, 1]],
      undefined,
      'no block result was recorded',
    ],
    [
      'relief of a positive block still going at 40 days',
      'both',
      [
        [1, 2],
        [14, 3],
        [40, 3],
      ],
      'positive',
      'relief is still going: too early to judge whether it lasts',
    ],
    [
      'therapeutic relief that faded',
      'therapeutic',
      [
        [1, 2],
        [14, 3],
        [30, 7],
      ],
      undefined,
      'relief did not last',
    ],
    [
      'therapeutic relief still going at 40 days (not "did not last")',
      'therapeutic',
      [
        [1, 2],
        [14, 3],
        [40, 3],
      ],
      undefined,
      'relief is still going: too early to judge whether it lasts',
    ],
  ] as const)('%s', (_name, purpose, entries, block, why) => {
    const f = run(purpose, entries as unknown as Array<[number, number]>, { block, now: 40 }).findings.find(
      (x) => x.code === 'next_clinician_review',
    )!;
    expect(present(f, wordingContext(settings)).staffText).toBe(`Next step: clinician review (${why}).`);
  });
});

test('a diary that stopped while relief held, read after the 3 months: no denervation, and said so', () => {
  // Scores to day 14, all relieved; read at day 120. Not "too early", and not "did not last".
  const r = run(
    'both',
    [
      [1, 2],
      [14, 3],
    ],
    { block: 'positive', now: 120 },
  );
  expect(r.nextSteps).toEqual(['clinician-review']);
  const f = r.findings.find((x) => x.code === 'next_clinician_review')!;
  expect(present(f, wordingContext(settings)).staffText).toBe(
    'Next step: clinician review (the diary stopped while relief still held, before the time the protocol asks it to last).',
  );
});

describe('days of relief on the outcome review page and in the letter', () => {
  test.each([
    [0, 'less than a day'],
    [0.4, 'less than a day'],
    [1, '1 day'],
    [12.5, '12.5 days'],
  ])('%d → %s', (days, words) => expect(lastedDaysWords(days)).toBe(words));
});

describe('diary entries timed later than now', () => {
  // Relief 42 days in, read at day 60: the entry at day 92 has not happened yet (a slipped date in
  // a hand-written request or an imported record). Counted, it made relief "last" 3 months and the
  // next step a repeat injection.
  test('are not counted, and are named for staff to check', () => {
    const r = run('both', lasting, { block: 'positive', now: 60 });
    expect(r.reliefLastedDays).toBe(42);
    expect(r.nextSteps).toEqual(['clinician-review']);
    const named = r.findings.find((f) => f.code === 'diary_entry_after_now');
    expect(named?.severity).toBe('review');
    expect(named?.details).toEqual({ count: 1, earliestAt: days(92), now: days(60) });
    expect(present(named!, wordingContext(settings)).staffText).toBe(
      'A diary entry is timed Tuesday 7 April 2026, 10:30, later than now (Friday 6 March 2026, 09:30): not counted. Check its time.',
    );
  });

  test('within the few minutes clocks disagree by, an entry counts', () => {
    const now = 60;
    const r = run('both', [...lasting.slice(0, 3), [now + 5 / 1440, 3]], { block: 'positive', now });
    expect(r.findings.map((f) => f.code)).not.toContain('diary_entry_after_now');
    expect(r.reliefLastedDays).toBe(60);
  });
});

describe('the diary in time order', () => {
  test('diary entries are read in the order they happened, whatever offset each was written with', () => {
    // 12:00 relief, 20:00 (written as 01:00 the next day at +05:00) the pain back, 22:00 relief again:
    // relief lasted 2.5 h. Read in the order of their text, the 20:00 entry came last and relief
    // "lasted" 12.5 h.
    const r = outcome({
      now: new Date('2026-01-07T09:00:00Z'),
      procedureAt,
      purpose: 'diagnostic',
      diary: {
        baselinePain: 8,
        entries: [
          { at: '2026-01-05T12:00:00Z', pain: 1 },
          { at: '2026-01-06T01:00:00+05:00', pain: 7 },
          { at: '2026-01-05T22:00:00Z', pain: 1 },
        ],
      },
      block: 'positive',
      patient: PatientFactsSchema.parse({}),
      settings,
      protocol: resolveProfile('lcd-2023'),
    });
    expect(r.findings.find((f) => f.code === 'outcome_responder')?.details).toMatchObject({
      reliefLastedHours: 2.5,
      reliefOngoing: false,
    });
  });
});

describe('two diary scores at one time', () => {
  // 1/10 and 8/10 both on day 1 (one mistyped, or another day's): both counted, the order they were
  // typed in decided whether relief lasted 3 months and the next step was a repeat injection.
  const conflicting: [typed: string, entries: Array<[number, number, number?]>][] = [
    [
      'the relieved score first',
      [
        [1, 1],
        [1, 8],
        [100, 2],
      ],
    ],
    [
      'the painful score first',
      [
        [1, 8],
        [1, 1],
        [100, 2],
      ],
    ],
  ];
  test.each(conflicting)(
    'that disagree leave the relief unread, whichever was typed first: %s',
    (_, entries) => {
      const r = run('therapeutic', entries);
      expect(r.responder).toBeNull();
      expect(r.peakReliefPercent).toBeNull();
      expect(r.nextSteps).toEqual(['clinician-review']);
      const conflict = r.findings.find((f) => f.code === 'diary_scores_conflict');
      expect(conflict?.severity).toBe('review');
      expect(conflict?.details).toEqual({ scoredAt: days(1), scoresThen: 2, lowestPain: 1, highestPain: 8 });
      expect(present(conflict!, wordingContext(settings)).staffText).toBe(
        'Two diary scores at Tuesday 6 January 2026, 09:30 disagree (1/10 and 8/10): relief is not read from the diary, so a clinician judges the outcome.',
      );
      const review = r.findings.find((f) => f.code === 'next_clinician_review');
      expect(present(review!, wordingContext(settings)).staffText).toBe(
        'Next step: clinician review (two diary scores at one time disagree).',
      );
    },
  );

  test('the same score entered twice is no conflict', () => {
    const r = run('therapeutic', [[1, 2], [1, 2], ...lasting.slice(1)]);
    expect(r.findings.map((f) => f.code)).not.toContain('diary_scores_conflict');
    expect(r.responder).toBe(true);
  });
});
