/**
 * Discharge: only when the recovery's discharge checklist is complete, or with a reason to send
 * the patient home all the same (decision support: a person may overrule the checklist), by a
 * role the domain's policy allows for each unmet criterion (dischargeOverriddenBy).
 */
import { type Assessment, dischargeOverrideRefused } from '../../../domain/clinical/index.ts';
import type { FactsOf } from '../../../domain/steps.ts';
import { DomainError } from '../../errors.ts';
import { queueDiaryPrompts } from '../../follow-up/diary.ts';
import { recordStep, required, type StepContext } from './context.ts';

export async function recordDischarge(ctx: StepContext, facts: FactsOf<'discharge'>) {
  const recovery = required(ctx, 'recovery', 'Record recovery and the discharge checklist first.');
  const readiness = recovery.assessment?.discharge as NonNullable<Assessment['discharge']>;
  if (!readiness.ready && !facts.overrideReason) {
    const missing = readiness.findings.map((f) => f.staffText).join(' ');
    throw new DomainError(
      'not_ready_for_discharge',
      `Not ready: ${missing} Complete the checklist, or give a reason to discharge all the same.`,
    );
  }
  const refused = readiness.ready ? [] : dischargeOverrideRefused(readiness.missing, ctx.actor.role);
  if (refused.length) {
    const unmet = readiness.findings.filter((f) => refused.includes(f.code)).map((f) => f.staffText);
    throw new DomainError(
      'role_not_allowed',
      `Only a clinician can send the patient home with this unmet: ${unmet.join(' ')}`,
    );
  }
  await queueDiaryPrompts(ctx);
  await recordStep(
    ctx,
    'discharge',
    { facts, assessment: { discharge: readiness } },
    {
      move: 'discharge',
      reason: facts.overrideReason,
      details: { overridden: !readiness.ready },
    },
  );
}
