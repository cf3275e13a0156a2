/**
 * What each step of an episode records: the facts as entered (validated by these schemas on
 * every write) and, where the clinical core judged them, the assessment as it was shown.
 * One schema per step; src/shared/api/steps.ts adds the version a form was based on.
 */
import { z } from 'zod';
import {
  ANAESTHETICS,
  type AssessmentSchema,
  CheckInFactsSchema,
  ChecklistSchema,
  PatientFactsSchema,
  ProcedureRecordFactsSchema,
  PurposeSchema,
  RecoveryFactsSchema,
  ScreeningFactsSchema,
  SideSchema,
  TriageFactsSchema,
} from './clinical/index.ts';
import type { StepName } from './pathway.ts';

const reason = z.string().trim().min(1, { message: 'Give a reason for the record' }).max(2000);

export const TriageStepFacts = z
  .object({
    purpose: PurposeSchema,
    facts: TriageFactsSchema,
    decision: z.enum(['accept', 'decline']),
    reason: reason.optional(),
  })
  .refine((t) => t.decision === 'accept' || t.reason, {
    message: 'Say why the referral is declined',
    path: ['reason'],
  });

/** What is planned for the procedure, as far as screening needs to know. */
export const PlanFacts = z.object({
  side: SideSchema.optional(),
  plannedGuidance: z.enum(['fluoroscopy', 'ct', 'ultrasound']).optional(),
  plannedContrast: z.boolean().optional(),
  plannedSteroidDoseMg: z.number().min(0).max(1000).optional(),
  anaesthetic: z.enum(ANAESTHETICS).optional(),
});
export type PlanFacts = z.infer<typeof PlanFacts>;

export const ScreeningStepFacts = z.object({
  patient: PatientFactsSchema,
  screening: ScreeningFactsSchema,
  plan: PlanFacts.prefault({}),
});
export type ScreeningStepFacts = z.infer<typeof ScreeningStepFacts>;

export const ProcedureStepFacts = z.object({
  checklist: ChecklistSchema,
  record: ProcedureRecordFactsSchema,
});

export const DischargeStepFacts = z.object({
  /** Why the patient went home although the discharge checklist was not complete. */
  overrideReason: reason.optional(),
});

/** What comes after the injection (seed 001, 002; DESIGN.md "Outcome and next step"). */
export const OUTCOME_DECISIONS = [
  'repeat-injection',
  'refer-rf-denervation',
  'physiotherapy',
  'reconsider-diagnosis',
  'discharge-from-service',
] as const;
export const OutcomeDecisionSchema = z.enum(OUTCOME_DECISIONS);
export type OutcomeDecision = z.infer<typeof OutcomeDecisionSchema>;

export const OutcomeReviewStepFacts = z.object({
  /** The clinician's decision; the clinical core's next-step options are advice, not the decision. */
  decision: OutcomeDecisionSchema,
  reason,
});

/** The schema of each step's facts. Booking is kept in its own table (a place on a list). */
export const stepFactsSchemas = {
  triage: TriageStepFacts,
  screening: ScreeningStepFacts,
  'check-in': CheckInFactsSchema,
  procedure: ProcedureStepFacts,
  recovery: RecoveryFactsSchema,
  discharge: DischargeStepFacts,
  'outcome-review': OutcomeReviewStepFacts,
} as const satisfies Partial<Record<StepName, z.ZodType>>;

export type RecordedStep = keyof typeof stepFactsSchemas;
export type FactsOf<S extends RecordedStep> = z.infer<(typeof stepFactsSchemas)[S]>;
export type StepFacts = { [S in RecordedStep]: FactsOf<S> }[RecordedStep];

/** The judgement a step stored, as the clinical core returned it (part of an Assessment). */
export type StepAssessment = Partial<z.infer<typeof AssessmentSchema>> & Record<string, unknown>;

export const StepOverrideSchema = z.object({
  reason: z.string(),
  byId: z.string(),
  byName: z.string(),
  at: z.iso.datetime(),
});
export type StepOverride = z.infer<typeof StepOverrideSchema>;
