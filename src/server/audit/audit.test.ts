import { sql } from 'drizzle-orm';
import { beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { buildPatient } from '../../../test/support/factories.ts';
import { sealPending } from './sealer.ts';
import { verifyAudit } from './verify.ts';

const key = 'audit-test-key-audit-test-key-0123456789';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const p = await buildPatient(t.db, t.clinic.id);
  for (let i = 0; i < 7; i++) await t.as('nurse', { method: 'GET', url: `/api/patients/${p.id}` });
  await t.as('otherClinic', { method: 'GET', url: '/api/patients' });
  await sealPending(t.db, { key });
});

test('admins page through their own clinic only, newest first, without gaps or repeats', async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `limit=3&cursor=${cursor}` : 'limit=3';
    const page = (await t.as('admin', { method: 'GET', url: `/api/audit?${query}` })).json();
    expect(page.items.length).toBeLessThanOrEqual(3);
    seen.push(...page.items.map((e: { id: string }) => e.id));
    cursor = page.nextCursor;
  } while (cursor);
  expect(seen.length).toBeGreaterThanOrEqual(7);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
  const [{ n }] = (
    await t.db.execute(sql`select count(*)::int as n from audit_event where clinic_id = ${t.clinic.id}`)
  ).rows as [{ n: number }];
  expect(seen).toHaveLength(n);
});

test('the trail cannot be edited, deleted or truncated, and each clinic’s events are chained in order', async () => {
  const refused = { cause: expect.objectContaining({ message: expect.stringMatching(/append-only/) }) };
  await expect(t.db.execute(sql`update audit_event set action = 'nothing'`)).rejects.toMatchObject(refused);
  await expect(t.db.execute(sql`delete from audit_event`)).rejects.toMatchObject(refused);
  await expect(t.db.execute(sql`truncate audit_event cascade`)).rejects.toMatchObject(refused);
  await expect(t.db.execute(sql`delete from audit_seal`)).rejects.toMatchObject(refused);
  const rows = (
    await t.db.execute(sql`select s.seq::int as seq, s.prev_hash, s.hash from audit_seal s
      join audit_event e on e.id = s.event_id where e.clinic_id = ${t.clinic.id} order by s.seq`)
  ).rows as { seq: number; prev_hash: string; hash: string }[];
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
  const report = await verifyAudit(t.db, { key });
  expect(report.problems).toEqual([]);
  expect(report.intact).toBe(true);
});

test('the audit page shows each event’s place in the chain and its link', async () => {
  const page = (await t.as('admin', { method: 'GET', url: '/api/audit?limit=5' })).json();
  const sealed = page.items.filter((e: { seq: number | null }) => e.seq !== null);
  expect(sealed.length).toBeGreaterThan(0);
  for (const e of sealed) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
});

test('a page read writes its event in the same statement: one per read, none for a record that is not there', async () => {
  const p = await buildPatient(t.db, t.clinic.id);
  const count = async () =>
    (
      (
        await t.db.execute(
          sql`select count(*)::int as n from audit_event where action = 'patient.read' and record_id = ${p.id}`,
        )
      ).rows as [{ n: number }]
    )[0].n;
  const read = (caller: 'nurse' | 'otherClinic') =>
    t.as(caller, { method: 'GET', url: `/api/patients/${p.id}` });
  expect((await read('nurse')).statusCode).toBe(200);
  expect((await read('nurse')).statusCode).toBe(200);
  expect(await count()).toBe(2);
  expect((await read('otherClinic')).statusCode).toBe(404);
  expect(await count()).toBe(2);
  const [event] = (
    await t.db.execute(sql`select actor_id, role, clinic_id, status, request_id from audit_event
      where action = 'patient.read' and record_id = ${p.id} order by id desc limit 1`)
  ).rows as [
    { actor_id: string; role: string; clinic_id: string; status: number | null; request_id: string },
  ];
  expect(event).toMatchObject({
    actor_id: t.users.nurse.id,
    role: 'nurse',
    clinic_id: t.clinic.id,
    status: null,
  });
  expect(event.request_id).toBeTruthy();
});

test('an admin asks who has read one patient’s record: its events and its episodes’, no one else’s', async () => {
  const asked = await buildPatient(t.db, t.clinic.id);
  const other = await buildPatient(t.db, t.clinic.id);
  const referral = { referrer: 'Dr GP', referredOn: '2026-10-01', reason: 'Buttock pain', side: 'left' };
  const episode = (
    await t.as('nurse', { method: 'POST', url: `/api/patients/${asked.id}/episodes`, payload: referral })
  ).json();
  await t.as('clinician', { method: 'GET', url: `/api/episodes/${episode.id}` });
  await t.as('nurse', { method: 'GET', url: `/api/patients/${asked.id}` });
  await t.as('nurse', { method: 'GET', url: `/api/patients/${other.id}` });

  const res = await t.as('admin', { method: 'GET', url: `/api/audit?patient=${asked.id}` });
  expect(res.statusCode, res.body).toBe(200);
  const items = res.json().items as { action: string; recordType: string; recordId: string; role: string }[];
  expect(items.map((e) => [e.action, e.recordId, e.role])).toEqual([
    ['patient.read', asked.id, 'nurse'],
    ['episode.read', episode.id, 'clinician'],
    ['episode.refer', episode.id, 'nurse'],
  ]);
  // Not a patient of this clinic: nothing, as for a patient with no events.
  const elsewhere = await t.as('admin', {
    method: 'GET',
    url: '/api/audit?patient=00000000-0000-4000-8000-000000000000',
  });
  expect(elsewhere.json().items).toEqual([]);
});
