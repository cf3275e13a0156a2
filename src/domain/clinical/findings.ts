import { z } from 'zod';
import type { FindingDetailsMap, ReviewMark } from './finding-details.ts';
import { type SourceRef, SourceRefSchema } from './sources.ts';

/**
 * Every coded finding the clinical core can emit. The list is closed: wording.ts must render
 * each code (its table is typed `Record<FindingCode, …>`), and tests assert codes, not wording.
 */
export const FINDING_CODES = [
  // triage
  'indication_recognised',
  'referral_red_flag',
  'referral_red_flags_not_asked',
  'indication_not_recorded',
  'purpose_recorded',
  'epidural_without_benefit',
  'imaging_without_distinct_finding',
  'provocation_cluster_positive',
  'provocation_below_cluster',
  'provocation_all_negative',
  'provocation_incomplete',
  'conservative_care_met',
  'conservative_care_short',
  'conservative_care_not_recorded',
  // screening: antithrombotics
  'antithrombotic_continue',
  'antithrombotic_plan_needed',
  'antithrombotic_plan_recorded',
  'antithrombotic_plan_too_short',
  'antithrombotic_unknown',
  'antithrombotic_dose_after_plan',
  'antithrombotic_last_dose_after_procedure',
  'medication_is_antithrombotic',
  'bleeding_risk_raised',
  // screening: questions that must be answered
  'question_not_asked',
  'question_answer_incomplete',
  // screening: infection, bleeding, labs
  'infection_recent',
  'infection_outside_lookback',
  'fever',
  'injection_site_infection',
  'bleeding_disorder',
  'lab_above_limit',
  'lab_below_limit',
  'lab_no_limit_set',
  'lab_within_limit',
  'lab_taken_after_now',
  'lab_not_recent',
  // screening: allergies, pregnancy, diabetes
  'allergy_contrast',
  'allergy_contrast_with_contrast_planned',
  'allergy_latex',
  'allergy_local_anaesthetic',
  'allergy_steroid',
  'allergy_steroid_no_steroid_planned',
  'pregnancy_no_ionising_radiation',
  'pregnancy_with_ionising_radiation_planned',
  'pregnancy_steroid_choice',
  'ultrasound_outside_profile',
  'diabetes_glucose_advice',
  // screening: steroid and injection exposure
  'previous_injection_after_today',
  'recorded_injection_not_listed',
  'steroid_interval_too_short',
  'steroid_yearly_cap_reached',
  'steroid_dose_cap_reached',
  'steroid_dose_unknown',
  'diagnostic_sessions_cap_reached',
  'repeat_relief_below_protocol',
  'planned_volume_above_flag',
  // screening: going home, fasting
  'escort_needed',
  'escort_arranged',
  'no_driving',
  'plans_to_drive',
  'fasting_instruction',
  'light_meal_allowed',
  // block interpretation
  'block_positive',
  'block_negative',
  'block_no_scores',
  'block_score_before_block',
  'block_score_after_now',
  'block_scores_conflict',
  'block_baseline_zero',
  'block_duration_unknown',
  'block_scores_stop_early',
  'block_relief_shorter_than_anaesthetic',
  'block_relief_after_anaesthetic',
  'block_volume_above_flag',
  'comparative_concordant',
  'comparative_discordant',
  'comparative_same_anaesthetic',
  'comparative_indeterminate',
  // discharge
  'discharge_walking_not_checked',
  'discharge_leg_numbness_or_weakness',
  'discharge_leg_symptoms_reviewed',
  'discharge_not_passed_urine',
  'discharge_no_escort',
  'discharge_advice_not_given',
  'discharge_ready',
  // diary
  'diary_anaesthetic_window_unknown',
  'diary_entry_after_now',
  'diary_scores_conflict',
  // outcome and next step
  'outcome_responder',
  'outcome_non_responder',
  'outcome_no_entries',
  'outcome_baseline_zero',
  'outcome_response_not_judged',
  'next_repeat_injection',
  'next_repeat_not_allowed_yet',
  'next_repeat_cap_reached',
  'next_refer_rf_denervation',
  'next_physiotherapy',
  'next_reconsider_diagnosis',
  'next_clinician_review',
  // worrying symptoms
  'symptom_urgent',
  'symptom_soon',
  'symptom_routine',
  // wrong side
  'side_consistent',
  'side_mismatch',
  'side_not_confirmed',
] as const;

export const FindingCodeSchema = z.enum(FINDING_CODES);
export type FindingCode = z.infer<typeof FindingCodeSchema>;

/**
 * info: nothing to do. action: something to do that does not hold up booking.
 * review: a clinician or a recorded plan is needed before booking. stop: not safe yet.
 */
export const SeveritySchema = z.enum(['info', 'action', 'review', 'stop']);
export type Severity = z.infer<typeof SeveritySchema>;

/** Whether a triage finding supports the SI joint as the pain source. */
export const BearingSchema = z.enum(['supports', 'against', 'neutral']);
export type Bearing = z.infer<typeof BearingSchema>;

const DetailValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** The wire shape of any finding's details; the type of each code's is in FindingDetailsMap. */
export const FindingDetailsSchema = z.record(z.string(), DetailValue);
/** Facts keyed by name, not by a finding code: an after-care instruction's, or any on the wire. */
export type OpenDetails = z.infer<typeof FindingDetailsSchema>;

/** Every code has its details type, and every entry is a code. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const everyCodeHasDetails: Exactly<keyof FindingDetailsMap, FindingCode> = true;
void everyCodeHasDetails;

/** The details of a finding with code C: its own facts, and a clinician's review once recorded. */
export type FindingDetails<C extends FindingCode = FindingCode> = FindingDetailsMap[C] & ReviewMark;

export const FindingActionSchema = z.object({
  who: z.enum(['staff', 'clinician', 'patient']),
  /** When the action falls due (UTC); rendered in the clinic's zone as `dueLocal`. */
  dueAt: z.iso.datetime({ offset: true }).optional(),
  dueLocal: z.string().optional(),
  /**
   * `dueAt` is the earliest the action may be done (the end of a deferral: an infection's
   * look-back, a repeat's interval or yearly cap), not a deadline: "not before", never "by".
   */
  notBefore: z.literal(true).optional(),
});
export type FindingAction = z.infer<typeof FindingActionSchema>;

/** A task that may be done from `at` on, not by it: the end of a deferral (see `notBefore`). */
export const notBeforeAction = (who: FindingAction['who'], at: Date): FindingAction => ({
  who,
  dueAt: at.toISOString(),
  notBefore: true,
});

const CodedFindingObject = z.object({
  code: FindingCodeSchema,
  severity: SeveritySchema,
  blocksScheduling: z.boolean(),
  bearing: BearingSchema.optional(),
  details: FindingDetailsSchema,
  action: FindingActionSchema.optional(),
  sources: z.array(SourceRefSchema).min(1),
});
const FindingObject = CodedFindingObject.extend({
  staffText: z.string(),
  patientText: z.string().nullable(),
});

/**
 * A finding as the rules produce it: codes and facts, no wording. A union over the codes, so that
 * `f.code === 'lab_above_limit'` narrows `f.details` to that code's facts.
 */
export type CodedFinding<C extends FindingCode = FindingCode> = {
  [K in C]: Omit<z.infer<typeof CodedFindingObject>, 'code' | 'details'> & {
    code: K;
    details: FindingDetails<K>;
  };
}[C];

/** A finding with its wording: what staff read and what (if anything) the patient is told. */
export type Finding<C extends FindingCode = FindingCode> = {
  [K in C]: CodedFinding<K> & { staffText: string; patientText: string | null };
}[C];

// The wire schemas stay open records (an API client or an old stored record may carry details a
// rule no longer writes); the types above are what the rules write and what readers may rely on.
export const CodedFindingSchema = CodedFindingObject as unknown as z.ZodType<CodedFinding> &
  Pick<typeof CodedFindingObject, 'shape'>;
export const FindingSchema = FindingObject as unknown as z.ZodType<Finding> &
  Pick<typeof FindingObject, 'shape'>;

type Extra = { action?: FindingAction; bearing?: Bearing; blocksScheduling?: boolean };
/** A code whose details are all optional may be given without them. */
type DetailsArgs<C extends FindingCode> =
  Record<never, never> extends FindingDetailsMap[C]
    ? [details?: FindingDetailsMap[C], extra?: Extra]
    : [details: FindingDetailsMap[C], extra?: Extra];

export function finding<C extends FindingCode>(
  code: C,
  severity: Severity,
  sources: SourceRef[],
  ...[details, extra = {}]: DetailsArgs<C>
): CodedFinding<C> {
  // One assertion for every rule: TypeScript cannot tie a generic code to its member of the union.
  return {
    code,
    severity,
    // stop always blocks; review blocks until a plan or a clinician's review is recorded.
    blocksScheduling: extra.blocksScheduling ?? (severity === 'stop' || severity === 'review'),
    ...(extra.bearing ? { bearing: extra.bearing } : {}),
    details: details ?? {},
    ...(extra.action ? { action: extra.action } : {}),
    sources,
  } as CodedFinding<C>;
}

/** The same finding with more of its own facts (a review recorded, a time worked out). */
export function withDetails<C extends FindingCode>(
  f: CodedFinding<C>,
  more: Partial<FindingDetails<C>>,
  changes: Partial<Omit<CodedFinding<C>, 'code' | 'details'>> = {},
): CodedFinding<C> {
  return { ...f, ...changes, details: { ...f.details, ...more } } as CodedFinding<C>;
}

/** A type guard for one code: `findings.filter(hasCode('lab_above_limit'))` gives that code's findings. */
export const hasCode =
  <C extends FindingCode>(code: C) =>
  <F extends { code: FindingCode }>(f: F): f is Extract<F, { code: C }> =>
    f.code === code;

/** What a clinician's review names: the drug, lab, allergy or question the finding is about. */
export function reviewSubject(f: CodedFinding): string | undefined {
  const d = f.details;
  const s =
    ('drug' in d ? d.drug : undefined) ??
    ('lab' in d ? d.lab : undefined) ??
    ('allergy' in d ? d.allergy : undefined) ??
    ('question' in d ? d.question : undefined);
  return typeof s === 'string' ? s.trim() : undefined;
}

const RANK: Record<Severity, number> = { info: 0, action: 1, review: 2, stop: 3 };

export function severityRank(s: Severity): number {
  return RANK[s];
}
