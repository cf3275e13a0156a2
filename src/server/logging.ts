/**
 * The log carries no patient data. An error is logged as its class, its code and where it was
 * thrown, never its message: a failed query's message holds the SQL with its parameters (names,
 * NHS numbers), and PostgreSQL's `detail` repeats the failing row. A request is logged as its
 * method and path, never its query string (a search for a patient is `?q=<name>`). The request id
 * Fastify adds to every line ties an error to the request the user saw fail.
 */
import type { Writable } from 'node:stream';
import type { FastifyServerOptions } from 'fastify';

type Fields = Record<string, string | number>;

/** What may be kept of a PostgreSQL error: names of schema objects, never values. */
const schemaFields = ['code', 'constraint', 'table', 'column', 'routine', 'severity'] as const;

function describeOne(error: Error): Fields {
  const fields: Fields = { type: error.constructor?.name || error.name || 'Error' };
  for (const key of schemaFields) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  }
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number') fields.statusCode = status;
  return fields;
}

/** The code locations of a stack, without its first lines (the message). */
function frames(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  const lines = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return lines.length ? lines.map((l) => l.trim()).join('\n') : undefined;
}

/** An error as the log may keep it: class, code, schema names and stack frames; no message. */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: error === null ? 'null' : typeof error };
  const described: Record<string, unknown> = describeOne(error);
  const causes: Fields[] = [];
  let cause: unknown = error.cause;
  while (cause instanceof Error && causes.length < 5) {
    causes.push(describeOne(cause));
    cause = cause.cause;
  }
  if (causes.length) described.causes = causes;
  const stack = frames(error.stack);
  if (stack) described.stack = stack;
  return described;
}

interface LoggedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  routeOptions?: { url?: string };
  ip?: string;
}

/** A request as the log may keep it: the path without its query string. */
export function safeRequest(request: LoggedRequest) {
  const url = request.url ?? '';
  const q = url.indexOf('?');
  return {
    method: request.method,
    url: q === -1 ? url : `${url.slice(0, q)}?…`,
    route: request.routeOptions?.url,
    remoteAddress: request.ip,
  };
}

/** The logger of `sijpath serve` (and of tests that read the log). */
export function loggerOptions(
  level: string,
  stream?: Writable,
): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    ...(stream ? { stream } : {}),
    // Fastify types an error serializer as pino's default (with `message`); ours leaves it out.
    serializers: { err: safeError as never, req: safeRequest },
  };
}
