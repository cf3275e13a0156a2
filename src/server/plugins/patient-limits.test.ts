/**
 * The patients' API is rate-limited per patient account and per client address: over the limit
 * the answer is 429 with a sentence and Retry-After; other patients and other addresses are not
 * held up by one busy caller.
 */
import { beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { buildPatient, buildUser } from '../../../test/support/factories.ts';
import { buildApp } from '../app.ts';
import { patientApiLimits } from '../auth/limits.ts';

let t: TestApp;
let otherPatientCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  const p = await buildPatient(t.db, t.clinic.id, { givenName: 'Second', familyName: 'Patient' });
  const u = await buildUser(t.db, t.clinic.id, 'patient', p.id);
  otherPatientCookie = await t.signIn(u.email);
});

const myEpisodes = (cookie: string, remoteAddress: string) =>
  t.app.inject({ method: 'GET', url: '/api/my/episodes', headers: { cookie }, remoteAddress });

test('one patient account may make 120 requests a minute; the next is 429 with a sentence and Retry-After', async () => {
  for (let i = 0; i < patientApiLimits.perPatient; i++) {
    const res = await myEpisodes(t.cookies.patient, '10.9.0.1');
    expect(res.statusCode, `request ${i + 1}`).toBe(200);
  }
  const refused = await myEpisodes(t.cookies.patient, '10.9.0.1');
  expect(refused.statusCode).toBe(429);
  expect(refused.json()).toMatchObject({
    code: 'too_many_requests',
    detail: expect.stringMatching(
      /^Too many requests from your account in a short time\. Wait \d+ seconds?, then try again\.$/,
    ),
  });
  const retryAfter = Number(refused.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  // Per account: another address does not help that account ...
  expect((await myEpisodes(t.cookies.patient, '10.9.0.2')).statusCode).toBe(429);
  // ... and another patient from the same address is not held up.
  expect((await myEpisodes(otherPatientCookie, '10.9.0.1')).statusCode).toBe(200);
  // Staff routes are not counted here.
  const staff = await t.as('nurse', { method: 'GET', url: '/api/patients', remoteAddress: '10.9.0.1' });
  expect(staff.statusCode).toBe(200);
});

test('one address is limited across the patient accounts that use it', async () => {
  // The same database, counting in the same table; a tight address limit to keep the test short.
  const app = await buildApp({
    db: t.db,
    baseUrl: 'http://localhost:3000',
    authSecret: 'test-secret-test-secret-test-secret!',
    patientApiLimits: { windowSeconds: 60, perPatient: 1000, perAddress: 5 },
  });
  try {
    const ask = (cookie: string) =>
      app.inject({ method: 'GET', url: '/api/my/episodes', headers: { cookie }, remoteAddress: '10.9.1.1' });
    for (let i = 0; i < 5; i++)
      expect((await ask(i % 2 ? otherPatientCookie : t.cookies.patient)).statusCode).toBe(200);
    const refused = await ask(otherPatientCookie);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().detail).toMatch(/^Too many requests from this network address/);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    // Anonymous callers are refused by the access rule and count against nothing.
    expect(
      (await app.inject({ method: 'GET', url: '/api/my/episodes', remoteAddress: '10.9.1.2' })).statusCode,
    ).toBe(401);
  } finally {
    await app.close();
  }
});
