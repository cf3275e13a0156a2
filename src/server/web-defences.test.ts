/**
 * Web defences: security headers on every response, and no write from another site. The probe
 * found no security headers at all, and `POST /api/patients` with `Origin: http://evil.example`
 * and a nurse's session cookie answered 201.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/api.ts';
import { buildNhsNumber, distinctBirthDate } from '../../test/support/factories.ts';
import { buildApp } from './app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const newPatient = () => ({
  method: 'POST' as const,
  url: '/api/patients',
  payload: {
    givenName: 'Orla',
    familyName: 'Origin',
    birthDate: distinctBirthDate(),
    sex: 'female',
    nhsNumber: buildNhsNumber(),
  },
});

describe('security headers', () => {
  test.each(['/api/health', '/api/me', '/api/nothing-here'])('on %s', async (url) => {
    const res = await t.as('nurse', { method: 'GET', url });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // http://localhost: no HSTS (it would be ignored, or lock out a later http address).
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  test('HSTS when the public address is https', async () => {
    const app = await buildApp({
      db: t.db,
      baseUrl: 'https://pathway.clinic.example',
      authSecret: 'test-secret-test-secret-test-secret!',
    });
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    await app.close();
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  });
});

describe('a write from another site is refused', () => {
  test('POST /api/patients from http://evil.example with a valid session: 403 with a sentence, nothing saved', async () => {
    const before = await t.as('nurse', { method: 'GET', url: '/api/patients?q=Origin' });
    const res = await t.as('nurse', { ...newPatient(), headers: { origin: 'http://evil.example' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'cross_origin' });
    expect(res.json().detail).toMatch(/http:\/\/evil\.example.*refused/);
    const after = await t.as('nurse', { method: 'GET', url: '/api/patients?q=Origin' });
    expect(after.json()).toEqual(before.json());
  });

  test.each([
    ['an opaque origin', { origin: 'null' }],
    ['a look-alike origin', { origin: 'http://localhost:3000.evil.example' }],
    ['a cross-site fetch without Origin', { 'sec-fetch-site': 'cross-site' }],
  ])('%s is refused too', async (_what, headers) => {
    const res = await t.as('nurse', { ...newPatient(), headers });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('cross_origin');
  });

  test.each([
    ['PATCH', '/api/users/some-id'],
    ['PUT', '/api/episodes/some-id/triage'],
    ['POST', '/api/auth/sign-out'],
  ])('%s %s from another site is refused before anything else', async (method, url) => {
    const res = await t.as('admin', {
      method: method as 'PATCH',
      url,
      payload: {},
      headers: { origin: 'http://evil.example' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('cross_origin');
  });

  test('the app itself (same origin) and a client that is not a browser (no Origin) may write', async () => {
    const same = await t.as('nurse', {
      ...newPatient(),
      headers: { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' },
    });
    expect(same.statusCode).toBe(201);
    const script = await t.as('nurse', newPatient());
    expect(script.statusCode).toBe(201);
  });

  test('reading from another site is not a write: the session decides, as before', async () => {
    const res = await t.as('nurse', {
      method: 'GET',
      url: '/api/me',
      headers: { origin: 'http://evil.example' },
    });
    expect(res.statusCode).toBe(200);
  });
});
