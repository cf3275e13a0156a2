/** Errors leave as RFC 9457 problem details; a validation error names each field and what is wrong. */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError, type FieldError, problem } from '../errors.ts';

export const problemsPlugin = fp(async (app: FastifyInstance, { webApp }: { webApp: boolean }) => {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    let body: ReturnType<typeof problem> | (Omit<ReturnType<typeof problem>, 'status'> & { status: number });
    if (error instanceof ApiError) {
      body = problem(error.code, error.detail, error.extra);
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
    } else {
      request.log.error({ err: error }, 'unhandled error');
      body = problem(
        'internal',
        'The server could not finish this request. Nothing was saved; please try again.',
      );
    }
    reply.status(body.status).type('application/problem+json').send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    // The web app routes on the client: any other page address gets its index page.
    if (webApp && request.method === 'GET' && !request.url.startsWith('/api'))
      return reply.sendFile('index.html');
    return reply
      .status(404)
      .type('application/problem+json')
      .send(problem('not_found', `There is nothing at ${request.method} ${request.url}.`));
  });
});
