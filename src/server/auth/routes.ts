/**
 * better-auth's endpoints mounted in Fastify, as its Fastify guide shows: Fastify has already
 * parsed the body, so we rebuild a Web Request and copy the Response back.
 */

import { fromNodeHeaders } from 'better-auth/node';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors.ts';
import type { Auth } from './auth.ts';

/**
 * better-auth endpoints nobody may call over HTTP: a set-password link is issued by an admin
 * (POST /api/users/:id/password), never requested by whoever knows an email address.
 */
const closed = ['/api/auth/request-password-reset', '/api/auth/forget-password'];

export async function authRoutes(app: FastifyInstance, { auth, baseUrl }: { auth: Auth; baseUrl: string }) {
  app.route({
    method: ['GET', 'POST'],
    url: '/api/auth/*',
    config: { access: 'public' },
    schema: { hide: true },
    async handler(request, reply) {
      const url = new URL(request.url, baseUrl);
      if (closed.includes(url.pathname)) {
        throw new DomainError('not_found', `There is nothing at ${request.method} ${url.pathname}.`);
      }
      const response = await auth.handler(
        new Request(url, {
          method: request.method,
          headers: fromNodeHeaders(request.headers),
          ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        }),
      );
      reply.status(response.status);
      for (const [key, value] of response.headers) {
        if (key.toLowerCase() !== 'set-cookie') reply.header(key, value);
      }
      const cookies = response.headers.getSetCookie();
      if (cookies.length) reply.header('set-cookie', cookies);
      return reply.send(response.body ? await response.text() : null);
    },
  });
}
