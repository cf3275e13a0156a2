import { and, eq, isNull, sql } from 'drizzle-orm';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, test } from 'vitest';
import { csvRecords } from '../../../test/support/csv.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../db/client.ts';
import { auditEvent, clinic, episode, patient, patientPseudonym, stepRecord, user } from '../../db/schema.ts';
import { OUTCOME_COLUMN_TYPES, OUTCOME_COLUMNS } from '../../domain/export/outcomes.ts';
import { DashboardQuery } from '../../shared/api/dashboard.ts';
import { dashboard } from '../dashboard/query.ts';
import { seedDemo } from '../demo/demo.ts';
import { runStep } from '../episodes/steps/registry.ts';
import { exportOutcomes, MAX_SHIFT_DAYS } from './outcomes.ts';

const actor = { id: 'cli:test', name: 'test (command line)', role: 'cli' };
const REVIEW_REASON = 'Mrs Example said the relief lasted until her daughter’s wedding';
const PROCEDURE_NOTE = 'Needle re-sited twice; patient anxious about her job at Exampletown library';

const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

async function runExport(db: Database, clinicId: string, batchSize?: number) {
  let text = '';
  const progress: [number, number][] = [];
  const result = await exportOutcomes(db, {
    clinicId,
    actor,
    batchSize,
    write: (chunk) => {
      text += chunk;
    },
    onProgress: (done, total) => progress.push([done, total]),
  });
  return { text, rows: csvRecords(text), progress, ...result };
}

describe('sijpath export outcomes: the de-identified export', () => {
  let db: Database;
  let clinicId: string;
  let exported: Awaited<ReturnType<typeof runExport>>;

  beforeAll(async () => {
    ({ db } = await createTestDatabase());
    await seedDemo(db, () => {}, new Date('2026-06-15T12:00:00Z'));
    [{ id: clinicId }] = (await db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
    // Free text the export must leave out: a procedure note and an outcome review's reason.
    const [followingUp] = await db.select().from(episode).where(eq(episode.stage, 'following-up')).limit(1);
    await db.execute(sql`
      update step_record set facts = jsonb_set(facts, '{record,notes}', to_jsonb(${PROCEDURE_NOTE}::text))
      where episode_id = ${followingUp!.id} and step = 'procedure' and superseded_at is null`);
    const [clinician] = await db.select().from(user).where(eq(user.role, 'clinician'));
    await db.transaction((tx) =>
      runStep(
        tx,
        {
          id: clinician!.id,
          name: clinician!.name,
          email: clinician!.email,
          role: 'clinician',
          clinicId,
          patientId: null,
        },
        followingUp!.id,
        'outcome-review',
        { decision: 'repeat-injection', reason: REVIEW_REASON, version: followingUp!.version },
        new Date('2026-06-14T10:00:00Z'),
      ),
    );
    exported = await runExport(db, clinicId, 3);
  }, 120_000);

  test('one row per episode, under the documented columns, with a progress count to the total', async () => {
    const episodes = await db.select().from(episode).where(eq(episode.clinicId, clinicId));
    expect(exported.text.split('\r\n')[0]).toBe(OUTCOME_COLUMNS.map(([name]) => name).join(','));
    expect(exported.rows).toHaveLength(episodes.length);
    expect(exported.episodes).toBe(episodes.length);
    expect(exported.progress.at(-1)).toEqual([episodes.length, episodes.length]);
    // The demo's finished episodes were injected and assessed; the reviewed one has its decision.
    const performed = exported.rows.filter((r) => r.procedure_on !== '');
    expect(performed.length).toBeGreaterThan(0);
    for (const r of performed) {
      expect(r.guidance).toMatch(/^(fluoroscopy|ultrasound|ct)$/);
      expect(r.injectate).toMatch(/local-anaesthetic/);
      expect(r.block_classification).toMatch(/^(positive|negative|indeterminate)$/);
    }
    // Each outcome review's decision is exported as recorded (the demo's reviewed patient, who is to
    // have a repeat, and the demo's year of finished history).
    const reviews = await db
      .select({ decision: sql<string>`${stepRecord.facts}->>'decision'` })
      .from(stepRecord)
      .where(and(eq(stepRecord.step, 'outcome-review'), isNull(stepRecord.supersededAt)));
    const decisions = (rows: { decision?: string | null }[]) => rows.map((r) => r.decision).sort();
    expect(
      decisions(
        exported.rows.filter((r) => r.outcome_decision !== '').map((r) => ({ decision: r.outcome_decision })),
      ),
    ).toEqual(decisions(reviews));
    expect(exported.rows.filter((r) => r.outcome_decision === 'repeat-injection').length).toBeGreaterThan(0);
  });

  test('the pain diary columns count what the dashboard counts: responders at 6 weeks and relief that lasted', async () => {
    const board = await dashboard(db, clinicId, DashboardQuery.parse({}), new Date('2026-06-15T12:00:00Z'));
    const six = board.responders.find((r) => r.threshold === 'half' && r.week === 6 && r.group === null)!;
    const answered = exported.rows.filter((r) => r.pain_6w !== '');
    expect(answered.length).toBeGreaterThan(0);
    // A count the dashboard hides as a small cell is under 5.
    const same = (count: number, cell: number | string) =>
      typeof cell === 'number' ? expect(count).toBe(cell) : expect(count).toBeLessThan(5);
    same(answered.length, six.trials);
    same(answered.filter((r) => Number(r.relief_6w_percent) >= 50).length, six.successes);
    const lasted = exported.rows.filter((r) => r.relief_duration_days !== '');
    const half = board.duration.find((d) => d.threshold.key === 'half')!;
    expect(half.groups.every((g) => typeof g.n === 'number')).toBe(true);
    expect(lasted.length).toBe(half.groups.reduce((n, g) => n + Number(g.n), 0));
    expect(lasted.every((r) => r.relief_ended === 'true' || r.relief_ended === 'false')).toBe(true);
  });

  test('no direct identifier or free text survives: names, NHS numbers, MRNs, birth dates, addresses, notes, ids', async () => {
    const patients = await db.select().from(patient).where(eq(patient.clinicId, clinicId));
    const episodes = await db.select().from(episode).where(eq(episode.clinicId, clinicId));
    const staff = await db.select().from(user);
    const forbidden = [
      ...patients.flatMap((p) => [
        p.givenName,
        p.familyName,
        p.nhsNumber,
        p.mrn,
        p.birthDate,
        p.address,
        p.email,
        p.phone,
        p.id,
      ]),
      // (Real dates are checked per patient below: a shifted date may equal another patient's real one.)
      ...episodes.flatMap((e) => [e.id, e.reason, e.referrer, e.referrerAddress]),
      ...staff.flatMap((u) => [u.id, u.name, u.email]),
      REVIEW_REASON,
      PROCEDURE_NOTE,
      'Exampletown',
    ].filter((v): v is string => typeof v === 'string' && v.length >= 4);
    const text = exported.text.toLowerCase();
    for (const value of forbidden)
      expect(text, `"${value}" is in the export`).not.toContain(value.toLowerCase());
    // Study ids are random, not derived from anything the clinic holds.
    for (const r of exported.rows) expect(r.study_id).toMatch(/^S-[0-9A-HJKMNP-TV-Z]{10}$/);
    for (const r of exported.rows) expect(r.age_band).toMatch(/^(<20|[2-8]0-[2-8]9|90\+)$/);
  });

  test('dates are shifted per patient by a secret offset, never 0, and every interval is kept', async () => {
    const pseudonyms = await db.select().from(patientPseudonym);
    const real = await db
      .select({
        studyId: patientPseudonym.studyId,
        shiftDays: patientPseudonym.shiftDays,
        referredOn: episode.referredOn,
        episodeId: episode.id,
      })
      .from(episode)
      .innerJoin(patientPseudonym, eq(patientPseudonym.patientId, episode.patientId))
      .where(eq(episode.clinicId, clinicId));
    expect(new Set(pseudonyms.map((p) => p.studyId)).size).toBe(pseudonyms.length);
    for (const p of pseudonyms) {
      expect(p.shiftDays).not.toBe(0);
      expect(Math.abs(p.shiftDays)).toBeLessThanOrEqual(MAX_SHIFT_DAYS);
    }
    for (const row of exported.rows) {
      const match = real.filter((r) => r.studyId === row.study_id);
      expect(match.length).toBeGreaterThan(0);
      // Each real referral date moved by exactly the patient's shift.
      expect(match.map((m) => days(m.referredOn, row.referred_on!))).toContain(match[0]!.shiftDays);
      expect(match.map((m) => m.referredOn)).not.toContain(row.referred_on);
      // Intervals between shifted dates equal the real intervals the export states.
      if (row.triaged_on)
        expect(days(row.referred_on!, row.triaged_on)).toBe(Number(row.days_referral_to_triage));
      if (row.procedure_on) {
        expect(days(row.referred_on!, row.procedure_on)).toBe(Number(row.days_referral_to_procedure));
        const [procedure] = await db
          .select({ facts: stepRecord.facts })
          .from(stepRecord)
          .where(
            and(
              eq(stepRecord.episodeId, match[0]!.episodeId),
              eq(stepRecord.step, 'procedure'),
              isNull(stepRecord.supersededAt),
            ),
          );
        if (procedure && match.length === 1) {
          const performedAt = (procedure.facts as { record: { performedAt: string } }).record.performedAt;
          const realDays = days(match[0]!.referredOn, performedAt.slice(0, 10));
          expect(Number(row.days_referral_to_procedure)).toBe(realDays);
        }
      }
      if (row.outcome_reviewed_on) {
        expect(days(row.procedure_on!, row.outcome_reviewed_on)).toBe(Number(row.days_procedure_to_review));
      }
    }
  });

  test('a second export keeps each patient’s study id and shift, and each export is audited', async () => {
    const again = await runExport(db, clinicId);
    expect(again.rows.map((r) => [r.study_id, r.referred_on])).toEqual(
      exported.rows.map((r) => [r.study_id, r.referred_on]),
    );
    const audits = await db.select().from(auditEvent).where(eq(auditEvent.action, 'outcomes.export'));
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({
      clinicId,
      actorId: 'cli:test',
      role: 'cli',
      recordType: 'clinic',
      recordId: clinicId,
    });
  });
  test('as Parquet: the same rows as the CSV, typed (dates as DATE, whole numbers as INT32, nulls as nulls)', async () => {
    const chunks: Uint8Array[] = [];
    const progress: number[] = [];
    const result = await exportOutcomes(db, {
      clinicId,
      actor,
      format: 'parquet',
      batchSize: 3,
      write: (chunk) => {
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      },
      onProgress: (done) => progress.push(done),
    });
    const bytes = Buffer.concat(chunks);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect(result.episodes).toBe(exported.rows.length);
    expect(progress.at(-1)).toBe(exported.rows.length);

    const { schema } = parquetMetadata(file);
    const types = Object.fromEntries(
      schema.slice(1).map((e) => [e.name, [e.type, e.converted_type ?? null]]),
    );
    expect(Object.keys(types)).toEqual(OUTCOME_COLUMNS.map(([name]) => name));
    expect(types.referred_on).toEqual(['INT32', 'DATE']);
    expect(types.outcome_reviewed_on).toEqual(['INT32', 'DATE']);
    expect(types.episode).toEqual(['INT32', null]);
    expect(types.days_referral_to_procedure).toEqual(['INT32', null]);
    expect(types.contrast_used).toEqual(['BOOLEAN', null]);
    expect(types.study_id).toEqual(['BYTE_ARRAY', 'UTF8']);
    expect(types.block_peak_relief_percent).toEqual(['DOUBLE', null]);

    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    const asCsv = (name: string, v: unknown) => {
      if (v === null || v === undefined) return '';
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      expect(typeof v, name).toBe(
        OUTCOME_COLUMN_TYPES[name as keyof typeof OUTCOME_COLUMN_TYPES] === 'string'
          ? 'string'
          : OUTCOME_COLUMN_TYPES[name as keyof typeof OUTCOME_COLUMN_TYPES] === 'boolean'
            ? 'boolean'
            : 'number',
      );
      return String(v);
    };
    // The same study ids and shifts as the CSV export before it: row for row, value for value.
    expect(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, asCsv(k, v)])))).toEqual(
      exported.rows,
    );
    // Nulls are nulls, not empty strings: an episode not yet triaged has no triage date.
    expect(rows.some((r) => r.triaged_on === null)).toBe(true);
  });
});

test('docs/export-format.md describes every column the export writes', async () => {
  const { readFile } = await import('node:fs/promises');
  const doc = await readFile(new URL('../../../docs/export-format.md', import.meta.url), 'utf8');
  for (const [name] of OUTCOME_COLUMNS) expect(doc).toContain(`| \`${name}\` |`);
});
