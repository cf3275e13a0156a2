/**
 * Check-in on the day: consent, the side marked (checked against the planned side at once),
 * escort, fasting, and glucose for a patient with diabetes. Only on the booked day, in the
 * clinic's zone (src/domain/clinical/timing.ts), or after it as a late entry that says why; and
 * only while the screening, judged again for the booked time, lets the procedure go ahead. A
 * second check-in (after the injection was deferred and rebooked) is a new version; a correction
 * is an amendment, allowed later.
 */
import { checkInGaps, checkInIsLate, checkInTimingIssue, checkSide } from '../../../domain/clinical/index.ts';
import type { FactsOf } from '../../../domain/steps.ts';
import { DomainError } from '../../errors.ts';
import { nextVersion, recordStep, required, type StepContext } from './context.ts';
import { blockedAt, purposeOf, runScreening, stopReasons } from './screening.ts';

export async function recordCheckIn(ctx: StepContext, facts: FactsOf<'check-in'>) {
  const screened = required(ctx, 'screening', 'Screen the patient before checking them in.');
  const booked = ctx.booked;
  if (!booked)
    throw new DomainError('step_out_of_order', 'Book the procedure before checking the patient in.');
  const timeZone = ctx.settings.clinic.timeZone;
  const late = checkInIsLate(booked.plannedAt, ctx.now, timeZone);
  if (!ctx.amendment) {
    const wrongDay = checkInTimingIssue(booked.plannedAt, ctx.now, timeZone, facts.lateReason);
    if (wrongDay) throw new DomainError('outside_booked_day', wrongDay);
    if (facts.lateReason && !late) {
      const message = 'Only a check-in recorded after the booked day is late';
      throw new DomainError('validation_failed', `${message}.`, {
        errors: [{ field: 'lateReason', message }],
      });
    }
  }
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
  // The screening again, for the booked time: what blocks booking blocks the day too (a hold now
  // too short, a question a later screening left unasked), unless a clinician overrode it.
  const { person } = ctx;
  const judge = (f: typeof screened.facts) =>
    runScreening(ctx.settings, f, purposeOf(ctx), ctx.episode, booked.plannedAt, ctx.now, person).screening;
  const blocked = blockedAt(judge(screened.facts), Boolean(screened.override), 'day');
  if (blocked) throw new DomainError(blocked.code, blocked.reason);
  if (facts.glucose) {
    // The arrival glucose goes through the same rules as the screening's (clinic limit, [S25]–[S27]).
    const withGlucose = judge({
      ...screened.facts,
      screening: {
        ...screened.facts.screening,
        labs: {
          ...screened.facts.screening.labs,
          glucose: facts.glucose,
          // Taken on arrival: a clinic that limits a result's age reads it as today's, which it is.
          // (A late entry's glucose was taken on the booked day.)
          takenAt: {
            ...screened.facts.screening.labs.takenAt,
            glucose: (late ? booked.plannedAt : ctx.now).toISOString(),
          },
        },
      },
    });
    if (withGlucose.verdict === 'not-safe-yet' && !screened.override) {
      throw new DomainError('not_safe_yet', `Not safe to go ahead today: ${stopReasons(withGlucose)}`);
    }
  }
  await recordStep(
    ctx,
    'check-in',
    { facts },
    {
      move: ctx.amendment ? undefined : 'check-in',
      details: { sideMarked: facts.sideMarked, version: nextVersion(ctx, 'check-in') },
    },
  );
}
