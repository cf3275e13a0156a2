/**
 * The OpenAPI document stays small (shared schemas and error answers once, as components) and
 * complete: every route the app registers is in it with its method, each lists its error answers,
 * and every `$ref` resolves.
 */
import { beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/api.ts';

let t: TestApp;
let body: string;
let doc: {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown> };
};

beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  body = res.body;
  doc = res.json();
});

/** Fastify's `/a/:id` and `/a/*` as OpenAPI writes them. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z]+)/g, '{$1}').replace(/\*$/, '{*}');

test('the document is under 300 KB (it was over 1 MB with every schema inlined at each use)', () => {
  expect(body.length).toBeLessThan(300_000);
});

test('every registered route is documented with its method', () => {
  // Hidden on purpose: the document itself, and better-auth's own endpoints behind one proxy route.
  const hidden = new Set(['/api/openapi.json', '/api/auth/*']);
  const missing = t.app.routeTable
    .filter((r) => !r.url.startsWith('/api/docs') && !hidden.has(r.url))
    .filter((r) => !doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()])
    .map((r) => `${r.method} ${r.url}`);
  expect(missing).toEqual([]);
});

test('every route lists its errors: 500 always, 401 unless public, 400 when it takes input', () => {
  const rules = new Map(t.app.routeTable.map((r) => [`${r.method.toLowerCase()} ${openApiPath(r.url)}`, r]));
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const label = `${method} ${path}`;
      const statuses = Object.keys(operation.responses);
      expect(statuses, label).toContain('500');
      const route = rules.get(label);
      if (route && route.access !== 'public') expect(statuses, label).toContain('401');
      if (path.includes('{id}')) expect(statuses, label).toContain('404');
    }
  }
  // The error catalogue's shape is one component; the FHIR endpoint's errors are OperationOutcomes.
  expect(doc.components.schemas.Problem).toBeDefined();
  expect(JSON.stringify(doc.paths['/fhir/Patient/{id}/$everything'])).toContain('Error404Fhir');
});

test('every $ref resolves, and the shared schemas are components used by reference', () => {
  const refs: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, c] of Object.entries(v)) k === '$ref' && typeof c === 'string' ? refs.push(c) : walk(c);
  };
  walk(doc);
  const unresolved = refs.filter((r) => {
    const [, kind, id] = /^#\/components\/(schemas|responses)\/(.+)$/.exec(r) ?? [];
    return !kind || !(doc.components[kind as 'schemas' | 'responses'] as Record<string, unknown>)[id!];
  });
  expect(unresolved).toEqual([]);
  expect(refs.filter((r) => r === '#/components/schemas/EpisodeDetail').length).toBeGreaterThan(5);
  expect(refs.filter((r) => r === '#/components/schemas/Finding').length).toBeGreaterThan(5);
});
