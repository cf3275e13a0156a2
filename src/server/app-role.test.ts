/**
 * The app's own login (issue 11): what `sijpath serve` connects as cannot erase or rewrite the
 * audit trail, nor switch off the triggers that guard it, whatever a request makes it run; and it
 * still does all the app does (a write, an audited read, the sealer).
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { buildClinic, buildUser, testPassword } from '../../test/support/factories.ts';
import { startServerProcess } from '../../test/support/server-process.ts';
import { grantAppRole } from '../db/roles.ts';
import { loadConfig, openRuntime } from './runtime.ts';

let t: TestDatabase;
let app: pg.Client;
beforeAll(async () => {
  t = await createTestDatabase();
  app = new pg.Client({ connectionString: t.appUrl });
  await app.connect();
});
afterAll(() => app?.end());

/** What PostgreSQL answers the app's role (its message), or 'done'. */
const asApp = (statement: string) =>
  app.query(statement).then(
    () => 'done',
    (error: Error) => error.message,
  );

test('the server connects as a role that is not a superuser', async () => {
  const runtime = await openRuntime(
    await loadConfig({
      DATABASE_URL: t.appUrl,
      DATABASE_OWNER_URL: t.url,
      DATA_DIR: '/nonexistent',
      AUTH_SECRET: 'x'.repeat(32),
      AUDIT_KEY: 'k'.repeat(32),
    }),
    () => {},
    { as: 'app' },
  );
  try {
    const who = await runtime.db.execute<{ rolsuper: boolean; owns: boolean }>(
      sql`select rolsuper, pg_has_role(current_user, (select relowner from pg_class where relname = 'audit_event'), 'member') as owns
        from pg_roles where rolname = current_user`,
    );
    expect(who.rows[0]).toEqual({ rolsuper: false, owns: false });
  } finally {
    await runtime.close();
  }
});

test('with DATABASE_URL alone as a superuser, the server still starts, and says so once', async () => {
  const lines: string[] = [];
  const runtime = await openRuntime(
    await loadConfig({
      DATABASE_URL: t.url,
      DATA_DIR: '/nonexistent',
      NODE_ENV: 'development',
      AUTH_SECRET: 'x'.repeat(32),
      AUDIT_KEY: 'k'.repeat(32),
    }),
    (line) => lines.push(line),
    { as: 'app' },
  );
  await runtime.close();
  expect(lines.filter((l) => /superuser/.test(l))).toHaveLength(1);
});

test('the app role may not truncate, update or delete the audit trail, nor switch its triggers off', async () => {
  // A trigger refuses these for everyone (drizzle/0003); here PostgreSQL refuses them before any trigger runs.
  expect(await asApp('truncate audit_event')).toMatch(/permission denied for table audit_event/);
  expect(await asApp('truncate audit_seal')).toMatch(/permission denied for table audit_seal/);
  expect(await asApp('update audit_event set action = action')).toMatch(
    /permission denied for table audit_event/,
  );
  expect(await asApp('delete from audit_event')).toMatch(/permission denied for table audit_event/);
  expect(await asApp('delete from audit_seal')).toMatch(/permission denied for table audit_seal/);
  // An event leaves the sealer's queue only by being sealed: emptying the queue would leave events
  // that are never chained.
  expect(await asApp('delete from audit_pending')).toMatch(/permission denied for table audit_pending/);
  expect(await asApp(`update audit_pending set chain = 'elsewhere'`)).toMatch(
    /permission denied for table audit_pending/,
  );
  // What a superuser or the owner could do to get past those triggers:
  expect(await asApp('set session_replication_role = replica')).toMatch(/permission denied/);
  expect(await asApp('alter table audit_event disable trigger user')).toMatch(/must be (the )?owner/);
  expect(await asApp('drop trigger audit_event_append_only on audit_event')).toMatch(/must be (the )?owner/);
  expect(await asApp('drop table audit_event')).toMatch(/must be (the )?owner/);
  // No TRUNCATE anywhere: not on the records either.
  expect(await asApp('truncate patient')).toMatch(/permission denied for table patient/);
});

test('a table a later migration adds is the app role’s to read and write, never to truncate', async () => {
  await t.db.execute(sql`create table later_table (id bigserial primary key, note text)`);
  expect(await asApp(`insert into later_table (note) values ('x')`)).toBe('done');
  expect(await asApp('truncate later_table')).toMatch(/permission denied/);
  // Granting again (each start does) changes nothing, and keeps the audit trail append-only.
  const owner = await t.db.$client.connect();
  try {
    await grantAppRole(owner, new URL(t.appUrl).username);
  } finally {
    owner.release();
  }
  expect(await asApp('delete from audit_event')).toMatch(/permission denied for table audit_event/);
});

test('the owner’s own login cannot be made the app role (the grants would strip the owner)', async () => {
  const owner = await t.db.$client.connect();
  try {
    const me = (await owner.query<{ u: string }>('select current_user as u')).rows[0]!.u;
    await expect(grantAppRole(owner, me)).rejects.toThrow(/owner's own login/);
  } finally {
    owner.release();
  }
});

test('`sijpath serve` as the app role still writes, reads with an audit event, and seals it', async () => {
  const clinic = await buildClinic(t.db);
  const nurse = await buildUser(t.db, clinic.id, 'nurse');
  const server = await startServerProcess({
    databaseUrl: t.url,
    authSecret: 'roles-test-secret-roles-test-secret!',
  });
  try {
    const signIn = await fetch(`${server.baseUrl}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: nurse.email, password: testPassword }),
    });
    expect(signIn.status, server.output()).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const created = await fetch(`${server.baseUrl}/api/patients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        givenName: 'Role',
        familyName: 'Test',
        birthDate: '1970-01-01',
        sex: 'female',
        mrn: 'ROLE-1',
      }),
    });
    expect(created.status, server.output()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const read = await fetch(`${server.baseUrl}/api/patients/${id}`, { headers: { cookie } });
    expect(read.status).toBe(200);
    // The server's connections are the app role's; its sealer chains the read's event.
    const roles = await t.db.execute<{ usename: string }>(
      sql`select distinct usename from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
        and usename <> current_user`,
    );
    expect(roles.rows.map((r) => r.usename)).toEqual([new URL(t.appUrl).username]);
    await expect
      .poll(
        async () =>
          (
            await t.db.execute<{ n: number }>(
              sql`select count(*)::int as n from audit_event e join audit_seal s on s.event_id = e.id
                where e.record_id = ${id} and e.action = 'patient.read'`,
            )
          ).rows[0]!.n,
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
  } finally {
    await server.stop();
  }
}, 60_000);
