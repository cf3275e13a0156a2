/** A clinic's settings as the clinical rules take them, and a new clinic with cited defaults. */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { clinic, clinicSettingsVersion } from '../../db/schema.ts';
import type { ClinicContacts } from '../../domain/clinic.ts';
import {
  type ClinicSettings,
  ClinicSettingsSchema,
  defaultClinicSettings,
} from '../../domain/clinical/index.ts';
import { notFound } from '../errors.ts';

export interface NewClinic {
  name: string;
  timeZone: string;
  contacts: ClinicContacts;
  profile?: ClinicSettings['protocol']['profile'];
}

type Executor = Pick<Database, 'insert' | 'select'>;

/** A new clinic starts on a shipped protocol profile with every rule at its cited default. */
export async function createClinic(db: Executor, input: NewClinic): Promise<{ id: string }> {
  const { protocol, rules } = defaultClinicSettings(identityOf(input), input.profile);
  const settings = { protocol, rules };
  const [row] = await db
    .insert(clinic)
    .values({ name: input.name, timeZone: input.timeZone, contacts: input.contacts, settings })
    .returning({ id: clinic.id });
  await db.insert(clinicSettingsVersion).values({
    clinicId: row!.id,
    version: 1,
    name: input.name,
    timeZone: input.timeZone,
    contacts: input.contacts,
    settings,
    reason: 'New clinic: the profile and rules at their defaults',
  });
  return row!;
}

export interface ClinicSettingsInForce {
  settings: ClinicSettings;
  /** The settings version every verdict made with them records. */
  settingsVersion: number;
  /** Every contact detail, the letterhead's too (the rules need only some). */
  contacts: ClinicContacts;
}

/** The full settings the clinical rules take, from a clinic's columns and its stored settings. */
export async function clinicSettings(db: Executor, clinicId: string): Promise<ClinicSettingsInForce> {
  const [row] = await db.select().from(clinic).where(eq(clinic.id, clinicId));
  if (!row) throw notFound('clinic');
  return {
    settings: ClinicSettingsSchema.parse({ ...row.settings, clinic: identityOf(row) }),
    settingsVersion: row.settingsVersion,
    contacts: row.contacts,
  };
}

function identityOf(c: { name: string; timeZone: string; contacts: ClinicContacts }) {
  const { phone, urgentPhone, outOfHours } = c.contacts;
  return { name: c.name, timeZone: c.timeZone, contacts: { phone, urgentPhone, outOfHours } };
}
