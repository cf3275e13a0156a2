import { z } from 'zod';
import { PlausibleInstant } from '../dates.ts';
import { LIST, TEXT } from '../limits.ts';
import { AnaestheticSchema, GlucoseSchema, Hba1cSchema } from './settings.ts';

/** The facts the judgements take. Times are ISO 8601 instants with an offset (store UTC). */

export const InstantSchema = PlausibleInstant();
export const SideSchema = z.enum(['left', 'right', 'both']);
export type Side = z.infer<typeof SideSchema>;
export const PurposeSchema = z.enum(['diagnostic', 'therapeutic', 'both']);
export type Purpose = z.infer<typeof PurposeSchema>;
/** A purpose mid-sentence ("a diagnostic and therapeutic injection"): findings, the timeline, letters, FHIR notes. */
export const purposeWords: Record<Purpose, string> = {
  diagnostic: 'diagnostic',
  therapeutic: 'therapeutic',
  both: 'diagnostic and therapeutic',
};
/**
 * Pain on the 0–10 numeric rating scale (NRS, LOINC 72514-3; clinical/README.md): a whole number,
 * as the patient says it and the diary records it. One schema for the forms, the API and `assess`.
 */
export const PAIN_SCORE_ERROR = 'Enter a whole number from 0 to 10';
const painScoreError = { error: PAIN_SCORE_ERROR };
export const PainScoreSchema = z
  .number(painScoreError)
  .int(painScoreError)
  .min(0, painScoreError)
  .max(10, painScoreError);

// seed 001 / DESIGN.md: the conditions the service injects for.
export const INDICATIONS = [
  'si-joint-dysfunction',
  'sacroiliitis',
  'pregnancy-pelvic-girdle-pain',
  'ankylosing-spondylitis',
  'gait-or-leg-length-imbalance',
  'pain-after-lumbar-fusion-or-laminectomy',
] as const;
/** Each indication in words: the triage form's, the timeline's and the FHIR export's display. */
export const indicationLabels: Record<(typeof INDICATIONS)[number], string> = {
  'si-joint-dysfunction': 'SI joint dysfunction',
  sacroiliitis: 'Sacroiliitis',
  'pregnancy-pelvic-girdle-pain': 'Pregnancy-related pelvic girdle pain',
  'ankylosing-spondylitis': 'Ankylosing spondylitis',
  'gait-or-leg-length-imbalance': 'Gait or leg-length imbalance',
  'pain-after-lumbar-fusion-or-laminectomy': 'Pain after lumbar fusion or laminectomy',
};

// Laslett 2005 ([S34]): distraction, compression, thigh thrust, sacral thrust, Gaenslen both sides.
export const LASLETT_TESTS = [
  'distraction',
  'compression',
  'thighThrust',
  'sacralThrust',
  'gaenslenLeft',
  'gaenslenRight',
] as const;
// The Medicare LCD list ([S9]) adds FABER and Yeoman.
export const PROVOCATION_TESTS = [...LASLETT_TESTS, 'faber', 'yeoman'] as const;
export const TestResultSchema = z.enum(['positive', 'negative', 'not-done']);

/**
 * Red flags at referral: the cases the SIS appropriate-use criteria put outside their scope
 * ([S17], sources.md §4 "SIS AUC assumptions"), by what they may be a sign of.
 */
export const REFERRAL_RED_FLAGS = {
  'cauda-equina': [
    'bowel-or-bladder-dysfunction',
    'saddle-anaesthesia',
    'bilateral-leg-weakness-or-numbness',
    'progressive-neurological-deficit',
  ],
  cancer: ['history-of-cancer', 'unexplained-weight-loss', 'night-pain'],
  infection: ['persistent-fever', 'iv-drug-use', 'immunocompromise', 'recent-bacterial-infection'],
  fracture: ['fracture'],
} as const;
export type RedFlagGroup = keyof typeof REFERRAL_RED_FLAGS;
export const RED_FLAGS = Object.values(REFERRAL_RED_FLAGS).flat();
export type RedFlag = (typeof RED_FLAGS)[number];
/** Each red flag in words: the triage form's, the finding's and the FHIR export's. */
export const redFlagLabels: Record<RedFlag, string> = {
  'bowel-or-bladder-dysfunction': 'Bowel or bladder dysfunction',
  'saddle-anaesthesia': 'Saddle anaesthesia',
  'bilateral-leg-weakness-or-numbness': 'Weakness or numbness in both legs',
  'progressive-neurological-deficit': 'A progressive neurological deficit',
  'history-of-cancer': 'A history of cancer',
  'unexplained-weight-loss': 'Unexplained weight loss',
  'night-pain': 'Pain at night',
  'persistent-fever': 'Persistent fever',
  'iv-drug-use': 'Intravenous drug use',
  immunocompromise: 'Immunocompromise',
  'recent-bacterial-infection': 'A recent bacterial infection',
  fracture: 'A fracture',
};
export const redFlagGroupLabels: Record<RedFlagGroup, string> = {
  'cauda-equina': 'a sign of cauda equina compression',
  cancer: 'a cancer red flag',
  infection: 'an infection red flag',
  fracture: 'a fracture',
};
export const redFlagGroup = (flag: RedFlag): RedFlagGroup =>
  (Object.keys(REFERRAL_RED_FLAGS) as RedFlagGroup[]).find((g) =>
    (REFERRAL_RED_FLAGS[g] as readonly string[]).includes(flag),
  )!;

export const TriageFactsSchema = z.object({
  indications: z.array(z.enum(INDICATIONS)).max(INDICATIONS.length).default([]),
  priorTreatments: z
    .object({
      // seed 004: no benefit from a lumbar epidural, and imaging without a distinct finding.
      lumbarEpiduralWithoutBenefit: z.boolean().optional(),
      imagingWithoutDistinctFinding: z.boolean().optional(),
    })
    .default({}),
  provocationTests: z.partialRecord(z.enum(PROVOCATION_TESTS), TestResultSchema).default({}),
  conservativeCareWeeks: z.number().min(0).optional(),
  /** Red flags found at referral ([S17]). Records stored before it got `[]` from migration 0014. */
  redFlags: z
    .array(z.enum(RED_FLAGS as [RedFlag, ...RedFlag[]]))
    .max(RED_FLAGS.length)
    .default([]),
  /**
   * Asked, and the patient has none of the red flags. Said, not read from an empty list: no flag
   * ticked and this not set is red flags not asked (`referral_red_flags_not_asked`).
   */
  noRedFlags: z.boolean().optional(),
});
export type TriageFacts = z.infer<typeof TriageFactsSchema>;

export const AntithromboticSchema = z.object({
  name: z.string().trim().min(1, { message: 'Name the medicine' }).max(TEXT.name),
  regimen: z.enum(['prophylactic', 'therapeutic']).optional(),
  /**
   * When the patient says they last took it (not a plan: only a plan staff recorded reaches the
   * patient). Checked against a recorded hold plan and shown to staff.
   */
  reportedLastDoseAt: InstantSchema.optional(),
});
export type Antithrombotic = z.infer<typeof AntithromboticSchema>;

/** A plan staff recorded after agreeing it (with the prescriber where needed). */
export const AgreedPlanSchema = z
  .object({
    drug: z.string().trim().min(1, { message: 'Name the drug the plan is for' }).max(TEXT.name),
    decision: z.enum(['continue', 'hold']),
    lastDoseAt: InstantSchema.optional(),
    restartAfterHours: z
      .number()
      .min(0)
      .max(24 * 30)
      .optional(),
    agreedWith: z.string().trim().max(TEXT.name).optional(),
    recordedBy: z.string().trim().min(1, { message: 'Required' }).max(TEXT.name),
    recordedAt: InstantSchema,
  })
  .refine((p) => p.decision === 'continue' || p.lastDoseAt !== undefined, {
    message: 'a hold needs lastDoseAt',
    path: ['lastDoseAt'],
  });
export type AgreedPlan = z.infer<typeof AgreedPlanSchema>;

export const BLEEDING_RISK_FACTORS = [
  'older-age',
  'bleeding-history',
  'multiple-antithrombotics',
  'liver-disease',
  'renal-disease',
] as const;
/** Each bleeding-risk factor in words: the screening form's, and the finding's that names them. */
export const bleedingRiskFactorLabels: Record<(typeof BLEEDING_RISK_FACTORS)[number], string> = {
  'older-age': 'Older age',
  'bleeding-history': 'History of bleeding',
  'multiple-antithrombotics': 'More than one antithrombotic',
  'liver-disease': 'Liver disease',
  'renal-disease': 'Kidney disease',
};

export const BLOCK_OUTCOMES = ['positive', 'negative', 'indeterminate'] as const;

export const PreviousInjectionSchema = z.object({
  at: InstantSchema,
  purpose: PurposeSchema,
  side: SideSchema.optional(),
  /** Steroid dose in the clinic's reference steroid, if any steroid was given. */
  steroidDoseMg: z.number().min(0).optional(),
  /** How a diagnostic block read, as the clinic that gave it recorded it. */
  blockOutcome: z.enum(BLOCK_OUTCOMES).optional(),
  /** Best pain relief the injection gave, in per cent of the pain before it. */
  reliefPercent: z.number().min(0).max(100).optional(),
  /** How long that relief lasted, in weeks. */
  reliefWeeks: z.number().min(0).max(520).optional(),
});
export type PreviousInjection = z.infer<typeof PreviousInjectionSchema>;

/**
 * An injection the clinic's own records hold (a procedure recorded on another of the patient's
 * episodes): what it was, never how it went. The server supplies these, never the form.
 */
export const RecordedInjectionSchema = PreviousInjectionSchema.pick({
  at: true,
  purpose: true,
  side: true,
  steroidDoseMg: true,
});
export type RecordedInjection = z.infer<typeof RecordedInjectionSchema>;

/** As on the patient's record (src/db/schema.ts). */
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const SexSchema = z.enum(SEXES);
export type Sex = z.infer<typeof SexSchema>;

export const ALLERGIES = ['local-anaesthetic', 'steroid', 'contrast', 'latex'] as const;
export const AllergySchema = z.enum(ALLERGIES);
export const ALLERGY_REACTIONS = ['mild', 'moderate', 'severe', 'anaphylaxis', 'not-known'] as const;

/** The agent and the reaction behind an allergy, where the patient or the record can say. */
export const AllergyDetailSchema = z.object({
  allergy: AllergySchema,
  agent: z.string().trim().min(1, { message: 'Name the agent' }).max(TEXT.short).optional(),
  reaction: z.enum(ALLERGY_REACTIONS).optional(),
});
export type AllergyDetail = z.infer<typeof AllergyDetailSchema>;

/** `not-asked` records that the question was deliberately left: a finding for a clinician. */
export const PREGNANCY_ANSWERS = [
  'pregnant',
  'possibly-pregnant',
  'not-pregnant',
  'not-applicable',
  'not-asked',
] as const;

export const DIABETES_TYPES = ['type-1', 'type-2', 'other'] as const;

/** Any medicine the patient takes; the rules look for antithrombotics among them. */
export const MedicationSchema = z.object({
  name: z.string().trim().min(1, { message: 'Name the medicine' }).max(TEXT.name),
  dose: z.string().trim().max(TEXT.short).optional(),
});
export type Medication = z.infer<typeof MedicationSchema>;

export const PatientFactsSchema = z.object({
  /** From the patient's record: who could be pregnant. */
  sex: SexSchema.optional(),
  /** Age in whole years on the day of the procedure (or today before it is booked). */
  ageYears: z.number().int().min(0).max(130).optional(),
  pregnancy: z.enum(PREGNANCY_ANSWERS).optional(),
  /** For a pregnant patient, where she can say. */
  trimester: z
    .union([z.literal(1), z.literal(2), z.literal(3)], { error: 'the trimester: 1, 2 or 3' })
    .optional(),
  diabetes: z
    .object({ insulin: z.boolean().default(false), type: z.enum(DIABETES_TYPES).optional() })
    .nullable()
    .default(null),
  allergies: z.array(AllergySchema).max(50).default([]),
  /** The agent and reaction of an allergy; an allergy named here counts as listed in `allergies`. */
  // Optional, not defaulted: records stored before it existed read back without it.
  allergyDetails: z.array(AllergyDetailSchema).max(LIST.allergyDetails).optional(),
  bleedingDisorder: z.boolean().default(false),
  bleedingRiskFactors: z.array(z.enum(BLEEDING_RISK_FACTORS)).max(BLEEDING_RISK_FACTORS.length).default([]),
  antithrombotics: z.array(AntithromboticSchema).max(LIST.antithrombotics).default([]),
  /** Every medicine the patient takes; an antithrombotic found here is screened as one. */
  medications: z.array(MedicationSchema).max(LIST.medications).optional(),
  previousInjections: z.array(PreviousInjectionSchema).max(LIST.previousInjections).default([]),
  /**
   * Injections recorded here (H-007 (7)): counted in the interval and the limits whether or not
   * `previousInjections` lists them, so an earlier injection the patient forgets to mention, or
   * a "no" typed in error, cannot hide one this clinic gave.
   */
  recordedInjections: z.array(RecordedInjectionSchema).max(LIST.previousInjections).optional(),
});
export type PatientFacts = z.infer<typeof PatientFactsSchema>;

/**
 * A patient's facts before anything is known: the schema's defaults, with its optional lists
 * empty. What a form being typed into, or a payload naming only what it is about, starts from.
 */
export const patientFactsUnknown = (): PatientFacts => ({
  ...PatientFactsSchema.parse({}),
  allergyDetails: [],
  medications: [],
});

// sources.md §10 [S59], [S60], [S12]: record the approach, intra-articular or periarticular (or both).
export const APPROACHES = ['intra-articular', 'periarticular', 'both'] as const;
export const ApproachSchema = z.enum(APPROACHES);

export const PlannedSteroidSchema = z.object({
  agent: z.string().trim().min(1, { message: 'Name the drug' }).max(100),
  doseMg: z.number().min(0).max(1000).optional(),
});
export const PlannedLocalAnaestheticSchema = z.object({
  agent: z.string().trim().min(1, { message: 'Name the drug' }).max(100),
  concentration: z
    .object({ value: z.number().positive().max(1000), unit: z.enum(['mg/mL', '%']) })
    .optional(),
  volumeMl: z.number().positive().max(100).optional(),
});

export const EpisodeFactsSchema = z.object({
  purpose: PurposeSchema,
  side: SideSchema.optional(),
  /** Planned time before the procedure; the actual time after it. */
  procedureAt: InstantSchema.optional(),
  plannedGuidance: z.enum(['fluoroscopy', 'ct', 'ultrasound']).optional(),
  plannedContrast: z.boolean().optional(),
  plannedSteroidDoseMg: z.number().min(0).optional(),
  anaesthetic: AnaestheticSchema.optional(),
  plannedApproach: ApproachSchema.optional(),
  /** The steroid planned (its dose counts like `plannedSteroidDoseMg` when that is not given). */
  plannedSteroid: PlannedSteroidSchema.optional(),
  /** The local anaesthetic planned, with its concentration and volume. */
  plannedLocalAnaesthetic: PlannedLocalAnaestheticSchema.optional(),
});
export type EpisodeFacts = z.infer<typeof EpisodeFactsSchema>;

/**
 * An infection that cleared before it started is a slip in one of its dates; read as given, the
 * date it cleared alone decides, and a recent infection read as long gone (a "go" for a patient
 * whose infection began days ago). Refused, with the field to put right.
 */
export const clearedBeforeStarted = (i: { startedAt: string; resolvedAt?: string | undefined }) =>
  i.resolvedAt !== undefined && new Date(i.resolvedAt).getTime() < new Date(i.startedAt).getTime();
export const CLEARED_BEFORE_STARTED = 'The date it cleared is before the date it started: check both dates';

export const InfectionSchema = z
  .object({
    description: z.string().trim().min(1, { message: 'Describe the infection' }).max(TEXT.note),
    startedAt: InstantSchema,
    /** Absent while the infection is still active. */
    resolvedAt: InstantSchema.optional(),
  })
  .refine((i) => !clearedBeforeStarted(i), { message: CLEARED_BEFORE_STARTED, path: ['resolvedAt'] });

/** How a yes/no screening question was answered; `not-asked` is a finding for a clinician. */
export const AnswerSchema = z.enum(['yes', 'no', 'not-asked']);
export type Answer = z.infer<typeof AnswerSchema>;

/**
 * The questions of the pre-assessment call that must be answered (DESIGN.md "Screening"; seed 003;
 * [S33]). The answer is read from the facts where they say "yes" (a drug listed, an infection
 * described); `answers` records a "no" or a deliberate "not asked". Pregnancy is answered in
 * `patient.pregnancy` and going home in `escortArranged` / `adultAtHomeArranged`.
 */
export const SCREENING_QUESTIONS = [
  'infection',
  'antithrombotics',
  'bleedingDisorder',
  'allergies',
  'pregnancy',
  'diabetes',
  'previousInjections',
  'goingHome',
] as const;
export const ScreeningQuestionSchema = z.enum(SCREENING_QUESTIONS);
export type ScreeningQuestion = z.infer<typeof ScreeningQuestionSchema>;

export const AnswersSchema = z.object({
  /** Any infection in the look-back, a fever now or an infected injection site. */
  infection: AnswerSchema.optional(),
  /** Any anticoagulant or antiplatelet medicine. */
  antithrombotics: AnswerSchema.optional(),
  bleedingDisorder: AnswerSchema.optional(),
  allergies: AnswerSchema.optional(),
  diabetes: AnswerSchema.optional(),
  /** Steroid or SI joint injections before. */
  previousInjections: AnswerSchema.optional(),
});
export type Answers = z.infer<typeof AnswersSchema>;

/** The lab results the screening reads, by their key in `screening.labs`. */
export const LAB_KEYS = ['glucose', 'hba1c', 'inr', 'platelets'] as const;
export type LabKey = (typeof LAB_KEYS)[number];
/** Each result as a finding names it (`details.lab`), and so as a clinician's review names its subject. */
export const labNames: Record<LabKey, string> = {
  glucose: 'glucose',
  hba1c: 'HbA1c',
  inr: 'INR',
  platelets: 'platelets',
};

export const ScreeningFactsSchema = z.object({
  /**
   * The answer to each yes/no question (see SCREENING_QUESTIONS); absent is "not asked". Optional,
   * not defaulted: screenings stored before it existed read back without it.
   */
  answers: AnswersSchema.optional(),
  infections: z.array(InfectionSchema).max(LIST.infections).default([]),
  feverNow: z.boolean().default(false),
  injectionSiteInfection: z.boolean().default(false),
  labs: z
    .object({
      glucose: GlucoseSchema.optional(),
      hba1c: Hba1cSchema.optional(),
      inr: z.number().positive().optional(),
      /** ×10⁹/L */
      platelets: z.number().positive().optional(),
      /**
       * When each result was taken. Absent is "not recorded": the result is read as it stands, and a
       * clinic that sets `rules.labLimits.maxAgeDays` has a clinician look at it.
       */
      takenAt: z
        .object({
          glucose: InstantSchema.optional(),
          hba1c: InstantSchema.optional(),
          inr: InstantSchema.optional(),
          platelets: InstantSchema.optional(),
        })
        .optional(),
    })
    .default({}),
  agreedPlans: z.array(AgreedPlanSchema).max(LIST.agreedPlans).default([]),
  escortArranged: z.boolean().optional(),
  adultAtHomeArranged: z.boolean().optional(),
  /** The patient means to drive after the procedure (seed 003: they must not). */
  plansToDrive: z.boolean().optional(),
  /** A clinician's recorded review clears a `review` finding of that code (never a `stop`). */
  clinicianReviews: z
    .array(
      z.object({
        code: z.string().max(TEXT.short),
        /** The drug, lab or allergy the review is about, where the finding names one. */
        subject: z.string().max(TEXT.name).optional(),
        recordedBy: z.string().trim().min(1, { message: 'Required' }).max(TEXT.name),
        recordedAt: InstantSchema,
        note: z.string().max(TEXT.note).optional(),
      }),
    )
    .max(LIST.clinicianReviews)
    .default([]),
});
export type ScreeningFacts = z.infer<typeof ScreeningFactsSchema>;

/**
 * A screening call before any question is answered: the schema's defaults and no answers. What the
 * form's live verdict, or a payload naming only what it is about, starts from.
 */
export const screeningFactsUnknown = (): ScreeningFacts => ({
  ...ScreeningFactsSchema.parse({}),
  answers: {},
});

export const ScoreSchema = z.object({ at: InstantSchema, pain: PainScoreSchema });

export const BlockSchema = z.object({
  anaesthetic: AnaestheticSchema,
  performedAt: InstantSchema,
  /** Index pain on the same 0–10 scale before the block ([S9]). */
  baselinePain: PainScoreSchema,
  scores: z.array(ScoreSchema).max(LIST.painScores).default([]),
  /** The clinician's expected duration for this agent and dose; else the clinic setting. */
  expectedDuration: z.object({ minHours: z.number().positive(), maxHours: z.number().positive() }).optional(),
  injectateVolumeMl: z.number().positive().optional(),
  target: ApproachSchema.optional(),
});
export type Block = z.infer<typeof BlockSchema>;

export const BlockResponseFactsSchema = BlockSchema.extend({
  /** The second block of a comparative pair, with a different anaesthetic ([S10]). */
  comparative: BlockSchema.optional(),
});
export type BlockResponseFacts = z.infer<typeof BlockResponseFactsSchema>;

export const DischargeFactsSchema = z.object({
  walkingChecked: z.boolean(),
  legNumbnessOrWeakness: z.boolean(),
  /** A clinician who has assessed leg symptoms that have not resolved, and the plan. */
  legSymptomsReviewedBy: z
    .string()
    .trim()
    .min(1, { message: 'Name the clinician who assessed the leg symptoms' })
    .max(TEXT.name)
    .optional(),
  passedUrine: z.boolean(),
  escortPresent: z.boolean(),
  adviceGiven: z.boolean(),
});
export type DischargeFacts = z.infer<typeof DischargeFactsSchema>;

/** PGIC on a local code system (addendum §4): 1 very much improved … 7 very much worse. */
export const PgicSchema = z.number().int().min(1).max(7);

export const DiaryEntrySchema = z.object({
  at: InstantSchema,
  pain: PainScoreSchema,
  pgic: PgicSchema.optional(),
});
export type DiaryEntry = z.infer<typeof DiaryEntrySchema>;

export const DiaryFactsSchema = z.object({
  baselinePain: PainScoreSchema,
  entries: z.array(DiaryEntrySchema).max(LIST.diaryEntries).default([]),
});
export type DiaryFacts = z.infer<typeof DiaryFactsSchema>;

export const SYMPTOMS = [
  // urgent (clinical/README "Urgent symptoms", [S7], [S17], [S37]–[S39], seed 003)
  'new-leg-weakness',
  // [S17]: bilateral leg weakness or numbness is a cauda equina red flag.
  'weakness-both-legs',
  'leg-numbness',
  // [S38]: leg or buttock numbness from the anaesthetic wears off within 4–6 h.
  'buttock-numbness',
  'saddle-numbness',
  'bladder-change',
  'bowel-change',
  'severe-new-back-pain',
  'fever-or-feeling-unwell',
  'injection-site-hot-red-swollen',
  'injection-site-discharge',
  // contact the team ([S7])
  'severe-headache',
  'pain-flare',
  // expected ([S38], seed 003)
  'injection-site-soreness',
  'facial-flushing',
  'other',
] as const;
export const SymptomSchema = z.enum(SYMPTOMS);
/** How soon a reported symptom must be seen (symptoms.ts). */
export const UrgencySchema = z.enum(['routine', 'soon', 'urgent']);
export type Urgency = z.infer<typeof UrgencySchema>;
export type Symptom = z.infer<typeof SymptomSchema>;

export const RedFlagReportSchema = z.object({
  reportedAt: InstantSchema,
  symptoms: z.array(SymptomSchema).min(1, { message: 'Choose at least one symptom' }).max(SYMPTOMS.length),
  /** When the pain flare began, if the patient says. */
  flareStartedAt: InstantSchema.optional(),
  freeText: z.string().max(TEXT.reason).optional(),
});
export type RedFlagReport = z.infer<typeof RedFlagReportSchema>;

export const SideCheckSchema = z.object({
  planned: SideSchema.optional(),
  markedAtCheckIn: SideSchema.optional(),
  confirmedAtTimeOut: SideSchema.optional(),
  recorded: SideSchema.optional(),
});
export type SideCheck = z.infer<typeof SideCheckSchema>;
