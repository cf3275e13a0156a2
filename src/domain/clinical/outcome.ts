import { z } from 'zod';
import type { BlockClassification } from './block.ts';
import { CONFLICT_SOURCES, conflictingScores, meetsThreshold, reliefPercent } from './block.ts';
import { addDuration, wholeMonths } from './duration.ts';
import type { DiaryFacts, PatientFacts, Purpose } from './facts.ts';
import { type CodedFinding, finding, notBeforeAction } from './findings.ts';
import type { ProtocolValues, ResolvedProtocol } from './profiles.ts';
import type { ClinicSettings } from './settings.ts';
import { cite } from './sources.ts';
import { laterBeyondMargin } from './timing.ts';
import { addLocalMonths, DAY_MS, hoursBetween } from './zoned-time.ts';

/** PGIC on a local code system (addendum §4, the CMS ACCESS order): 1 very much improved … 7 very much worse. */
export const PGIC_SYSTEM = 'urn:sij-pathway:codesystem:pgic';
export const PGIC_CODES = {
  1: 'very-much-improved',
  2: 'much-improved',
  3: 'minimally-improved',
  4: 'no-change',
  5: 'minimally-worse',
  6: 'much-worse',
  7: 'very-much-worse',
} as const;

export const NextStepSchema = z.enum([
  'repeat-injection',
  'repeat-not-allowed-yet',
  'repeat-cap-reached',
  'refer-rf-denervation',
  'physiotherapy',
  'reconsider-diagnosis',
  'clinician-review',
]);
export type NextStep = z.infer<typeof NextStepSchema>;

export interface CodedOutcome {
  responder: boolean | null;
  threshold: {
    percent: number;
    comparator: '>' | '>=';
    /** How long relief must last (a duration), for a therapeutic response. */
    lasting?: string;
    /** Deprecated (before assessment format 1.2): `lasting` in whole months, when it is one. */
    months?: number;
  } | null;
  peakReliefPercent: number | null;
  reliefLastedDays: number | null;
  reliefOngoing: boolean;
  pgic: { system: string; code: string; value: number } | null;
  nextSteps: NextStep[];
  findings: CodedFinding[];
}

export interface OutcomeInput {
  now: Date;
  procedureAt: Date;
  purpose: Purpose;
  diary: DiaryFacts;
  block?: BlockClassification;
  patient: PatientFacts;
  settings: ClinicSettings;
  protocol: ResolvedProtocol;
}

/**
 * Outcome and next step. A diagnostic response is read against the diagnostic threshold; a
 * therapeutic one against the repeat criterion ([S9] ≥ 50 % for ≥ 3 months; [S8] the clinician's
 * judgement, where the profile gives none). Then: negative block → reconsider the diagnosis;
 * positive block → radiofrequency denervation ([S12], [S17], [S8]) — for a diagnostic and therapeutic
 * episode, once its relief has not lasted;
 * lasting relief → a repeat only when the interval and yearly limits allow ([S9], [S11]).
 */
export function outcome(input: OutcomeInput): CodedOutcome {
  const { diary, purpose, protocol, procedureAt, now } = input;
  const findings: CodedFinding[] = [];
  const values = protocol.values;
  const threshold: CodedOutcome['threshold'] =
    purpose === 'diagnostic' ? values.diagnosticPositive : withMonths(values.repeatTherapeutic);
  // When relief must last until, for a therapeutic response: the lasting duration from when relief
  // is counted (the procedure, unless a diary score without relief came first: below).
  const lastingFrom = (from: Date) =>
    threshold?.lasting === undefined
      ? undefined
      : addDuration(from, threshold.lasting, input.settings.clinic.timeZone);
  let lastsUntil = lastingFrom(procedureAt);
  // An entry timed later than now has not happened: a slipped date (in a request written by hand
  // or an imported record). Counted, it would make relief last into the future; it is named instead.
  // Ordered by instant, not by text: entries may carry different offsets (either side of a
  // daylight-saving change), and "…T01:00+05:00" is earlier than "…T22:00Z" the day before.
  const timed = diary.entries
    .map((e) => ({ ...e, time: new Date(e.at) }))
    .filter((e) => e.time >= procedureAt)
    .sort((a, b) => a.time.getTime() - b.time.getTime());
  const entries = timed.filter((e) => !laterBeyondMargin(e.time, now));
  const later = timed.filter((e) => laterBeyondMargin(e.time, now));
  if (later.length > 0) {
    const why = 'a record says what happened: a time to come has not happened yet';
    findings.push(
      finding('diary_entry_after_now', 'review', [cite('DESIGN', why)], {
        count: later.length,
        earliestAt: later[0]!.at,
        now: now.toISOString(),
      }),
    );
  }
  const latestPgic = [...entries].reverse().find((e) => e.pgic !== undefined)?.pgic;
  const pgic = latestPgic
    ? { system: PGIC_SYSTEM, code: PGIC_CODES[latestPgic as keyof typeof PGIC_CODES], value: latestPgic }
    : null;
  const result: CodedOutcome = {
    responder: null,
    threshold,
    peakReliefPercent: null,
    reliefLastedDays: null,
    reliefOngoing: false,
    pgic,
    nextSteps: [],
    findings,
  };
  // Two scores at one time that disagree cannot both be the patient's pain then, and the order they
  // were typed in would decide whether relief lasted (as for a block's scores): relief is not read
  // from the diary, and a clinician judges the outcome.
  const conflict = conflictingScores(entries);
  const relief =
    diary.baselinePain > 0 && !conflict
      ? entries.map((e) => ({ at: e.time, relief: reliefPercent(diary.baselinePain, e.pain) }))
      : [];
  // Entries, but a baseline of 0 to measure them against (a slip, or no pain to relieve).
  const baselineZero = !conflict && relief.length === 0 && entries.length > 0;
  if (conflict) {
    findings.push(
      finding('diary_scores_conflict', 'review', CONFLICT_SOURCES, conflict, {
        action: { who: 'clinician' },
      }),
    );
  } else if (baselineZero) {
    findings.push(
      finding(
        'outcome_baseline_zero',
        'review',
        [cite('S9', 'relief against a baseline')],
        {},
        { action: { who: 'clinician' } },
      ),
    );
  } else if (relief.length === 0) {
    findings.push(
      finding(
        'outcome_no_entries',
        'action',
        [cite('S9', 'scores on the following days')],
        {},
        { action: { who: 'staff' } },
      ),
    );
  } else {
    result.peakReliefPercent = Math.max(...relief.map((r) => r.relief));
  }
  const thresholdSources = (purpose === 'diagnostic'
    ? protocol.explained.diagnosticPositive
    : protocol.explained.repeatTherapeutic
  )?.sources ?? [cite('S9')];
  let lasted = false;
  if (threshold === null) {
    findings.push(
      finding(
        'outcome_response_not_judged',
        'review',
        thresholdSources,
        { profile: protocol.profile },
        { action: { who: 'clinician' } },
      ),
    );
  } else if (relief.length > 0) {
    const start = relief.findIndex((r) => meetsThreshold(r.relief, threshold));
    result.responder = start !== -1;
    const details = {
      peakReliefPercent: result.peakReliefPercent,
      thresholdPercent: threshold.percent,
      comparator: threshold.comparator,
    };
    if (start === -1) {
      findings.push(finding('outcome_non_responder', 'info', thresholdSources, details));
    } else {
      const rest = relief.slice(start);
      const fail = rest.findIndex((r) => !meetsThreshold(r.relief, threshold));
      const run = fail === -1 ? rest : rest.slice(0, fail);
      const last = run.at(-1)!.at;
      // [S9] relief "for at least 3 months" is counted from the last time it was known absent: the
      // injection, or a diary score before the run that fell short (relief first seen at week 4,
      // after none at week 2, has not lasted since the injection).
      const reliefFrom = start === 0 ? undefined : relief[start - 1]!.at;
      const from = reliefFrom ?? procedureAt;
      lastsUntil = lastingFrom(from);
      result.reliefOngoing = fail === -1;
      result.reliefLastedDays = Math.round(((last.getTime() - from.getTime()) / DAY_MS) * 10) / 10;
      const lasting = threshold.lasting;
      lasted = lastsUntil !== undefined && last >= lastsUntil;
      findings.push(
        finding('outcome_responder', 'info', thresholdSources, {
          ...details,
          reliefLastedDays: result.reliefLastedDays,
          reliefLastedHours: Math.round(hoursBetween(from, last) * 10) / 10,
          ...(reliefFrom ? { reliefFrom: reliefFrom.toISOString() } : {}),
          reliefOngoing: result.reliefOngoing,
          requiredDuration: lasting ?? null,
          // Deprecated (before assessment format 1.2): the same in whole months, when it is one.
          requiredMonths: lasting === undefined ? null : wholeMonths(lasting),
          lasted,
        }),
      );
    }
  }
  nextSteps(input, result, { lasted, lastsUntil, conflict: conflict !== null, baselineZero }, findings);
  result.nextSteps = findings
    .filter((f) => f.code.startsWith('next_'))
    .map((f) => STEP_OF[f.code] as NextStep);
  return result;
}

/** The repeat criterion, with the deprecated whole-month figure beside its duration. */
function withMonths(r: ProtocolValues['repeatTherapeutic']): CodedOutcome['threshold'] {
  if (r === null) return null;
  const months = wholeMonths(r.lasting);
  return { ...r, ...(months === null ? {} : { months }) };
}

const STEP_OF: Partial<Record<CodedFinding['code'], NextStep>> = {
  next_repeat_injection: 'repeat-injection',
  next_repeat_not_allowed_yet: 'repeat-not-allowed-yet',
  next_repeat_cap_reached: 'repeat-cap-reached',
  next_refer_rf_denervation: 'refer-rf-denervation',
  next_physiotherapy: 'physiotherapy',
  next_reconsider_diagnosis: 'reconsider-diagnosis',
  next_clinician_review: 'clinician-review',
};

function nextSteps(
  input: OutcomeInput,
  result: CodedOutcome,
  {
    lasted,
    lastsUntil,
    conflict,
    baselineZero,
  }: { lasted: boolean; lastsUntil: Date | undefined; conflict: boolean; baselineZero: boolean },
  out: CodedFinding[],
) {
  const { purpose, block, protocol } = input;
  const physio = () =>
    out.push(
      finding(
        'next_physiotherapy',
        'action',
        [cite('seed-003', 'physiotherapy'), cite('seed-002')],
        {},
        { action: { who: 'clinician' } },
      ),
    );
  const review = (reason: string) =>
    out.push(
      finding(
        'next_clinician_review',
        'review',
        [cite('README')],
        { reason },
        { action: { who: 'clinician' } },
      ),
    );
  const rf = (reliefDidNotLast: boolean) =>
    // [S12]: strong evidence for ≥ 6 months from sacral lateral-branch RFA; [S17] AUC module; [S9] not covered by the LCDs.
    out.push(
      finding(
        'next_refer_rf_denervation',
        'action',
        [cite('S12'), cite('S17'), cite('S8'), cite('S9', 'RFA not covered under the 2023 LCDs')],
        {
          profile: protocol.profile,
          coveredUnderProfile: protocol.profile !== 'lcd-2023',
          reliefDidNotLast,
        },
        { action: { who: 'clinician' } },
      ),
    );

  if (purpose !== 'therapeutic') {
    if (block === 'negative') {
      // A negative diagnostic block weighs against the SI joint as the pain source ([S8], [S9]).
      out.push(
        finding(
          'next_reconsider_diagnosis',
          'action',
          [cite('S8'), cite('S9'), cite('S12')],
          {},
          { action: { who: 'clinician' } },
        ),
      );
      return;
    }
    if (block === undefined) return review('no-block-result');
    if (block !== 'positive') return review('block-not-positive');
    if (purpose === 'diagnostic') return rf(false);
  }
  if (result.threshold === null) return review('repeat-criterion-is-clinician-judgement');
  // No scores to judge relief by (no diary, or no baseline): nothing says relief did not last, so
  // neither denervation nor "relief did not last" is offered; a clinician reviews.
  if (conflict) return review('diary-scores-conflict');
  if (result.responder === null) return review(baselineZero ? 'no-baseline-to-judge' : 'no-diary-to-judge');
  // A positive diagnostic block whose relief does not last points to denervation; while the relief
  // is still at the threshold at the last score and its required duration not reached, nobody can
  // say it did not last: the clinician reviews it instead (the demo's responder at 6 weeks) — too
  // early, or, once the duration has passed, a diary that stopped while relief held.
  const durationPassed = lastsUntil !== undefined && input.now >= lastsUntil;
  const unjudged = durationPassed ? 'diary-stopped-while-relief-held' : 'relief-ongoing-not-yet-judged';
  if (purpose === 'both' && !lasted) {
    return result.reliefOngoing ? review(unjudged) : rf(true);
  }
  if (!lasted) {
    physio();
    if (result.reliefOngoing) return review(unjudged);
    return review(result.responder ? 'relief-did-not-last' : 'relief-below-threshold');
  }
  repeatIfAllowed(input, out);
  physio();
}

/** A repeat injection only when the interval ([S11]) and yearly cap ([S9], [S11]) allow. */
function repeatIfAllowed(
  { now, procedureAt, patient, settings, protocol }: OutcomeInput,
  out: CodedFinding[],
) {
  const tz = settings.clinic.timeZone;
  const v: ProtocolValues = protocol.values;
  const sources = [cite('S9'), cite('S11')];
  const therapeutic = [
    ...patient.previousInjections.filter((p) => p.purpose !== 'diagnostic').map((p) => new Date(p.at)),
    procedureAt,
  ].sort((a, b) => a.getTime() - b.getTime());
  const inYear = therapeutic.filter((t) => t > addLocalMonths(now, -12, tz) && t <= now);
  if (v.therapeuticSessionsPer12Months !== null && inYear.length >= v.therapeuticSessionsPer12Months) {
    const freeAt = addLocalMonths(inYear[inYear.length - v.therapeuticSessionsPer12Months]!, 12, tz);
    out.push(
      finding(
        'next_repeat_cap_reached',
        'action',
        sources,
        { count: inYear.length, cap: v.therapeuticSessionsPer12Months },
        { action: notBeforeAction('clinician', freeAt) },
      ),
    );
    return;
  }
  const last = therapeutic.at(-1)!;
  const interval = v.minIntervalBetweenTherapeutic;
  const earliest = interval === null ? last : addDuration(last, interval, tz);
  if (earliest > now) {
    out.push(
      finding(
        'next_repeat_not_allowed_yet',
        'action',
        sources,
        { minInterval: interval, minMonths: interval === null ? null : wholeMonths(interval) },
        { action: notBeforeAction('clinician', earliest) },
      ),
    );
    return;
  }
  out.push(finding('next_repeat_injection', 'action', sources, {}, { action: { who: 'clinician' } }));
}
