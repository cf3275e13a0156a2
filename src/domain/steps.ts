/**
 * The steps of an episode: who may record each, at which stages, and how a second record of the
 * same step is treated. Recording a step again never overwrites the first: it is a new version,
 * and the earlier one is kept and shown as superseded (DESIGN.md: "a verdict is stored as it was
 * shown"). Recorded again at its own stage (a new screening call, a rescheduled booking, a second
 * check-in after the injection was deferred and rebooked) it is simply the newest version. Changed
 * after the episode has moved on, it is an *amendment*: a correction, which needs a reason.
 */
import { careTeam, clinicianOnly, type StaffRole } from './actor.ts';
import { type Stage, type StepName, stageLabels } from './pathway.ts';

export interface StepRule {
  label: string;
  /** Who may record the step (and amend it). */
  recordedBy: readonly StaffRole[];
  /** Where the episode must stand for the step to be recorded. */
  stages: readonly Stage[];
  /** Where a recorded step may still be amended (with a reason), beyond `stages`. */
  amendableIn: readonly Stage[];
}

export const stepRules: Record<StepName, StepRule> = {
  triage: {
    label: 'Triage',
    recordedBy: clinicianOnly,
    stages: ['referred'],
    amendableIn: ['triaged', 'screened', 'not-safe-yet', 'scheduled', 'declined'],
  },
  screening: {
    label: 'Screening',
    recordedBy: careTeam,
    stages: ['triaged', 'not-safe-yet', 'screened', 'scheduled'],
    amendableIn: [],
  },
  booking: {
    label: 'Booking',
    recordedBy: careTeam,
    stages: ['screened', 'scheduled'],
    amendableIn: [],
  },
  'check-in': {
    label: 'Check-in',
    recordedBy: careTeam,
    stages: ['scheduled'],
    amendableIn: ['checked-in'],
  },
  procedure: {
    label: 'Procedure record',
    recordedBy: clinicianOnly,
    stages: ['checked-in'],
    amendableIn: ['performed', 'discharged', 'following-up'],
  },
  recovery: {
    label: 'Recovery',
    recordedBy: careTeam,
    stages: ['performed'],
    amendableIn: ['discharged', 'following-up'],
  },
  discharge: {
    label: 'Discharge',
    recordedBy: careTeam,
    stages: ['performed'],
    amendableIn: [],
  },
  'outcome-review': {
    label: 'Outcome review',
    recordedBy: clinicianOnly,
    stages: ['following-up'],
    amendableIn: ['outcome-reviewed'],
  },
};

export type StepRefusal = 'step_out_of_order' | 'role_not_allowed' | 'reason_required';
export type StepCheck = { ok: true; amendment: boolean } | { ok: false; code: StepRefusal; message: string };

/**
 * May `role` record `step` now? `recorded` says whether a version exists already; the new record
 * supersedes it. Outside the step's own stages only an amendment is possible, with a reason.
 */
export function checkStep(
  step: StepName,
  stage: Stage,
  role: StaffRole,
  recorded: boolean,
  reason?: string,
): StepCheck {
  const rule = stepRules[step];
  if (!rule.recordedBy.includes(role)) {
    return {
      ok: false,
      code: 'role_not_allowed',
      message: `Only a ${rule.recordedBy.join(' or ')} may record the ${rule.label.toLowerCase()}; you are signed in as ${role}.`,
    };
  }
  if (rule.stages.includes(stage)) return { ok: true, amendment: false };
  if (!recorded || !rule.amendableIn.includes(stage)) {
    const where = [...rule.stages, ...(recorded ? rule.amendableIn : [])].map((s) =>
      stageLabels[s].toLowerCase(),
    );
    return {
      ok: false,
      code: 'step_out_of_order',
      message: `The ${rule.label.toLowerCase()} cannot be ${recorded ? 'changed' : 'recorded'} while the episode is ${stageLabels[stage].toLowerCase()}; it must be ${where.join(' or ')}.`,
    };
  }
  if (!reason?.trim()) {
    return {
      ok: false,
      code: 'reason_required',
      message: `The ${rule.label.toLowerCase()} is already recorded: give a reason to amend it (the earlier version is kept).`,
    };
  }
  return { ok: true, amendment: true };
}
