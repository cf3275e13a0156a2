/**
 * Access control. Every /api route declares `config.access`: 'public' or the roles allowed.
 * A route without a rule stops the app at start-up, so none can slip through; the access test
 * then walks every registered route for every role.
 */

import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor, Role } from '../../domain/actor.ts';
import type { ClinicHeader, SessionLookup } from '../auth/sessions.ts';
import { DomainError } from '../errors.ts';

/**
 * `cds-client`: a CDS Hooks client (a hospital's record system), authenticated by the JWT it signs
 * on each call (src/server/cds-hooks/clients.ts), not by a session: no person is signed in.
 */
export type Access = 'public' | 'signed-in' | 'cds-client' | readonly Role[];

export interface RouteInfo {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The signed-in actor's clinic, as every page's header shows it. */
    clinic: ClinicHeader | null;
  }
  interface FastifyInstance {
    routeTable: RouteInfo[];
    /** Who is signed in (src/server/auth/sessions.ts): one query or a cached answer. */
    sessions: SessionLookup;
  }
}

/** Routes that third-party plugins register for us: the OpenAPI document and its docs page. */
const publicPrefixes = ['/api/docs', '/api/openapi.json'];

export const accessPlugin = fp(async (app: FastifyInstance, { sessions }: { sessions: SessionLookup }) => {
  app.decorate('routeTable', [] as RouteInfo[]);
  app.decorate('sessions', sessions);
  app.decorateRequest('actor', null);
  app.decorateRequest('clinic', null);
  sessions.start();
  app.addHook('onClose', () => sessions.stop());

  app.addHook('onRoute', (route) => {
    // The API, the FHIR endpoint (src/server/fhir) and the CDS Hooks services (src/server/cds-hooks)
    // all carry patient data: each needs a rule.
    if (!['/api', '/fhir', '/cds-services'].some((p) => route.url.startsWith(p))) return;
    const declared = (route.config as { access?: Access } | undefined)?.access;
    const access = declared ?? (publicPrefixes.some((p) => route.url.startsWith(p)) ? 'public' : undefined);
    if (!access) throw new Error(`Route ${route.method} ${route.url} has no access rule (config.access).`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.routeTable.push({ method, url: route.url, access });
    }
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    // A CDS client's JWT is checked by the CDS Hooks plugin itself (it knows the trusted clients).
    if (!access || access === 'public' || access === 'cds-client') return;
    const signedIn = await sessions.signedIn(request.headers.cookie);
    request.actor = signedIn?.actor ?? null;
    request.clinic = signedIn?.clinic ?? null;
    if (!request.actor)
      throw new DomainError('unauthenticated', 'Your session has ended or you are not signed in.');
    if (access !== 'signed-in' && !access.includes(request.actor.role)) {
      throw new DomainError('forbidden', `This needs one of these roles: ${access.join(', ')}.`);
    }
  });
});

/** The signed-in actor of a route whose rule guarantees one. */
export function actor(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError('unauthenticated', 'Sign in to continue.');
  return request.actor;
}
