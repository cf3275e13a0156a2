/**
 * The injections this clinic has recorded for the patient on their other episodes (H-007 (7)),
 * as rows for `recordedInjection` (src/domain/clinical/recorded-injections.ts): the screening
 * counts them whether or not the call listed them. Part of openStep's one statement, so a save
 * costs no round trip more; the screening form reads them too, for its live verdict (routes.ts).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import type { Actor } from '../../../domain/actor.ts';
import {
  type RecordedInjection,
  type RecordedRow,
  recordedInjection,
} from '../../../domain/clinical/index.ts';
import { notFound } from '../../errors.ts';

/** The current procedure records of the other episodes of `e`'s patient, with each triage's purpose. */
export const recordedRowsSql = (e: string) =>
  sql<RecordedRow[]>`${sql.raw(`coalesce((select json_agg(json_build_object(
    'performedAt', r.facts->'record'->>'performedAt', 'side', r.facts->'record'->>'side',
    'drugs', r.facts->'record'->'drugs',
    'purpose', (select t.facts->>'purpose' from step_record t
      where t.episode_id = r.episode_id and t.step = 'triage' and t.superseded_at is null)))
  from step_record r join episode o on o.id = r.episode_id
  where o.patient_id = ${e}.patient_id and o.clinic_id = ${e}.clinic_id and o.id <> ${e}.id
    and r.step = 'procedure' and r.superseded_at is null), '[]'::json)`)}`;

/** The injections recorded on the patient's other episodes, for one of the actor's clinic's episodes. */
export async function recordedInjectionsOf(
  db: Database,
  actor: Actor,
  episodeId: string,
): Promise<RecordedInjection[]> {
  const { rows } = await db.execute<{ rows: RecordedRow[] }>(
    sql`select ${recordedRowsSql('e')} as rows from episode e where e.id = ${episodeId} and e.clinic_id = ${actor.clinicId}`,
  );
  if (!rows[0]) throw notFound('episode');
  return rows[0].rows.map(recordedInjection);
}
