/**
 * better-auth's endpoints mounted in Fastify, as its Fastify guide shows: Fastify has already
 * parsed the body, so we rebuild a Web Request and copy the Response back.
 */

import { fromNodeHeaders } from 'better-auth/node';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Auth, clientAddressHeader } from './auth.ts';
import type { SessionLookup } from './sessions.ts';
import { checkSignInAllowed, recordFailedSignIn, recordSignIn } from './sign-in-limits.ts';

/**
 * better-auth endpoints nobody may call over HTTP: a set-password link is issued by an admin
 * (POST /api/users/:id/password), never requested by whoever knows an email address.
 */
/**
 * Names, emails and roles of staff change only through the admin's user management, audited
 * (src/server/users/): a nurse could otherwise give herself a doctor's title and another name.
 */
const closed = [
  '/api/auth/request-password-reset',
  '/api/auth/forget-password',
  '/api/auth/update-user',
  '/api/auth/change-email',
  '/api/auth/delete-user',
];

const signInPath = '/api/auth/sign-in/email';

export async function authRoutes(
  app: FastifyInstance,
  { auth, baseUrl, sessions, db }: { auth: Auth; baseUrl: string; sessions: SessionLookup; db: Database },
) {
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
      // The address as Fastify resolved it (TRUST_PROXY decides whose X-Forwarded-For counts),
      // never a header the client chose.
      const headers = fromNodeHeaders(request.headers);
      headers.set(clientAddressHeader, request.ip);
      const signIn = request.method === 'POST' && url.pathname === signInPath;
      const body = request.body as { email?: unknown } | undefined;
      const email = signIn && typeof body?.email === 'string' ? body.email : undefined;
      if (email !== undefined) await checkSignInAllowed(db, request.ip, email, new Date());
      const response = await auth.handler(
        new Request(url, {
          method: request.method,
          headers,
          ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        }),
      );
      // This process forgets the session at once; the others hear it from the session trigger.
      if (url.pathname.endsWith('/sign-out')) sessions.forget(request.headers.cookie);
      if (email !== undefined && response.status === 401) {
        await recordFailedSignIn(db, request.ip, email, new Date());
      } else if (email !== undefined && response.ok) {
        await recordSignIn(db, email);
      }
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
