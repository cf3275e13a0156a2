/**
 * The edge: every error leaves as RFC 9457 problem details (application/problem+json) with the
 * status its code maps to here, the one place codes meet HTTP. A validation error names each field.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { databaseUnavailable } from '../../db/unavailable.ts';
import { DomainError, type ErrorCode, type FieldError } from '../errors.ts';
import { safeError } from '../logging.ts';

export const errorCatalogue: Record<ErrorCode, { status: number; title: string }> = {
  validation_failed: { status: 400, title: 'Some fields need attention' },
  unauthenticated: { status: 401, title: 'Sign in to continue' },
  forbidden: { status: 403, title: 'Your role does not allow this' },
  cross_origin: { status: 403, title: 'Refused: this request came from another site' },
  too_many_sign_ins: { status: 429, title: 'Too many failed sign-ins from this address' },
  account_locked: { status: 423, title: 'This account is locked' },
  not_found: { status: 404, title: 'Not found' },
  version_conflict: { status: 409, title: 'Someone else changed this record' },
  illegal_move: { status: 409, title: 'That move is not possible now' },
  duplicate_identifier: { status: 409, title: 'A patient with this identifier already exists' },
  possible_duplicate: { status: 409, title: 'This patient may be registered already' },
  duplicate_email: { status: 409, title: 'A user with this email already exists' },
  not_on_own_account: { status: 409, title: 'Not on your own account' },
  reason_required: { status: 422, title: 'A reason is needed' },
  role_not_allowed: { status: 403, title: 'Your role does not allow this step' },
  use_step_form: { status: 409, title: 'Record this step on its form' },
  scheduling_blocked: { status: 409, title: 'This episode cannot be scheduled yet' },
  list_full: { status: 409, title: 'That procedure list is full' },
  list_cancelled: { status: 409, title: 'That procedure list was cancelled' },
  not_safe_yet: { status: 409, title: 'Not safe to go ahead yet' },
  checklist_incomplete: { status: 422, title: 'The checklist is not complete' },
  side_mismatch: { status: 422, title: 'The sides do not match' },
  not_ready_for_discharge: { status: 422, title: 'Not ready for discharge' },
  step_out_of_order: { status: 409, title: 'That step is not possible now' },
  diary_closed: { status: 409, title: 'The pain diary takes no entries now' },
  already_answered: { status: 409, title: 'Already answered' },
  outside_booked_day: { status: 409, title: 'Not the booked day' },
  recorded_elsewhere: { status: 409, title: 'Recorded at another clinic' },
  too_many_requests: { status: 429, title: 'Too many requests: wait a moment and try again' },
  database_unavailable: { status: 503, title: 'The database is not answering' },
  internal: { status: 500, title: 'Something went wrong on our side' },
};

/** How long a client is asked to wait when the database is not answering. */
const DATABASE_RETRY_SECONDS = 5;

export function problem(code: ErrorCode, detail: string, extra: Record<string, unknown> = {}) {
  const { status, title } = errorCatalogue[code];
  return { type: `/api/problems/${code}`, title, status, detail, code, ...extra };
}

export const statusOf = (error: DomainError) => errorCatalogue[error.code].status;

export const problemsPlugin = fp(async (app: FastifyInstance, { webApp }: { webApp: boolean }) => {
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    let body: ReturnType<typeof problem> | (Omit<ReturnType<typeof problem>, 'status'> & { status: number });
    if (error instanceof DomainError) {
      body = problem(error.code, error.detail, error.extra);
      if (typeof error.extra.retryAfterSeconds === 'number')
        reply.header('retry-after', String(error.extra.retryAfterSeconds));
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const errors: FieldError[] = error.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        message: v.message ?? 'is not valid',
      }));
      const where = error.validationContext === 'querystring' ? 'query' : error.validationContext;
      const detail = errors.map((e) => `${e.field || where}: ${e.message}`).join('; ');
      body = problem('validation_failed', detail, { errors });
    } else if (error.statusCode && error.statusCode < 500) {
      body = {
        ...problem('validation_failed', error.message),
        status: error.statusCode,
        code: 'validation_failed',
      };
    } else if (databaseUnavailable(error)) {
      // Not this request's fault: the database is stopped, restarting (the embedded one is started
      // again when it dies) or out of connections. The client is told to try again shortly.
      request.log.error({ error: safeError(error) }, 'the database is not answering');
      body = problem(
        'database_unavailable',
        'The server could not reach its database just now. Please try again in a moment; if this goes on, tell whoever runs SIJ Pathway.',
      );
      reply.header('retry-after', String(DATABASE_RETRY_SECONDS));
    } else {
      // Class, code and stack frames only: the message of a failed query holds its parameters.
      request.log.error({ error: safeError(error) }, 'unhandled error');
      body = problem(
        'internal',
        'The server could not finish this request. Nothing was saved; please try again.',
      );
    }
    reply.status(body.status).type('application/problem+json').send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    // The web app routes on the client: any other page address gets its index page. A missing
    // asset is not a page: an old build's chunk answered with the index page would fail as a
    // script of the wrong type; a 404 says plainly that it is gone (src/web/stale-build.ts).
    if (
      webApp &&
      request.method === 'GET' &&
      !request.url.startsWith('/api') &&
      !request.url.startsWith('/assets/')
    )
      return reply.header('cache-control', 'no-store').sendFile('index.html');
    return reply
      .status(404)
      .type('application/problem+json')
      .send(problem('not_found', `There is nothing at ${request.method} ${request.url}.`));
  });
});
