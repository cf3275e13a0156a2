import type { PatientFacts, ScreeningFacts } from './facts.ts';
import type { Finding, FindingCode, OpenDetails } from './findings.ts';
import { glucoseAdvice, type Verdict } from './screening.ts';
import type { Anaesthetic, ClinicSettings } from './settings.ts';
import { cite, type SourceRef } from './sources.ts';
import { NUMBNESS_BEYOND_EXPECTED_SOURCES, URGENT_SYMPTOM_SOURCES } from './symptoms.ts';
import { addHours } from './zoned-time.ts';

/**
 * The patient's instructions have a lifecycle. Before the procedure they prepare for it
 * (fasting, an escort, an agreed drug plan); once it is done they look after themselves (what to
 * expect, when relief may start, the diary, what is worrying and whom to call). A preparation is
 * never repeated after the procedure, and a patient who is not safe to inject yet is given no
 * preparation at all: only the reason it must wait (issue 9, defect 4).
 */

/**
 * Where each screening finding's patient wording belongs. `preparation`: told before the
 * procedure. `deferral`: why the injection must wait (never a preparation). `other`: staff only,
 * or it belongs to another moment (recovery, the diary, a symptom report). Typed over every
 * code, so a new finding cannot ship without a place here.
 */
export const LIFECYCLE: Record<FindingCode, 'preparation' | 'deferral' | 'other'> = {
  indication_recognised: 'other',
  referral_red_flag: 'other',
  referral_red_flags_not_asked: 'other',
  indication_not_recorded: 'other',
  purpose_recorded: 'other',
  epidural_without_benefit: 'other',
  imaging_without_distinct_finding: 'other',
  provocation_cluster_positive: 'other',
  provocation_below_cluster: 'other',
  provocation_all_negative: 'other',
  provocation_incomplete: 'other',
  conservative_care_met: 'other',
  conservative_care_short: 'other',
  conservative_care_not_recorded: 'other',
  antithrombotic_continue: 'preparation',
  antithrombotic_plan_needed: 'other',
  antithrombotic_plan_recorded: 'preparation',
  antithrombotic_plan_too_short: 'other',
  antithrombotic_unknown: 'other',
  antithrombotic_dose_after_plan: 'other',
  antithrombotic_last_dose_after_procedure: 'other',
  medication_is_antithrombotic: 'other',
  bleeding_risk_raised: 'other',
  question_not_asked: 'other',
  question_answer_incomplete: 'other',
  infection_recent: 'deferral',
  infection_outside_lookback: 'other',
  fever: 'deferral',
  injection_site_infection: 'deferral',
  bleeding_disorder: 'other',
  lab_above_limit: 'deferral',
  lab_below_limit: 'deferral',
  lab_no_limit_set: 'other',
  lab_within_limit: 'other',
  lab_taken_after_now: 'other',
  lab_not_recent: 'other',
  allergy_contrast: 'preparation',
  allergy_contrast_with_contrast_planned: 'other',
  allergy_latex: 'preparation',
  allergy_local_anaesthetic: 'other',
  allergy_steroid: 'other',
  allergy_steroid_no_steroid_planned: 'other',
  pregnancy_no_ionising_radiation: 'preparation',
  pregnancy_with_ionising_radiation_planned: 'other',
  pregnancy_steroid_choice: 'other',
  ultrasound_outside_profile: 'other',
  diabetes_glucose_advice: 'preparation',
  previous_injection_after_today: 'other',
  recorded_injection_not_listed: 'other',
  steroid_interval_too_short: 'other',
  steroid_yearly_cap_reached: 'other',
  steroid_dose_cap_reached: 'other',
  steroid_dose_unknown: 'other',
  diagnostic_sessions_cap_reached: 'other',
  repeat_relief_below_protocol: 'other',
  planned_volume_above_flag: 'other',
  escort_needed: 'preparation',
  escort_arranged: 'preparation',
  no_driving: 'preparation',
  plans_to_drive: 'preparation',
  fasting_instruction: 'preparation',
  light_meal_allowed: 'preparation',
  block_positive: 'other',
  block_negative: 'other',
  block_no_scores: 'other',
  block_score_before_block: 'other',
  block_score_after_now: 'other',
  block_scores_conflict: 'other',
  block_baseline_zero: 'other',
  block_duration_unknown: 'other',
  block_scores_stop_early: 'other',
  block_relief_shorter_than_anaesthetic: 'other',
  block_relief_after_anaesthetic: 'other',
  block_volume_above_flag: 'other',
  comparative_concordant: 'other',
  comparative_discordant: 'other',
  comparative_same_anaesthetic: 'other',
  comparative_indeterminate: 'other',
  discharge_walking_not_checked: 'other',
  discharge_leg_numbness_or_weakness: 'other',
  discharge_leg_symptoms_reviewed: 'other',
  discharge_not_passed_urine: 'other',
  discharge_no_escort: 'other',
  discharge_advice_not_given: 'other',
  discharge_ready: 'other',
  diary_anaesthetic_window_unknown: 'other',
  diary_entry_after_now: 'other',
  diary_scores_conflict: 'other',
  outcome_responder: 'other',
  outcome_non_responder: 'other',
  outcome_no_entries: 'other',
  outcome_baseline_zero: 'other',
  outcome_response_not_judged: 'other',
  next_repeat_injection: 'other',
  next_repeat_not_allowed_yet: 'other',
  next_repeat_cap_reached: 'other',
  next_refer_rf_denervation: 'other',
  next_physiotherapy: 'other',
  next_reconsider_diagnosis: 'other',
  next_clinician_review: 'other',
  symptom_urgent: 'other',
  symptom_soon: 'other',
  symptom_routine: 'other',
  side_consistent: 'other',
  side_mismatch: 'other',
  side_not_confirmed: 'other',
};

/** After-care, coded; wording.ts words each per locale. */
export const AFTER_CARE_CODES = [
  'after_numbness',
  'after_soreness',
  'after_flare',
  'after_relief_anaesthetic',
  'after_relief_steroid',
  'after_steroid_flushing',
  'after_glucose',
  'after_antithrombotic_restart',
  'after_no_driving',
  'after_adult_at_home',
  'after_movement',
  'after_diary',
  'after_follow_up',
  'after_follow_up_contact',
  'urgent_symptom',
  'urgent_numbness',
  'urgent_call',
] as const;
export type AfterCareCode = (typeof AFTER_CARE_CODES)[number];

/** An instruction as the rules produce it: a code, its facts and its sources, no wording. */
export interface CodedInstruction {
  phase: 'after-care';
  code: AfterCareCode;
  /** Worrying symptoms and whom to call: shown apart, so they are read whole. */
  urgent: boolean;
  details: OpenDetails;
  sources: SourceRef[];
}

/** An instruction worded for the patient, in the clinic's locale. */
export interface Instruction {
  phase: 'preparation' | 'after-care';
  code: FindingCode | AfterCareCode;
  urgent: boolean;
  details: OpenDetails;
  sources: SourceRef[];
  text: string;
}

/**
 * The patient's preparation from a screening as it was recorded (its findings already worded).
 * Not safe yet gives nothing to prepare: the injection is not going ahead. A clinician's recorded
 * override lets it go ahead, so the patient is prepared, still without the deferral's wording.
 */
export function preparation(
  screening: { verdict: Verdict; findings: Finding[] },
  options: { overridden?: boolean } = {},
): Instruction[] {
  if (screening.verdict === 'not-safe-yet' && !options.overridden) return [];
  const out: Instruction[] = [];
  for (const f of screening.findings) {
    if (LIFECYCLE[f.code] !== 'preparation' || !f.patientText) continue;
    if (out.some((i) => i.text === f.patientText)) continue;
    out.push({
      phase: 'preparation',
      code: f.code,
      urgent: false,
      details: f.details,
      sources: f.sources,
      text: f.patientText,
    });
  }
  return out;
}

/** What after-care depends on: the procedure as done and the screening facts it followed. */
export interface AfterCareFacts {
  /** When the procedure was done (ISO instant). */
  procedureAt: string;
  /** The local anaesthetic given, when it is one the clinic can set a duration for. */
  anaesthetic?: Anaesthetic;
  steroidGiven: boolean;
  patient: Pick<PatientFacts, 'diabetes'>;
  labs?: ScreeningFacts['labs'];
  /** Drug plans staff recorded at screening: a hold's restart time reaches the patient. */
  agreedPlans?: ScreeningFacts['agreedPlans'];
  /** A follow-up appointment, when one is booked. */
  followUpAt?: string | null;
}

const item = (
  code: AfterCareCode,
  sources: SourceRef[],
  details: OpenDetails = {},
  urgent = false,
): CodedInstruction => ({ phase: 'after-care', code, urgent, details, sources });

/** After-care for a procedure that has been done, coded with the source of each instruction. */
export function afterCareCoded(facts: AfterCareFacts, settings: ClinicSettings): CodedInstruction[] {
  const at = new Date(facts.procedureAt);
  const hoursAfter = (h: number) => addHours(at, h).toISOString();
  const { symptoms, escort } = settings.rules;
  const out: CodedInstruction[] = [
    // [S38]: leg or buttock numbness wears off within 4–6 h (the clinic's setting); seed 003.
    item('after_numbness', [cite('S38'), cite('seed-003', 'numbness that will wear off')], {
      hours: symptoms.expectedNumbnessHours,
      until: hoursAfter(symptoms.expectedNumbnessHours),
    }),
    // seed 003: uncomfortable in the following days; [S38]: soreness for a few days is expected.
    item('after_soreness', [
      cite('seed-003', 'uncomfortable in the following days'),
      cite('S38', 'expected effects'),
    ]),
    // seed 003: a flare lasts only up to a week or so; [S38].
    item('after_flare', [cite('seed-003', 'a temporary flare of pain'), cite('S38')], {
      days: symptoms.expectedFlareDays,
    }),
  ];
  // seed 002: the local anaesthetic gives immediate relief; [S8]: for about as long as it lasts.
  const duration = facts.anaesthetic ? settings.rules.anaesthetics[facts.anaesthetic] : null;
  out.push(
    item(
      'after_relief_anaesthetic',
      [
        cite('seed-002', 'immediate relief from the local anaesthetic'),
        cite('S8', 'relief lasting as long as the anaesthetic'),
      ],
      {
        anaesthetic: facts.anaesthetic ?? null,
        minHours: duration?.minHours ?? null,
        maxHours: duration?.maxHours ?? null,
      },
    ),
  );
  if (facts.steroidGiven) {
    // seed 002: the steroid may relieve the pain for several weeks; [S12]: ≥ 4 weeks in some.
    out.push(
      item('after_relief_steroid', [
        cite('seed-002', 'relief from the steroid for several weeks'),
        cite('S12'),
      ]),
      // [S38]: steroid flushing is an expected effect.
      item('after_steroid_flushing', [cite('S38', 'expected effects')]),
    );
    if (facts.patient.diabetes) {
      const { hours, poorlyControlled } = glucoseAdvice(facts.patient.diabetes, facts.labs?.hba1c, settings);
      out.push(
        item(
          'after_glucose',
          [
            cite('S25'),
            cite('S26'),
            cite('S27'),
            cite('seed-003', 'check your blood sugars for a couple of days'),
          ],
          { hours, poorlyControlled, until: hoursAfter(hours) },
        ),
      );
    }
  }
  for (const plan of facts.agreedPlans ?? []) {
    if (plan.decision !== 'hold' || plan.restartAfterHours === undefined) continue;
    // Only a plan staff recorded reaches the patient (clinical/README.md); restart times [S1a].
    out.push(
      item(
        'after_antithrombotic_restart',
        [
          cite('README', 'only a recorded plan reaches the patient'),
          cite('S1a', 'restart after the procedure'),
        ],
        { drug: plan.drug, restartAt: hoursAfter(plan.restartAfterHours) },
      ),
    );
  }
  if (escort.required) {
    // seed 003: no driving home, someone at home for 24 hours; [S42].
    out.push(
      item('after_no_driving', [cite('seed-003', 'post procedure advice'), cite('S42')], {
        hours: escort.noDrivingHours,
        until: hoursAfter(escort.noDrivingHours),
      }),
      item('after_adult_at_home', [cite('seed-003', 'post procedure advice'), cite('S42')], {
        hours: escort.adultAtHomeHours,
      }),
    );
  }
  out.push(
    // seed 003: slowly increase your movement in the weeks after the injection.
    item('after_movement', [cite('seed-003', 'post procedure advice')]),
    // [S9]: pain scored after the procedure and on the following days; the diary on a schedule.
    item('after_diary', [
      cite('S9', 'scores on the following days'),
      cite('DESIGN', 'follow-up: the pain diary'),
    ]),
    facts.followUpAt
      ? item('after_follow_up', [cite('DESIGN', 'outcome and next step')], { at: facts.followUpAt })
      : item('after_follow_up_contact', [cite('DESIGN', 'outcome and next step')]),
  );
  // Worrying symptoms at any time (clinical/README.md "Urgent symptoms", seed 003) and whom to call.
  for (const [symptom, sources] of URGENT_SYMPTOM_SOURCES) {
    out.push(item('urgent_symptom', sources, { symptom }, true));
  }
  out.push(
    item(
      'urgent_numbness',
      NUMBNESS_BEYOND_EXPECTED_SOURCES,
      { hours: symptoms.expectedNumbnessHours },
      true,
    ),
    item('urgent_call', [cite('seed-003', 'whom to ring'), cite('S7')], {}, true),
  );
  return out;
}
