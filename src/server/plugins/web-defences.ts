/**
 * Defences against other sites, on every response and every write.
 *
 * Security headers (@fastify/helmet). The Content-Security-Policy allows scripts only from this
 * server (no inline script, no eval) and no framing by anyone (`frame-ancestors 'none'`, with
 * X-Frame-Options: DENY for old browsers). Styles allow 'unsafe-inline': Mantine writes its theme
 * and responsive style props into <style> elements at run time, and the built index.html is a
 * static file, so a per-request nonce would mean rendering the page for every request and
 * threading the nonce into Mantine (`getStyleNonce`). Injected CSS cannot run code; the script
 * policy is what stops cross-site scripting, and it stays strict. HSTS only when PUBLIC_URL is
 * https: on plain http (a laptop, a test) it would be ignored at best and lock out a later http
 * address at worst; upgrade-insecure-requests likewise.
 *
 * The Origin check (CSRF). A state-changing /api request (POST, PUT, PATCH, DELETE) that a browser
 * sends from another site carries that site's Origin, or `Sec-Fetch-Site: cross-site`: refused
 * with 403 and a sentence, before the session is even looked at. One with neither header is not
 * from a browser (the CLI, curl, a test, an integration): forging a request needs the victim's
 * browser to attach the victim's cookie, and every current browser sends Origin on such requests,
 * so refusing header-less clients would add no protection and break scripts. Same-origin browser
 * requests carry our own origin and pass.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError } from '../errors.ts';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface WebDefenceOptions {
  baseUrl: string;
  /** The origins that are this app (the base URL's, and localhost's twin for a local server). */
  ownOrigins: string[];
}

export const webDefencesPlugin = fp(
  async (app: FastifyInstance, { baseUrl, ownOrigins }: WebDefenceOptions) => {
    const https = new URL(baseUrl).protocol === 'https:';
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: https ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
      xContentTypeOptions: true,
    });

    const own = new URL(baseUrl).origin;
    app.addHook('onRequest', async (request) => {
      if (!stateChanging.has(request.method) || !request.url.startsWith('/api')) return;
      const origin = request.headers.origin;
      const fetchSite = request.headers['sec-fetch-site'];
      if (
        origin !== undefined
          ? !ownOrigins.includes(origin)
          : fetchSite === 'cross-site' || fetchSite === 'same-site'
      ) {
        throw new DomainError(
          'cross_origin',
          `This request came from ${origin ?? 'another site'}, not from SIJ Pathway at ${own}, so it was refused: another site cannot act with your session.`,
        );
      }
    });
  },
);
