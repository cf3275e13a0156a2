import { z } from 'zod';
import { PlausibleInstant } from '../dates.ts';
import { AnaestheticSchema, GlucoseSchema, Hba1cSchema } from './settings.ts';

/** The facts the judgements take. Times are ISO 8601 instants with an offset (store UTC). */

export const InstantSchema = PlausibleInstant();
export const SideSchema = z.enum(['left', 'right', 'both']);
export type Side = z.infer<typeof SideSchema>;
export const PurposeSchema = z.enum(['diagnostic', 'therapeutic', 'both']);
export type Purpose = z.infer<typeof PurposeSchema>;
export const PainScoreSchema = z.number().min(0).max(10);

// seed 001 / DESIGN.md: the conditions the service injects for.
export const INDICATIONS = [
  'si-joint-dysfunction',
  'sacroiliitis',
  'pregnancy-pelvic-girdle-pain',
  'ankylosing-spondylitis',
  'gait-or-leg-length-imbalance',
  'pain-after-lumbar-fusion-or-laminectomy',
] as const;

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

export const TriageFactsSchema = z.object({
  indications: z.array(z.enum(INDICATIONS)).default([]),
  priorTreatments: z
    .object({
      // seed 004: no benefit from a lumbar epidural, and imaging without a distinct finding.
      lumbarEpiduralWithoutBenefit: z.boolean().optional(),
      imagingWithoutDistinctFinding: z.boolean().optional(),
    })
    .default({}),
  provocationTests: z.partialRecord(z.enum(PROVOCATION_TESTS), TestResultSchema).default({}),
  conservativeCareWeeks: z.number().min(0).optional(),
});
export type TriageFacts = z.infer<typeof TriageFactsSchema>;

export const AntithromboticSchema = z.object({
  name: z.string().min(1),
  regimen: z.enum(['prophylactic', 'therapeutic']).optional(),
});
export type Antithrombotic = z.infer<typeof AntithromboticSchema>;

/** A plan staff recorded after agreeing it (with the prescriber where needed). */
export const AgreedPlanSchema = z
  .object({
    drug: z.string().min(1),
    decision: z.enum(['continue', 'hold']),
    lastDoseAt: InstantSchema.optional(),
    restartAfterHours: z
      .number()
      .min(0)
      .max(24 * 30)
      .optional(),
    agreedWith: z.string().optional(),
    recordedBy: z.string().min(1),
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

export const PreviousInjectionSchema = z.object({
  at: InstantSchema,
  purpose: PurposeSchema,
  side: SideSchema.optional(),
  /** Steroid dose in the clinic's reference steroid, if any steroid was given. */
  steroidDoseMg: z.number().min(0).optional(),
});
export type PreviousInjection = z.infer<typeof PreviousInjectionSchema>;

export const PatientFactsSchema = z.object({
  pregnancy: z.enum(['pregnant', 'possibly-pregnant', 'not-pregnant', 'not-applicable']).optional(),
  diabetes: z
    .object({ insulin: z.boolean().default(false) })
    .nullable()
    .default(null),
  allergies: z.array(z.enum(['local-anaesthetic', 'steroid', 'contrast', 'latex'])).default([]),
  bleedingDisorder: z.boolean().default(false),
  bleedingRiskFactors: z.array(z.enum(BLEEDING_RISK_FACTORS)).default([]),
  antithrombotics: z.array(AntithromboticSchema).default([]),
  previousInjections: z.array(PreviousInjectionSchema).default([]),
});
export type PatientFacts = z.infer<typeof PatientFactsSchema>;

export const EpisodeFactsSchema = z.object({
  purpose: PurposeSchema,
  side: SideSchema.optional(),
  /** Planned time before the procedure; the actual time after it. */
  procedureAt: InstantSchema.optional(),
  plannedGuidance: z.enum(['fluoroscopy', 'ct', 'ultrasound']).optional(),
  plannedContrast: z.boolean().optional(),
  plannedSteroidDoseMg: z.number().min(0).optional(),
  anaesthetic: AnaestheticSchema.optional(),
});
export type EpisodeFacts = z.infer<typeof EpisodeFactsSchema>;

export const InfectionSchema = z.object({
  description: z.string().min(1),
  startedAt: InstantSchema,
  /** Absent while the infection is still active. */
  resolvedAt: InstantSchema.optional(),
});

export const ScreeningFactsSchema = z.object({
  infections: z.array(InfectionSchema).default([]),
  feverNow: z.boolean().default(false),
  injectionSiteInfection: z.boolean().default(false),
  labs: z
    .object({
      glucose: GlucoseSchema.optional(),
      hba1c: Hba1cSchema.optional(),
      inr: z.number().positive().optional(),
      /** ×10⁹/L */
      platelets: z.number().positive().optional(),
    })
    .default({}),
  agreedPlans: z.array(AgreedPlanSchema).default([]),
  escortArranged: z.boolean().optional(),
  adultAtHomeArranged: z.boolean().optional(),
  /** A clinician's recorded review clears a `review` finding of that code (never a `stop`). */
  clinicianReviews: z
    .array(
      z.object({
        code: z.string(),
        /** The drug, lab or allergy the review is about, where the finding names one. */
        subject: z.string().optional(),
        recordedBy: z.string().min(1),
        recordedAt: InstantSchema,
        note: z.string().optional(),
      }),
    )
    .default([]),
});
export type ScreeningFacts = z.infer<typeof ScreeningFactsSchema>;

export const ScoreSchema = z.object({ at: InstantSchema, pain: PainScoreSchema });

export const BlockSchema = z.object({
  anaesthetic: AnaestheticSchema,
  performedAt: InstantSchema,
  /** Index pain on the same 0–10 scale before the block ([S9]). */
  baselinePain: PainScoreSchema,
  scores: z.array(ScoreSchema).default([]),
  /** The clinician's expected duration for this agent and dose; else the clinic setting. */
  expectedDuration: z.object({ minHours: z.number().positive(), maxHours: z.number().positive() }).optional(),
  injectateVolumeMl: z.number().positive().optional(),
  target: z.enum(['intra-articular', 'periarticular', 'both']).optional(),
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
  legSymptomsReviewedBy: z.string().optional(),
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
  entries: z.array(DiaryEntrySchema).default([]),
});
export type DiaryFacts = z.infer<typeof DiaryFactsSchema>;

export const SYMPTOMS = [
  // urgent (clinical/README "Urgent symptoms", [S7], [S17], [S37]–[S39], seed 003)
  'new-leg-weakness',
  'leg-numbness',
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
export type Symptom = z.infer<typeof SymptomSchema>;

export const RedFlagReportSchema = z.object({
  reportedAt: InstantSchema,
  symptoms: z.array(SymptomSchema).min(1),
  /** When the pain flare began, if the patient says. */
  flareStartedAt: InstantSchema.optional(),
  freeText: z.string().optional(),
});
export type RedFlagReport = z.infer<typeof RedFlagReportSchema>;

export const SideCheckSchema = z.object({
  planned: SideSchema.optional(),
  markedAtCheckIn: SideSchema.optional(),
  confirmedAtTimeOut: SideSchema.optional(),
  recorded: SideSchema.optional(),
});
export type SideCheck = z.infer<typeof SideCheckSchema>;
