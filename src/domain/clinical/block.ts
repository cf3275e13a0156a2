import { z } from 'zod';
import type { Block, BlockResponseFacts, Purpose } from './facts.ts';
import { type CodedFinding, finding } from './findings.ts';
import type { ProtocolValues, ResolvedProtocol } from './profiles.ts';
import type { ClinicSettings, HoursRange } from './settings.ts';
import { cite, type SourceRef } from './sources.ts';
import { laterBeyondMargin } from './timing.ts';
import { hoursBetween } from './zoned-time.ts';

export const BlockClassificationSchema = z.enum(['positive', 'negative', 'indeterminate']);
export type BlockClassification = z.infer<typeof BlockClassificationSchema>;

export const ReliefPointSchema = z.object({
  at: z.string(),
  hoursAfter: z.number(),
  pain: z.number(),
  reliefPercent: z.number().max(100),
  meetsThreshold: z.boolean(),
});
export type ReliefPoint = z.infer<typeof ReliefPointSchema>;

export interface SingleBlockResult {
  anaesthetic: Block['anaesthetic'];
  expectedDuration: HoursRange | null;
  peakReliefPercent: number | null;
  reliefLastedHours: number | null;
  points: ReliefPoint[];
  classification: BlockClassification;
}

export interface CodedBlockResponse {
  threshold: ProtocolValues['diagnosticPositive'];
  first: SingleBlockResult;
  second?: SingleBlockResult;
  concordance?: 'concordant' | 'discordant' | 'same-anaesthetic' | 'indeterminate';
  classification: BlockClassification;
  findings: CodedFinding[];
}

/** Percentage relief of index pain on the same 0–10 scale as the baseline ([S9]); at most 100. */
export function reliefPercent(baseline: number, pain: number): number {
  return Math.round(((baseline - pain) / baseline) * 1000) / 10;
}

export function meetsThreshold(relief: number, t: ProtocolValues['diagnosticPositive']): boolean {
  return t.comparator === '>=' ? relief >= t.percent : relief > t.percent;
}

function thresholdSources(protocol: ResolvedProtocol): SourceRef[] {
  return protocol.explained.diagnosticPositive?.sources ?? [cite('S9')];
}

/**
 * One diagnostic block read against the protocol threshold ([S9] ≥ 75 % for the anaesthetic's
 * duration; [S8] > 50 % lasting about as long as the anaesthetic). Relief below the threshold at
 * every score is negative whatever the duration; a positive needs relief through the anaesthetic's
 * expected minimum duration, which the sources do not give (sources.md §2c), so it comes from the
 * block record or the clinic setting.
 */
function readBlock(
  block: Block,
  settings: ClinicSettings,
  protocol: ResolvedProtocol,
  now: Date,
  out: CodedFinding[],
) {
  const threshold = protocol.values.diagnosticPositive;
  const sources = thresholdSources(protocol);
  const performedAt = new Date(block.performedAt);
  const duration = block.expectedDuration ?? settings.rules.anaesthetics[block.anaesthetic];
  const result: SingleBlockResult = {
    anaesthetic: block.anaesthetic,
    expectedDuration: duration,
    peakReliefPercent: null,
    reliefLastedHours: null,
    points: [],
    classification: 'indeterminate',
  };
  const base = { anaesthetic: block.anaesthetic, baselinePain: block.baselinePain };
  if (block.baselinePain === 0) {
    out.push(finding('block_baseline_zero', 'review', [cite('S9', 'relief against a baseline')], base));
    return result;
  }
  // A score outside the block's window is a slip in its time (or another day's form): it is not
  // counted, and it is said, so that nobody reads a block that a mistyped hour made positive.
  const counted = block.scores.filter((s) => {
    const issue = scoreTimeIssue(new Date(s.at), performedAt, now);
    const score = { ...base, scoredAt: s.at, pain: s.pain };
    if (issue === 'before-block') {
      out.push(
        finding('block_score_before_block', 'review', [cite('S9', 'scores after the procedure')], {
          ...score,
          performedAt: block.performedAt,
        }),
      );
    } else if (issue === 'after-now') {
      const why = 'a record says what happened: a time to come has not happened yet';
      out.push(
        finding('block_score_after_now', 'review', [cite('DESIGN', why)], {
          ...score,
          now: now.toISOString(),
        }),
      );
    }
    return issue === null;
  });
  result.points = counted
    .map((s) => ({ at: s.at, hoursAfter: hoursBetween(performedAt, new Date(s.at)), pain: s.pain }))
    .sort((a, b) => a.hoursAfter - b.hoursAfter)
    .map((s) => {
      const relief = reliefPercent(block.baselinePain, s.pain);
      return { ...s, reliefPercent: relief, meetsThreshold: meetsThreshold(relief, threshold) };
    });
  if (result.points.length === 0) {
    out.push(finding('block_no_scores', 'review', [cite('S9', 'scores after the procedure')], base));
    return result;
  }
  // Two scores at one time that disagree cannot both be what the patient said, and which one the
  // run of relief meets first would decide the block: it is not read until one is corrected.
  const conflict = conflictingScores(result.points);
  if (conflict) {
    out.push(finding('block_scores_conflict', 'review', CONFLICT_SOURCES, { ...base, ...conflict }));
    return result;
  }
  result.peakReliefPercent = Math.max(...result.points.map((p) => p.reliefPercent));
  const details = {
    ...base,
    peakReliefPercent: result.peakReliefPercent,
    thresholdPercent: threshold.percent,
    comparator: threshold.comparator,
  };
  if (!result.points.some((p) => p.meetsThreshold)) {
    result.classification = 'negative';
    out.push(finding('block_negative', 'info', sources, details));
    return result;
  }
  // The continuous run of qualifying scores from the first one that qualifies.
  const start = result.points.findIndex((p) => p.meetsThreshold);
  const rest = result.points.slice(start);
  const firstFail = rest.findIndex((p) => !p.meetsThreshold);
  const run = firstFail === -1 ? rest : rest.slice(0, firstFail);
  result.reliefLastedHours = run.at(-1)!.hoursAfter;
  if (duration === null) {
    out.push(
      finding(
        'block_duration_unknown',
        'review',
        [
          cite(
            'README',
            "the anaesthetic's expected duration is set by the clinic",
            'anaesthetic durations are a clinic rule (sources.md §2c UNCONFIRMED)',
          ),
        ],
        details,
        {
          action: { who: 'clinician' },
        },
      ),
    );
    return result;
  }
  const withDuration = {
    ...details,
    reliefLastedHours: result.reliefLastedHours,
    expectedMinHours: duration.minHours,
  };
  const reliefFromHours = rest[0]!.hoursAfter;
  if (reliefFromHours >= duration.maxHours) {
    // [S9] relief "for the duration of the local anaesthetic": relief first seen only once its
    // expected action is over (none at the scores before, or no score until then) is not the
    // block's, however long it lasts. Read "for 26 h" from the injection, it made a block positive
    // that gave no relief while the anaesthetic worked. Relief first seen within it reads as before.
    out.push(
      finding('block_relief_after_anaesthetic', 'review', sources, {
        ...withDuration,
        reliefFromHours,
        expectedMaxHours: duration.maxHours,
      }),
    );
    return result;
  }
  if (result.reliefLastedHours >= duration.minHours) {
    result.classification = 'positive';
    out.push(finding('block_positive', 'info', sources, withDuration));
  } else if (firstFail !== -1 && rest[firstFail]!.hoursAfter < duration.minHours) {
    // [S9], [S8]: relief must last for the anaesthetic's duration; shorter relief is not positive.
    out.push(finding('block_relief_shorter_than_anaesthetic', 'review', sources, withDuration));
  } else {
    out.push(
      finding(
        'block_scores_stop_early',
        'review',
        [...sources, cite('S9', 'scores on the following hours and days')],
        withDuration,
      ),
    );
  }
  return result;
}

/** Two pain scores at one time that give different pain: they cannot both be right. */
export function scoresDisagree(a: { at: string; pain: number }, b: { at: string; pain: number }): boolean {
  return Date.parse(a.at) === Date.parse(b.at) && a.pain !== b.pain;
}

/** Why scores at one time that differ are not read (a block's, or a diary's). */
export const CONFLICT_SOURCES = [
  cite('S9', 'relief for the duration'),
  cite('DESIGN', 'two scores at one time cannot both be the patient’s pain then'),
];

/**
 * The first time with pain scores that differ (a block's, or a diary's): how many were given then,
 * the lowest and the highest; else null.
 */
export function conflictingScores(
  points: readonly { at: string; pain: number }[],
): { scoredAt: string; scoresThen: number; lowestPain: number; highestPain: number } | null {
  const byTime = new Map<number, { at: string; pain: number }[]>();
  for (const p of points) {
    const t = Date.parse(p.at);
    byTime.set(t, [...(byTime.get(t) ?? []), p]);
  }
  for (const same of byTime.values()) {
    if (!same.some((p) => scoresDisagree(p, same[0]!))) continue;
    const pains = same.map((p) => p.pain);
    return {
      scoredAt: same[0]!.at,
      scoresThen: same.length,
      lowestPain: Math.min(...pains),
      highestPain: Math.max(...pains),
    };
  }
  return null;
}

/**
 * Why a pain score's time cannot be a score of this block: taken before the block was given, or
 * later than now (beyond the margin for devices' clocks, as for the procedure's time); else null.
 */
export function scoreTimeIssue(at: Date, performedAt: Date, now: Date): 'before-block' | 'after-now' | null {
  if (at.getTime() < performedAt.getTime()) return 'before-block';
  if (laterBeyondMargin(at, now)) return 'after-now';
  return null;
}

export function interpretBlock(
  facts: BlockResponseFacts,
  purpose: Purpose,
  settings: ClinicSettings,
  protocol: ResolvedProtocol,
  now: Date,
): CodedBlockResponse {
  const findings: CodedFinding[] = [];
  const threshold = protocol.values.diagnosticPositive;
  const first = readBlock(facts, settings, protocol, now, findings);
  volumeFlag(facts, purpose, protocol, findings);
  if (!facts.comparative) {
    return { threshold, first, classification: first.classification, findings };
  }
  const second = readBlock(facts.comparative, settings, protocol, now, findings);
  volumeFlag(facts.comparative, purpose, protocol, findings);
  const { concordance, classification } = compare(first, second);
  const sources = [
    cite('S10', 'comparative blocks with different anaesthetics'),
    cite('S8', 'a second block is optional'),
  ];
  const details = {
    firstAnaesthetic: first.anaesthetic,
    secondAnaesthetic: second.anaesthetic,
    firstLastedHours: first.reliefLastedHours,
    secondLastedHours: second.reliefLastedHours,
  };
  const code = {
    concordant: 'comparative_concordant',
    discordant: 'comparative_discordant',
    'same-anaesthetic': 'comparative_same_anaesthetic',
    indeterminate: 'comparative_indeterminate',
  } as const;
  findings.push(
    finding(code[concordance], concordance === 'concordant' ? 'info' : 'review', sources, details),
  );
  return { threshold, first, second, concordance, classification, findings };
}

/**
 * [S10]: a second block with a different anaesthetic; the durations are concordant when the
 * longer-acting agent gave the longer relief. A negative block in the pair makes the pair negative.
 */
function compare(
  a: SingleBlockResult,
  b: SingleBlockResult,
): Pick<CodedBlockResponse, 'concordance' | 'classification'> & {
  concordance: NonNullable<CodedBlockResponse['concordance']>;
} {
  if (a.classification === 'negative' || b.classification === 'negative') {
    return { concordance: 'indeterminate', classification: 'negative' };
  }
  if (a.anaesthetic === b.anaesthetic)
    return { concordance: 'same-anaesthetic', classification: 'indeterminate' };
  if (
    a.classification !== 'positive' ||
    b.classification !== 'positive' ||
    !a.expectedDuration ||
    !b.expectedDuration
  ) {
    return { concordance: 'indeterminate', classification: 'indeterminate' };
  }
  const expectLonger = Math.sign(b.expectedDuration.maxHours - a.expectedDuration.maxHours);
  const gotLonger = Math.sign(b.reliefLastedHours! - a.reliefLastedHours!);
  if (expectLonger === 0) return { concordance: 'indeterminate', classification: 'indeterminate' };
  return expectLonger === gotLonger
    ? { concordance: 'concordant', classification: 'positive' }
    : { concordance: 'discordant', classification: 'indeterminate' };
}

function volumeFlag(block: Block, purpose: Purpose, protocol: ResolvedProtocol, out: CodedFinding[]) {
  // [S15], [S16]: joint capacity 0.6–2.5 mL; more suggests extravasation that lowers specificity.
  const flag = protocol.values.diagnosticVolumeFlagMl;
  if (purpose === 'therapeutic' || block.target === 'periarticular' || block.injectateVolumeMl === undefined)
    return;
  if (block.injectateVolumeMl > flag) {
    out.push(
      finding('block_volume_above_flag', 'info', [cite('S15'), cite('S16')], {
        volumeMl: block.injectateVolumeMl,
        flagMl: flag,
      }),
    );
  }
}
