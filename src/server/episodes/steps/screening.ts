/**
 * Screening: the pre-assessment call. Runs the clinical core on the facts as entered, for the
 * procedure as planned (at its booked time once booked), and stores the verdict as it was shown.
 * The server recomputes every verdict: what the browser showed while typing is a preview.
 * The patient's sex and age come from their record, never from the form: the age is counted on
 * the clinic's calendar at the booked time (or now, before booking).
 */
import {
  ANAESTHETICS,
  type Anaesthetic,
  type Assessment,
  ageInYears,
  assess,
  type ClinicSettings,
  type EpisodeFacts,
  type Purpose,
} from '../../../domain/clinical/index.ts';
import type { MoveName } from '../../../domain/pathway.ts';
import type { ScreeningStepFacts } from '../../../domain/step-records.ts';
import type { FactsOf } from '../../../domain/steps.ts';
import { DomainError } from '../../errors.ts';
import type { EpisodeRow } from '../episodes.ts';
import {
  nextVersion,
  type Person,
  recordStep,
  required,
  type StepContext,
  type StoredStep,
} from './context.ts';

export type ScreeningResult = NonNullable<Assessment['screening']>;

export function purposeOf(ctx: StepContext): Purpose {
  return required(ctx, 'triage', 'Triage the referral before screening.').facts.purpose;
}

const asAnaesthetic = (agent: string | undefined) =>
  ANAESTHETICS.find((a): a is Anaesthetic => a === agent?.trim().toLowerCase());

function episodeFacts(
  purpose: Purpose,
  episode: EpisodeRow,
  facts: ScreeningStepFacts,
  at?: Date,
): EpisodeFacts {
  const { plan } = facts;
  return {
    purpose,
    side: plan.side ?? episode.side ?? undefined,
    procedureAt: at?.toISOString(),
    plannedGuidance: plan.plannedGuidance,
    plannedContrast: plan.plannedContrast,
    plannedSteroidDoseMg: plan.plannedSteroidDoseMg,
    anaesthetic: plan.anaesthetic ?? asAnaesthetic(plan.localAnaesthetic?.agent),
    plannedApproach: plan.approach,
    plannedSteroid: plan.steroid,
    plannedLocalAnaesthetic: plan.localAnaesthetic,
  };
}

/** The screening rules on these facts, for the procedure as planned (at `plannedAt` once booked). */
export function runScreening(
  settings: ClinicSettings,
  facts: ScreeningStepFacts,
  purpose: Purpose,
  episode: EpisodeRow,
  plannedAt: Date | undefined,
  now: Date,
  person: Person,
): { screening: ScreeningResult; protocol: Assessment['protocol'] } {
  const ageYears = ageInYears(person.birthDate, plannedAt ?? now, settings.clinic.timeZone);
  const a = assess({
    now: now.toISOString(),
    settings,
    patient: {
      ...facts.patient,
      sex: person.sex,
      ageYears,
      recordedInjections: person.recordedInjections,
    },
    episode: episodeFacts(purpose, episode, facts, plannedAt),
    screening: facts.screening,
  });
  return { screening: a.screening!, protocol: a.protocol };
}

export const stopReasons = (s: ScreeningResult) =>
  s.findings
    .filter((f) => f.severity === 'stop')
    .map((f) => f.staffText)
    .join(' ');

/** What must be done before booking: the findings that block scheduling, in words. */
export const openReasons = (s: ScreeningResult) =>
  s.findings
    .filter((f) => f.blocksScheduling)
    .map((f) => f.staffText)
    .join(' ');

/**
 * The screening judged again for the booked time (a hold is measured back from it, an age counted
 * at it): why the procedure cannot go ahead at that time, or null. A clinician's override of the
 * screening stands, as it does for booking.
 */
export function blockedAt(
  result: ScreeningResult,
  overridden: boolean,
  when: 'booking' | 'day',
): { code: 'scheduling_blocked' | 'not_safe_yet'; reason: string } | null {
  if (overridden) return null;
  if (result.verdict === 'not-safe-yet') {
    const reason = `${when === 'booking' ? 'Not safe for that date' : 'Not safe to go ahead today'}: ${stopReasons(result)}`;
    return { code: when === 'booking' ? 'scheduling_blocked' : 'not_safe_yet', reason };
  }
  if (result.blocksScheduling) {
    const reason = `${when === 'booking' ? 'Before booking for that date' : 'Before going ahead today'}: ${openReasons(result)}`;
    return { code: 'scheduling_blocked', reason };
  }
  return null;
}

export async function recordScreening(
  ctx: StepContext,
  input: FactsOf<'screening'>,
  plannedAt: Date | undefined,
) {
  const purpose = purposeOf(ctx);
  const last = ctx.current('screening');
  // Sex and age are the record's: whatever the form sent for them is not kept.
  const { sex: _sex, ageYears: _age, ...patientFacts } = input.patient;
  const facts = {
    ...input,
    patient: patientFacts,
    screening: attributeNewEntries(input.screening, last?.facts.screening, ctx),
  };
  const { screening, protocol } = runScreening(
    ctx.settings,
    facts,
    purpose,
    ctx.episode,
    plannedAt,
    ctx.now,
    ctx.person,
  );
  const stage = ctx.episode.stage;
  let move: MoveName | undefined;
  let reason: string | undefined;
  if (screening.verdict === 'not-safe-yet') {
    if (stage !== 'not-safe-yet') [move, reason] = ['defer', `Not safe yet: ${stopReasons(screening)}`];
  } else if (stage === 'triaged' || stage === 'not-safe-yet') {
    move = 'screen-safe';
  }
  await recordStep(
    ctx,
    'screening',
    { facts, assessment: { screening, protocol } },
    {
      move,
      reason,
      details: {
        seq: nextVersion(ctx, 'screening'),
        verdict: screening.verdict,
        blocksScheduling: screening.blocksScheduling,
      },
    },
  );
}

type ScreeningFacts = ScreeningStepFacts['screening'];
/** jsonb keeps keys in its own order, so compare entries key by key, not as strings. */
const canonical = (o: object) => JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Reviews and agreed plans carried over from the previous screening stay as they were recorded.
 * A new one is signed by whoever saves it, at the server's time — never by a name the form sent —
 * and a new clinician review needs a clinician: a review is what lets a `review` finding pass.
 * A record replayed on import keeps its entries' signatures from the clinic that made them.
 * Entries are matched by their canonical form in a set, so a long list costs O(n log n), not n².
 */
function attributeNewEntries(
  facts: ScreeningFacts,
  previous: ScreeningFacts | undefined,
  ctx: StepContext,
): ScreeningFacts {
  const seenReviews = new Set((previous?.clinicianReviews ?? []).map(canonical));
  const seenPlans = new Set((previous?.agreedPlans ?? []).map(canonical));
  const sign = { recordedBy: ctx.actor.name, recordedAt: ctx.now.toISOString() };
  const newReviews = facts.clinicianReviews.filter((r) => !seenReviews.has(canonical(r)));
  if (newReviews.length > 0 && ctx.actor.role !== 'clinician') {
    throw new DomainError('role_not_allowed', 'Only a clinician may record a clinician review of a finding.');
  }
  // Replayed from another clinic's record, each entry is as it was signed there.
  if (ctx.replayed) return facts;
  const fresh = new Set(newReviews);
  return {
    ...facts,
    clinicianReviews: facts.clinicianReviews.map((r) => (fresh.has(r) ? { ...r, ...sign } : r)),
    agreedPlans: facts.agreedPlans.map((p) => (seenPlans.has(canonical(p)) ? p : { ...p, ...sign })),
  };
}

/** A clinician lets booking go ahead despite the latest screening's verdict, with a reason. */
export async function overrideScreening(ctx: StepContext, screeningId: string, reason: string) {
  const latest = ctx.current('screening');
  if (!latest || latest.id !== screeningId) {
    throw new DomainError('step_out_of_order', 'Only the latest screening can be overridden.');
  }
  if (ctx.actor.role !== 'clinician') {
    throw new DomainError('role_not_allowed', 'Only a clinician may override a screening verdict.');
  }
  const override = { reason, byId: ctx.actor.id, byName: ctx.actor.name, at: ctx.now.toISOString() };
  await recordStep(
    ctx,
    'screening',
    { facts: latest.facts, assessment: { ...latest.assessment, protocol: protocolOf(latest) }, override },
    {
      event: 'screening.overridden',
      move: ctx.episode.stage === 'not-safe-yet' ? 'screen-safe' : undefined,
      reason: `Clinician override: ${reason}`,
    },
  );
}

/** The protocol a stored judgement was made under. */
export const protocolOf = (row: { protocolProfile: string | null; protocolVersion: string | null }) =>
  ({ profile: row.protocolProfile, version: row.protocolVersion }) as Assessment['protocol'];

/** Why the episode cannot be booked now, in a sentence, or null. */
export function schedulingBlockedBecause(
  latest: Pick<StoredStep<'screening'>, 'override' | 'assessment'> | undefined,
): string | null {
  if (!latest) return 'No screening has been recorded yet.';
  if (latest.override) return null;
  const result = latest.assessment?.screening as ScreeningResult;
  if (result.verdict === 'not-safe-yet') {
    return `Not safe yet: ${stopReasons(result)} Repeat the screening when this changes, or a clinician may override with a reason.`;
  }
  if (result.blocksScheduling) return `Before booking: ${openReasons(result)}`;
  return null;
}
