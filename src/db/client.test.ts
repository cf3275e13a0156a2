import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { expect, test } from 'vitest';
import { createTestDatabase } from '../../test/support/database.ts';
import { connect } from './client.ts';
import { databaseUnavailable } from './unavailable.ts';

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

test('a connection the server cuts in the middle of a transaction: the transaction fails as "database unavailable", the process lives on, and the pool gets its one connection back', async () => {
  const { url } = await createTestDatabase();
  const db = connect(url, 1);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const failed = await db
    .transaction(async (tx) => {
      const { rows } = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      // Between two statements: the server's notice of the end arrives with no query to take it.
      await new Promise((r) => setTimeout(r, 300));
      await tx.execute(sql`select 1`);
    })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  await admin.end();
  expect(databaseUnavailable(failed)).toBe(true);
  // With one connection in the pool, a leaked one would leave this waiting for ever.
  const { rows } = await db.$client.query<{ ok: number }>('select 1 as ok');
  expect(rows).toEqual([{ ok: 1 }]);
  await db.$client.end();
});

test("a transaction whose BEGIN fails gives its connection back to the pool to be destroyed (drizzle's own kept it for good)", async () => {
  const released: unknown[] = [];
  const cut = new Error('Connection terminated unexpectedly');
  const client = {
    query: async () => {
      throw cut;
    },
    release: (error?: unknown) => released.push(error),
  };
  class FailingPool {
    connect = async () => client;
  }
  const db = drizzle(new FailingPool() as never);
  const ran: string[] = [];
  await expect(db.transaction(async () => void ran.push('work'))).rejects.toThrow();
  expect(ran).toEqual([]);
  expect(released).toHaveLength(1);
  expect(released[0]).toBeInstanceOf(Error);
});
