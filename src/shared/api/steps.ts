/**
 * The API shapes of an episode's steps. A step's input is its facts (src/domain/step-records.ts,
 * the same schemas the form checks with) plus the episode version the form was based on and,
 * for an amendment, the reason. Each record returns the judgement as it was shown when it was
 * saved (`assessment`), with the protocol and settings versions it used.
 */
import { z } from 'zod';
import {
  AssessmentSchema,
  CheckInFactsSchema,
  ChecklistSchema,
  PatientFactsSchema,
  ProcedureRecordFactsSchema,
  PurposeSchema,
  RecoveryFactsSchema,
  ScreeningFactsSchema,
  TriageFactsSchema,
} from '../../domain/clinical/index.ts';
import { LocalTime, PlausibleDate } from '../../domain/dates.ts';
import { TEXT } from '../../domain/limits.ts';
import { Stage } from '../../domain/stages.ts';
import {
  BookingFacts,
  DischargeStepFacts,
  OutcomeDecisionSchema,
  OutcomeReviewStepFacts,
  PlanFacts,
  ProcedureStepFacts,
  ScreeningStepFacts,
  TriageStepFacts,
} from '../../domain/step-records.ts';
import { type FactsOf, type StepName, StepName as StepNameSchema, stepRules } from '../../domain/steps.ts';

export { PlanFacts };

const version = z.number().int().positive();
const reason = z.string().trim().min(1, { message: 'Give a reason for the record' }).max(TEXT.reason);
/** Every step form sends the version it was based on, and a reason when it amends a record. */
const Based = { version, amendReason: reason.optional() };
const Recorded = {
  recordedBy: z.object({ name: z.string(), role: z.string() }),
  recordedAt: z.iso.datetime(),
  /**
   * Recorded at another clinic and brought in by a FHIR import: `recordedBy` is then the person
   * who imported it, and `recordedAt` the sending clinic's time.
   */
  imported: z.boolean(),
};
/** What every stored version of a step carries. */
const Versioned = {
  id: z.uuid(),
  version: z.number(),
  amendReason: z.string().nullable(),
  settingsVersion: z.number().nullable(),
  ...Recorded,
};
const Protocol = z.object({ profile: z.string(), version: z.string() });
const part = AssessmentSchema.shape;

// ── Triage ───────────────────────────────────────────────────────────────────────────────
export const TriageInput = TriageStepFacts.extend(Based);
export const TriageRecord = z.object({
  ...Versioned,
  purpose: PurposeSchema,
  facts: TriageFactsSchema,
  assessment: part.triage.unwrap(),
  protocol: Protocol,
  decision: z.enum(['accept', 'decline']),
  reason: z.string().nullable(),
});

// ── Screening (the pre-assessment call) ─────────────────────────────────────────────────
export const ScreeningInput = ScreeningStepFacts.extend(Based);
export const ScreeningRecord = z.object({
  ...Versioned,
  /** The screening's number in the episode: 1 for the first call, 2 for the next, … */
  seq: z.number(),
  facts: z.object({ patient: PatientFactsSchema, screening: ScreeningFactsSchema, plan: PlanFacts }),
  assessment: part.screening.unwrap(),
  protocol: Protocol,
  override: z.object({ reason: z.string(), by: z.string(), at: z.iso.datetime() }).nullable(),
});
export const OverrideInput = z.object({ reason, version });

// ── Scheduling ──────────────────────────────────────────────────────────────────────────
const places = 'Enter a whole number from 1 to 50';
/** A new procedure list; the form checks with it too, so its messages are the form's. */
export const ProcedureListInput = z.object({
  date: PlausibleDate('Use a date like 2026-03-04'),
  startTime: LocalTime('Enter a time like 08:30'),
  operator: z.string().trim().min(1, { message: 'Enter who does the list' }).max(200),
  room: z.string().trim().min(1, { message: 'Enter the room' }).max(100),
  capacity: z
    .number({ message: places })
    .int({ message: places })
    .min(1, { message: places })
    .max(50, { message: places }),
});
/** A list edited: every field again, with the version the form was read at. */
export const ProcedureListChange = ProcedureListInput.extend({ version });
export const ProcedureList = ProcedureListInput.extend({
  id: z.uuid(),
  booked: z.number(),
  version: z.number(),
  /** Called off, with why and by whom; null while the list stands. */
  cancelled: z.object({ at: z.iso.datetime(), reason: z.string(), by: z.string() }).nullable(),
});
/**
 * A list called off, with the reason, the version the page was read at, and the episodes the page
 * showed booked on it: every booking on it ends, so one made or ended meanwhile is a conflict.
 */
export const ProcedureListCancel = z.object({
  reason: z.string().trim().min(1, { message: 'Give the reason the list is cancelled' }).max(TEXT.reason),
  version,
  /** The episodes booked on it as the page showed them: a booking made or ended since is not cancelled unseen. */
  episodes: z.array(z.uuid()).max(50),
});
/** A cancelled list, and who was told by email; the others are to be phoned. */
export const ProcedureListCancelled = z.object({
  list: ProcedureList,
  told: z.array(z.object({ episodeId: z.uuid(), name: z.string() })),
  notTold: z.array(z.object({ episodeId: z.uuid(), name: z.string() })),
});
/** A list with who is booked on it, in time order, and what its team should know on the day. */
export const ProcedureListDetail = z.object({
  list: ProcedureList,
  entries: z.array(
    z.object({
      episodeId: z.uuid(),
      plannedAt: z.iso.datetime(),
      patient: z.object({
        name: z.string(),
        birthDate: z.string(),
        nhsNumber: z.string().nullable(),
        mrn: z.string().nullable(),
      }),
      side: z.string().nullable(),
      purpose: z.string().nullable(),
      guidance: z.string().nullable(),
      stage: Stage,
      flags: z.array(z.string()),
      /** An email address is on record: a change to the list reaches them by email, else by phone. */
      hasEmail: z.boolean(),
    }),
  ),
});
export const ProcedureListQuery = z.object({
  from: PlausibleDate().optional(),
  to: PlausibleDate().optional(),
});
export const BookingInput = BookingFacts.extend(Based);
export const BookingStatus = z.enum(['booked', 'rescheduled', 'cancelled', 'did-not-attend']);
export const BookingRecord = z.object({
  id: z.uuid(),
  procedureList: ProcedureList,
  plannedAt: z.iso.datetime(),
  /** The screening re-run for the planned time, and what the patient is told from it. */
  instructions: z.object({
    forPatient: z.array(z.string()),
    screening: part.screening.unwrap(),
  }),
  status: BookingStatus,
  statusReason: z.string().nullable(),
  settingsVersion: z.number().nullable(),
  ...Recorded,
});

// ── Day of procedure ───────────────────────────────────────────────────────────────────
export const CheckInInput = CheckInFactsSchema.extend(Based);
export const CheckInRecord = CheckInFactsSchema.extend(Versioned);

export const ProcedureInput = ProcedureStepFacts.extend(Based);
export const ProcedureRecord = z.object({
  ...Versioned,
  checklist: ChecklistSchema,
  record: ProcedureRecordFactsSchema,
  side: part.side.unwrap(),
});

// ── Recovery and discharge ─────────────────────────────────────────────────────────────
export const RecoveryInput = RecoveryFactsSchema.extend(Based);
export const RecoveryRecord = z.object({
  ...Versioned,
  facts: RecoveryFactsSchema,
  assessment: z.object({
    /** Null when no local anaesthetic the rules know was given. */
    blockResponse: part.blockResponse.unwrap().nullable(),
    discharge: part.discharge.unwrap(),
  }),
  protocol: Protocol,
});
export const DischargeInput = DischargeStepFacts.extend(Based);
export const DischargeRecord = z.object({
  ...Versioned,
  overrideReason: z.string().nullable(),
  /** Readiness as it stood when the patient went home. */
  assessment: z.object({ discharge: part.discharge.unwrap() }),
});

// ── Outcome review ─────────────────────────────────────────────────────────────────────
export const OutcomeReviewInput = OutcomeReviewStepFacts.extend(Based);
export const OutcomeReviewRecord = z.object({
  ...Versioned,
  decision: OutcomeDecisionSchema,
  reason: z.string(),
  /** The clinical core's outcome and next-step options when the clinician decided. */
  assessment: z.object({ outcome: part.outcome.unwrap().nullable() }),
});

/** An earlier version of a step, kept when a later one replaced it. */
export const EarlierVersion = z.object({
  step: StepNameSchema,
  id: z.uuid(),
  version: z.number(),
  facts: z.record(z.string(), z.unknown()),
  amendReason: z.string().nullable(),
  supersededAt: z.iso.datetime(),
  ...Recorded,
});

/** The current version of any step, as stored: what a step added later is read back as. */
export const StepRecord = z.object({
  ...Versioned,
  step: StepNameSchema,
  facts: z.record(z.string(), z.unknown()),
  assessment: z.record(z.string(), z.unknown()).nullable(),
  protocol: Protocol.nullable(),
});

/** Everything recorded on an episode's steps, for the episode page. */
export const EpisodeSteps = z.object({
  /** The current version of every step recorded, by step (each also has its own field below). */
  current: z.partialRecord(StepNameSchema, StepRecord),
  triage: TriageRecord.nullable(),
  /** Every screening call, newest first: the first governs booking. */
  screenings: z.array(ScreeningRecord),
  /** The booking in force, if any. */
  booking: BookingRecord.nullable(),
  /** Every booking the episode has had, newest first (rescheduled, cancelled, did not attend). */
  bookings: z.array(BookingRecord),
  checkIn: CheckInRecord.nullable(),
  procedure: ProcedureRecord.nullable(),
  recovery: RecoveryRecord.nullable(),
  discharge: DischargeRecord.nullable(),
  outcomeReview: OutcomeReviewRecord.nullable(),
  /** Earlier versions of the steps above (not screenings, which list every call), newest first. */
  earlier: z.array(EarlierVersion),
  /** Why the episode cannot be scheduled now, or null. */
  schedulingBlockedBecause: z.string().nullable(),
});

export interface StepRoute {
  method: 'PUT' | 'POST';
  /** The step's name, but for the screening: a call is one of many (`screenings`). */
  path: StepName | 'screenings';
  input: z.ZodType;
}

/** Steps whose route is not the default `PUT /api/episodes/:id/<step>`. */
const routeExceptions: Partial<Record<StepName, StepRoute>> = {
  screening: { method: 'POST', path: 'screenings', input: ScreeningInput },
  discharge: { method: 'POST', path: 'discharge', input: DischargeInput },
};

/**
 * How a step is reached over HTTP: `<method> /api/episodes/:id/<path>`, its input being the
 * step's facts (src/domain/steps.ts) with the version the form was based on. A new step needs
 * nothing here.
 */
export function stepRoute(step: StepName): StepRoute {
  const facts = stepRules[step].facts as z.ZodObject;
  return routeExceptions[step] ?? { method: 'PUT', path: step, input: facts.extend(Based) };
}

export type StepInput<S extends StepName> = FactsOf<S> & {
  version: number;
  amendReason?: string | undefined;
};
