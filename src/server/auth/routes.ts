/**
 * better-auth's endpoints mounted in Fastify, as its Fastify guide shows: Fastify has already
 * parsed the body, so we rebuild a Web Request and copy the Response back. Only the endpoints
 * SIJ Pathway uses are reachable, each with only the body fields it needs (an allow-list: a plugin
 * brings more endpoints than we want, e.g. password resets by code, which admins alone issue here).
 */

import { fromNodeHeaders } from 'better-auth/node';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Auth, PATIENT_HOME, PATIENT_SIGN_IN } from './auth.ts';
import { CLIENT_ADDRESS_HEADER } from './limits.ts';
import type { SessionLookup } from './sessions.ts';
import { checkSignInAllowed, recordFailedSignIn, recordSignIn } from './sign-in-limits.ts';

type Body = Record<string, unknown>;
const email = (b: Body) =>
  String(b.email ?? '')
    .trim()
    .toLowerCase();

/**
 * The better-auth endpoints reachable over HTTP. `body` rebuilds what may be sent, so a caller
 * cannot pick where a patient's link leads or slip options to the plugin.
 */
// Not here, so not reachable: update-user, change-email, delete-user (staff names, emails and roles
// change only through the admin's audited user management, src/server/users/), password resets
// asked for by whoever knows an email address, and whatever else a plugin brings.
const reachable: { method: 'GET' | 'POST'; path: RegExp; body?: (b: Body) => Body }[] = [
  { method: 'GET', path: /^\/get-session$/ },
  { method: 'POST', path: /^\/sign-in\/email$/ },
  { method: 'POST', path: /^\/sign-out$/ },
  // A set-password link an admin issued (POST /api/users/:id/password): its landing, then the password.
  { method: 'GET', path: /^\/reset-password\/[^/]+$/ },
  { method: 'POST', path: /^\/reset-password$/ },
  // A patient asks for a sign-in link or code by email, then uses it.
  {
    method: 'POST',
    path: /^\/sign-in\/magic-link$/,
    body: (b) => ({ email: email(b), callbackURL: PATIENT_HOME, errorCallbackURL: PATIENT_SIGN_IN }),
  },
  { method: 'GET', path: /^\/magic-link\/verify$/ },
  {
    method: 'POST',
    path: /^\/email-otp\/send-verification-otp$/,
    body: (b) => ({ email: email(b), type: 'sign-in' }),
  },
  {
    method: 'POST',
    path: /^\/sign-in\/email-otp$/,
    body: (b) => ({ email: email(b), otp: String(b.otp ?? '').trim() }),
  },
];

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
      const path = url.pathname.slice('/api/auth'.length);
      const endpoint = reachable.find((e) => e.method === request.method && e.path.test(path));
      if (!endpoint) {
        throw new DomainError('not_found', `There is nothing at ${request.method} ${url.pathname}.`);
      }
      const headers = fromNodeHeaders(request.headers);
      // The rate limiter counts per client address: the one Fastify trusts (TRUST_PROXY), never a
      // header the client chose.
      headers.set(CLIENT_ADDRESS_HEADER, request.ip);
      const sent = request.body === undefined ? undefined : (request.body as Body);
      const body = endpoint.body ? endpoint.body(sent ?? {}) : sent;
      if (endpoint.body) headers.set('content-type', 'application/json');
      headers.delete('content-length');
      // Staff password sign-in: per address and per account, with the lockout (sign-in-limits.ts).
      const signIn = request.method === 'POST' && path === '/sign-in/email';
      const signInEmail = signIn && typeof sent?.email === 'string' ? sent.email : undefined;
      if (signInEmail !== undefined) await checkSignInAllowed(db, request.ip, signInEmail, new Date());
      const response = await auth.handler(
        new Request(url, {
          method: request.method,
          headers,
          ...(body !== undefined && request.method === 'POST' ? { body: JSON.stringify(body) } : {}),
        }),
      );
      // This process forgets the session at once; the others hear it from the session trigger.
      if (path === '/sign-out') sessions.forget(request.headers.cookie);
      if (signInEmail !== undefined && response.status === 401) {
        await recordFailedSignIn(db, request.ip, signInEmail, new Date());
      } else if (signInEmail !== undefined && response.ok) {
        await recordSignIn(db, signInEmail);
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
