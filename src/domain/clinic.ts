/**
 * A clinic: the pain service at one place, the unit every record belongs to (`clinic_id`).
 * Its name, time zone and contacts are columns; its protocol profile and rules are settings.
 */
import type { z } from 'zod';
import type { ClinicSettingsSchema } from './clinical/settings.ts';

export interface ClinicContacts {
  /** The clinic's number in office hours. */
  phone: string;
  /** Office hours in words, e.g. "Monday to Friday, 8:30 to 17:00". */
  hours?: string;
  /** The urgent clinical line for worrying symptoms in office hours. */
  urgentPhone: string;
  /** What to do when the clinic is closed, in words a patient can act on. */
  outOfHours: string;
  email?: string;
  /** Postal address, one line per row, for the letterhead. */
  address?: string;
}

/** The part of a clinic's settings kept as JSON: the protocol profile with overrides, and the rules. */
export type ClinicSettingsStored = Omit<z.input<typeof ClinicSettingsSchema>, 'clinic'>;
