/**
 * The follow-up's HTTP shapes: the pain diary (the patient's and the staff view), worrying-symptom
 * reports with their advice, the alerts they raise, and the repeat after an outcome review.
 */
import { z } from 'zod';
import { FindingSchema, SymptomSchema, UrgencySchema } from '../../domain/clinical/index.ts';
import { GlucoseSchema } from '../../domain/clinical/settings.ts';
import { DiaryEntryFactsSchema, PromptKindSchema } from '../../domain/diary.ts';
import { Stage } from '../../domain/pathway.ts';
import { Side } from './core.ts';
import { ContactsForPatient } from './portal.ts';

const instant = z.iso.datetime({ offset: true });
const version = z.number().int().positive();

// ── The pain diary ─────────────────────────────────────────────────────────────────────
export const DiaryEntryInput = DiaryEntryFactsSchema;

export const DiaryEntryRecord = z.object({
  id: z.uuid(),
  /** When the pain was scored: the moment of entry, or for a late answer the prompt's time. */
  at: instant,
  promptAt: instant.nullable(),
  late: z.boolean(),
  pain: z.number(),
  activity: z.number().nullable(),
  pgic: z.number().nullable(),
  opioidDoses: z.number().nullable(),
  otherMedicines: z.string().nullable(),
  glucose: GlucoseSchema.nullable(),
  sideEffects: z.string().nullable(),
  enteredAt: instant,
  /** Who entered it: the patient, or staff for them (a phone call). */
  enteredBy: z.object({ role: z.string(), name: z.string().nullable() }),
  /** Entered at another clinic and brought in by a FHIR import; staff's entries name the importer. */
  imported: z.boolean(),
});

export const DiaryPromptRecord = z.object({
  dueAt: instant,
  kind: PromptKindSchema,
  /** Minutes (hourly), days or weeks after the procedure. */
  after: z.number(),
  windowEndsAt: instant,
  status: z.enum(['upcoming', 'open', 'answered', 'answered-late', 'missed']),
  entryId: z.uuid().nullable(),
});

export const Diary = z.object({
  episodeId: z.uuid(),
  timeZone: z.string(),
  procedureAt: instant.nullable(),
  /** Pain before the injection (recovery), the baseline relief is measured from. */
  baselinePain: z.number().nullable(),
  /** Entries are taken from discharge until the episode closes. */
  open: z.boolean(),
  /** The patient has diabetes: the diary asks for glucose. */
  askGlucose: z.boolean(),
  entries: z.array(DiaryEntryRecord),
  prompts: z.array(DiaryPromptRecord),
  /** Prompts whose window closed without an answer. */
  missed: z.number(),
});

/** What the patient's follow-up pages need: whom to call, and which of their episodes are open. */
export const MyFollowUp = z.object({
  clinic: z.object({
    name: z.string(),
    contacts: ContactsForPatient.pick({ phone: true, hours: true, urgentPhone: true, outOfHours: true }),
  }),
  episodes: z.array(
    z.object({
      id: z.uuid(),
      stage: Stage,
      side: Side.nullable(),
      referredOn: z.string(),
      procedureAt: instant.nullable(),
      diaryOpen: z.boolean(),
    }),
  ),
});

// ── Worrying symptoms ──────────────────────────────────────────────────────────────────
export const SymptomReportInput = z.object({
  symptoms: z
    .array(SymptomSchema)
    .min(1, { message: 'Choose at least one symptom' })
    .max(20)
    .refine((s) => new Set(s).size === s.length, { message: 'Each symptom once' }),
  /** When a flare of pain began, if the patient says. */
  flareStartedAt: instant.optional(),
  freeText: z.string().trim().max(2000).optional(),
});

/** What the patient is shown once the report is saved: the advice, or "call us" when it could not be worked out. */
export const SymptomReportResult = z.object({
  id: z.uuid(),
  reportedAt: instant,
  /** False when the advice step failed: the report is kept and the patient is told to call. */
  triaged: z.boolean(),
  urgency: UrgencySchema.nullable(),
  /** What to do, in the patient's words, most urgent first. */
  advice: z.array(z.string()),
  /** A clinician has been alerted. */
  alertRaised: z.boolean(),
});

export const AlertUrgency = z.enum(['urgent', 'soon', 'untriaged']);

export const AlertRecord = z.object({
  id: z.uuid(),
  episodeId: z.uuid(),
  symptomReportId: z.uuid().nullable(),
  patient: z.object({ id: z.uuid(), givenName: z.string(), familyName: z.string() }),
  /** `untriaged`: the advice step failed, so a person must read the report. */
  urgency: AlertUrgency,
  symptoms: z.array(z.string()),
  /** What the patient wrote with the report, as written: the rules do not read it, a person does. */
  freeText: z.string().nullable(),
  raisedAt: instant,
  /** When the second notification went out (nobody had acknowledged it in the clinic's time). */
  escalatedAt: instant.nullable(),
  acknowledgedAt: instant.nullable(),
  acknowledgedBy: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number(),
});

export const Alerts = z.object({
  items: z.array(AlertRecord),
  /** The summary's stamp (below) as it was when these alerts were read. */
  stamp: z.string(),
});

/**
 * How many alerts are open, for the count every staff page shows: numbers only, no patient's
 * data, so reading it (every 30 s on every open page) is not a read of patient data to audit.
 */
export const AlertSummary = z.object({
  open: z.number().int().min(0),
  /** Urgent or not triaged: all but the "soon" ones. */
  urgent: z.number().int().min(0),
  /** Not acknowledged within the clinic's set time. */
  escalated: z.number().int().min(0),
  /**
   * Changes whenever an open alert comes, goes, escalates or changes, and carries nothing else:
   * the Alerts page reads the alerts again only when it differs from the one they came with.
   */
  stamp: z.string(),
});

export const AcknowledgeInput = z.object({
  note: z.string().trim().min(1, { message: 'Say what was done' }).max(2000),
  version,
});

export const SymptomReportRecord = z.object({
  id: z.uuid(),
  reportedAt: instant,
  symptoms: z.array(z.string()),
  freeText: z.string().nullable(),
  urgency: UrgencySchema.nullable(),
  /** The red-flag triage as the patient was shown it (empty when it could not run). */
  findings: z.array(FindingSchema),
  reportedBy: z.object({ role: z.string(), name: z.string().nullable() }),
  /** Reported at another clinic and brought in by a FHIR import; staff's reports name the importer. */
  imported: z.boolean(),
  alert: AlertRecord.nullable(),
});

export const SymptomReports = z.object({ items: z.array(SymptomReportRecord) });

// ── After the outcome review ───────────────────────────────────────────────────────────
export const RepeatInput = z.object({ version });
