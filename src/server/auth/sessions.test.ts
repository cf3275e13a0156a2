import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cookieOf, createTestApp, type TestApp } from '../../../test/support/api.ts';
import { buildUser, testPassword } from '../../../test/support/factories.ts';
import { type ServerProcess, startServerProcess } from '../../../test/support/server-process.ts';
import { cookieValue, listenerName, SessionLookup, verifiedToken } from './sessions.ts';

const secret = 'test-secret-test-secret-test-secret!';
let t: TestApp;
let other: ServerProcess;

beforeAll(async () => {
  t = await createTestApp();
  other = await startServerProcess({ databaseUrl: t.url, authSecret: secret });
}, 60_000);
afterAll(async () => {
  await other?.stop();
});

/** GET /api/me on this test's process (inject) or on the other process (HTTP). */
async function meHere(cookie: string) {
  return (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode;
}
async function meThere(cookie: string) {
  return (await fetch(`${other.baseUrl}/api/me`, { headers: { cookie } })).status;
}
/**
 * A change this test makes in SQL reaches every process as a notice, which takes as long as one
 * NOTIFY takes to arrive (well under a millisecond on an idle host, longer on a busy one). A real
 * client's next request comes over the network after the change's own answer; this test's comes
 * in the next instant, so it first waits until this process has heard the notice — the other
 * process's listener was sent it in the same moment.
 */
async function heard() {
  expect(await t.app.sessions.sync()).toBe(true);
}

/**
 * What the other process answers once it has handled the notice too. It was sent the notice in the
 * same moment as this one, but handles it when its own event loop gets to it: on a loaded machine
 * (CI runs the browser tests beside these) that can be after this test's next request. It is asked
 * again for up to 10 s, a third of the cache's 30 s: a cache the notice did not clear would answer
 * the old way throughout.
 */
async function there(request: () => Promise<number>, expected: number) {
  await expect.poll(request, { timeout: 10_000, interval: 10 }).toBe(expected);
}

/** Both processes have answered for this cookie (twice: the second answer is a cached one). */
async function warm(cookie: string) {
  for (let i = 0; i < 2; i++) {
    expect(await meHere(cookie)).toBe(200);
    expect(await meThere(cookie)).toBe(200);
  }
}

describe('the session cookie', () => {
  test('is verified as better-auth signs it, and a forged signature is refused', async () => {
    const cookie = await t.signIn(t.users.nurse.email);
    const raw = cookieValue(cookie, 'better-auth.session_token')!;
    const token = verifiedToken(raw, secret);
    const { rows } = await t.db.execute(sql`select user_id from session where token = ${token}`);
    expect(rows).toEqual([{ user_id: t.users.nurse.id }]);
    expect(verifiedToken(raw, 'another-secret-another-secret-another')).toBeNull();
    const forged = `${token}x.${decodeURIComponent(raw).split('.').at(-1)}`;
    expect(verifiedToken(encodeURIComponent(forged), secret)).toBeNull();
    expect(await meHere(`better-auth.session_token=${encodeURIComponent(forged)}`)).toBe(401);
    expect(await meHere('better-auth.session_token=nonsense')).toBe(401);
  });
});

describe('with two server processes on one database', () => {
  test('both use their cache while listening', () => {
    expect(t.app.sessions.caching).toBe(true);
  });

  test('signing out on the other process ends the session here at once', async () => {
    const cookie = await t.signIn(t.users.clinician.email);
    await warm(cookie);
    const out = await fetch(`${other.baseUrl}/api/auth/sign-out`, {
      method: 'POST',
      headers: { cookie, origin: other.baseUrl, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(out.status).toBe(200);
    await heard();
    expect(await meHere(cookie)).toBe(401);
    expect(await meThere(cookie)).toBe(401);
    // And never again, even after the cache would have expired.
    for (let i = 0; i < 5; i++) expect(await meHere(cookie)).toBe(401);
  });

  test('signing out here ends the session on the other process at once', async () => {
    const cookie = await t.signIn(t.users.clinician.email);
    await warm(cookie);
    const out = await t.signOut(cookie);
    expect(out.statusCode).toBe(200);
    await there(() => meThere(cookie), 401);
    expect(await meHere(cookie)).toBe(401);
  });

  test('a disabled user is refused on both, whatever sessions they hold', async () => {
    const u = await buildUser(t.db, t.clinic.id, 'nurse');
    const cookie = await t.signIn(u.email, testPassword);
    await warm(cookie);
    await t.db.execute(sql`update "user" set disabled_at = now() where id = ${u.id}`);
    await heard();
    await there(() => meThere(cookie), 401);
    expect(await meHere(cookie)).toBe(401);
    const again = await t.trySignIn(u.email, testPassword);
    // better-auth itself does not know about disabled users: a new session is refused by us.
    const fresh = cookieOf(again);
    if (fresh) {
      expect(await meHere(fresh)).toBe(401);
      expect(await meThere(fresh)).toBe(401);
    }
  });

  test('a change of role takes effect on both at once', async () => {
    const u = await buildUser(t.db, t.clinic.id, 'admin');
    const cookie = await t.signIn(u.email, testPassword);
    await warm(cookie);
    const auditThere = () => fetch(`${other.baseUrl}/api/audit`, { headers: { cookie } });
    expect((await auditThere()).status).toBe(200);
    await t.db.execute(sql`update "user" set role = 'nurse' where id = ${u.id}`);
    await heard();
    await there(async () => (await auditThere()).status, 403);
    expect((await t.app.inject({ method: 'GET', url: '/api/audit', headers: { cookie } })).statusCode).toBe(
      403,
    );
  });

  test('a session cut short in the database is refused on both', async () => {
    const cookie = await t.signIn(t.users.admin.email);
    await warm(cookie);
    await t.db.execute(
      sql`update session set expires_at = now() - interval '1 second' where user_id = ${t.users.admin.id}`,
    );
    await heard();
    await there(() => meThere(cookie), 401);
    expect(await meHere(cookie)).toBe(401);
  });
});

describe('when the listening connection is lost', () => {
  test('every request is looked up until it is back, then the cache starts empty', async () => {
    const sessions = new SessionLookup({
      pool: t.db.$client,
      cookieName: 'better-auth.session_token',
      secret,
      retryMs: 1_500,
    });
    sessions.start();
    try {
      await expect.poll(() => sessions.caching, { timeout: 10_000 }).toBe(true);
      const cookie = await t.signIn(t.users.nurse.email);
      expect((await sessions.signedIn(cookie))?.actor.id).toBe(t.users.nurse.id);
      await t.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and application_name = ${listenerName}`);
      await expect.poll(() => sessions.caching, { timeout: 10_000, interval: 10 }).toBe(false);
      // A notice sent now is lost; the session ends while nobody listens, and the lookup sees it.
      await t.db.execute(sql`delete from session where user_id = ${t.users.nurse.id}`);
      expect(await sessions.signedIn(cookie)).toBeNull();
      await expect.poll(() => sessions.caching, { timeout: 10_000 }).toBe(true);
      expect(await sessions.signedIn(cookie)).toBeNull();
      // The other processes reconnected too, and know nothing stale.
      await expect.poll(() => t.app.sessions.caching, { timeout: 10_000 }).toBe(true);
      expect(await meHere(cookie)).toBe(401);
      expect(await meThere(cookie)).toBe(401);
    } finally {
      await sessions.stop();
    }
  });
});
