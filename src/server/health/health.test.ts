import { beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';

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
