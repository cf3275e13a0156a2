import { z } from 'zod';
import { LASLETT_TESTS, type Purpose, redFlagGroup, type TriageFacts } from './facts.ts';
import { type CodedFinding, finding } from './findings.ts';
import type { ResolvedProtocol } from './profiles.ts';
import { cite } from './sources.ts';

export const TriageSummarySchema = z.enum(['supports', 'weighs-against', 'mixed', 'insufficient']);
export type TriageSummary = z.infer<typeof TriageSummarySchema>;

export interface CodedTriage {
  summary: TriageSummary;
  provocation: { positive: number; negative: number; done: number };
  findings: CodedFinding[];
}

/**
 * Triage: does what we know support the SI joint as the pain source? Findings carry a bearing
 * (supports / against / neutral); the summary only counts them, the decision stays a clinician's.
 */
export function triage(facts: TriageFacts, purpose: Purpose, protocol: ResolvedProtocol): CodedTriage {
  const findings: CodedFinding[] = [];
  const supports = { bearing: 'supports' as const };
  const against = { bearing: 'against' as const };
  const neutral = { bearing: 'neutral' as const };

  // seed 001: the conditions SI joint injections treat.
  for (const indication of new Set(facts.indications)) {
    findings.push(finding('indication_recognised', 'info', [cite('seed-001')], { indication }, supports));
  }
  const outsideAuc = [cite('S17', 'cases outside the AUC scope')];
  // [S17]: red flags put a patient outside the appropriate-use criteria: each is named, against
  // the injection, for the clinician to investigate first (or say why it still goes ahead).
  for (const flag of new Set(facts.redFlags)) {
    findings.push(
      finding('referral_red_flag', 'review', outsideAuc, { flag, group: redFlagGroup(flag) }, against),
    );
  }
  // An empty list is not "none found" unless the clinician said so: as a screening question
  // left unanswered is "not asked", never "no" (H-020).
  if (facts.redFlags.length === 0 && facts.noRedFlags !== true) {
    findings.push(finding('referral_red_flags_not_asked', 'review', outsideAuc, {}, neutral));
  }
  if (facts.indications.length === 0) {
    findings.push(finding('indication_not_recorded', 'action', [cite('seed-001')], {}, neutral));
  }
  // seed 002: diagnostic, therapeutic or both.
  findings.push(finding('purpose_recorded', 'info', [cite('seed-002')], { purpose }, neutral));
  // seed 004: no response to lumbar epidurals and no distinct imaging finding may mean SI joint pain.
  if (facts.priorTreatments.lumbarEpiduralWithoutBenefit) {
    findings.push(finding('epidural_without_benefit', 'info', [cite('seed-004')], {}, supports));
  }
  if (facts.priorTreatments.imagingWithoutDistinctFinding) {
    findings.push(finding('imaging_without_distinct_finding', 'info', [cite('seed-004')], {}, supports));
  }

  const provocation = provocationCount(facts);
  findings.push(provocationFinding(facts, provocation, protocol));

  // [S9], [S8]: at least 4 weeks of failed conservative care before injection (a profile value).
  const minWeeks = protocol.values.conservativeCareWeeksMin;
  const careSources = [cite('S9'), cite('S8')];
  if (facts.conservativeCareWeeks === undefined) {
    findings.push(finding('conservative_care_not_recorded', 'action', careSources, { minWeeks }, neutral));
  } else if (facts.conservativeCareWeeks >= minWeeks) {
    findings.push(
      finding(
        'conservative_care_met',
        'info',
        careSources,
        { weeks: facts.conservativeCareWeeks, minWeeks },
        neutral,
      ),
    );
  } else {
    findings.push(
      finding(
        'conservative_care_short',
        'action',
        careSources,
        { weeks: facts.conservativeCareWeeks, minWeeks },
        against,
      ),
    );
  }
  return { summary: summarise(findings), provocation, findings };
}

function provocationCount(facts: TriageFacts) {
  const results = Object.values(facts.provocationTests);
  return {
    positive: results.filter((r) => r === 'positive').length,
    negative: results.filter((r) => r === 'negative').length,
    done: results.filter((r) => r !== 'not-done').length,
  };
}

function provocationFinding(
  facts: TriageFacts,
  count: { positive: number; negative: number; done: number },
  protocol: ResolvedProtocol,
): CodedFinding {
  const min = protocol.values.provocationPositiveMin;
  const laslettPositive = LASLETT_TESTS.filter((t) => facts.provocationTests[t] === 'positive').length;
  const details = { positive: count.positive, done: count.done, required: min, laslettPositive };
  // Laslett 2005 ([S34]): ≥ 3 of 6 positive, sensitivity 94 %, specificity 78 % (its six tests
  // only); [S9] requires ≥ 3 of its list, which adds FABER and Yeoman; [S8]: three positive raise
  // specificity. The Laslett figures are cited only when its six reach the number.
  if (count.positive >= min) {
    const sources = laslettPositive >= min ? [cite('S34'), cite('S9'), cite('S8')] : [cite('S9'), cite('S8')];
    return finding('provocation_cluster_positive', 'info', sources, details, { bearing: 'supports' });
  }
  // [S34]: when all six are negative the SI joint can be ruled out; [S12]: negative tests are the more useful.
  const allSixNegative = LASLETT_TESTS.every((t) => facts.provocationTests[t] === 'negative');
  if (allSixNegative) {
    return finding('provocation_all_negative', 'info', [cite('S34'), cite('S12')], details, {
      bearing: 'against',
    });
  }
  // Fewer than the required number done cannot reach the cluster yet.
  if (count.done < min) {
    return finding('provocation_incomplete', 'action', [cite('S34'), cite('S35')], details, {
      bearing: 'neutral',
    });
  }
  // [S8]: fewer than three positive does not fully exclude the joint.
  return finding('provocation_below_cluster', 'info', [cite('S34'), cite('S8')], details, {
    bearing: 'against',
  });
}

function summarise(findings: CodedFinding[]): TriageSummary {
  const ruledOut = findings.some((f) => f.code === 'provocation_all_negative');
  const supports = findings.filter((f) => f.bearing === 'supports').length;
  const against = findings.filter((f) => f.bearing === 'against').length;
  if (ruledOut) return 'weighs-against';
  if (
    !findings.some((f) => f.code === 'provocation_cluster_positive' || f.code === 'provocation_below_cluster')
  ) {
    return 'insufficient';
  }
  if (against === 0) return 'supports';
  return supports === 0 ? 'weighs-against' : 'mixed';
}
