/** Triage: the clinician's reading of the referral (indication, examination, purpose) and the decision. */
import { assess, PatientFactsSchema } from '../../../domain/clinical/index.ts';
import type { FactsOf } from '../../../domain/steps.ts';
import { DomainError } from '../../errors.ts';
import { recordStep, type StepContext } from './context.ts';

/** Judgements that do not depend on the patient's history (triage, side, recovery). */
export const noPatientFacts = PatientFactsSchema.parse({});

export async function recordTriage(ctx: StepContext, facts: FactsOf<'triage'>) {
  const before = ctx.current('triage');
  if (ctx.amendment && before && before.facts.decision !== facts.decision) {
    throw new DomainError(
      'step_out_of_order',
      'An amendment corrects the triage record; it cannot change the decision. To stop the pathway, withdraw the episode with a reason.',
    );
  }
  const a = assess({
    now: ctx.now.toISOString(),
    settings: ctx.settings,
    patient: noPatientFacts,
    episode: { purpose: facts.purpose, side: ctx.episode.side ?? undefined },
    triage: facts.facts,
  });
  await recordStep(
    ctx,
    'triage',
    { facts, assessment: { triage: a.triage, protocol: a.protocol } },
    {
      move: ctx.amendment ? undefined : facts.decision,
      reason: ctx.amendment ? undefined : facts.reason,
      details: { decision: facts.decision, purpose: facts.purpose },
    },
  );
}
