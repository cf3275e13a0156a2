/**
 * Answers sent as built. fastify-type-provider-zod encodes every answer through its zod schema
 * (checking it, dropping undeclared fields) before JSON.stringify; for the big pages — an episode
 * with all its steps, a day's worklist — that cost more than reading them from the database.
 * A route whose presenter builds its answer field by field from the contract declares
 * `config: { trustedResponse: true }` and is sent with JSON.stringify alone.
 *
 * The contract still holds, because tests check it: with `checkResponses` (test/support sets it)
 * every trusted answer is also encoded by its schema and must come out unchanged — a field the
 * schema does not declare, a missing one or a wrong type fails the request with a 500.
 */
import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { serializerCompiler } from 'fastify-type-provider-zod';
import { ZodType, type z } from 'zod';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The presenter builds exactly the response schema: skip zod when serializing (see above). */
    trustedResponse?: boolean;
  }
}

type SerializerCompiler = typeof serializerCompiler;

export function trustedSerializer(check: boolean): SerializerCompiler {
  if (!check) return () => (data) => JSON.stringify(data);
  return (route) => {
    const declared = route.schema as z.ZodType | { properties: z.ZodType };
    const schema = declared instanceof ZodType ? declared : declared.properties;
    return (data) => {
      const json = JSON.stringify(data);
      const result = schema.safeEncode(data as never);
      if (!result.success) {
        throw new Error(
          `${route.method} ${route.url}: the answer does not fit its schema: ${result.error.message}`,
        );
      }
      const sent = JSON.parse(json) as unknown;
      const contract = JSON.parse(JSON.stringify(result.data)) as unknown;
      if (!isDeepStrictEqual(sent, contract)) {
        throw new Error(
          `${route.method} ${route.url}: the answer carries more or other than its schema: ${firstDifference(sent, contract)}`,
        );
      }
      return json;
    };
  };
}

/** Where two JSON values first differ, as a path, for the failing test's message. */
function firstDifference(a: unknown, b: unknown, at = '$'): string {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const x = (a as Record<string, unknown>)[k];
      const y = (b as Record<string, unknown>)[k];
      if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, `${at}.${k}`);
    }
  }
  return `${at}: sent ${JSON.stringify(a)?.slice(0, 120)}, schema gives ${JSON.stringify(b)?.slice(0, 120)}`;
}

/** Routes that declare `trustedResponse` get the serializer above. */
export function trustedResponses(app: FastifyInstance, check: boolean): void {
  const compiler = trustedSerializer(check);
  app.addHook('onRoute', (route) => {
    if (route.config?.trustedResponse && !route.serializerCompiler) {
      route.serializerCompiler = compiler as NonNullable<typeof route.serializerCompiler>;
    }
  });
}
