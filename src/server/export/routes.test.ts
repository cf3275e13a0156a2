import { and, eq } from 'drizzle-orm';
import { parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { auditEvent } from '../../db/schema.ts';
import { OUTCOME_COLUMNS } from '../../domain/export/outcomes.ts';
import { type SyntheticClinic, seedSynthetic } from '../demo/synthetic.ts';

let t: TestApp;
let clinic: SyntheticClinic;
let admin: string;
let clinician: string;
const EPISODES = 60;

beforeAll(async () => {
  t = await createTestApp();
  clinic = await seedSynthetic(t.db, { episodes: EPISODES, seed: 9, diaries: true, perDay: 4 });
  admin = await t.signIn(clinic.users.admin.email, clinic.password);
  clinician = await t.signIn(clinic.users.clinician.email, clinic.password);
}, 120_000);

const download = (format: string, cookie: string) =>
  t.app.inject({ method: 'GET', url: `/api/export/outcomes?format=${format}`, headers: { cookie } });

describe('GET /api/export/outcomes: the de-identified export as a download for leads', () => {
  test('CSV: an attachment of every episode of the caller’s clinic, without names, and audited', async () => {
    const res = await download('csv', admin);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="outcomes-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const lines = res.body.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(OUTCOME_COLUMNS.map(([name]) => name).join(','));
    expect(lines).toHaveLength(EPISODES + 1);
    expect(res.body).not.toMatch(/Synthetic|Whitfield|SYN-/);
    const events = await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.clinicId, clinic.clinicId), eq(auditEvent.action, 'outcomes.export')));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: clinic.users.admin.id, role: 'admin', recordType: 'clinic' });
    expect(events[0]!.clientAddress).toBeTruthy();
  });

  test('Parquet: the same rows, typed, as a Parquet attachment', async () => {
    const csv = await download('csv', clinician);
    const res = await download('parquet', clinician);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(res.headers['content-disposition']).toMatch(/filename="outcomes-\d{4}-\d{2}-\d{2}\.parquet"$/);
    const rows = (await parquetReadObjects({
      file: new Uint8Array(res.rawPayload).buffer,
    })) as { study_id: string; episode: number }[];
    expect(rows).toHaveLength(EPISODES);
    const csvIds = csv.body
      .split('\r\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split(',').slice(0, 2).join(','));
    expect(rows.map((r) => `${r.study_id},${r.episode}`)).toEqual(csvIds);
  });

  test('another format is refused; a nurse may not download it', async () => {
    expect((await download('xlsx', admin)).statusCode).toBe(400);
    expect((await t.as('nurse', { method: 'GET', url: '/api/export/outcomes' })).statusCode).toBe(403);
  });
});
