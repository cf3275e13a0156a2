import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { cookieOf, createTestApp, type TestApp } from '../../../test/support/api.ts';
import { testPassword } from '../../../test/support/factories.ts';
import { message } from '../../db/schema.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const admin = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.as('admin', { method, url, ...(payload ? { payload } : {}) });

let n = 0;
async function addNurse(extra: object = { password: 'nurse-password-1' }) {
  n += 1;
  const res = await admin('POST', '/api/users', {
    name: `Nurse ${n}`,
    email: `Nurse.${n}.${Date.now()}@Clinic.example`,
    role: 'nurse',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { user: { id: string; email: string; version: number }; passwordLinkSent: boolean };
}

const signIn = (email: string, password: string) => t.trySignIn(email, password);
const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });

describe('user management (admin)', () => {
  test('lists the clinic’s staff only: not patients, not another clinic’s', async () => {
    const res = await admin('GET', '/api/users');
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((u: { id: string }) => u.id);
    expect(ids).toEqual(expect.arrayContaining([t.users.nurse.id, t.users.clinician.id, t.users.admin.id]));
    expect(ids).not.toContain(t.users.patient.id);
    expect(ids).not.toContain(t.users.otherClinic.id);
  });

  test('adds a nurse with a password, who can then sign in; audited; an email is taken once', async () => {
    const { user } = await addNurse();
    expect(user.email).toMatch(/^nurse\.\d+\.\d+@clinic\.example$/);
    expect((await signIn(user.email, 'nurse-password-1')).statusCode).toBe(200);
    const again = await admin('POST', '/api/users', { name: 'Twin', email: user.email, role: 'nurse' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('duplicate_email');
    const audit = (await admin('GET', '/api/audit')).json();
    expect(audit.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'user.create', recordId: user.id })]),
    );
  });

  test('adds a nurse without a password: a set-password link goes to the outbox and works', async () => {
    const { user, passwordLinkSent } = await addNurse({});
    expect(passwordLinkSent).toBe(true);
    const [sent] = await t.db
      .select()
      .from(message)
      .where(and(eq(message.to, user.email), eq(message.kind, 'set-password')));
    expect(sent).toMatchObject({ clinicId: t.clinic.id, status: 'queued', channel: 'email' });
    const link = /https?:\/\/\S+/.exec(sent!.text)![0];
    const landing = await t.app.inject({ method: 'GET', url: new URL(link).pathname + new URL(link).search });
    expect(landing.statusCode).toBe(302);
    const page = new URL(landing.headers.location as string, 'http://localhost:3000');
    expect(page.pathname).toBe('/set-password');
    const token = page.searchParams.get('token');
    const set = await t.app.inject({
      method: 'POST',
      url: '/api/auth/reset-password',
      payload: { token, newPassword: 'my-own-password-9' },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect((await signIn(user.email, 'my-own-password-9')).statusCode).toBe(200);
  });

  test('nobody can ask for a set-password link over HTTP: an admin issues them', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/request-password-reset',
      payload: { email: t.users.nurse.email, redirectTo: '/set-password' },
    });
    expect(res.statusCode).toBe(404);
  });

  test('disabling ends the user’s sessions at once and stops sign-in; enabling lets them back', async () => {
    const { user } = await addNurse();
    const cookie = cookieOf(await signIn(user.email, 'nurse-password-1'));
    expect((await me(cookie)).statusCode).toBe(200);

    const off = await admin('PATCH', `/api/users/${user.id}`, { version: user.version, disabled: true });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().disabledAt).not.toBeNull();
    expect((await me(cookie)).statusCode).toBe(401);
    const refused = await signIn(user.email, 'nurse-password-1');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('ACCOUNT_DISABLED');

    const on = await admin('PATCH', `/api/users/${user.id}`, {
      version: off.json().version,
      disabled: false,
    });
    expect(on.json().disabledAt).toBeNull();
    expect((await signIn(user.email, 'nurse-password-1')).statusCode).toBe(200);
    const actions = (await admin('GET', '/api/audit')).json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.disable', 'user.enable']));
  });

  test('a role change takes effect at once; a stale version is refused', async () => {
    const { user } = await addNurse();
    const cookie = cookieOf(await signIn(user.email, 'nurse-password-1'));
    const res = await admin('PATCH', `/api/users/${user.id}`, { version: user.version, role: 'clinician' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await me(cookie)).json().user.role).toBe('clinician');
    const stale = await admin('PATCH', `/api/users/${user.id}`, { version: user.version, name: 'Late edit' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
  });

  test('an admin cannot disable themselves or give up their own admin role', async () => {
    const self = (await admin('GET', '/api/users'))
      .json()
      .items.find((u: { id: string }) => u.id === t.users.admin.id);
    for (const change of [{ disabled: true }, { role: 'nurse' }]) {
      const res = await admin('PATCH', `/api/users/${self.id}`, { version: self.version, ...change });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('not_on_own_account');
    }
  });

  test('a password reset: the old password stops working, sessions end, the new one works', async () => {
    const { user } = await addNurse();
    const cookie = cookieOf(await signIn(user.email, 'nurse-password-1'));
    const res = await admin('POST', `/api/users/${user.id}/password`, {
      version: user.version,
      password: 'brand-new-password',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await signIn(user.email, 'nurse-password-1')).statusCode).toBe(401);
    expect((await signIn(user.email, 'brand-new-password')).statusCode).toBe(200);
  });

  test('another clinic’s user is not found; a patient account is not staff', async () => {
    for (const id of [t.users.otherClinic.id, t.users.patient.id]) {
      const res = await admin('PATCH', `/api/users/${id}`, { version: 1, disabled: true });
      expect(res.statusCode).toBe(404);
    }
    expect((await signIn(t.users.patient.email, testPassword)).statusCode).toBe(200);
  });
});
