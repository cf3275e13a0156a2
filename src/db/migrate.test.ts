import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, expect, inject, test } from 'vitest';
import { connect, withDatabase } from './client.ts';
import { migrateDatabase } from './migrate.ts';

/** A database with nothing in it, not the migrated template the other tests clone. */
async function emptyDatabase(): Promise<string> {
  const serverUrl = inject('serverUrl');
  const name = `t_${inject('templateDatabase').split('_')[2]}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  afterAll(async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists "${name}" with (force)`);
    await cleanup.end();
  });
  return withDatabase(serverUrl, name);
}

test('two processes migrating one empty database at once both succeed (the second waits for the first)', async () => {
  const url = await emptyDatabase();
  // Two pools, as two processes would have; one connection each, as the test template uses.
  const first = connect(url, 1);
  const second = connect(url, 1);
  try {
    const results = await Promise.allSettled([migrateDatabase(first), migrateDatabase(second)]);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok']);
    const { rows } = await first.$client.query<{ n: number }>(
      'select count(*)::int as n from drizzle.__drizzle_migrations',
    );
    const journal = (await import('../../drizzle/meta/_journal.json', { with: { type: 'json' } })).default;
    expect(rows[0]?.n).toBe(journal.entries.length);
  } finally {
    await first.$client.end();
    await second.$client.end();
  }
});
