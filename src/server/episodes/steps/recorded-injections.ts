/**
 * The injections this clinic has recorded for the patient on their other episodes (H-007 (7)),
 * as rows for `recordedInjection` (src/domain/clinical/recorded-injections.ts): the screening
 * counts them whether or not the call listed them. Part of openStep's one statement, so a save
 * costs no round trip more; the screening form reads them too, for its live verdict (routes.ts).
 */
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../../db/client.ts';
import type { Actor } from '../../../domain/actor.ts';
import {
  type RecordedInjection,
  type RecordedRow,
  recordedInjection,
} from '../../../domain/clinical/index.ts';
import { notFound } from '../../errors.ts';

/** The current procedure records of the episodes `where` picks (alias `o`), with each triage's purpose. */
const rowsWhere = (where: string) =>
  `coalesce((select json_agg(json_build_object(
    'performedAt', r.facts->'record'->>'performedAt', 'side', r.facts->'record'->>'side',
    'drugs', r.facts->'record'->'drugs',
    'purpose', (select t.facts->>'purpose' from step_record t
      where t.episode_id = r.episode_id and t.step = 'triage' and t.superseded_at is null)))
  from step_record r join episode o on o.id = r.episode_id
  where ${where}
    and r.step = 'procedure' and r.superseded_at is null), '[]'::json)`;

/** The current procedure records of the other episodes of `e`'s patient, with each triage's purpose. */
export const recordedRowsSql = (e: string) =>
  sql<
    RecordedRow[]
  >`${sql.raw(rowsWhere(`o.patient_id = ${e}.patient_id and o.clinic_id = ${e}.clinic_id and o.id <> ${e}.id`))}`;

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

/**
 * The patient a CDS client's clinic knows by this NHS number, with the injections recorded on all
 * their episodes there (an order from the hospital's record counts them, as the screening does);
 * undefined when the clinic does not know the patient.
 */
export async function recordedInjectionsByNhsNumber(
  db: Executor,
  clinicId: string,
  nhsNumber: string,
): Promise<{ patientId: string; injections: RecordedInjection[] } | undefined> {
  const { rows } = await db.execute<{ id: string; rows: RecordedRow[] }>(
    sql`select p.id, ${sql.raw(rowsWhere('o.patient_id = p.id and o.clinic_id = p.clinic_id'))} as rows
      from patient p where p.clinic_id = ${clinicId} and p.nhs_number = ${nhsNumber}`,
  );
  const found = rows[0];
  return found && { patientId: found.id, injections: found.rows.map(recordedInjection) };
}
