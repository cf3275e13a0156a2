/**
 * A clinic: the pain service at one place, the unit every record belongs to (`clinic_id`).
 * Its name, time zone and contacts are columns; its protocol profile and rules are settings.
 */
import { z } from 'zod';
import type { ClinicSettingsSchema, Locale } from './clinical/settings.ts';

// 'Required' as the other forms say it, not zod's own words about string lengths.
const required = { message: 'Required' };
const Line = z.string().trim().min(1, required).max(200);

/** How patients and referrers reach the clinic; printed on the letterhead and in patient advice. */
export const ClinicContactsSchema = z.object({
  /** The clinic's number in office hours. */
  phone: Line,
  /** Office hours in words, e.g. "Monday to Friday, 8:30 to 17:00". */
  hours: Line.optional(),
  /** The urgent clinical line for worrying symptoms in office hours. */
  urgentPhone: Line,
  /** What to do when the clinic is closed, in words a patient can act on. */
  outOfHours: z.string().trim().min(1, required).max(500),
  email: z.email().max(200).optional(),
  /** Postal address, one line per row, for the letterhead. */
  address: z.string().trim().min(1, required).max(500).optional(),
});
export type ClinicContacts = z.infer<typeof ClinicContactsSchema>;

/** The part of a clinic's settings kept as JSON: the protocol profile with overrides, the rules, the locale. */
export type ClinicSettingsStored = Omit<z.input<typeof ClinicSettingsSchema>, 'clinic'> & { locale?: Locale };
