import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type SiteContacts, site } from '../../db/schema.ts';
import {
  type ClinicSettings,
  ClinicSettingsSchema,
  defaultClinicSettings,
} from '../../domain/clinical/index.ts';

export interface NewSite {
  name: string;
  timeZone: string;
  contacts: SiteContacts;
  profile?: ClinicSettings['protocol']['profile'];
}

/** A new site starts on a shipped protocol profile with every site rule at its cited default. */
export async function createSite(db: Pick<Database, 'insert'>, input: NewSite): Promise<{ id: string }> {
  const { protocol, site: rules } = defaultClinicSettings(clinicOf(input), input.profile);
  const [row] = await db
    .insert(site)
    .values({
      name: input.name,
      timeZone: input.timeZone,
      contacts: input.contacts,
      settings: { protocol, site: rules },
    })
    .returning({ id: site.id });
  return row!;
}

/** The full settings the clinical rules take, from a site's columns and its stored settings. */
export async function clinicSettings(db: Database, siteId: string): Promise<ClinicSettings> {
  const row = await db.query.site.findFirst({ where: eq(site.id, siteId) });
  if (!row) throw new Error(`No site ${siteId}`);
  return ClinicSettingsSchema.parse({ ...row.settings, clinic: clinicOf(row) });
}

function clinicOf(s: { name: string; timeZone: string; contacts: SiteContacts }) {
  const { phone, urgentPhone, outOfHours } = s.contacts;
  return { name: s.name, timeZone: s.timeZone, contacts: { phone, urgentPhone, outOfHours } };
}
