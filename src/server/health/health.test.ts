import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { buildApp } from '../app.ts';
import { parseEnv } from '../config.ts';
import { demoPassword } from '../demo/demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

test('health answers ok once the database is ready', async () => {
  const response = await t.as('anonymous', { method: 'GET', url: '/api/health' });
  expect(response.statusCode).toBe(200);
  expect(response.json()).toEqual({ status: 'ok', demo: false });
});

test('the OpenAPI document describes the patient and episode routes, and the docs page is served', async () => {
  const doc = (await t.as('anonymous', { method: 'GET', url: '/api/openapi.json' })).json();
  expect(doc.openapi).toMatch(/^3\./);
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(['/api/patients', '/api/episodes/{id}/moves']),
  );
  expect(doc.paths['/api/patients'].post.requestBody.content['application/json'].schema.required).toEqual(
    expect.arrayContaining(['givenName', 'familyName', 'birthDate', 'sex']),
  );
  const page = await t.as('anonymous', { method: 'GET', url: '/api/docs/' });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('swagger');
});

test('an unknown API address is a problem document, not a stack trace', async () => {
  const response = await t.as('nurse', { method: 'GET', url: '/api/nothing-here' });
  expect(response.statusCode).toBe(404);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ code: 'not_found', status: 404 });
});

describe('production defaults', () => {
  test('DEMO is off in production unless asked for, on in development', () => {
    expect(parseEnv({ NODE_ENV: 'production' }).DEMO).toBe(false);
    expect(parseEnv({ NODE_ENV: 'production', DEMO: 'true' }).DEMO).toBe(true);
    expect(parseEnv({ NODE_ENV: 'development' }).DEMO).toBe(true);
    expect(parseEnv({ NODE_ENV: 'development', DEMO: 'false' }).DEMO).toBe(false);
  });

  test('health shows no credentials, even on the demo clinic; the demo sign-ins are elsewhere', async () => {
    const app = await buildApp({
      db: t.db,
      baseUrl: 'http://localhost:3000',
      authSecret: 'test-secret-test-secret-test-secret!',
      demo: true,
    });
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    const demo = await app.inject({ method: 'GET', url: '/api/demo' });
    await app.close();
    expect(health.json()).toEqual({ status: 'ok', demo: true });
    expect(health.body).not.toContain(demoPassword);
    expect(health.body).not.toContain('@');
    expect(demo.json().password).toBe(demoPassword);
  });

  test('a real clinic has no demo sign-ins to show', async () => {
    const res = await t.as('anonymous', { method: 'GET', url: '/api/demo' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain(demoPassword);
  });
});
