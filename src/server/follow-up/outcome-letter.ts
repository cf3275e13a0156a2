/**
 * The outcome letter to the referrer, after the clinician's outcome review: the block result, what
 * the pain diary showed (relief, how long it lasted, PGIC), the clinician's decision and why, signed
 * by the clinician who decided. Built from what was recorded — the outcome as the clinician saw it
 * when they decided, never recomputed — and printed like the discharge letter (Unicode fonts,
 * the clinic's letterhead). The wording only restates the record.
 */
import type { Database } from '../../db/client.ts';
import type { Actor } from '../../domain/actor.ts';
import {
  comparatorWords,
  durationWords,
  lastedDaysWords,
  PGIC_CODES,
  peakReliefWords,
  purposeWords,
} from '../../domain/clinical/index.ts';
import { type OutcomeDecision, recordedElsewhere } from '../../domain/step-records.ts';
import type { EpisodeDetail } from '../../shared/api/core.ts';
import { clinicSettings } from '../clinic/settings.ts';
import {
  type Letterhead,
  type Line,
  renderDocument,
  type Section,
  type Summary,
} from '../episodes/pdf/discharge-summary.ts';
import { formatDateTime, formatDay, formatNumber } from '../episodes/pdf/format.ts';
import {
  CLASSIFICATION,
  type Correction,
  correctedSince,
  correctionsSection,
  identity,
  openingToReferrer,
  patientName,
  referrerAddress,
  SIDE_ADJECTIVE,
  signerOf,
  signOff,
} from '../episodes/pdf/letter-parts.ts';
import { episodeDetail } from '../episodes/read.ts';
import { DomainError } from '../errors.ts';
import { diaryOf } from './diary.ts';

type Outcome = NonNullable<NonNullable<EpisodeDetail['steps']['outcomeReview']>['assessment']['outcome']>;

export interface OutcomeLetterInput extends Letterhead {
  patient: {
    givenName: string;
    familyName: string;
    birthDate: string;
    nhsNumber: string | null;
    mrn: string | null;
  };
  referrer: { name: string; address: string | null };
  /** The clinician who recorded the decision, and their role as printed. */
  signedBy: { name: string; role: string };
  /** Corrections since the first outcome review (the first moment this letter could be made). */
  corrections: Correction[];
  episode: { referredOn: string; purpose: 'diagnostic' | 'therapeutic' | 'both' };
  procedure: { performedAt: string; side: 'left' | 'right' | 'both' };
  block: {
    classification: 'positive' | 'negative' | 'indeterminate';
    peakReliefPercent: number | null;
    threshold: string;
  } | null;
  diary: {
    baselinePain: number | null;
    entries: number;
    late: number;
    missed: number;
    firstAt: string | null;
    lastAt: string | null;
  };
  /** The clinical core's outcome when the clinician decided; null when it could not be judged. */
  outcome: Outcome | null;
  decision: { decision: OutcomeDecision; reason: string; decidedAt: string };
}

const DECISION: Record<OutcomeDecision, string> = {
  'repeat-injection': 'Repeat the injection',
  'refer-rf-denervation': 'Refer for radiofrequency denervation',
  physiotherapy: 'Physiotherapy',
  'reconsider-diagnosis': 'Reconsider the diagnosis',
  'discharge-from-service': 'Discharge from the service',
};
const PGIC_WORDS = (value: number) => {
  const code = PGIC_CODES[value as keyof typeof PGIC_CODES];
  return code ? code.replaceAll('-', ' ') : 'not recorded';
};

function opening(input: OutcomeLetterInput): Section {
  return openingToReferrer(
    input,
    ({ day, referred }) =>
      `${patientName(input.patient)} had a ${SIDE_ADJECTIVE[input.procedure.side]} ${purposeWords[input.episode.purpose]} sacroiliac joint injection ` +
      `at ${input.clinic.name} on ${day}, following your referral of ${referred}. We have reviewed the ` +
      'pain diary kept since; this letter gives the outcome and what happens next.',
  );
}

function blockSection(input: OutcomeLetterInput): Section {
  const b = input.block;
  if (!b)
    return {
      heading: 'The block',
      lines: [{ text: 'Not assessed (no local anaesthetic the rules know, or no scores).' }],
    };
  return {
    heading: 'The block',
    lines: [
      { label: 'Result', text: CLASSIFICATION[b.classification] },
      {
        label: 'Peak relief in recovery',
        text: peakReliefWords(b.peakReliefPercent, formatNumber),
      },
      { label: 'Threshold', text: b.threshold },
    ],
  };
}

function lastedText(o: Outcome): string {
  // Not judged (no threshold in the protocol, no diary to read, scores that disagree): nothing can
  // be said of relief "at the threshold".
  if (o.responder === null) return 'Not judged by the rules';
  if (o.reliefLastedDays === null) return 'No relief at the threshold';
  const days = lastedDaysWords(o.reliefLastedDays, formatNumber);
  return o.reliefOngoing ? `${days} so far (still at the last entry)` : days;
}

function responseText(o: Outcome): string {
  const t = o.threshold;
  const at = t
    ? ` (${comparatorWords(t.comparator)} ${t.percent}% relief${t.lasting ? ` lasting ${durationWords(t.lasting)}` : ''})`
    : '';
  if (o.responder === null)
    return `Not judged by the rules${t ? at : ': the protocol leaves it to the clinician'}`;
  return `${o.responder ? 'Responder' : 'Not a responder'}${at}`;
}

function diarySection(input: OutcomeLetterInput): Section {
  const d = input.diary;
  const o = input.outcome;
  const tz = input.clinic.timeZone;
  const lines: Line[] = [];
  if (d.baselinePain !== null)
    lines.push({ label: 'Pain before the injection', text: `${formatNumber(d.baselinePain)}/10` });
  if (d.entries === 0) {
    lines.push({ label: 'Entries', text: 'None' });
  } else {
    const span =
      d.firstAt && d.lastAt
        ? ` from ${formatDay(d.firstAt, tz, 'diary.firstAt')} to ${formatDay(d.lastAt, tz, 'diary.lastAt')}`
        : '';
    const notes = [
      d.late > 0 ? `${d.late} entered late, from memory` : '',
      d.missed > 0 ? `${d.missed} ${d.missed === 1 ? 'prompt' : 'prompts'} missed` : '',
    ].filter(Boolean);
    lines.push({
      label: 'Entries',
      text: `${d.entries}${span}${notes.length ? ` (${notes.join('; ')})` : ''}`,
    });
  }
  if (o) {
    lines.push(
      {
        label: 'Peak relief',
        text: peakReliefWords(o.peakReliefPercent, formatNumber),
      },
      { label: 'Relief lasted', text: lastedText(o) },
      { label: 'Response', text: responseText(o) },
      {
        label: 'PGIC',
        text: o.pgic ? `${o.pgic.value} of 7: ${PGIC_WORDS(o.pgic.value)}` : 'Not recorded',
      },
    );
  }
  return { heading: 'The pain diary (0–10 numeric rating scale)', lines };
}

function decisionSection(input: OutcomeLetterInput): Section {
  const suggested = (input.outcome?.findings ?? [])
    .filter((f) => f.code.startsWith('next_'))
    .map((f) => ({ text: f.staffText, bullet: true }));
  const lines: Line[] = [
    { label: 'Decision', text: DECISION[input.decision.decision], strong: true },
    { label: 'Reason', text: input.decision.reason.trim() },
    {
      label: 'Decided',
      text: formatDateTime(input.decision.decidedAt, input.clinic.timeZone, 'decision.decidedAt'),
    },
  ];
  if (suggested.length > 0) lines.push({ text: 'The clinic’s rules suggested:' }, ...suggested);
  return { heading: 'What happens next', lines };
}

export function outcomeLetter(input: OutcomeLetterInput): Summary {
  return {
    title: 'Sacroiliac joint injection: outcome letter',
    identity: identity(input.patient),
    sections: [
      referrerAddress(input.referrer),
      ...correctionsSection(input.corrections, input.clinic.timeZone),
      opening(input),
      blockSection(input),
      diarySection(input),
      decisionSection(input),
      signOff(input.signedBy, input.clinic.name),
    ],
  };
}

/** The letter's facts from the episode as recorded; refused before the outcome review. */
export async function outcomeLetterInput(
  db: Database,
  actor: Actor,
  episodeId: string,
  now: Date,
): Promise<OutcomeLetterInput> {
  const e = await episodeDetail(db, actor, episodeId);
  const { triage, procedure, recovery, outcomeReview } = e.steps;
  if (!triage || !procedure || !outcomeReview) {
    throw new DomainError(
      'step_out_of_order',
      'The outcome letter is ready once a clinician has recorded the outcome review.',
    );
  }
  if (recordedElsewhere.outcomeLetter(e.steps)) {
    throw new DomainError(
      'recorded_elsewhere',
      "This outcome review was recorded at another clinic and imported: the letter about it is that clinic's to send.",
    );
  }
  const [{ settings, contacts }, diary] = await Promise.all([
    clinicSettings(db, actor.clinicId),
    diaryOf(db, actor, episodeId, now),
  ]);
  const block = recovery?.assessment.blockResponse;
  const firstReviewAt = [outcomeReview, ...e.steps.earlier.filter((v) => v.step === 'outcome-review')]
    .map((v) => v.recordedAt)
    .reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
  const performedAt = new Date(procedure.record.performedAt);
  const after = diary.entries.filter((x) => new Date(x.at) >= performedAt);
  return {
    clinic: { name: settings.clinic.name, timeZone: settings.clinic.timeZone, contacts },
    generatedAt: now.toISOString(),
    patient: e.patient,
    referrer: { name: e.referrer, address: e.referrerAddress },
    signedBy: signerOf(outcomeReview.recordedBy),
    corrections: correctedSince(e, ['triage', 'procedure', 'recovery', 'outcome-review'], firstReviewAt),
    episode: { referredOn: e.referredOn, purpose: triage.purpose },
    procedure: { performedAt: performedAt.toISOString(), side: procedure.record.side },
    block: block
      ? {
          classification: block.classification,
          peakReliefPercent: block.first.peakReliefPercent,
          threshold:
            `${comparatorWords(block.threshold.comparator)} ${block.threshold.percent}% relief (protocol ${recovery?.protocol.profile ?? ''} ${recovery?.protocol.version ?? ''})`.trim(),
        }
      : null,
    diary: {
      baselinePain: diary.baselinePain,
      entries: after.length,
      late: after.filter((x) => x.late).length,
      missed: diary.missed,
      firstAt: after[0]?.at ?? null,
      lastAt: after.at(-1)?.at ?? null,
    },
    outcome: outcomeReview.assessment.outcome,
    decision: {
      decision: outcomeReview.decision,
      reason: outcomeReview.reason,
      decidedAt: outcomeReview.recordedAt,
    },
  };
}

export async function outcomeLetterPdf(db: Database, actor: Actor, episodeId: string, now: Date) {
  const input = await outcomeLetterInput(db, actor, episodeId, now);
  return renderDocument(input, outcomeLetter(input));
}
