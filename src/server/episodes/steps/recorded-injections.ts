/**
 * The injections this clinic has recorded for the patient on their other episodes (H-007 (7)):
 * the screening counts them in the interval and the yearly limits whether or not the call listed
 * them, so a patient who forgets one, or a "no" typed in error, cannot hide an injection given
 * here. Read in openStep's one statement (context.ts), as the rows below.
 */
import { type SQL, sql } from 'drizzle-orm';
import { episode } from '../../../db/schema.ts';
import {
  type Drug,
  PurposeSchema,
  type RecordedInjection,
  type Side,
} from '../../../domain/clinical/index.ts';

export interface RecordedRow {
  performedAt: string;
  side: Side;
  drugs: Drug[];
  purpose: string | null;
}

/** The current procedure records of the episode's patient's other episodes, each with its triage's purpose. */
export const recordedRowsSql: SQL<RecordedRow[]> = sql`coalesce((select json_agg(json_build_object(
    'performedAt', p.facts->'record'->>'performedAt', 'side', p.facts->'record'->>'side',
    'drugs', p.facts->'record'->'drugs',
    'purpose', (select t.facts->>'purpose' from step_record t
      where t.episode_id = p.episode_id and t.step = 'triage' and t.superseded_at is null)))
  from step_record p join episode o on o.id = p.episode_id
  where o.patient_id = ${episode.patientId} and o.clinic_id = ${episode.clinicId} and o.id <> ${episode.id}
    and p.step = 'procedure' and p.superseded_at is null), '[]'::json)`;

/** A steroid's dose when every steroid given names one; none known when one does not. */
function steroidDoseMg(drugs: readonly Drug[]): number | undefined {
  const steroids = drugs.filter((d) => d.kind === 'steroid');
  if (steroids.some((d) => d.doseMg === undefined)) return undefined;
  return steroids.reduce((sum, d) => sum + (d.doseMg ?? 0), 0);
}

export function recordedInjection(r: RecordedRow): RecordedInjection {
  const dose = steroidDoseMg(r.drugs);
  return {
    at: new Date(r.performedAt).toISOString(),
    // A record with no triage (none is made without one; an import could) counts for both limits.
    purpose: PurposeSchema.catch('both').parse(r.purpose),
    side: r.side,
    ...(dose !== undefined ? { steroidDoseMg: dose } : {}),
  };
}
