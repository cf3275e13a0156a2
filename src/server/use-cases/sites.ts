import type { Database } from '../../db/client.ts';
import { type SiteContacts, site } from '../../db/schema.ts';

export interface NewSite {
  name: string;
  timeZone: string;
  contacts: SiteContacts;
  settings?: Record<string, unknown>;
}

export async function createSite(db: Pick<Database, 'insert'>, input: NewSite): Promise<{ id: string }> {
  const [row] = await db
    .insert(site)
    .values({ ...input, settings: input.settings ?? {} })
    .returning({ id: site.id });
  return row!;
}
