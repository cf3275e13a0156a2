/**
 * The procedure record with its safety checklist. Refused, with nothing saved, while the
 * checklist is incomplete, the sides disagree (planned, marked at check-in, confirmed at time-out,
 * recorded), a dose is not concentration × volume, or the time it was performed is not on the
 * booked day or is in the future (src/domain/clinical/timing.ts).
 */
import { assess, checklistGaps, doseErrors, performedAtIssues } from '../../../domain/clinical/index.ts';
import type { FactsOf } from '../../../domain/steps.ts';
import { DomainError } from '../../errors.ts';
import { nextVersion, recordStep, type StepContext } from './context.ts';
import { purposeOf } from './screening.ts';
import { noPatientFacts } from './triage.ts';

export async function recordProcedure(ctx: StepContext, facts: FactsOf<'procedure'>) {
  const gaps = checklistGaps(facts.checklist);
  if (gaps.length > 0) {
    throw new DomainError(
      'checklist_incomplete',
      `The safety checklist is not complete: ${gaps.map((g) => g.message).join('; ')}.`,
      { errors: gaps },
    );
  }
  const booked = ctx.booked;
  if (booked) {
    const when = performedAtIssues(
      new Date(facts.record.performedAt),
      booked.plannedAt,
      ctx.now,
      ctx.settings.clinic.timeZone,
    );
    const [issue] = when;
    if (issue) {
      const code = issue.reason === 'future' ? 'validation_failed' : 'outside_booked_day';
      throw new DomainError(code, `${issue.message}.`, {
        errors: when.map(({ field, message }) => ({ field, message })),
      });
    }
  }
  const planned = ctx.current('screening')?.facts.plan.side ?? ctx.episode.side ?? undefined;
  const side = assess({
    now: ctx.now.toISOString(),
    settings: ctx.settings,
    patient: noPatientFacts,
    episode: { purpose: purposeOf(ctx) },
    sideCheck: {
      planned,
      markedAtCheckIn: ctx.current('check-in')?.facts.sideMarked,
      confirmedAtTimeOut: facts.checklist.timeOut.sideConfirmed,
      recorded: facts.record.side,
    },
  }).side!;
  if (side.severity === 'stop') {
    throw new DomainError('side_mismatch', side.staffText, {
      errors: [{ field: 'record.side', message: side.staffText }],
      finding: side,
    });
  }
  const errors = doseErrors(facts.record.drugs);
  if (errors.length > 0) {
    throw new DomainError('validation_failed', errors.map((e) => e.message).join('; '), { errors });
  }
  await recordStep(
    ctx,
    'procedure',
    { facts, assessment: { side } },
    {
      move: ctx.amendment ? undefined : 'perform',
      details: {
        side: facts.record.side,
        guidance: facts.record.guidance,
        version: nextVersion(ctx, 'procedure'),
      },
    },
  );
}
