/** What the patient's follow-up pages need first: whom to call, and which of their episodes are open. */
import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { clinic, episode } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { diaryOpen } from '../../domain/portal/patient-stage.ts';
import type { MyFollowUp } from '../../shared/api/follow-up.ts';
import { notFound } from '../errors.ts';
import { visibleTo } from './episode.ts';

export async function myFollowUp(db: Database, actor: Actor): Promise<typeof MyFollowUp._output> {
  const [c] = await db.select().from(clinic).where(eq(clinic.id, actor.clinicId));
  if (!c) throw notFound('clinic');
  const rows = await db
    .select({
      id: episode.id,
      stage: episode.stage,
      side: episode.side,
      referredOn: episode.referredOn,
      // The procedure's time, from its current record (a jsonb field of step_record).
      performedAt: sql<string | null>`(select s.facts->'record'->>'performedAt' from step_record s
        where s.episode_id = ${episode.id} and s.step = 'procedure' and s.superseded_at is null)`,
    })
    .from(episode)
    .where(and(visibleTo(actor), notInArray(episode.stage, ['closed', 'declined'])))
    .orderBy(desc(episode.referredOn), desc(episode.createdAt))
    .limit(50);
  const { phone, hours, urgentPhone, outOfHours } = c.contacts;
  return {
    clinic: { name: c.name, contacts: { phone, hours: hours ?? null, urgentPhone, outOfHours } },
    episodes: rows.map((r) => ({
      id: r.id,
      stage: r.stage,
      side: r.side,
      referredOn: r.referredOn,
      procedureAt: r.performedAt ? new Date(r.performedAt).toISOString() : null,
      diaryOpen: diaryOpen.includes(r.stage),
    })),
  };
}
