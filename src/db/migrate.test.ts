import { afterAll, expect, test } from 'vitest';
import { createEmptyDatabase } from '../../test/support/database.ts';
import { connect } from './client.ts';
import { migrateDatabase } from './migrate.ts';

/** A database with nothing in it, not the migrated template the other tests clone. */
async function emptyDatabase(): Promise<string> {
  const empty = await createEmptyDatabase();
  afterAll(empty.drop);
  return empty.url;
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
