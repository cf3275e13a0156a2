import pg from 'pg';
import { expect, test } from 'vitest';
import { createTestDatabase } from '../../test/support/database.ts';
import { connect } from './client.ts';

test('a pooled connection the server terminates does not end the process; the next query reconnects', async () => {
  const { url } = await createTestDatabase();
  const db = connect(url, 2);
  const [{ pid }] = (await db.$client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows as [
    { pid: number },
  ];
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query('select pg_terminate_backend($1)', [pid]);
  await admin.end();
  // The pool drops the connection when the server's notice of its end arrives: on a busy machine
  // that can take longer than any fixed wait (a query sent before it would go to the dead one).
  await expect.poll(() => db.$client.totalCount, { timeout: 10_000 }).toBe(0);
  const { rows } = await db.$client.query<{ ok: number }>('select 1 as ok');
  expect(rows).toEqual([{ ok: 1 }]);
  await db.$client.end();
});
