/**
 * The API shapes of an episode's steps, from triage to discharge. Facts reuse the clinical
 * core's schemas, so the form, the API and the rules speak one language; each record returns
 * the judgement as it was shown when it was saved (`assessment`), with the protocol it used.
 */
import { z } from 'zod';
import {
  AssessmentSchema,
  DischargeFactsSchema,
  PatientFactsSchema,
  PROVOCATION_TESTS,
  PurposeSchema,
  ScoreSchema,
  ScreeningFactsSchema,
  SideSchema,
  TestResultSchema,
  TriageFactsSchema,
} from '../../domain/clinical/index.ts';
import { ANAESTHETICS } from '../../domain/clinical/settings.ts';

const version = z.number().int().positive();
const reason = z.string().trim().min(1, { message: 'Give a reason for the record' }).max(2000);
const instant = z.iso.datetime({ offset: true, message: 'Use a date and time like 2026-03-04T09:30:00Z' });
const Recorded = {
  recordedBy: z.object({ name: z.string(), role: z.string() }),
  recordedAt: z.iso.datetime(),
};
const Protocol = z.object({ profile: z.string(), version: z.string() });

// ── Triage ───────────────────────────────────────────────────────────────────────────────
export const TriageInput = z
  .object({
    purpose: PurposeSchema,
    facts: TriageFactsSchema,
    decision: z.enum(['accept', 'decline']),
    reason: reason.optional(),
    version,
  })
  .refine((t) => t.decision === 'accept' || t.reason, {
    message: 'Say why the referral is declined',
    path: ['reason'],
  });
export const TriageRecord = z.object({
  purpose: PurposeSchema,
  facts: TriageFactsSchema,
  assessment: AssessmentSchema.shape.triage.unwrap(),
  protocol: Protocol,
  decision: z.enum(['accept', 'decline']),
  reason: z.string().nullable(),
  ...Recorded,
});

// ── Screening (the pre-assessment call) ─────────────────────────────────────────────────
/** What is planned for the procedure, as far as screening needs to know. */
export const PlanFacts = z.object({
  side: SideSchema.optional(),
  plannedGuidance: z.enum(['fluoroscopy', 'ct', 'ultrasound']).optional(),
  plannedContrast: z.boolean().optional(),
  plannedSteroidDoseMg: z.number().min(0).optional(),
  anaesthetic: z.enum(ANAESTHETICS).optional(),
});
export const ScreeningInput = z.object({
  patient: PatientFactsSchema,
  screening: ScreeningFactsSchema,
  plan: PlanFacts.prefault({}),
  version,
});
export const ScreeningRecord = z.object({
  id: z.uuid(),
  seq: z.number(),
  facts: z.object({ patient: PatientFactsSchema, screening: ScreeningFactsSchema, plan: PlanFacts }),
  assessment: AssessmentSchema.shape.screening.unwrap(),
  protocol: Protocol,
  override: z.object({ reason: z.string(), by: z.string(), at: z.iso.datetime() }).nullable(),
  ...Recorded,
});
export const OverrideInput = z.object({ reason, version });

// ── Scheduling ──────────────────────────────────────────────────────────────────────────
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Use a time like 08:30' });
export const ProcedureListInput = z.object({
  date: z.iso.date({ message: 'Use a date like 2026-03-04' }),
  startTime: localTime,
  operator: z.string().trim().min(1).max(200),
  room: z.string().trim().min(1).max(100),
  capacity: z.number().int().min(1, { message: 'At least one place' }).max(50),
});
export const ProcedureList = ProcedureListInput.extend({
  id: z.uuid(),
  booked: z.number(),
  version: z.number(),
});
export const ProcedureListQuery = z.object({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export const BookingInput = z.object({ procedureListId: z.uuid(), time: localTime, version });
export const BookingRecord = z.object({
  procedureList: ProcedureList,
  plannedAt: z.iso.datetime(),
  /** The screening re-run for the planned time, and what the patient is told from it. */
  instructions: z.object({
    forPatient: z.array(z.string()),
    screening: AssessmentSchema.shape.screening.unwrap(),
  }),
  ...Recorded,
});

// ── Day of procedure ───────────────────────────────────────────────────────────────────
export const CheckInFacts = z.object({
  consentConfirmed: z.boolean(),
  sideMarked: SideSchema,
  escortPresent: z.boolean(),
  fastingAsInstructed: z.boolean(),
  /** Capillary glucose on arrival, for patients with diabetes. */
  glucose: z.object({ value: z.number().positive(), unit: z.enum(['mmol/L', 'mg/dL']) }).optional(),
});
export const CheckInInput = CheckInFacts.extend({ version });
export const CheckInRecord = CheckInFacts.extend(Recorded);

export const Checklist = z.object({
  signIn: z.object({
    identityConfirmed: z.boolean(),
    consentConfirmed: z.boolean(),
    siteMarked: z.boolean(),
    allergiesChecked: z.boolean(),
    anticoagulationChecked: z.boolean(),
  }),
  timeOut: z.object({
    teamIntroduced: z.boolean(),
    /** The side the whole team confirms aloud: what is recorded must match it. */
    sideConfirmed: SideSchema,
    procedureConfirmed: z.boolean(),
    imagingAvailable: z.boolean(),
  }),
  signOut: z.object({
    drugsAndDosesRecorded: z.boolean(),
    equipmentAccountedFor: z.boolean(),
    concernsForRecovery: z.string().max(1000).default(''),
  }),
});

export const DRUG_KINDS = ['local-anaesthetic', 'steroid', 'contrast', 'saline'] as const;
export const Drug = z.object({
  kind: z.enum(DRUG_KINDS),
  agent: z.string().trim().min(1).max(100),
  concentration: z.object({ value: z.number().positive(), unit: z.enum(['mg/mL', '%']) }).optional(),
  volumeMl: z.number().positive().max(100),
  doseMg: z.number().positive().optional(),
});
export const ProcedureRecordFacts = z.object({
  performedAt: instant,
  side: SideSchema,
  guidance: z.enum(['fluoroscopy', 'ultrasound', 'ct']),
  target: z.enum(['intra-articular', 'periarticular', 'both']),
  contrast: z.object({
    used: z.boolean(),
    spread: z.enum(['intra-articular', 'extravasation', 'vascular-uptake', 'not-seen']).optional(),
  }),
  drugs: z.array(Drug).min(1, { message: 'Record at least one drug' }),
  radiationDose: z
    .object({ value: z.number().min(0), unit: z.enum(['mGy', 'mGy·cm²', 'µGy·m²', 'cGy·cm²']) })
    .optional(),
  fluoroscopySeconds: z.number().min(0).optional(),
  durationMinutes: z.number().positive().max(600),
  complications: z
    .array(z.enum(['vasovagal', 'bleeding', 'vascular-uptake', 'leg-numbness', 'other']))
    .default([]),
  notes: z.string().max(4000).default(''),
});
export const ProcedureInput = z.object({ checklist: Checklist, record: ProcedureRecordFacts, version });
export const ProcedureRecord = z.object({
  checklist: Checklist,
  record: ProcedureRecordFacts,
  side: AssessmentSchema.shape.side.unwrap(),
  ...Recorded,
});

// ── Recovery and discharge ─────────────────────────────────────────────────────────────
export const RecoveryFacts = z.object({
  /** Index pain on the 0–10 scale just before the block. */
  baselinePain: z.number().min(0).max(10),
  scores: z.array(ScoreSchema).default([]),
  provocationRetest: z.partialRecord(z.enum(PROVOCATION_TESTS), TestResultSchema).default({}),
  discharge: DischargeFactsSchema,
});
export const RecoveryInput = RecoveryFacts.extend({ version });
export const RecoveryRecord = z.object({
  facts: RecoveryFacts,
  assessment: z.object({
    /** Null when no local anaesthetic the rules know was given. */
    blockResponse: AssessmentSchema.shape.blockResponse.unwrap().nullable(),
    discharge: AssessmentSchema.shape.discharge.unwrap(),
  }),
  protocol: Protocol,
  dischargeOverrideReason: z.string().nullable(),
  dischargedAt: z.iso.datetime().nullable(),
  ...Recorded,
});
export const DischargeInput = z.object({ overrideReason: reason.optional(), version });

/** Everything recorded on an episode's steps, for the episode page. */
export const EpisodeSteps = z.object({
  triage: TriageRecord.nullable(),
  screenings: z.array(ScreeningRecord),
  booking: BookingRecord.nullable(),
  checkIn: CheckInRecord.nullable(),
  procedure: ProcedureRecord.nullable(),
  recovery: RecoveryRecord.nullable(),
  /** Why the episode cannot be scheduled now, or null. */
  schedulingBlockedBecause: z.string().nullable(),
});
