/**
 * Answers sent as built. fastify-type-provider-zod encodes every answer through its zod schema
 * (checking it, dropping undeclared fields) before JSON.stringify; for the big pages — an episode
 * with all its steps, a day's worklist — that cost more than reading them from the database.
 * A route whose presenter builds its answer field by field from the contract declares
 * `config: { trustedResponse: true }` and is sent with JSON.stringify alone.
 *
 * A page that PostgreSQL builds whole as JSON goes further: its handler answers `jsonText(text)`,
 * and the text is sent as it came from the database, neither parsed nor serialised in Node (for
 * the worklist and the patient page, those two were most of the server's work).
 *
 * The contract still holds, because tests check it: with `checkResponses` (test/support sets it)
 * every trusted answer is also encoded by its schema and must come out unchanged — a field the
 * schema does not declare, a missing one or a wrong type fails the request with a 500. A text
 * answer is parsed for that check. The route keeps its response schema, so OpenAPI documents it.
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

/** An answer already encoded as JSON (by PostgreSQL, or kept as sent), to be sent as it is. */
class JsonText {
  constructor(readonly text: string | Buffer) {}
}

/**
 * The answer `text` encodes, sent as the text itself by a `trustedResponse` route. Typed as the
 * route's answer so the handler still type-checks against its schema; only the serializer below
 * ever sees the wrapper.
 */
export function jsonText<T>(text: string | Buffer): T {
  return new JsonText(text) as T;
}

export function trustedSerializer(check: boolean): SerializerCompiler {
  // Fastify sends a Buffer the serializer gives as it is, though its type says a string.
  if (!check)
    return () => (data) => (data instanceof JsonText ? (data.text as string) : JSON.stringify(data));
  return (route) => {
    const declared = route.schema as z.ZodType | { properties: z.ZodType };
    const schema = declared instanceof ZodType ? declared : declared.properties;
    return (answer) => {
      const json = answer instanceof JsonText ? answer.text.toString() : JSON.stringify(answer);
      const data: unknown = answer instanceof JsonText ? JSON.parse(json) : answer;
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
