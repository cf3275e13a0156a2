/**
 * The de-identified outcomes export (docs/export-format.md), server half: gives each patient a
 * study id and a secret date shift the first time they are exported (patient_pseudonym, kept so
 * every later export agrees), then reads one clinic's episodes with their current step records in
 * one snapshot, a batch of patients at a time, and writes them as CSV or Parquet (parquet.ts). The
 * read is audited in its own transaction. Nothing identifying is read beyond the birth date, which becomes an age band.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { auditEvent, clinic } from '../../db/schema.ts';
import { csvHeader, csvLine, type EpisodeForExport, outcomeRow } from '../../domain/export/outcomes.ts';
import { HALF, maxPainSql } from '../dashboard/query.ts';
import { DomainError } from '../errors.ts';

export const EXPORT_FORMATS = ['csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportActor {
  id: string;
  name: string;
  role: string;
  /** for a download: where it came from and the request, as every audited request records them */
  clientAddress?: string;
  requestId?: string;
}

export interface ExportOptions {
  clinicId: string;
  actor: ExportActor;
  /** csv (the default) or parquet */
  format?: ExportFormat;
  /**
   * receives the file in order: for CSV the header, then text per batch; for Parquet the bytes of
   * each row group as it is finished, then the footer
   */
  write: (chunk: string | Uint8Array) => Promise<void> | void;
  onProgress?: (done: number, total: number) => void;
  /** patients per batch (tests use small batches) */
  batchSize?: number;
}

/** The largest date shift, in days either way. A shift is never 0. */
export const MAX_SHIFT_DAYS = 365;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** "S-" and ten Crockford base-32 characters (50 random bits): no 0/O or 1/I/L confusion. */
export function newStudyId(): string {
  const bytes = randomBytes(10);
  let id = '';
  for (const b of bytes) id += CROCKFORD[b & 31];
  return `S-${id}`;
}

function newShift(): number {
  const magnitude = randomInt(1, MAX_SHIFT_DAYS + 1);
  return randomInt(2) === 0 ? -magnitude : magnitude;
}

/** Gives every patient of the clinic with an episode a study id and a shift; returns how many were new. */
export async function ensurePseudonyms(db: Database, clinicId: string): Promise<number> {
  let created = 0;
  for (;;) {
    const missing = (
      await db.execute(sql`
        select p.id from patient p
        where p.clinic_id = ${clinicId}
          and exists (select 1 from episode e where e.patient_id = p.id)
          and not exists (select 1 from patient_pseudonym ps where ps.patient_id = p.id)
        limit 5000`)
    ).rows as { id: string }[];
    if (missing.length === 0) return created;
    const values = missing.map(
      (p) => sql`(${p.id}::uuid, ${clinicId}::uuid, ${newStudyId()}, ${newShift()})`,
    );
    // A clash (another export at the same moment, or a repeated study id) is skipped and retried.
    const inserted = await db.execute(sql`
      insert into patient_pseudonym (patient_id, clinic_id, study_id, shift_days)
      values ${sql.join(values, sql`, `)}
      on conflict do nothing`);
    created += inserted.rowCount ?? 0;
  }
}

interface Row {
  study_id: string;
  shift_days: number;
  birth_date: string;
  sex: string;
  stage: string;
  referred_on: string;
  episode_number: string | number;
  triage_at: Date | string | null;
  triage_facts: { purpose?: string; decision?: string } | null;
  procedure_facts: {
    record?: {
      performedAt: string;
      side: string;
      guidance: string;
      target: string;
      contrast: { used: boolean; spread?: string };
      drugs: { kind: string }[];
      complications?: string[];
      fluoroscopySeconds?: number;
      durationMinutes: number;
    };
  } | null;
  recovery_assessment: {
    blockResponse?: { classification?: string; first?: { peakReliefPercent?: number | null } };
  } | null;
  outcome_at: Date | string | null;
  outcome_facts: { decision?: string } | null;
  baseline: number | null;
  w2: number | null;
  w6: number | null;
  w12: number | null;
  pgic: number | null;
  o6: number | null;
  answered: number | null;
  last_at: Date | string | null;
  half_days: number | null;
  half_ended: boolean;
}

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

function toEpisode(row: Row, timeZone: string): EpisodeForExport {
  const record = row.procedure_facts?.record;
  const block = row.recovery_assessment?.blockResponse;
  return {
    studyId: row.study_id,
    shiftDays: row.shift_days,
    episodeNumber: Number(row.episode_number),
    birthDate: row.birth_date,
    sex: row.sex,
    stage: row.stage,
    referredOn: row.referred_on,
    timeZone,
    triage:
      row.triage_at && row.triage_facts
        ? {
            recordedAt: asDate(row.triage_at),
            purpose: row.triage_facts.purpose ?? '',
            decision: row.triage_facts.decision ?? '',
          }
        : null,
    procedure: record
      ? {
          performedAt: record.performedAt,
          side: record.side,
          guidance: record.guidance,
          target: record.target,
          contrast: record.contrast,
          drugKinds: record.drugs.map((d) => d.kind),
          complications: record.complications ?? [],
          fluoroscopySeconds: record.fluoroscopySeconds,
          durationMinutes: record.durationMinutes,
        }
      : null,
    block: block?.classification
      ? { classification: block.classification, peakReliefPercent: block.first?.peakReliefPercent ?? null }
      : null,
    outcome:
      row.outcome_at && row.outcome_facts?.decision
        ? { recordedAt: asDate(row.outcome_at), decision: row.outcome_facts.decision }
        : null,
    diary: record
      ? {
          baselinePain: row.baseline,
          painAt: { 2: row.w2, 6: row.w6, 12: row.w12 },
          halfRelief: row.half_days === null ? null : { days: row.half_days, ended: row.half_ended },
          pgicLast: row.pgic,
          opioidDoses6w: row.o6,
          prompted: row.answered ?? 0,
        }
      : null,
  };
}

/** The current (not superseded) record of a step, as a lateral join. */
const current = (step: string, alias: string) =>
  sql.raw(`left join step_record ${alias} on ${alias}.episode_id = e.id and ${alias}.step = '${step}'
    and ${alias}.superseded_at is null`);

async function episodesOf(tx: Tx, clinicId: string, studyIds: string[]): Promise<Row[]> {
  const result = await tx.execute(sql`
    select ps.study_id, ps.shift_days, p.birth_date::text as birth_date, p.sex, e.stage,
      e.referred_on::text as referred_on,
      row_number() over (partition by e.patient_id order by e.referred_on, e.created_at, e.id) as episode_number,
      t.recorded_at as triage_at, t.facts as triage_facts,
      pr.facts as procedure_facts,
      rc.assessment as recovery_assessment,
      o.recorded_at as outcome_at, o.facts as outcome_facts,
      os.baseline, os.w2, os.w6, os.w12, os.pgic, os.o6, os.answered, os.last_at,
      -- Relief of at least half (the dashboard's reading of the summary): from the injection to
      -- when it fell below, or to the last diary entry; only where it was reached.
      case when h.started is not null then h.days end as half_days,
      h.ended is not null as half_ended
    from patient_pseudonym ps
    join patient p on p.id = ps.patient_id
    join episode e on e.patient_id = p.id and e.clinic_id = ${clinicId}
    ${current('triage', 't')}
    ${current('procedure', 'pr')}
    ${current('recovery', 'rc')}
    ${current('outcome-review', 'o')}
    left join outcome_summary os on os.episode_id = e.id
    left join lateral (select os.relief_start[m + 1] as started, os.relief_end[m + 1] as ended,
      os.relief_days[m + 1] as days from (select ${maxPainSql(sql`os.baseline`, HALF)} as m) m) h on true
    where ps.clinic_id = ${clinicId} and ps.study_id = any(${sql.param(studyIds)}::text[])
    order by ps.study_id, episode_number`);
  return result.rows as unknown as Row[];
}

/** Writes the clinic's outcomes as CSV or Parquet; returns the number of episodes (rows) written. */
export async function exportOutcomes(db: Database, options: ExportOptions): Promise<{ episodes: number }> {
  const { clinicId, actor, write, onProgress, batchSize = 500, format = 'csv' } = options;
  const [found] = await db.select({ timeZone: clinic.timeZone }).from(clinic).where(eq(clinic.id, clinicId));
  if (!found) throw new DomainError('not_found', `No clinic ${clinicId}`);
  await ensurePseudonyms(db, clinicId);
  return db.transaction(
    async (tx) => {
      await tx.insert(auditEvent).values({
        clinicId,
        actorId: actor.id,
        actorName: actor.name,
        role: actor.role,
        action: 'outcomes.export',
        recordType: 'clinic',
        recordId: clinicId,
        clientAddress: actor.clientAddress ?? null,
        requestId: actor.requestId ?? null,
      });
      const [{ total }] = (
        await tx.execute(sql`select count(*)::int as total from episode where clinic_id = ${clinicId}`)
      ).rows as [{ total: number }];
      // The Parquet writer is imported on the first Parquet export, not at start-up.
      const parquet = format === 'parquet' ? (await import('./parquet.ts')).outcomeParquet(write) : null;
      if (!parquet) await write(csvHeader());
      let done = 0;
      let after = '';
      onProgress?.(0, total);
      for (;;) {
        const batch = (
          await tx.execute(sql`
            select study_id from patient_pseudonym
            where clinic_id = ${clinicId} and study_id > ${after}
            order by study_id limit ${batchSize}`)
        ).rows as { study_id: string }[];
        if (batch.length === 0) break;
        after = batch.at(-1)!.study_id;
        const rows = await episodesOf(
          tx,
          clinicId,
          batch.map((b) => b.study_id),
        );
        const out = rows.map((row) => outcomeRow(toEpisode(row, found.timeZone)));
        if (parquet) await parquet.rows(out);
        else await write(out.map(csvLine).join(''));
        done += rows.length;
        onProgress?.(done, total);
      }
      await parquet?.end();
      return { episodes: done };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read write' },
  );
}
