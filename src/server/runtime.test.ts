import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, expect, test } from 'vitest';
import { createTestDatabase } from '../../test/support/database.ts';
import { freezableProxy } from '../../test/support/freezable-proxy.ts';
import { embeddedAppRole } from '../db/roles.ts';
import { databaseUnavailable } from '../db/unavailable.ts';
import { seedDemo } from './demo/demo.ts';
import { loadConfig, openRuntime } from './runtime.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const count = async (db: Awaited<ReturnType<typeof openRuntime>>['db'], table: string) =>
  ((await db.execute(sql.raw(`select count(*)::int as n from "${table}"`))).rows[0] as { n: number }).n;

const whoAmI = async (db: Awaited<ReturnType<typeof openRuntime>>['db']) =>
  (
    await db.execute<{ name: string; rolsuper: boolean }>(
      sql`select rolname as name, rolsuper from pg_roles where rolname = current_user`,
    )
  ).rows[0]!;

test('the embedded database keeps the clinic across a restart, and the demo is seeded once', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sijpath-runtime-'));
  dirs.push(dataDir);
  const config = await loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' });

  // As `npm start` does: the server logs in as the app's role, which seeds the demo too.
  const first = await openRuntime(config, () => {}, { as: 'app' });
  expect(await whoAmI(first.db)).toEqual({ name: embeddedAppRole, rolsuper: false });
  expect(await seedDemo(first.db)).toBe(true);
  const patients = await count(first.db, 'patient');
  expect(patients).toBeGreaterThanOrEqual(5);
  const stages = (await first.db.execute(sql`select count(distinct stage)::int as n from episode`))
    .rows[0] as { n: number };
  expect(stages.n).toBeGreaterThanOrEqual(4);
  await first.close();

  const second = await openRuntime(await loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' }));
  expect(await seedDemo(second.db)).toBe(false);
  expect(await count(second.db, 'patient')).toBe(patients);
  expect(await count(second.db, 'clinic')).toBe(1);
  await second.close();
  // The auth secret is made once and kept, so sessions survive a restart.
  expect((await stat(path.join(dataDir, 'auth-secret'))).mode & 0o077).toBe(0);
  expect((await loadConfig({ DATA_DIR: dataDir })).authSecret).toBe(config.authSecret);
  // The app role's password is kept the same way.
  expect((await stat(path.join(dataDir, 'pg-app-password'))).mode & 0o077).toBe(0);

  // A data directory made by a version without the app's role: the next start makes it.
  const older = await openRuntime(config);
  expect((await whoAmI(older.db)).rolsuper).toBe(true);
  await older.db.execute(sql.raw(`drop owned by ${embeddedAppRole}`));
  await older.db.execute(sql.raw(`drop role ${embeddedAppRole}`));
  await older.close();
  await rm(path.join(dataDir, 'pg-app-password'));
  const upgraded = await openRuntime(config, () => {}, { as: 'app' });
  expect(await whoAmI(upgraded.db)).toEqual({ name: embeddedAppRole, rolsuper: false });
  expect(await count(upgraded.db, 'patient')).toBe(patients);
  await upgraded.close();
}, 90_000);

test('with DATABASE_URL the same migrations run on that server, and running them again is harmless', async () => {
  const { url } = await createTestDatabase();
  const runtime = await openRuntime(
    await loadConfig({ DATABASE_URL: url, DATA_DIR: '/nonexistent', AUTH_SECRET: 'x'.repeat(32) }),
  );
  expect(runtime.databaseLabel).toBe('PostgreSQL at DATABASE_URL');
  expect(await count(runtime.db, 'patient')).toBe(0);
  await runtime.close();
});

test('a server on one login (DATABASE_URL alone) has the connections of a server with two, not the two its migrations needed', async () => {
  const { url } = await createTestDatabase();
  const runtime = await openRuntime(
    await loadConfig({
      DATABASE_URL: url,
      DATA_DIR: '/nonexistent',
      AUTH_SECRET: 'x'.repeat(32),
      NODE_ENV: 'test',
    }),
    () => {},
    { as: 'app' },
  );
  // Six requests at once each get a connection, instead of four of them queueing behind two.
  await Promise.all(Array.from({ length: 6 }, () => runtime.db.execute(sql`select pg_sleep(0.2)`)));
  expect(runtime.db.$client.totalCount).toBe(6);
  await runtime.close();
});

test('a database that stops answering: the server gives up on a statement after DATABASE_TIMEOUT_SECONDS, as "database unavailable", and goes on when it answers again', async () => {
  const { url } = await createTestDatabase();
  const proxy = await freezableProxy(url);
  const runtime = await openRuntime(
    await loadConfig({
      DATABASE_URL: proxy.url,
      DATA_DIR: '/nonexistent',
      AUTH_SECRET: 'x'.repeat(32),
      NODE_ENV: 'test',
      DATABASE_TIMEOUT_SECONDS: '1',
    }),
    () => {},
    { as: 'app' },
  );
  const { db } = runtime;
  const failure = (work: Promise<unknown>) =>
    work.then(
      () => 'answered',
      (error: unknown) => (databaseUnavailable(error) ? 'database unavailable' : error),
    );
  const timed = async (work: () => Promise<unknown>) => {
    const start = performance.now();
    return { outcome: await failure(work()), seconds: (performance.now() - start) / 1000 };
  };

  // Alive but slow (a runaway query, a lock held): PostgreSQL cancels it, and the connection is kept.
  const slow = await timed(() => db.execute(sql`select pg_sleep(30)`));
  expect(slow.outcome).toBe('database unavailable');
  expect(slow.seconds).toBeLessThan(5);
  expect((await db.execute(sql`select 1 as ok`)).rows).toEqual([{ ok: 1 }]);

  // Hung: nothing comes back on connections already open. The driver gives up on its own.
  proxy.freeze();
  const hung = await timed(() => db.execute(sql`select 1`));
  expect(hung.outcome).toBe('database unavailable');
  expect(hung.seconds).toBeLessThan(8);
  proxy.thaw();

  // Hung in the middle of a transaction: it fails once, without waiting again for a ROLLBACK that
  // cannot be answered either, and its connection is not lent again.
  const inTransaction = await timed(() =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      proxy.freeze();
      await tx.execute(sql`select 2`);
    }),
  );
  expect(inTransaction.outcome).toBe('database unavailable');
  expect(inTransaction.seconds).toBeLessThan(5);
  proxy.thaw();

  expect((await db.execute(sql`select 1 as ok`)).rows).toEqual([{ ok: 1 }]);
  await runtime.close();
  await proxy.close();
}, 60_000);

test('a bad setting stops start-up with a message naming it', async () => {
  await expect(loadConfig({ PORT: 'eighty' })).rejects.toThrow(/PORT/);
  await expect(loadConfig({ NODE_ENV: 'production', DATA_DIR: '/tmp' })).rejects.toThrow(
    /AUTH_SECRET must be set/,
  );
});
