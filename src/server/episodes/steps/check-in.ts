/**
 * Check-in on the day: consent, the side marked (checked against the planned side at once),
 * escort, fasting, and glucose for a patient with diabetes. A second check-in (after the
 * injection was deferred and rebooked) is a new version; a correction is an amendment.
 */
import { checkInGaps, checkSide } from '../../../domain/clinical/index.ts';
import type { FactsOf } from '../../../domain/steps.ts';
import { DomainError } from '../../errors.ts';
import { currentBooking } from './booking.ts';
import { noteStep, required, type StepContext, saveVersion } from './context.ts';
import { purposeOf, runScreening, stopReasons } from './screening.ts';

export async function recordCheckIn(ctx: StepContext, facts: FactsOf<'check-in'>) {
  const screened = required(ctx, 'screening', 'Screen the patient before checking them in.');
  const gaps = checkInGaps(facts, Boolean(screened.facts.patient.diabetes));
  if (gaps.length > 0) {
    throw new DomainError(
      'checklist_incomplete',
      `Not ready to check in: ${gaps.map((g) => g.message).join('; ')}.`,
      { errors: gaps },
    );
  }
  // DESIGN.md safety checklist: the side marked must be the side planned; stop here, not at time-out.
  const planned = screened.facts.plan.side ?? ctx.episode.side ?? undefined;
  const side = checkSide({ planned, markedAtCheckIn: facts.sideMarked }, ctx.settings);
  if (side.code === 'side_mismatch') {
    throw new DomainError('side_mismatch', side.staffText, {
      errors: [{ field: 'sideMarked', message: side.staffText }],
      finding: side,
    });
  }
  if (facts.glucose) {
    // The arrival glucose goes through the same rules as the screening's (clinic limit, [S25]–[S27]).
    const booked = await currentBooking(ctx.tx, ctx.episode.id);
    const withGlucose = {
      ...screened.facts,
      screening: {
        ...screened.facts.screening,
        labs: { ...screened.facts.screening.labs, glucose: facts.glucose },
      },
    };
    const { screening } = runScreening(
      ctx.settings,
      withGlucose,
      purposeOf(ctx),
      ctx.episode,
      booked?.plannedAt,
      ctx.now,
    );
    if (screening.verdict === 'not-safe-yet' && !screened.override) {
      throw new DomainError('not_safe_yet', `Not safe to go ahead today: ${stopReasons(screening)}`);
    }
  }
  await saveVersion(ctx, 'check-in', { facts });
  await noteStep(ctx, {
    move: ctx.amendment ? undefined : 'check-in',
    details: { sideMarked: facts.sideMarked, version: (ctx.current('check-in')?.version ?? 0) + 1 },
  });
}
