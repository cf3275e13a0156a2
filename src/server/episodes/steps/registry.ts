/**
 * The step registry, server half: the command that records each step. Who may record it and
 * when is in src/domain/steps.ts; its route and input in src/shared/api/steps.ts; its page in
 * src/web/pages/episode/steps.tsx. Typed as a complete record, so a new step that lacks any
 * of these does not compile (docs/adr/0002-step-registry.md lists the files a step needs).
 */
import type { Tx } from '../../../db/client.ts';
import type { Actor } from '../../../domain/actor.ts';
import type { StepName } from '../../../domain/pathway.ts';
import type { StepInput } from '../../../shared/api/steps.ts';
import { recordBooking } from './booking.ts';
import { recordCheckIn } from './check-in.ts';
import { openStep, type StepContext, type StepRequest } from './context.ts';
import { recordDischarge } from './discharge.ts';
import { recordOutcomeReview } from './outcome-review.ts';
import { recordProcedure } from './procedure.ts';
import { recordRecovery } from './recovery.ts';
import { recordScreening } from './screening.ts';
import { recordTriage } from './triage.ts';

/** A step's input without the version and amendment reason the route takes off first. */
export type StepFactsInput<S extends StepName> = Omit<StepInput<S>, 'version' | 'amendReason'>;

export type StepCommand<S extends StepName> = (ctx: StepContext, input: StepFactsInput<S>) => Promise<void>;

export const stepCommands: { [S in StepName]: StepCommand<S> } = {
  triage: recordTriage,
  screening: (ctx, input) => recordScreening(ctx, input, ctx.booked?.plannedAt),
  booking: recordBooking,
  'check-in': recordCheckIn,
  procedure: recordProcedure,
  recovery: recordRecovery,
  discharge: recordDischarge,
  'outcome-review': recordOutcomeReview,
};

/**
 * Records a step: opens it (lock, version, who and when) and runs its command. The one way a
 * step is recorded — by the API, the demo seed and imports alike.
 */
export async function runStep<S extends StepName>(
  tx: Tx,
  actor: Actor,
  episodeId: string,
  step: S,
  input: StepInput<S>,
  now: Date,
  origin: 'recorded' | 'replayed' = 'recorded',
): Promise<void> {
  const { version, amendReason, ...facts } = input as StepInput<S> & StepRequest;
  const replayed = origin === 'replayed';
  const ctx = await openStep(tx, actor, episodeId, step, { version, amendReason, replayed }, now);
  await (stepCommands[step] as StepCommand<S>)(ctx, facts as StepFactsInput<S>);
}
