import { sql } from 'drizzle-orm';
import { beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { testPassword } from '../../../test/support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

test('a wrong password is refused without saying which half was wrong', async () => {
  const response = await t.trySignIn(t.users.nurse.email, 'not-the-password');
  expect(response.statusCode).toBe(401);
  expect(response.json().code).toBe('INVALID_EMAIL_OR_PASSWORD');
});

test('nobody can sign themselves up', async () => {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-up/email',
    payload: { email: 'intruder@example.com', password: 'long-enough-password', name: 'Intruder' },
  });
  expect(response.statusCode).toBeGreaterThanOrEqual(400);
  const [{ n }] = (
    await t.db.execute(sql`select count(*)::int as n from "user" where email = 'intruder@example.com'`)
  ).rows as [{ n: number }];
  expect(n).toBe(0);
});

test('sessions live in the database: signing out ends them, and an expired one is refused', async () => {
  const cookie = await t.signIn(t.users.clinician.email, testPassword);
  expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json().user.role).toBe(
    'clinician',
  );
  const out = await t.signOut(cookie);
  expect(out.statusCode).toBe(200);
  expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);

  const second = await t.signIn(t.users.clinician.email, testPassword);
  await t.db.execute(
    sql`update session set expires_at = now() - interval '1 minute' where user_id = ${t.users.clinician.id}`,
  );
  const expired = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: second } });
  expect(expired.statusCode).toBe(401);
});
