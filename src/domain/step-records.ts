/**
 * What each step of an episode records: the facts as entered (validated by these schemas on
 * every write) and, where the clinical core judged them, the assessment as it was shown.
 * One schema per step; src/shared/api/steps.ts adds the version a form was based on.
 */
import { z } from 'zod';
import {
  ANAESTHETICS,
  ApproachSchema,
  type AssessmentSchema,
  type CheckInFactsSchema,
  ChecklistSchema,
  PatientFactsSchema,
  PlannedLocalAnaestheticSchema,
  PlannedSteroidSchema,
  ProcedureRecordFactsSchema,
  PurposeSchema,
  type RecoveryFactsSchema,
  ScreeningFactsSchema,
  SideSchema,
  TriageFactsSchema,
} from './clinical/index.ts';
import { LocalTime } from './dates.ts';
import { TEXT } from './limits.ts';

const reason = z.string().trim().min(1, { message: 'Give a reason for the record' }).max(TEXT.reason);

export const TriageStepFacts = z
  .object({
    purpose: PurposeSchema,
    facts: TriageFactsSchema,
    decision: z.enum(['accept', 'decline']),
    reason: reason.optional(),
  })
  // `!== undefined`: a reason given but blank is already told so on its own field, once.
  .refine((t) => t.decision === 'accept' || t.reason !== undefined, {
    message: 'Say why the referral is declined',
    path: ['reason'],
  })
  // [S17]: a red flag puts the patient outside the appropriate-use criteria; accepting anyway is
  // the clinician's call, with the reason on the record.
  .refine((t) => t.decision === 'decline' || t.facts.redFlags.length === 0 || t.reason !== undefined, {
    message: 'Say why the injection goes ahead despite the red flag',
    path: ['reason'],
  })
  .refine((t) => !(t.facts.noRedFlags && t.facts.redFlags.length > 0), {
    message: 'Tick the red flags found, or "None of these": not both',
    path: ['facts', 'noRedFlags'],
  });

/** What is planned for the procedure, as far as screening needs to know. */
export const PlanFacts = z.object({
  side: SideSchema.optional(),
  plannedGuidance: z.enum(['fluoroscopy', 'ct', 'ultrasound']).optional(),
  plannedContrast: z.boolean().optional(),
  plannedSteroidDoseMg: z.number().min(0).max(1000).optional(),
  anaesthetic: z.enum(ANAESTHETICS).optional(),
  /** Intra-articular, periarticular or both (sources.md §10). */
  approach: ApproachSchema.optional(),
  /** The steroid and its dose (the dose counts toward any clinic cap). */
  steroid: PlannedSteroidSchema.optional(),
  /** The local anaesthetic, its concentration and volume. */
  localAnaesthetic: PlannedLocalAnaestheticSchema.optional(),
});
export type PlanFacts = z.infer<typeof PlanFacts>;

export const ScreeningStepFacts = z.object({
  // The injections recorded here come from the records when the screening is judged, not the form.
  patient: PatientFactsSchema.omit({ recordedInjections: true }),
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

/** A place on a procedure list: which list, and the local time on its day. */
export const BookingFacts = z.object({
  procedureListId: z.uuid(),
  time: LocalTime(),
});

/** Every step's facts but booking's, which lives in its own table: the step_record.facts column. */
export type StepFacts =
  | z.infer<typeof TriageStepFacts>
  | z.infer<typeof ScreeningStepFacts>
  | z.infer<typeof CheckInFactsSchema>
  | z.infer<typeof ProcedureStepFacts>
  | z.infer<typeof RecoveryFactsSchema>
  | z.infer<typeof DischargeStepFacts>
  | z.infer<typeof OutcomeReviewStepFacts>;

/** The judgement a step stored, as the clinical core returned it (part of an Assessment). */
export type StepAssessment = Partial<z.infer<typeof AssessmentSchema>> & Record<string, unknown>;

export const StepOverrideSchema = z.object({
  reason: z.string(),
  byId: z.string(),
  byName: z.string(),
  at: z.iso.datetime(),
});
export type StepOverride = z.infer<typeof StepOverrideSchema>;

/** A record as the episode page has it: whether another clinic made it (a FHIR import). */
type Made = { imported: boolean } | null | undefined;

/**
 * Whether a letter rests on records another clinic made: the discharge summary is signed by
 * whoever performed the procedure and the outcome letter by whoever decided, so neither goes out
 * in the importer's name. The server refuses them (`recorded_elsewhere`) and the page offers no
 * link, by this one rule.
 */
export const recordedElsewhere = {
  dischargeSummary: (s: { procedure: Made; discharge: Made }) =>
    Boolean(s.procedure?.imported || s.discharge?.imported),
  outcomeLetter: (s: { outcomeReview: Made }) => Boolean(s.outcomeReview?.imported),
};
