/**
 * The steps of an episode: who may record each, at which stages, and how a second record of the
 * same step is treated. Recording a step again never overwrites the first: it is a new version,
 * and the earlier one is kept and shown as superseded (DESIGN.md: "a verdict is stored as it was
 * shown"). Recorded again at its own stage (a new screening call, a rescheduled booking, a second
 * check-in after the injection was deferred and rebooked) it is simply the newest version. Changed
 * after the episode has moved on, it is an *amendment*: a correction, which needs a reason.
 */
import { z } from 'zod';
import { careTeam, clinicianOnly, type StaffRole } from './actor.ts';
import { CheckInFactsSchema, RecoveryFactsSchema } from './clinical/index.ts';
import { type Stage, stageLabels } from './stages.ts';
import {
  BookingFacts,
  DischargeStepFacts,
  OutcomeReviewStepFacts,
  ProcedureStepFacts,
  ScreeningStepFacts,
  TriageStepFacts,
} from './step-records.ts';

export interface StepRule {
  label: string;
  /** Who may record the step (and amend it). */
  recordedBy: readonly StaffRole[];
  /** Where the episode must stand for the step to be recorded. */
  stages: readonly Stage[];
  /** Where a recorded step may still be amended (with a reason), beyond `stages`. */
  amendableIn: readonly Stage[];
  /** What the step records, as the form sends it and the database keeps it. */
  facts: z.ZodType;
}

/**
 * The step registry, domain half: one entry per step. The server's command for it is in
 * src/server/episodes/steps/registry.ts, its form in src/web/pages/episode/steps.tsx; a new step
 * needs its entry in each (docs/adr/0002-step-registry.md).
 */
export const stepRules = {
  triage: {
    label: 'Triage',
    recordedBy: clinicianOnly,
    stages: ['referred'],
    amendableIn: ['triaged', 'screened', 'not-safe-yet', 'scheduled', 'declined'],
    facts: TriageStepFacts,
  },
  screening: {
    label: 'Screening',
    recordedBy: careTeam,
    stages: ['triaged', 'not-safe-yet', 'screened', 'scheduled'],
    amendableIn: [],
    facts: ScreeningStepFacts,
  },
  booking: {
    label: 'Booking',
    recordedBy: careTeam,
    stages: ['screened', 'scheduled'],
    amendableIn: [],
    facts: BookingFacts,
  },
  'check-in': {
    label: 'Check-in',
    recordedBy: careTeam,
    stages: ['scheduled'],
    amendableIn: ['checked-in'],
    facts: CheckInFactsSchema,
  },
  procedure: {
    label: 'Procedure record',
    recordedBy: clinicianOnly,
    stages: ['checked-in'],
    amendableIn: ['performed', 'discharged', 'following-up'],
    facts: ProcedureStepFacts,
  },
  recovery: {
    label: 'Recovery',
    recordedBy: careTeam,
    stages: ['performed'],
    amendableIn: ['discharged', 'following-up'],
    facts: RecoveryFactsSchema,
  },
  discharge: {
    label: 'Discharge',
    recordedBy: careTeam,
    stages: ['performed'],
    amendableIn: [],
    facts: DischargeStepFacts,
  },
  'outcome-review': {
    label: 'Outcome review',
    recordedBy: clinicianOnly,
    stages: ['following-up'],
    amendableIn: ['outcome-reviewed'],
    facts: OutcomeReviewStepFacts,
  },
} as const satisfies Record<string, StepRule>;

export type StepName = keyof typeof stepRules;
/** The steps in pathway order. */
export const stepNames = Object.keys(stepRules) as [StepName, ...StepName[]];
export const StepName = z.enum(stepNames);
/** The steps kept in step_record (a booking is a place on a list, kept in its own table). */
export type RecordedStep = Exclude<StepName, 'booking'>;

/** A step's facts, typed by its schema. */
export type FactsOf<S extends StepName> = z.infer<(typeof stepRules)[S]['facts']>;

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
  const rule: StepRule = stepRules[step];
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
