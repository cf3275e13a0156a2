import { describe, expect, test } from 'vitest';
import { interpretBlock, reliefPercent } from './block.ts';
import { BlockResponseFactsSchema } from './facts.ts';
import { resolveProfile } from './profiles.ts';
import { buildSettings } from './testing.ts';
import { present, wordingContext } from './wording.ts';

const lcd = resolveProfile('lcd-2023');
const aspn = resolveProfile('aspn-2024');
const settings = buildSettings({
  rules: {
    anaesthetics: { lidocaine: { minHours: 1, maxHours: 2 }, bupivacaine: { minHours: 4, maxHours: 8 } },
  },
});
const T0 = Date.parse('2026-03-10T09:30:00Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();
const block = (anaesthetic: string, baselinePain: number, scores: Array<[number, number]>, extra = {}) => ({
  anaesthetic,
  performedAt: at(0),
  baselinePain,
  scores: scores.map(([h, pain]) => ({ at: at(h), pain })),
  ...extra,
});
const read = (
  facts: unknown,
  profile = lcd,
  purpose: 'diagnostic' | 'both' | 'therapeutic' = 'diagnostic',
  s = settings,
  now = new Date(T0 + 30 * 24 * 3_600_000),
) => interpretBlock(BlockResponseFactsSchema.parse(facts), purpose, s, profile, now);

describe('relief', () => {
  test.each([
    [8, 2, 75],
    [8, 0, 100],
    [6, 3, 50],
    [5, 7, -40],
  ])('baseline %d, now %d → %d %%', (b, p, r) => expect(reliefPercent(b, p)).toBe(r));
});

describe('a single diagnostic block against the protocol threshold', () => {
  test.each([
    // [S9] "≥75% relief ... for the duration of the local anaesthetic"
    [
      "LCD: 75 % through lidocaine's hour",
      lcd,
      block('lidocaine', 8, [
        [0.5, 2],
        [1, 2],
        [2, 4],
      ]),
      'positive',
      'block_positive',
    ],
    ['LCD: exactly 75 % counts (≥)', lcd, block('lidocaine', 8, [[1, 2]]), 'positive', 'block_positive'],
    [
      'LCD: 62.5 % is negative',
      lcd,
      block('lidocaine', 8, [
        [0.5, 3],
        [1, 3],
      ]),
      'negative',
      'block_negative',
    ],
    // [S8] ">50% relief"
    [
      'ASPN: 62.5 % is positive',
      aspn,
      block('lidocaine', 8, [
        [0.5, 3],
        [1, 3],
      ]),
      'positive',
      'block_positive',
    ],
    [
      'ASPN: exactly 50 % is not (>)',
      aspn,
      block('lidocaine', 8, [
        [0.5, 4],
        [1, 4],
      ]),
      'negative',
      'block_negative',
    ],
    [
      "relief falls before bupivacaine's 4 h",
      lcd,
      block('bupivacaine', 8, [
        [0.5, 1],
        [2, 6],
        [5, 1],
      ]),
      'indeterminate',
      'block_relief_shorter_than_anaesthetic',
    ],
    [
      'scores stop before the expected duration',
      lcd,
      block('bupivacaine', 8, [
        [0.5, 1],
        [2, 1],
      ]),
      'indeterminate',
      'block_scores_stop_early',
    ],
    [
      'a gap in the scores past the minimum',
      lcd,
      block('lidocaine', 8, [
        [0.5, 1],
        [3, 6],
      ]),
      'indeterminate',
      'block_scores_stop_early',
    ],
    // [S9] relief "for the duration of the local anaesthetic": relief first seen only once the
    // anaesthetic's expected action is over is not the block's, however long it then lasts.
    [
      "relief first seen after lidocaine's 2 h, none before",
      lcd,
      block('lidocaine', 8, [
        [0.5, 8],
        [1, 8],
        [3, 0],
      ]),
      'indeterminate',
      'block_relief_after_anaesthetic',
    ],
    [
      'relief only the next day',
      lcd,
      block('lidocaine', 8, [
        [0.5, 8],
        [24, 0],
        [30, 0],
      ]),
      'indeterminate',
      'block_relief_after_anaesthetic',
    ],
    [
      "a first score after lidocaine's 2 h, relieved",
      lcd,
      block('lidocaine', 8, [[3, 0]]),
      'indeterminate',
      'block_relief_after_anaesthetic',
    ],
    [
      "relief first seen at 1 h 30 min, within lidocaine's 1–2 h, through its hour",
      lcd,
      block('lidocaine', 8, [
        [0.5, 8],
        [1.5, 1],
        [2, 1],
      ]),
      'positive',
      'block_positive',
    ],
    ['no scores after the block', lcd, block('lidocaine', 8, [[-1, 8]]), 'indeterminate', 'block_no_scores'],
    ['baseline 0', lcd, block('lidocaine', 0, [[1, 0]]), 'indeterminate', 'block_baseline_zero'],
    [
      'duration unknown (setting off)',
      lcd,
      block('ropivacaine', 8, [[1, 1]]),
      'indeterminate',
      'block_duration_unknown',
    ],
    [
      'duration on the record',
      lcd,
      block(
        'ropivacaine',
        8,
        [
          [1, 1],
          [3, 1],
        ],
        { expectedDuration: { minHours: 3, maxHours: 6 } },
      ),
      'positive',
      'block_positive',
    ],
  ])('%s', (_n, profile, facts, classification, code) => {
    const r = read(facts, profile);
    expect(r.classification).toBe(classification);
    expect(r.findings.map((f) => f.code)).toContain(code);
  });

  test('a negative needs no duration: relief never reached the threshold', () => {
    expect(read(block('ropivacaine', 8, [[1, 6]])).classification).toBe('negative');
  });

  test('the threshold finding cites the profile source', () => {
    const f = read(block('lidocaine', 8, [[1, 1]])).findings[0]!;
    expect(f.sources.map((s) => s.key)).toEqual(['S9']);
    expect(read(block('lidocaine', 8, [[1, 1]]), aspn).findings[0]!.sources.map((s) => s.key)).toEqual([
      'S8',
    ]);
  });
});

describe('a positive block in words', () => {
  test('"above" a threshold of > 50 %, not "at or above" it', () => {
    const f = read(block('lidocaine', 8, [[1, 1]]), aspn).findings.find((x) => x.code === 'block_positive')!;
    expect(present(f, wordingContext(settings)).staffText).toBe(
      'Positive block: 87.5 % peak relief with lidocaine, meeting the threshold (> 50 %) for 1 h (expected at least 1 h).',
    );
  });

  // Scores are timed to the minute, so relief lasts hours and minutes: "1.6666666666666667 h" and
  // "0.08333333333333333 h" are what a clinician read before.
  const words = (facts: unknown, code: string) =>
    present(read(facts).findings.find((x) => x.code === code)!, wordingContext(settings)).staffText;
  test('relief that lasted 1 h 40 min is said in hours and minutes', () => {
    expect(words(block('lidocaine', 8, [[1 + 40 / 60, 1]]), 'block_positive')).toBe(
      'Positive block: 87.5 % peak relief with lidocaine, meeting the threshold (≥ 75 %) for 1 h 40 min (expected at least 1 h).',
    );
  });
  test('relief first seen after the anaesthetic is said with when it began and when the anaesthetic ends', () => {
    const f = read(
      block('lidocaine', 8, [
        [0.5, 8],
        [26, 0],
      ]),
    ).findings.find((x) => x.code === 'block_relief_after_anaesthetic')!;
    expect(present(f, wordingContext(settings)).staffText).toBe(
      "Relief met the threshold only from 26 h, after lidocaine's expected 1–2 h: not a response to the block as scored (indeterminate). A clinician reads the diary.",
    );
  });

  test('scores that stop 5 min after the block are said in minutes', () => {
    expect(words(block('lidocaine', 8, [[5 / 60, 0]]), 'block_scores_stop_early')).toBe(
      "Relief met the threshold, but scores stop at 5 min, before lidocaine's expected 1 h: indeterminate.",
    );
  });
  test('a score a few seconds short of the hour is not rounded up to it', () => {
    expect(words(block('lidocaine', 8, [[1 - 30 / 3600, 0]]), 'block_scores_stop_early')).toContain(
      'scores stop at 59 min, before',
    );
  });
  test('comparative blocks give each relief in hours and minutes', () => {
    const first = block('lidocaine', 8, [[1.25, 1]]);
    const second = { ...block('bupivacaine', 8, [[4.5, 1]]), performedAt: at(24 * 7) };
    second.scores = second.scores.map((s) => ({
      ...s,
      at: new Date(Date.parse(s.at) + 24 * 7 * 3_600_000).toISOString(),
    }));
    expect(words({ ...first, comparative: second }, 'comparative_concordant')).toBe(
      'Comparative blocks concordant: lidocaine 1 h 15 min, bupivacaine 4 h 30 min.',
    );
  });
});

describe('injectate volume ([S15], [S16]: > 2.5 mL flagged)', () => {
  test.each([
    [3, 'intra-articular', 'diagnostic', true],
    [2.5, 'intra-articular', 'diagnostic', false],
    [3, 'periarticular', 'diagnostic', false],
    [3, undefined, 'therapeutic', false],
  ] as const)('%d mL %s %s → flagged %s', (volume, target, purpose, flagged) => {
    const r = read(
      block('lidocaine', 8, [[1, 1]], { injectateVolumeMl: volume, ...(target ? { target } : {}) }),
      lcd,
      purpose,
    );
    expect(r.findings.some((f) => f.code === 'block_volume_above_flag')).toBe(flagged);
  });
});

describe('comparative blocks ([S10]: a different anaesthetic; concordant durations)', () => {
  const lido = block('lidocaine', 8, [
    [0.5, 1],
    [1, 1],
    [2, 6],
  ]);
  const bupi = block('bupivacaine', 8, [
    [0.5, 1],
    [4, 1],
    [6, 1],
    [9, 6],
  ]);
  const bupiShort = block(
    'bupivacaine',
    8,
    [
      [0.5, 1],
      [4, 1],
    ],
    { expectedDuration: { minHours: 0.5, maxHours: 8 } },
  );
  test.each([
    [
      'lidocaine then bupivacaine, longer relief with bupivacaine',
      { ...lido, comparative: bupi },
      'concordant',
      'positive',
    ],
    [
      'bupivacaine then lidocaine, concordant either way round',
      { ...bupi, comparative: lido },
      'concordant',
      'positive',
    ],
    ['same anaesthetic twice', { ...lido, comparative: lido }, 'same-anaesthetic', 'indeterminate'],
    [
      'second block negative',
      { ...lido, comparative: block('bupivacaine', 8, [[1, 6]]) },
      'indeterminate',
      'negative',
    ],
    [
      'second duration unknown',
      { ...lido, comparative: block('ropivacaine', 8, [[1, 1]]) },
      'indeterminate',
      'indeterminate',
    ],
  ])('%s', (_n, facts, concordance, classification) => {
    const r = read(facts);
    expect(r.concordance).toBe(concordance);
    expect(r.classification).toBe(classification);
  });

  test('discordant when the shorter-acting agent gave the longer relief', () => {
    const longLido = block('lidocaine', 8, [
      [0.5, 1],
      [1, 1],
      [6, 1],
    ]);
    const r = read({ ...longLido, comparative: bupiShort });
    expect(r.concordance).toBe('discordant');
    expect(r.findings.map((f) => f.code)).toContain('comparative_discordant');
  });

  test('equal expected durations cannot be compared', () => {
    const same = buildSettings({
      rules: {
        anaesthetics: {
          lidocaine: { minHours: 1, maxHours: 2 },
          levobupivacaine: { minHours: 1, maxHours: 2 },
        },
      },
    });
    const r = read(
      {
        ...lido,
        comparative: block('levobupivacaine', 8, [
          [0.5, 1],
          [1, 1],
        ]),
      },
      lcd,
      'diagnostic',
      same,
    );
    expect(r.concordance).toBe('indeterminate');
  });
});

describe('a score whose time cannot be a score of this block', () => {
  const codes = (r: ReturnType<typeof read>) => r.findings.map((f) => f.code);

  test('a score timed later than now is named and not counted: a mistyped hour makes no block positive', () => {
    // Relief at 30 minutes, and a "2 h" score typed when only 45 minutes have passed.
    const r = read(
      block('lidocaine', 8, [
        [0.5, 1],
        [2, 1],
      ]),
      lcd,
      'diagnostic',
      settings,
      new Date(at(0.75)),
    );
    expect(r.classification).toBe('indeterminate');
    expect(r.first.points.map((p) => p.at)).toEqual([at(0.5)]);
    const later = r.findings.find((f) => f.code === 'block_score_after_now');
    expect(later?.severity).toBe('review');
    expect(later?.details).toMatchObject({ scoredAt: at(2), pain: 1, now: at(0.75) });
    expect(codes(r)).toContain('block_scores_stop_early');
  });

  test("a score a few minutes ahead of the server's clock is counted (devices' clocks drift)", () => {
    const r = read(block('lidocaine', 8, [[1.05, 1]]), lcd, 'diagnostic', settings, new Date(at(1)));
    expect(r.classification).toBe('positive');
    expect(codes(r)).not.toContain('block_score_after_now');
  });

  test('a score timed before the block is named and not counted', () => {
    const r = read(block('lidocaine', 8, [[-0.5, 1]]));
    expect(codes(r)).toEqual(['block_score_before_block', 'block_no_scores']);
    expect(r.findings[0]?.details).toMatchObject({ scoredAt: at(-0.5), pain: 1, performedAt: at(0) });
  });
});

describe('two scores at one time', () => {
  const codes = (r: ReturnType<typeof read>) => r.findings.map((f) => f.code);

  test.each([
    ['the relieved score typed first', [0.5, 2], [1, 2], [1, 7]],
    ['the painful score typed first', [0.5, 2], [1, 7], [1, 2]],
  ] as const)(
    'two scores at one time that disagree make no block positive, whichever was typed first: %s',
    (_, ...scores) => {
      // Lidocaine's hour reached by one score at 1 h (2/10, 75 %) and contradicted by another (7/10).
      const r = read(
        block(
          'lidocaine',
          8,
          scores.map(([h, p]) => [h, p] as [number, number]),
        ),
      );
      expect(r.classification).toBe('indeterminate');
      const conflict = r.findings.find((f) => f.code === 'block_scores_conflict');
      expect(conflict?.severity).toBe('review');
      expect(conflict?.details).toMatchObject({
        scoredAt: at(1),
        scoresThen: 2,
        lowestPain: 2,
        highestPain: 7,
      });
      expect(codes(r)).not.toContain('block_positive');
      expect(present(conflict!, wordingContext(settings)).staffText).toBe(
        'Two pain scores at Tuesday 10 March 2026, 10:30 disagree (2/10 and 7/10): correct the one that is wrong; the block is not read until then.',
      );
    },
  );

  test('the same score entered twice at one time is no conflict', () => {
    const r = read(
      block('lidocaine', 8, [
        [1, 2],
        [1, 2],
      ]),
    );
    expect(r.classification).toBe('positive');
  });
});
