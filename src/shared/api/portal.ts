/**
 * The patient's own pages (`/api/my/...`) and how staff give a patient access. Patient-safe shapes:
 * what the patient was told and what they ticked, never a finding's staff wording, a clinician's
 * reason or any internal note.
 */
import { z } from 'zod';
import { Stage } from '../../domain/stages.ts';
import { Side } from './core.ts';

export const ChecklistItemState = z.object({
  key: z.string(),
  /** What the patient confirms, in the first person. */
  label: z.string(),
  /** The instruction it is about, as the patient reads it. */
  instruction: z.string(),
  checked: z.boolean(),
  checkedAt: z.iso.datetime().nullable(),
  /** Ticked once, but the instruction has changed since: to be read and ticked again. */
  changedSinceTicked: z.boolean(),
});

export const PatientChecklist = z.object({
  /** The booking the checklist is for (a new booking starts afresh); null when none is in force. */
  bookingId: z.uuid().nullable(),
  items: z.array(ChecklistItemState),
  complete: z.boolean(),
});

export const ChecklistTick = z.object({
  item: z.string().trim().min(1, { message: 'Required' }).max(200),
  checked: z.boolean(),
});

/** Whom a patient may call, as their pages show it (the clinic's contacts, no internal ones). */
export const ContactsForPatient = z.object({
  phone: z.string(),
  hours: z.string().nullable(),
  urgentPhone: z.string(),
  outOfHours: z.string(),
  email: z.string().nullable(),
  address: z.string().nullable(),
});

export const MyEpisodeSummary = z.object({
  id: z.uuid(),
  stage: Stage,
  /** The stage in the patient's words, and what happens next. */
  status: z.object({ title: z.string(), next: z.string() }),
  referredOn: z.string(),
  referrer: z.string(),
  side: Side.nullable(),
  booking: z
    .object({
      plannedAt: z.iso.datetime(),
      /** In the clinic's time zone: "Tuesday 14 July 2026, 09:30". */
      plannedAtLocal: z.string(),
      room: z.string(),
    })
    .nullable(),
  checklistProgress: z.object({ done: z.number().int(), total: z.number().int() }),
});
export const MyEpisodes = z.object({ items: z.array(MyEpisodeSummary) });

export const MyEpisode = MyEpisodeSummary.extend({
  /** How to get ready, before the procedure (empty while it is not going ahead). */
  preparation: z.array(z.string()),
  /** Why it must wait, while it is not safe yet. */
  notYet: z.array(z.string()),
  /** After the procedure: what to expect, and the symptoms that need a call straight away. */
  afterCare: z.object({ instructions: z.array(z.string()), urgent: z.array(z.string()) }).nullable(),
  checklist: PatientChecklist,
  clinic: z.object({ name: z.string(), contacts: ContactsForPatient }),
});

export const InvitationInput = z.object({
  email: z.email({ message: 'Not a valid email address' }).max(200),
  /** The patient record's version, when the email differs from the one on it. */
  version: z.number().int().positive(),
});

export const PortalAccess = z.object({
  /** The email the patient signs in with; null before they are invited. */
  email: z.string().nullable(),
  invitedAt: z.iso.datetime().nullable(),
  /** They have signed in at least once (their email is proven). */
  signedIn: z.boolean(),
  /** The patient record's version now (an invitation may have changed its email). */
  patientVersion: z.number().int(),
});
