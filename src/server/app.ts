/**
 * The app factory: builds the Fastify instance without listening, so tests use `inject()` and
 * `sijpath serve` only adds a port. One plugin per feature; cross-cutting ones use fastify-plugin.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../db/client.ts';
import { packageRoot } from '../db/package-root.ts';
import { DEFAULT_CANONICAL_BASE } from '../fhir/context.ts';
import { auditRoutes } from './audit/routes.ts';
import { type Auth, createAuth } from './auth/auth.ts';
import type { PatientApiLimits } from './auth/limits.ts';
import { meRoutes } from './auth/me.ts';
import { authRoutes } from './auth/routes.ts';
import { SessionLookup } from './auth/sessions.ts';
import { type CdsClient, CdsClientVerifier } from './cds-hooks/clients.ts';
import { cdsHooksRoutes } from './cds-hooks/routes.ts';
import { clinicRoutes } from './clinic/routes.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { episodeRoutes } from './episodes/routes.ts';
import { stepRoutesPlugin } from './episodes/steps/routes.ts';
import { exportRoutes } from './export/routes.ts';
import { fhirRoutes } from './fhir/routes.ts';
import { followUpRoutes } from './follow-up/routes.ts';
import { guideRoutes } from './guides/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { leafletRoutes } from './leaflets/routes.ts';
import { messageRoutes } from './messages/routes.ts';
import { openApiDocument, openApiTransform } from './openapi.ts';
import { patientRoutes } from './patients/routes.ts';
import { accessPlugin } from './plugins/access.ts';
import { auditPlugin } from './plugins/audit.ts';
import { inputGuardPlugin } from './plugins/input-guard.ts';
import { patientLimitsPlugin } from './plugins/patient-limits.ts';
import { problemsPlugin } from './plugins/problems.ts';
import { trustedResponses } from './plugins/responses.ts';
import { webDefencesPlugin } from './plugins/web-defences.ts';
import { portalRoutes } from './portal/routes.ts';
import { procedureListRoutes } from './procedure-lists/routes.ts';
import { type SmartEhrInput, SmartEhrList } from './smart/ehrs.ts';
import { smartRoutes } from './smart/routes.ts';
import { userRoutes } from './users/routes.ts';

/** The built web app (Vite), at the package root whether this module runs from src/ or dist/. */
export const webRoot = path.join(packageRoot, 'dist/web');

export interface AppOptions {
  db: Database;
  baseUrl: string;
  authSecret: string;
  sessionHours?: number;
  demo?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** Serve the built web app from dist/web (when it has been built). */
  serveWeb?: boolean;
  /** TRUST_PROXY: whose X-Forwarded-For to believe. Unset: nobody's (the socket's address counts). */
  trustProxy?: string | undefined;
  /** Check answers sent without zod against their schema anyway (tests: plugins/responses.ts). */
  checkResponses?: boolean;
  /** FHIR_CANONICAL_BASE: where our FHIR definitions and local code systems are named (src/fhir/context.ts). */
  fhirCanonicalBase?: string | undefined;
  /** How messages leave: `email` when SMTP_URL is set, otherwise `outbox` (admins read them). */
  delivery?: 'email' | 'outbox';
  /** How long a patient's sign-in link or code works, in minutes. */
  patientSignInMinutes?: number;
  /** The CDS Hooks clients the clinics trust (CDS_CLIENTS_FILE; src/server/cds-hooks/clients.ts). */
  cdsClients?: () => readonly CdsClient[];
  /** SMART_EHRS: the EHRs that may launch the clinician workspace (src/server/smart/). */
  smartEhrs?: readonly SmartEhrInput[];
  /** Rate limits of the patients' API (default: auth/limits.ts patientApiLimits). */
  patientApiLimits?: PatientApiLimits;
}

/**
 * The largest request body read, in bytes. The largest real one is a FHIR referral Bundle or a
 * screening with its agreed plans, a few tens of KiB; anything over this is refused (413) before
 * it is parsed, so no body can cost the server more than parsing 256 KiB.
 */
export const BODY_LIMIT_BYTES = 256 * 1024;

/** TRUST_PROXY as Fastify takes it: `true`, a hop count, or a list of addresses and CIDRs. */
export function trustProxyOption(
  value: string | undefined,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (!value) return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

export async function buildApp(options: AppOptions) {
  const { db, baseUrl, demo = false } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxyOption(options.trustProxy),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  trustedResponses(app, options.checkResponses ?? false);

  const auth: Auth = createAuth({
    db,
    baseUrl,
    secret: options.authSecret,
    sessionHours: options.sessionHours ?? 12,
    trustedOrigins: trustedOrigins(baseUrl),
    patientSignInMinutes: options.patientSignInMinutes ?? 60,
  });

  const { authCookies, secret } = await auth.$context;
  const sessions = new SessionLookup({
    pool: db.$client,
    cookieName: authCookies.sessionToken.name,
    secret,
    log: (line) => app.log.warn(line),
  });

  const serveWeb = Boolean(options.serveWeb && existsSync(webRoot));
  await app.register(problemsPlugin, { webApp: serveWeb });
  await app.register(webDefencesPlugin, { baseUrl, ownOrigins: trustedOrigins(baseUrl) });
  await app.register(inputGuardPlugin);
  await app.register(accessPlugin, { sessions });
  await app.register(auditPlugin, { db });
  await app.register(patientLimitsPlugin, {
    db,
    ...(options.patientApiLimits ? { limits: options.patientApiLimits } : {}),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'SIJ Pathway API',
        version: '0.1.0',
        description: 'Decision support for the SI joint injection pathway.',
      },
    },
    // Shared schemas once, as components; every route with its error answers (openapi.ts).
    transform: openApiTransform,
    transformObject: openApiDocument,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(authRoutes, { auth, baseUrl, sessions, db });
  for (const routes of [
    healthRoutes,
    meRoutes,
    clinicRoutes,
    patientRoutes,
    episodeRoutes,
    stepRoutesPlugin,
    followUpRoutes,
    auditRoutes,
    leafletRoutes,
    exportRoutes,
    dashboardRoutes,
    guideRoutes,
  ]) {
    await app.register(routes, { db, demo });
  }
  await app.register(procedureListRoutes, { db, demo, baseUrl });
  await app.register(userRoutes, { db, demo, auth, sessions });
  await app.register(smartRoutes, { db, auth, baseUrl, ehrs: SmartEhrList.parse(options.smartEhrs ?? []) });
  const appUrl = baseUrl.replace(/\/$/, '');
  await app.register(fhirRoutes, {
    prefix: '/fhir',
    db,
    demo,
    fhir: {
      canonicalBase: options.fhirCanonicalBase ?? DEFAULT_CANONICAL_BASE,
      serverBase: `${appUrl}/fhir`,
      appUrl,
    },
  });
  await app.register(cdsHooksRoutes, {
    db,
    verifier: new CdsClientVerifier(options.cdsClients ?? (() => []), db),
    baseUrl: appUrl,
    canonicalBase: options.fhirCanonicalBase ?? DEFAULT_CANONICAL_BASE,
  });
  await app.register(messageRoutes, { db, demo, delivery: options.delivery ?? 'outbox' });
  await app.register(portalRoutes, {
    db,
    demo,
    auth,
    baseUrl,
    signInMinutes: options.patientSignInMinutes ?? 60,
  });

  // Patient data must not outlive the session in any cache: API answers and the app's page are
  // never stored; only the hashed assets (which carry no data) may be.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
  });
  if (serveWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      setHeaders: (reply, file) => {
        if (file.endsWith('.html')) reply.header('cache-control', 'no-store');
      },
    });
  }
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

/** The same server is often reached as localhost and as 127.0.0.1; both are its own origin. */
function trustedOrigins(baseUrl: string): string[] {
  const u = new URL(baseUrl);
  const origins = new Set([u.origin]);
  for (const host of ['localhost', '127.0.0.1']) {
    if (u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '0.0.0.0') {
      origins.add(`${u.protocol}//${host}${u.port ? `:${u.port}` : ''}`);
    }
  }
  return [...origins];
}
