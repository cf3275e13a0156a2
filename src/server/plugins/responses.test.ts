import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { jsonText, trustedResponses } from './responses.ts';

const Person = z.object({ id: z.string(), name: z.string(), seenAt: z.iso.datetime().nullable() });

async function appAnswering(answer: unknown, check: boolean) {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  trustedResponses(app, check);
  app.get(
    '/trusted',
    { config: { trustedResponse: true }, schema: { response: { 200: Person } } },
    async () => answer as z.infer<typeof Person>,
  );
  app.get(
    '/checked',
    { schema: { response: { 200: Person } } },
    async () => answer as z.infer<typeof Person>,
  );
  app.get('/text', { config: { trustedResponse: true }, schema: { response: { 200: Person } } }, async () =>
    jsonText<z.infer<typeof Person>>(JSON.stringify(answer)),
  );
  app.get('/bytes', { config: { trustedResponse: true }, schema: { response: { 200: Person } } }, async () =>
    jsonText<z.infer<typeof Person>>(Buffer.from(JSON.stringify(answer))),
  );
  await app.ready();
  return app;
}

describe('answers sent as built', () => {
  const exact = { name: 'Ann', id: 'p1', seenAt: null };
  const extra = { ...exact, address: '1 Secret Lane' };

  test('an exact answer goes out the same, trusted or encoded by zod', async () => {
    for (const check of [true, false]) {
      const app = await appAnswering(exact, check);
      expect((await app.inject('/trusted')).json()).toEqual(exact);
      expect((await app.inject('/checked')).json()).toEqual(exact);
    }
  });

  test('checked (as in tests), a field the schema does not declare fails the request', async () => {
    const app = await appAnswering(extra, true);
    const res = await app.inject('/trusted');
    expect(res.statusCode).toBe(500);
    expect((await app.inject('/checked')).json()).toEqual(exact);
  });

  test('checked, a wrong type or a missing field fails too', async () => {
    for (const wrong of [
      { ...exact, seenAt: 'yesterday' },
      { id: 'p1', seenAt: null },
    ]) {
      const app = await appAnswering(wrong, true);
      expect((await app.inject('/trusted')).statusCode).toBe(500);
    }
  });

  test('unchecked (in production), the answer is sent as built: presenters must pick their fields', async () => {
    const app = await appAnswering(extra, false);
    expect((await app.inject('/trusted')).json()).toEqual(extra);
  });

  test('an answer PostgreSQL wrote as JSON text goes out as that text, and is checked the same way', async () => {
    for (const check of [true, false]) {
      const res = await (await appAnswering(exact, check)).inject('/text');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toBe(JSON.stringify(exact));
    }
    expect((await (await appAnswering(extra, true)).inject('/text')).statusCode).toBe(500);
    expect((await (await appAnswering(extra, true)).inject('/bytes')).statusCode).toBe(500);
    expect((await (await appAnswering({ id: 'p1', seenAt: null }, true)).inject('/text')).statusCode).toBe(
      500,
    );
  });

  test('an answer kept as bytes goes out as those bytes, its length counted in bytes, not letters', async () => {
    const named = { ...exact, name: 'Siân Ó Dónaill' };
    for (const check of [true, false]) {
      const res = await (await appAnswering(named, check)).inject('/bytes');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json()).toEqual(named);
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(named)));
    }
  });
});
