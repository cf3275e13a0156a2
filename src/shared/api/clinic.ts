/**
 * The clinic's own settings as an admin reads and changes them: details and letterhead, time zone
 * and locale, protocol profile and overrides, and every rule — each explained (source, default,
 * overridden) — with the history of versions. Every verdict records the settings version it was
 * made with (`settingsVersion` on step records and bookings).
 */
import { z } from 'zod';
import { ClinicContactsSchema } from '../../domain/clinic.ts';
import {
  ClinicRulesSchema,
  isValidTimeZone,
  LOCALES,
  ProfileIdSchema,
  ProtocolOverridesSchema,
  SettingExplainedSchema,
} from '../../domain/clinical/index.ts';
import { TEXT } from '../../domain/limits.ts';

export const ClinicDetails = z.object({
  name: z.string().trim().min(1, { message: 'Required' }).max(200),
  timeZone: z
    .string()
    .max(TEXT.timeZone)
    .refine(isValidTimeZone, { message: 'an IANA time zone, e.g. Europe/London' }),
  locale: z.enum(LOCALES),
  contacts: ClinicContactsSchema,
});

export const ClinicProtocol = z.object({
  profile: ProfileIdSchema,
  overrides: ProtocolOverridesSchema,
});

/** GET /api/clinic: the full settings in force, explained. */
export const ClinicAdmin = z.object({
  id: z.string(),
  clinic: ClinicDetails,
  protocol: ClinicProtocol,
  rules: ClinicRulesSchema,
  /** The clinic record's version, sent back with a change (a stale one gets 409). */
  version: z.number().int(),
  /** The settings version every verdict made now records. */
  settingsVersion: z.number().int(),
  updatedAt: z.string(),
  settings: z.array(SettingExplainedSchema),
});

/** PUT /api/clinic: every setting (a whole new version), the version it was based on, and why. */
export const ClinicUpdate = z.object({
  version: z.number().int().min(1),
  reason: z.string().max(500),
  clinic: ClinicDetails,
  protocol: ClinicProtocol,
  rules: ClinicRulesSchema,
});

export const SettingsVersionsQuery = z.object({
  /** Versions older than this one (the previous page's last). */
  before: z.coerce.number().int().min(2).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** GET /api/clinic/settings/versions: who changed what, when and why, newest first. */
export const SettingsVersions = z.object({
  items: z.array(
    z.object({
      version: z.number().int(),
      changedAt: z.string(),
      changedByName: z.string().nullable(),
      reason: z.string().nullable(),
      /** Each setting that differs from the version before (none for the first). */
      changes: z.array(z.object({ key: z.string(), from: z.unknown(), to: z.unknown() })),
    }),
  ),
  nextBefore: z.number().int().nullable(),
});
