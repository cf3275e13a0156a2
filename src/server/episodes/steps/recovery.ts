/**
 * Recovery: pain scores after the block, its interpretation at the protocol's threshold, and the
 * discharge checklist. Recorded as often as needed while the patient recovers (each a version).
 */
import { assess, injectateVolumeMl, knownAnaesthetic } from '../../../domain/clinical/index.ts';
import type { FactsOf } from '../../../domain/steps.ts';
import { nextVersion, recordStep, required, type StepContext } from './context.ts';
import { purposeOf } from './screening.ts';
import { noPatientFacts } from './triage.ts';

export async function recordRecovery(ctx: StepContext, facts: FactsOf<'recovery'>) {
  const done = required(ctx, 'procedure', 'Record the procedure before recovery.');
  const { record } = done.facts;
  const anaesthetic = knownAnaesthetic(record.drugs);
  const performedAt = record.performedAt;
  const a = assess({
    now: ctx.now.toISOString(),
    settings: ctx.settings,
    patient: noPatientFacts,
    episode: { purpose: purposeOf(ctx), side: record.side, procedureAt: performedAt, anaesthetic },
    discharge: facts.discharge,
    ...(anaesthetic
      ? {
          blockResponse: {
            anaesthetic,
            performedAt,
            baselinePain: facts.baselinePain,
            scores: facts.scores,
            injectateVolumeMl: injectateVolumeMl(record.drugs),
            target: record.target,
          },
        }
      : {}),
  });
  await recordStep(
    ctx,
    'recovery',
    {
      facts,
      assessment: { blockResponse: a.blockResponse, discharge: a.discharge, protocol: a.protocol },
    },
    {
      details: {
        block: a.blockResponse?.classification ?? null,
        version: nextVersion(ctx, 'recovery'),
      },
    },
  );
}
