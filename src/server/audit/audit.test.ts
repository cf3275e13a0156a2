import { sql } from 'drizzle-orm';
import { beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { buildPatient } from '../../../test/support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const p = await buildPatient(t.db, t.site.id);
  for (let i = 0; i < 7; i++) await t.as('nurse', { method: 'GET', url: `/api/patients/${p.id}` });
  await t.as('otherSite', { method: 'GET', url: '/api/patients' });
});

test('admins page through their own site only, newest first, without gaps or repeats', async () => {
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
    await t.db.execute(sql`select count(*)::int as n from audit_event where site_id = ${t.site.id}`)
  ).rows as [{ n: number }];
  expect(seen).toHaveLength(n);
});

test('the trail cannot be edited or deleted, and each event is chained to the one before', async () => {
  const refused = { cause: expect.objectContaining({ message: expect.stringMatching(/append-only/) }) };
  await expect(t.db.execute(sql`update audit_event set action = 'nothing'`)).rejects.toMatchObject(refused);
  await expect(t.db.execute(sql`delete from audit_event`)).rejects.toMatchObject(refused);
  const rows = (
    await t.db.execute(sql`select prev_hash, hash from audit_event where site_id = ${t.site.id} order by id`)
  ).rows as { prev_hash: string | null; hash: string }[];
  expect(rows[0]!.prev_hash).toBeNull();
  for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
});
