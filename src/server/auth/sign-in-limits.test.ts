/**
 * Password guessing is limited in every mode, per account and per address. The probe found sign-in
 * limits off unless NODE_ENV=production and bypassed by a fresh X-Forwarded-For on each try; and a
 * nurse could rename herself (and try to change her role) through better-auth's update-user.
 */
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { buildUser, testPassword } from '../../../test/support/factories.ts';
import { addressLimit } from './sign-in-limits.ts';

// Each try hashes a password (scrypt, even for an unknown email): slow on a loaded machine.
vi.setConfig({ testTimeout: 180_000 });

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 120_000);

const signIn = (
  email: string,
  password: string,
  address = '203.0.113.9',
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    payload: { email, password },
    remoteAddress: address,
    headers,
  });

describe('per account', () => {
  test('five wrong passwords lock the account; the person is told; an admin unlocks it', async () => {
    const nurse = await buildUser(t.db, t.clinic.id, 'nurse');
    for (let i = 0; i < 4; i++) expect((await signIn(nurse.email, 'wrong-password-1')).statusCode).toBe(401);
    const fifth = await signIn(nurse.email, 'wrong-password-1');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().detail).toMatch(/locked after 5 wrong passwords.*administrator/);

    // Even the right password is refused while locked, from any address.
    const right = await signIn(nurse.email, testPassword, '198.51.100.7');
    expect(right.statusCode).toBe(423);
    expect(right.json().code).toBe('account_locked');

    const list = await t.as('admin', { method: 'GET', url: '/api/users' });
    const row = list.json().items.find((u: { id: string }) => u.id === nurse.id);
    expect(row.lockedUntil).not.toBeNull();
    const unlock = await t.as('admin', {
      method: 'PATCH',
      url: `/api/users/${nurse.id}`,
      payload: { version: row.version, unlock: true },
    });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json().lockedUntil).toBeNull();
    expect((await signIn(nurse.email, testPassword)).statusCode).toBe(200);

    const audit = await t.as('admin', { method: 'GET', url: '/api/audit' });
    expect(JSON.stringify(audit.json())).toContain('user.unlock');
  });

  test('a right password starts the count again', async () => {
    const nurse = await buildUser(t.db, t.clinic.id, 'nurse');
    for (let i = 0; i < 4; i++) await signIn(nurse.email, 'wrong-password-2', `192.0.2.${i + 1}`);
    expect((await signIn(nurse.email, testPassword, '192.0.2.50')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++)
      expect((await signIn(nurse.email, 'wrong-password-2', `192.0.2.${i + 10}`)).statusCode).toBe(401);
  });
});

describe('per address', () => {
  test('after 20 failures from one address it must wait, whatever X-Forwarded-For it sends', async () => {
    for (let i = 0; i < addressLimit.failures; i++) {
      const res = await signIn(`nobody-${i}@test.sijpath.invalid`, 'wrong-password-3', '203.0.113.77', {
        'x-forwarded-for': `10.0.${i}.1`,
      });
      expect(res.statusCode).toBe(401);
    }
    const next = await signIn(t.users.clinician.email, testPassword, '203.0.113.77', {
      'x-forwarded-for': '10.9.9.9',
    });
    expect(next.statusCode).toBe(429);
    expect(next.json().detail).toMatch(/Too many failed sign-ins.*Wait \d+ minute/);
    // Another address is not affected.
    expect((await signIn(t.users.clinician.email, testPassword, '203.0.113.78')).statusCode).toBe(200);
  });
});

describe('identity is not self-service for staff', () => {
  test('a nurse cannot rename herself or change her role through better-auth', async () => {
    const res = await t.as('nurse', {
      method: 'POST',
      url: '/api/auth/update-user',
      payload: { name: 'Dr Nurse', role: 'clinician', clinicId: t.otherClinic.id },
    });
    expect(res.statusCode).toBe(404);
    const me = await t.as('nurse', { method: 'GET', url: '/api/me' });
    expect(JSON.stringify(me.json())).not.toContain('Dr Nurse');
    expect(me.json().user?.role ?? me.json().role).toBe('nurse');
  });
});
