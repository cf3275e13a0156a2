import type { BleedingRisk, DrugClass, DrugRow } from './drugs.ts';
import type {
  ALLERGIES,
  ALLERGY_REACTIONS,
  DIABETES_TYPES,
  EpisodeFacts,
  INDICATIONS,
  PatientFacts,
  Purpose,
  RedFlag,
  RedFlagGroup,
  ScreeningQuestion,
  Sex,
  Side,
  Symptom,
  Urgency,
} from './facts.ts';
import type { ProfileId } from './profiles.ts';
import type { Anaesthetic } from './settings.ts';

/**
 * What each finding code carries in its `details`: the facts its wording, the forms, the CDS cards
 * and the patient's papers read. Stored assessments keep these shapes in jsonb, so a field a rule
 * stopped writing stays here, optional and marked, for the records made before (wording reads both).
 * Keys are the finding codes; findings.ts checks that every code has an entry.
 */

type Guidance = NonNullable<EpisodeFacts['plannedGuidance']>;
type Comparator = '>' | '>=';
type None = Record<never, never>;

/** An antithrombotic the patient takes, named as recorded; the reported last dose if given. */
export type DrugNamed = {
  drug: string;
  reportedLastDoseAt?: string;
};
/** A drug the antithrombotic table knows, at the patient's bleeding risk. */
export type KnownDrug = DrugNamed & {
  generic: string;
  drugClass: DrugClass;
  risk: BleedingRisk;
  status: DrugRow['status'];
  restartMinHours: number | null;
  restartMaxHours: number | null;
};
/** A recorded plan: for a drug the table knows, the row's facts come with it. */
type PlanRecorded = DrugNamed &
  Partial<Omit<KnownDrug, 'drug'>> & {
    decision: 'continue' | 'hold';
    lastDoseAt: string | null;
    restartAfterHours: number | null;
    recordedBy: string;
    agreedWith: string | null;
    /**
     * For a shared-assessment drug held: the published hold ([S4], shown,
     * never enforced) and the hours the plan holds it before the procedure, to compare them.
     */
    referenceHold?: string | null;
    heldHours?: number | null;
  };

/** The pregnancy question carries who was (not) asked; the others only name the question. */
export type QuestionDetails =
  | { question: Exclude<ScreeningQuestion, 'pregnancy'> }
  | {
      question: 'pregnancy';
      sex: Sex | null;
      ageYears: number | null;
      plannedGuidance: Guidance | null;
      childBearingAgeYears: string | null;
    };

type Infection = {
  description: string;
  startedAt: string;
  resolvedAt: string | null;
  lookbackDays: number;
};
type Lab = {
  lab: string;
  value: string;
  limit: string | null;
  /** When the result was taken; null when not recorded (absent in findings stored before it was). */
  takenAt?: string | null;
};
type Allergy = {
  allergy: (typeof ALLERGIES)[number];
  agent?: string;
  reaction?: (typeof ALLERGY_REACTIONS)[number];
};
type Pregnancy = {
  pregnancy: NonNullable<PatientFacts['pregnancy']> | null;
  plannedGuidance: Guidance | null;
  trimester?: NonNullable<PatientFacts['trimester']>;
};
type Cap = {
  count: number;
  cap: number;
};
type Escort = {
  noDrivingHours: number;
  adultAtHomeHours: number;
};
type Provocation = {
  positive: number;
  done: number;
  required: number;
  /** Of the positive, those of Laslett's six ([S34]); absent before 2026-12-05. */
  laslettPositive?: number;
};
type BlockStart = {
  anaesthetic: Anaesthetic;
  baselinePain: number;
};
type BlockRelief = BlockStart & {
  peakReliefPercent: number;
  thresholdPercent: number;
  comparator: Comparator;
};
type BlockLasted = BlockRelief & {
  reliefLastedHours: number;
  expectedMinHours: number;
};
type Comparative = {
  firstAnaesthetic: Anaesthetic;
  secondAnaesthetic: Anaesthetic;
  firstLastedHours: number | null;
  secondLastedHours: number | null;
};
type VolumeFlag = {
  volumeMl: number;
  flagMl: number;
};
type OutcomeThreshold = {
  peakReliefPercent: number | null;
  thresholdPercent: number;
  comparator: Comparator;
};
type SymptomTriaged = {
  symptom: Symptom;
  urgency: Urgency;
  reason: string;
  hoursSinceProcedure: number | null;
  /** Leg or buttock numbness after an injection: the hours the anaesthetic's numbness is expected to last. */
  expectedNumbnessHours?: number;
};
export type Sides = {
  planned: Side | null;
  markedAtCheckIn: Side | null;
  confirmedAtTimeOut: Side | null;
  recorded: Side | null;
};

export type FindingDetailsMap = {
  indication_recognised: { indication: (typeof INDICATIONS)[number] };
  indication_not_recorded: None;
  referral_red_flag: { flag: RedFlag; group: RedFlagGroup };
  referral_red_flags_not_asked: None;
  purpose_recorded: { purpose: Purpose };
  epidural_without_benefit: None;
  imaging_without_distinct_finding: None;
  provocation_cluster_positive: Provocation;
  provocation_below_cluster: Provocation;
  provocation_all_negative: Provocation;
  provocation_incomplete: Provocation;
  conservative_care_met: { weeks: number; minWeeks: number };
  conservative_care_short: { weeks: number; minWeeks: number };
  conservative_care_not_recorded: { minWeeks: number };

  antithrombotic_continue: KnownDrug;
  antithrombotic_plan_needed: KnownDrug & {
    advice: 'hold' | 'shared-assessment';
    holdHours: number | null;
    holdIsClinicSetting: boolean;
    referenceHold: string | null;
    requiresNormalInr: boolean;
  };
  antithrombotic_plan_recorded: PlanRecorded;
  antithrombotic_plan_too_short: KnownDrug & {
    holdHours: number;
    plannedHoldHours: number;
    holdIsClinicSetting: boolean;
    lastDoseAt: string | null;
  };
  /**
   * `generics`: the drugs the table knows that a line names among other words, comma-separated;
   * `otherWords`: the line's words that are neither those drugs nor their dosing (may be a drug).
   */
  antithrombotic_unknown: DrugNamed & { generics?: string; otherWords?: string };
  antithrombotic_dose_after_plan: KnownDrug & { planLastDoseAt: string };
  /** A hold's last dose after the procedure; the table's facts come with a drug it knows. */
  antithrombotic_last_dose_after_procedure: DrugNamed &
    Partial<Omit<KnownDrug, 'drug'>> & { lastDoseAt: string; procedureAt: string };
  medication_is_antithrombotic: { drug: string; generic: string };
  bleeding_risk_raised: {
    risk: 'intermediate';
    factors: string;
    ageYears?: number;
    olderAgeFromYears?: number;
  };

  question_not_asked: QuestionDetails;
  question_answer_incomplete: QuestionDetails;

  infection_recent: Infection;
  infection_outside_lookback: Infection;
  fever: None;
  injection_site_infection: None;
  bleeding_disorder: None;
  lab_above_limit: Lab;
  lab_below_limit: Lab;
  lab_no_limit_set: Lab;
  lab_within_limit: Lab;
  lab_taken_after_now: Lab & { now: string };
  /** `ageDays` (null: no date) is counted to `procedureAt`, or to today before a time is booked. */
  lab_not_recent: Lab & { ageDays: number | null; maxAgeDays: number; procedureAt: string | null };

  allergy_contrast: Allergy;
  allergy_contrast_with_contrast_planned: Allergy;
  allergy_latex: Allergy;
  allergy_local_anaesthetic: Allergy;
  allergy_steroid: Allergy;
  allergy_steroid_no_steroid_planned: Allergy;
  pregnancy_no_ionising_radiation: Pregnancy;
  pregnancy_with_ionising_radiation_planned: Pregnancy;
  pregnancy_steroid_choice: Pregnancy;
  ultrasound_outside_profile: { profile: ProfileId };
  diabetes_glucose_advice: {
    diabetesType?: (typeof DIABETES_TYPES)[number];
    hours: number;
    poorlyControlled: boolean;
  };

  /** An earlier injection dated on a later day than today in the clinic's zone: not counted. */
  previous_injection_after_today: { at: string; purpose: string };
  recorded_injection_not_listed: { at: string; purpose: string; side: string | null };
  steroid_interval_too_short: {
    lastAt: string;
    /** The protocol's interval, an ISO 8601 duration; absent in records made before it had one. */
    minInterval?: string;
    /** The interval in whole months, or null when it is not a whole number of months. */
    minMonths: number | null;
  };
  steroid_yearly_cap_reached: Cap;
  steroid_dose_cap_reached: { total: number; maxDose: number };
  steroid_dose_unknown: { maxDose: number };
  diagnostic_sessions_cap_reached: Cap;
  repeat_relief_below_protocol: {
    lastAt: string;
    reliefPercent: number | null;
    reliefWeeks: number | null;
    percent: number;
    comparator: Comparator;
    /** How long relief must last, an ISO 8601 duration; absent in records made before it had one. */
    lasting?: string;
    /** Records made before `lasting`: the same in whole months. */
    months?: number;
  };
  planned_volume_above_flag: VolumeFlag & { agent: string };

  escort_needed: Escort & { escortArranged: boolean | null; adultAtHomeArranged: boolean | null };
  escort_arranged: Escort;
  no_driving: Escort;
  plans_to_drive: Escort;
  fasting_instruction: { solidsHours: number; clearFluidsHours: number; clearFluidsUntil: string | null };
  light_meal_allowed: None;

  block_positive: BlockLasted;
  block_negative: BlockRelief;
  block_no_scores: BlockStart;
  /** A score timed before the block was given, not counted (one finding per score). */
  block_score_before_block: BlockStart & { scoredAt: string; pain: number; performedAt: string };
  /** A score timed later than the assessment's `now` (beyond the clocks' margin), not counted. */
  block_score_after_now: BlockStart & { scoredAt: string; pain: number; now: string };
  block_scores_conflict: BlockStart & {
    scoredAt: string;
    scoresThen: number;
    lowestPain: number;
    highestPain: number;
  };
  block_baseline_zero: BlockStart;
  block_duration_unknown: BlockRelief;
  block_scores_stop_early: BlockLasted;
  block_relief_shorter_than_anaesthetic: BlockLasted;
  /** Relief first seen `reliefFromHours` after the block, at or after the anaesthetic's maximum. */
  block_relief_after_anaesthetic: BlockLasted & { reliefFromHours: number; expectedMaxHours: number };
  block_volume_above_flag: VolumeFlag;
  comparative_concordant: Comparative;
  comparative_discordant: Comparative;
  comparative_same_anaesthetic: Comparative;
  comparative_indeterminate: Comparative;

  discharge_walking_not_checked: None;
  discharge_leg_numbness_or_weakness: None;
  discharge_leg_symptoms_reviewed: { reviewedBy: string };
  discharge_not_passed_urine: None;
  discharge_no_escort: None;
  discharge_advice_not_given: None;
  discharge_ready: None;

  diary_anaesthetic_window_unknown: { anaesthetic: Anaesthetic | null };
  /** Entries timed later than now (beyond the clocks' margin): not counted in the outcome. */
  diary_entry_after_now: { count: number; earliestAt: string; now: string };
  /** Two or more diary scores at one time that differ: relief is not read from the diary; a clinician judges it. */
  diary_scores_conflict: { scoredAt: string; scoresThen: number; lowestPain: number; highestPain: number };

  outcome_responder: OutcomeThreshold & {
    reliefLastedDays: number;
    /** The same in hours (to 0.1 h), said when relief lasted less than a day; absent before 2026-12-05. */
    reliefLastedHours?: number;
    /**
     * When relief is counted from, where not the injection: the diary score before the run of relief
     * that fell short of the threshold (added 2026-12-07; relief was counted from the injection).
     */
    reliefFrom?: string;
    reliefOngoing: boolean;
    requiredDuration: string | null;
    requiredMonths: number | null;
    lasted: boolean;
  };
  outcome_non_responder: OutcomeThreshold;
  outcome_no_entries: None;
  outcome_baseline_zero: None;
  outcome_response_not_judged: { profile: ProfileId };
  next_repeat_injection: None;
  next_repeat_not_allowed_yet: { minInterval: string | null; minMonths: number | null };
  next_repeat_cap_reached: Cap;
  /** `reliefDidNotLast`: a diagnostic and therapeutic episode whose relief fell short (absent in older records). */
  next_refer_rf_denervation: { profile: ProfileId; coveredUnderProfile: boolean; reliefDidNotLast?: boolean };
  next_physiotherapy: None;
  next_reconsider_diagnosis: None;
  next_clinician_review: { reason: string };

  symptom_urgent: SymptomTriaged;
  symptom_soon: SymptomTriaged;
  symptom_routine: SymptomTriaged;

  side_consistent: Sides;
  side_mismatch: Sides;
  side_not_confirmed: Sides & { missing: string };
};

/** Added to a `review` finding once a clinician's review is recorded (screening.ts). */
export type ReviewMark = {
  reviewedBy?: string;
  reviewedAt?: string;
};
