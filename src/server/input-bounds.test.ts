/**
 * Every input has a size (issue 11, item 1): in the OpenAPI document, which is built from the very
 * zod schemas the routes validate with, every array a caller may send has a `maxItems` and every
 * string a `maxLength`, an `enum`, a `pattern` or a `format`. An unbounded list is the start of a
 * request whose cost grows with what the caller chooses to send, so each one found is named here.
 */
import { beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/api.ts';

type Json = Record<string, unknown>;
let t: TestApp;
let doc: { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } };

beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
});

/** Each unbounded array or string under `schema`, by where it sits; `$ref`s followed once each. */
function unbounded(schema: unknown, where: string, seen: Set<string>, found: string[]) {
  if (Array.isArray(schema)) {
    for (const [i, s] of schema.entries()) unbounded(s, `${where}[${i}]`, seen, found);
    return;
  }
  if (!schema || typeof schema !== 'object') return;
  const s = schema as Json;
  if (typeof s.$ref === 'string') {
    const id = s.$ref.replace('#/components/schemas/', '');
    if (seen.has(id)) return;
    seen.add(id);
    unbounded(doc.components.schemas[id], `${where}→${id}`, seen, found);
    return;
  }
  const types = [s.type].flat();
  if (types.includes('array') && typeof s.maxItems !== 'number')
    found.push(`${where}: array without maxItems`);
  const bounded =
    typeof s.maxLength === 'number' || 'enum' in s || 'const' in s || 'pattern' in s || 'format' in s;
  if (types.includes('string') && !bounded) found.push(`${where}: string without maxLength`);
  for (const [key, child] of Object.entries(s)) {
    if (key === 'properties' && child && typeof child === 'object') {
      for (const [name, property] of Object.entries(child))
        unbounded(property, `${where}.${name}`, seen, found);
    } else if (['items', 'anyOf', 'oneOf', 'allOf', 'additionalProperties', 'not'].includes(key)) {
      unbounded(child, `${where}${key === 'items' ? '[]' : ''}`, seen, found);
    }
  }
}

test('every list and every string a caller may send has a maximum size', () => {
  const found: string[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const label = `${method.toUpperCase()} ${path}`;
      const body = (operation.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)
        ?.content;
      for (const [type, content] of Object.entries(body ?? {}))
        unbounded(content.schema, `${label} body(${type})`, new Set(), found);
      for (const parameter of (operation.parameters as Json[] | undefined) ?? [])
        unbounded(parameter.schema, `${label} ${parameter.in} ${parameter.name}`, new Set(), found);
    }
  }
  expect(found).toEqual([]);
});
