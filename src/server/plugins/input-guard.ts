/**
 * Text the database cannot store, and structures no form makes, are refused before any route
 * sees them, with a sentence naming where: a NUL character (PostgreSQL text cannot hold one), a
 * lone UTF-16 surrogate (not Unicode: JSON columns refuse it), or nesting deeper than any of our
 * inputs has. Walked without recursion, so a hostile body cannot exhaust the stack. After
 * validation, a body field its schema does not have is named too (below).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ignoredFields } from '../../domain/ignored-fields.ts';
import { DomainError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * 'ignored' on a route that serves a standard whose requests may carry fields we do not read
     * (CDS Hooks: extensions, later versions): they are dropped, not refused.
     */
    extraFields?: 'ignored';
  }
}

const MAX_DEPTH = 32;
/** A high surrogate without its low half, or a low one without its high half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

type Problem = { field: string; message: string };

/** The first problem in a parsed value, or null. */
export function inputProblem(value: unknown, where: string): Problem | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    const field = path || where;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { field, message: 'Text cannot contain a NUL character' };
      if (!wellFormed(v)) return { field, message: 'Text must be valid Unicode (a lone surrogate was sent)' };
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) return { field, message: `Nested more than ${MAX_DEPTH} levels deep` };
      for (const [key, child] of Object.entries(v)) {
        if (key.includes('\u0000') || !wellFormed(key))
          return { field, message: 'A field name is not valid text' };
        stack.push({ v: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
      }
    }
  }
  return null;
}

/**
 * Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) change the
 * order text is shown in, not what it says: "Ann‮evil" reads "Annlive" ("Trojan Source"). A
 * patient's words or a name must read to staff as typed, so they are taken out of every body's
 * text; right-to-left letters keep their direction, which comes from the letters themselves.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const HAS_BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/** The value with those controls taken out of every string (objects changed in place). */
export function withoutBidiControls(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(BIDI_CONTROLS, '');
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) continue;
    const holder = v as Record<string, unknown>;
    for (const [key, child] of Object.entries(holder)) {
      if (typeof child === 'string') {
        if (HAS_BIDI_CONTROL.test(child)) holder[key] = child.replace(BIDI_CONTROLS, '');
      } else if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return value;
}

/** The body as it came, before its schema made it the route's input (which drops unknown keys). */
const sent = new WeakMap<FastifyRequest, unknown>();

export const inputGuardPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const { schema, config } = request.routeOptions;
    if (request.body !== undefined) request.body = withoutBidiControls(request.body);
    if (request.body !== undefined && schema?.body && config.extraFields !== 'ignored')
      sent.set(request, request.body);
    for (const [where, value] of [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const problem = inputProblem(value, where);
      if (problem) {
        throw new DomainError('validation_failed', `${problem.field}: ${problem.message}`, {
          errors: [problem],
        });
      }
    }
  });

  // A field no form has would be dropped without a word, and what was typed into it lost (a
  // client's misspelt "plannedGuidence" saved as no guidance at all): it is named instead.
  app.addHook('preHandler', async (request: FastifyRequest) => {
    if (!sent.has(request)) return;
    const errors = ignoredFields(sent.get(request), request.body).map((field) => ({
      field,
      message: 'Not a field of this form',
    }));
    if (errors.length > 0)
      throw new DomainError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
        errors,
      });
  });
});
