import { z } from 'zod';
import { BlockClassificationSchema, ReliefPointSchema } from './block.ts';
import { DiaryPromptSchema } from './diary-schedule.ts';
import { FindingCodeSchema, FindingSchema } from './findings.ts';
import { NextStepSchema } from './outcome.ts';
import { ProfileIdSchema } from './profiles.ts';
import { VerdictSchema } from './screening.ts';
import { AnaestheticSchema } from './settings.ts';
import { UrgencySchema } from './symptoms.ts';
import { TriageSummarySchema } from './triage.ts';

/** The shapes the judgements return once their findings are worded. */

const Findings = z.array(FindingSchema);
const Threshold = z.object({ percent: z.number(), comparator: z.enum(['>', '>=']) });

export const TriageResultSchema = z.object({
  summary: TriageSummarySchema,
  provocation: z.object({ positive: z.number(), negative: z.number(), done: z.number() }),
  findings: Findings,
});

export const ScreeningResultSchema = z.object({
  verdict: VerdictSchema,
  /** True while any finding needs a recorded plan, a clinician's review, or is a stop. */
  blocksScheduling: z.boolean(),
  bleedingRisk: z.enum(['low', 'intermediate']),
  findings: Findings,
});

const SingleBlockSchema = z.object({
  anaesthetic: AnaestheticSchema,
  expectedDuration: z.object({ minHours: z.number(), maxHours: z.number() }).nullable(),
  peakReliefPercent: z.number().max(100).nullable(),
  reliefLastedHours: z.number().nullable(),
  points: z.array(ReliefPointSchema),
  classification: BlockClassificationSchema,
});

export const BlockResultSchema = z.object({
  classification: BlockClassificationSchema,
  threshold: Threshold,
  first: SingleBlockSchema,
  second: SingleBlockSchema.optional(),
  concordance: z.enum(['concordant', 'discordant', 'same-anaesthetic', 'indeterminate']).optional(),
  findings: Findings,
});

export const DischargeResultSchema = z.object({
  ready: z.boolean(),
  missing: z.array(FindingCodeSchema),
  findings: Findings,
});

export const DiaryScheduleResultSchema = z.object({
  timeZone: z.string(),
  prompts: z.array(DiaryPromptSchema),
  findings: Findings,
});

export const OutcomeResultSchema = z.object({
  responder: z.boolean().nullable(),
  threshold: Threshold.extend({
    /** How long relief must last for a therapeutic response, an ISO 8601 duration (e.g. P3M). */
    lasting: z.string().optional(),
    /** Deprecated: `lasting` in whole months, present only when it is a whole number of months. */
    months: z.number().optional(),
  }).nullable(),
  peakReliefPercent: z.number().max(100).nullable(),
  reliefLastedDays: z.number().nullable(),
  reliefOngoing: z.boolean(),
  pgic: z.object({ system: z.string(), code: z.string(), value: z.number() }).nullable(),
  nextSteps: z.array(NextStepSchema),
  findings: Findings,
});

export const RedFlagResultSchema = z.object({
  urgency: UrgencySchema,
  findings: Findings,
});

export const AssessmentSchema = z.object({
  assessedAt: z.string(),
  clinic: z.object({ name: z.string(), timeZone: z.string() }),
  /** The protocol profile and version every judgement below was made under. */
  protocol: z.object({ profile: ProfileIdSchema, version: z.string() }),
  triage: TriageResultSchema.optional(),
  screening: ScreeningResultSchema.optional(),
  blockResponse: BlockResultSchema.optional(),
  discharge: DischargeResultSchema.optional(),
  diarySchedule: DiaryScheduleResultSchema.optional(),
  outcome: OutcomeResultSchema.optional(),
  redFlag: RedFlagResultSchema.optional(),
  side: FindingSchema.optional(),
});
export type Assessment = z.infer<typeof AssessmentSchema>;
