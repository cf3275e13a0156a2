/**
 * The API's shapes, as zod: the single source for validation, TypeScript types and OpenAPI.
 * Field names are the words clinicians use, the same in the database, the API and the UI.
 */
import { z } from 'zod';
import { RoleSchema } from '../../domain/actor.ts';
import { AssessmentSchema, RecordedInjectionSchema } from '../../domain/clinical/index.ts';
import { PlausibleDate } from '../../domain/dates.ts';
import { isValidNhsNumber, mrnPattern, normaliseNhsNumber } from '../../domain/identifiers.ts';
import { TEXT } from '../../domain/limits.ts';
import { MoveNameSchema, Stage, StepName } from '../../domain/pathway.ts';
import { leftOpenStages } from '../../domain/procedure-lists.ts';
import { EpisodeSteps } from './steps.ts';

const isoDate = PlausibleDate();
const text = (max: number) => z.string().trim().min(1, { message: 'Required' }).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => v || null)
    .nullish();

export const Sex = z.enum(['female', 'male', 'other', 'unknown']);
export const Side = z.enum(['left', 'right', 'both']);

const nhsNumber = z
  .string()
  .max(TEXT.identifier)
  .transform(normaliseNhsNumber)
  .refine((v) => v === '' || isValidNhsNumber(v), {
    message: 'Not a valid NHS number: it must be 10 digits and pass the check digit',
  })
  .transform((v) => v || null)
  .nullish();
const mrn = z
  .string()
  .max(TEXT.identifier)
  .trim()
  .refine((v) => v === '' || mrnPattern.test(v), { message: 'Use 3 to 20 letters, digits or dashes' })
  .transform((v) => v || null)
  .nullish();

const patientFields = {
  givenName: text(100),
  familyName: text(100),
  birthDate: isoDate,
  sex: Sex,
  nhsNumber,
  mrn,
  email: z
    .union([z.literal(''), z.email({ message: 'Not a valid email address' })])
    .transform((v) => v || null)
    .nullish(),
  phone: optionalText(30),
};

/** The most patients a possible duplicate names (a family name and a birthday shared by more is no lead). */
export const POSSIBLE_DUPLICATE_LIMIT = 20;

export const PatientInput = z
  .object({
    ...patientFields,
    /**
     * The patients here of the same family name and date of birth whom the person adding has seen
     * and says are someone else (twins, say): without it, such a patient stops the add
     * (`possible_duplicate`), for a second record would split one person's injections in two.
     */
    notDuplicateOf: z.array(z.uuid()).max(POSSIBLE_DUPLICATE_LIMIT).optional(),
  })
  .refine((p) => p.nhsNumber || p.mrn, { message: 'Give an NHS number or a local MRN', path: ['nhsNumber'] });
export type PatientInput = z.infer<typeof PatientInput>;

export const PatientChanges = z
  .object(patientFields)
  .partial()
  .extend({ version: z.number().int().positive() });
export type PatientChanges = z.infer<typeof PatientChanges>;

const timestamps = { createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() };

export const Patient = z.object({
  id: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.string(),
  sex: Sex,
  nhsNumber: z.string().nullable(),
  mrn: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  version: z.number(),
  ...timestamps,
});
export type Patient = z.infer<typeof Patient>;

export const PatientSearch = z.object({
  q: z.string().trim().max(100).optional(),
  birthDate: isoDate.optional(),
  identifier: z.string().trim().max(30).optional(),
});

export const Referral = z.object({
  referrer: text(200),
  /** Where the letter to the referrer goes, one line per row. */
  referrerAddress: optionalText(500),
  referredOn: isoDate,
  reason: text(2000),
  side: Side.nullish(),
});
export type Referral = z.infer<typeof Referral>;

/**
 * A referral amended: every detail again (an address or a side left out is none), the episode's
 * version the form was read at, and why, for the timeline beside the earlier values.
 */
export const ReferralAmendment = Referral.extend({
  version: z.number().int().positive(),
  amendReason: z.string().trim().min(1, { message: 'Say why the referral is amended' }).max(TEXT.reason),
});
export type ReferralAmendment = z.infer<typeof ReferralAmendment>;

export const Episode = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  stage: Stage,
  referrer: z.string(),
  referrerAddress: z.string().nullable(),
  referredOn: z.string(),
  reason: z.string(),
  side: Side.nullable(),
  previousEpisodeId: z.uuid().nullable(),
  version: z.number(),
  ...timestamps,
});
export type Episode = z.infer<typeof Episode>;

/** One line of the episode's timeline: what happened, worded, with who did it and why. */
export const EpisodeEvent = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  /** The coded event, e.g. `screening.recorded`, `check-in.amended`, `move`. */
  event: z.string(),
  move: MoveNameSchema.nullable(),
  fromStage: Stage.nullable(),
  toStage: Stage,
  /** The event in words, as the timeline shows it. */
  summary: z.string(),
  reason: z.string().nullable(),
  actor: z.object({ name: z.string(), role: z.string() }),
});

export const AllowedMove = z.object({
  move: MoveNameSchema,
  label: z.string(),
  needsReason: z.boolean(),
  /** The step whose form makes this move; null for a plain button (withdraw, close, …). */
  step: StepName.nullable(),
});

export const EpisodeDetail = Episode.extend({
  patient: Patient,
  events: z.array(EpisodeEvent),
  allowedMoves: z.array(AllowedMove),
  steps: EpisodeSteps,
});
export type EpisodeDetail = z.infer<typeof EpisodeDetail>;

/** The injections recorded on the patient's other episodes here, which the screening counts (H-007 (7)). */
export const RecordedInjections = z.object({ recordedInjections: z.array(RecordedInjectionSchema) });

export const OutcomeNow = z.object({
  /** Null before the procedure and its recovery are recorded. */
  outcome: AssessmentSchema.shape.outcome.unwrap().nullable(),
});

export const MoveInput = z.object({
  move: MoveNameSchema,
  reason: z.string().trim().max(2000).optional(),
  version: z.number().int().positive(),
});

/** The most rows a worklist answers with; the page says when there are more. */
export const WORKLIST_LIMIT = 500;
/** The most patients a search answers with, by family name; the page says when there may be more. */
export const PATIENT_LIMIT = 100;

export const WorklistQuery = z.object({
  /** One stage, or `open`: every stage but where the pathway has ended (declined, closed). */
  stage: z.union([Stage, z.literal('open')]).optional(),
  q: z.string().trim().max(100).optional(),
  /** The procedure day: only episodes booked on that day's lists (counts follow it too). */
  date: isoDate.optional(),
});

/**
 * A worklist row: what the list shows, and no more. The patient's contact details and the
 * referral's text stay on their own pages, whose reading is audited one by one (the minimum
 * necessary, Caldicott principle 3); a day's list is read far more often than either.
 */
export const WorklistItem = Episode.pick({
  id: true,
  patientId: true,
  stage: true,
  referredOn: true,
  side: true,
}).extend({
  patient: Patient.pick({
    id: true,
    givenName: true,
    familyName: true,
    birthDate: true,
    nhsNumber: true,
    mrn: true,
  }),
  /** When the episode is booked, once it is. */
  plannedAt: z.iso.datetime().nullable(),
});

export const Worklist = z.object({
  items: z.array(WorklistItem),
  countsByStage: z.record(Stage, z.number()),
});

/** How many bookings left open the worklist names; the count says how many there are in all. */
export const LEFT_OPEN_LIMIT = 20;
/** Bookings whose day has passed with nothing recorded (src/domain/procedure-lists.ts), oldest first. */
export const LeftOpen = z.object({
  items: z.array(
    z.object({
      episodeId: z.uuid(),
      name: z.string(),
      plannedAt: z.iso.datetime(),
      stage: z.enum(leftOpenStages),
    }),
  ),
  total: z.number().int(),
});

export const IdParams = z.object({ id: z.uuid({ message: 'Not a record id' }) });

export const AuditPage = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      at: z.iso.datetime(),
      actorName: z.string().nullable(),
      role: z.string().nullable(),
      action: z.string(),
      recordType: z.string(),
      recordId: z.string().nullable(),
      status: z.number().nullable(),
      clientAddress: z.string().nullable(),
      /** The event's place in its clinic's chain and its link, once the sealer has chained it. */
      seq: z.number().nullable(),
      hash: z.string().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export const AuditQuery = z.object({
  /** An event id from the previous page (ids stay far below 2^53). */
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, { message: 'Not a page cursor' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Only the events about one patient: their record, their episodes and those episodes' alerts. */
  patient: z.uuid().optional(),
});

export const Me = z.object({
  user: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: RoleSchema,
    clinicId: z.string(),
  }),
  clinic: z.object({
    id: z.string(),
    name: z.string(),
    timeZone: z.string(),
    contacts: z.object({ phone: z.string(), urgentPhone: z.string(), outOfHours: z.string() }),
  }),
});
