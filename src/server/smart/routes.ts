/**
 * SMART App Launch 2.0: an EHR opens the clinician workspace with a patient in context.
 *
 * - `GET /api/smart/launch?iss=…&launch=…` is the launch URL an EHR is given (EHR launch); with
 *   `iss` alone it is a standalone launch (the EHR asks the clinician to pick a patient). `iss`
 *   must be one of the EHRs configured in SMART_EHRS (ehrs.ts), else nothing is fetched at all.
 * - `GET /api/smart/callback` is the redirect URI: the code is exchanged (PKCE, state, nonce), the
 *   EHR's user is matched to a staff account of the EHR's clinic by email, better-auth starts the
 *   session, and the EHR's patient is matched to ours by NHS number, landing on the patient's
 *   current episode (or the patient's page when there is not exactly one open episode).
 *
 * The state and PKCE verifier wait server-side (the `verification` table, 10 minutes, used once),
 * and the browser that started the launch carries the state in a cookie: a callback from another
 * browser (a forged sign-in) is refused. Every refusal is a page a clinician can read.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { isStaff } from '../../domain/actor.ts';
import { isValidNhsNumber, normaliseNhsNumber } from '../../domain/identifiers.ts';
import { SYSTEMS } from '../../fhir/codes.ts';
import type { AuditAction } from '../../shared/api/audit-actions.ts';
import { SmartEhrLinks } from '../../shared/api/smart.ts';
import type { Auth } from '../auth/auth.ts';
import { cookieValue } from '../auth/sessions.ts';
import { safeError } from '../logging.ts';
import {
  beginLaunch,
  fhirId,
  finishLaunch,
  type LaunchResult,
  type PendingLaunch,
  readResource,
  SmartRefusal,
} from './client.ts';
import { type SmartEhr, trustedEhr } from './ehrs.ts';
import { launchPage } from './page.ts';

export const LAUNCH_PATH = '/api/smart/launch';
export const CALLBACK_PATH = '/api/smart/callback';
const STATE_COOKIE = 'sijpath_smart_state';
const STATE_MINUTES = 10;
const stateKey = (state: string) => `smart-launch:${state}`;

const LaunchQuery = z.object({
  iss: z.string().max(2048).optional(),
  launch: z.string().min(1).max(4096).optional(),
});
const CallbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(512).optional(),
  error_description: z.string().max(2048).optional(),
  iss: z.string().max(2048).optional(),
});

const notStartedHere = new SmartRefusal(
  400,
  'This sign-in was not started here',
  'SIJ Pathway has no launch waiting for this answer: it may have taken longer than 10 minutes, been used already, or been started in another browser. Open SIJ Pathway from your EHR again.',
);

export interface SmartRouteOptions {
  db: Database;
  auth: Auth;
  baseUrl: string;
  ehrs: readonly SmartEhr[];
}

export async function smartRoutes(instance: FastifyInstance, { db, auth, baseUrl, ehrs }: SmartRouteOptions) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const appUrl = baseUrl.replace(/\/$/, '');
  const redirectUri = `${appUrl}${CALLBACK_PATH}`;
  const secure = appUrl.startsWith('https:') ? '; Secure' : '';
  const stateCookie = (state: string, maxAge: number) =>
    `${STATE_COOKIE}=${state}; Path=/api/smart; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;

  /** A refusal as its page; anything unexpected is logged and told as a refusal too. */
  function refuse(request: FastifyRequest, reply: FastifyReply, error: unknown, extraCookies: string[] = []) {
    const refusal =
      error instanceof SmartRefusal
        ? error
        : new SmartRefusal(
            500,
            'Something went wrong on our side',
            'SIJ Pathway could not finish opening from your EHR. Nothing was changed; open it from your EHR again.',
          );
    if (!(error instanceof SmartRefusal))
      request.log.error({ error: safeError(error) }, 'SMART launch failed');
    return reply
      .status(refusal.status)
      .header('set-cookie', [...extraCookies, stateCookie('', 0)])
      .type('text/html; charset=utf-8')
      .send(launchPage(refusal));
  }

  app.get(
    '/api/smart/ehrs',
    {
      config: { access: 'public' },
      schema: {
        summary: 'The EHRs a clinician may sign in through (standalone launch), for the sign-in page',
        tags: ['smart'],
        response: { 200: SmartEhrLinks },
      },
    },
    async () => ({
      ehrs: ehrs.map((e) => ({
        name: e.name,
        launchUrl: `${LAUNCH_PATH}?${new URLSearchParams({ iss: e.iss })}`,
      })),
    }),
  );

  app.get(
    LAUNCH_PATH,
    {
      config: { access: 'public' },
      schema: {
        summary:
          'SMART App Launch: the launch URL an EHR opens (EHR launch with `launch`, standalone without)',
        tags: ['smart'],
        querystring: LaunchQuery,
      },
    },
    async (request, reply) => {
      try {
        const { iss, launch } = request.query;
        if (!iss) {
          throw new SmartRefusal(
            400,
            'Open SIJ Pathway from your EHR',
            'This address is where an EHR opens SIJ Pathway, and it needs to say which EHR it is (iss). Open SIJ Pathway from your EHR, or sign in with your password.',
          );
        }
        const ehr = trustedEhr(ehrs, iss);
        if (!ehr) {
          throw new SmartRefusal(
            403,
            'This EHR cannot open SIJ Pathway',
            `SIJ Pathway is not set up to be opened from ${iss.slice(0, 200)}. Ask your clinic administrator to add it (SMART_EHRS), or sign in with your password.`,
          );
        }
        const { url, state, pending } = await beginLaunch(ehr, { launch, redirectUri });
        // Launches never finished leave nothing behind for long.
        await db
          .delete(schema.verification)
          .where(
            and(
              sql`${schema.verification.identifier} like 'smart-launch:%'`,
              lt(schema.verification.expiresAt, new Date()),
            ),
          );
        await db.insert(schema.verification).values({
          id: randomUUID(),
          identifier: stateKey(state),
          value: JSON.stringify(pending),
          expiresAt: new Date(Date.now() + STATE_MINUTES * 60_000),
        });
        return reply.header('set-cookie', stateCookie(state, STATE_MINUTES * 60)).redirect(url.href, 302);
      } catch (error) {
        return refuse(request, reply, error);
      }
    },
  );

  app.get(
    CALLBACK_PATH,
    {
      config: { access: 'public' },
      schema: {
        summary: 'SMART App Launch: the redirect URI (the authorization code comes back here)',
        tags: ['smart'],
        querystring: CallbackQuery,
      },
    },
    async (request, reply) => {
      try {
        const state = request.query.state;
        const started = cookieValue(request.headers.cookie, STATE_COOKIE);
        if (!state || !started || state !== started) throw notStartedHere;
        // Used once: whoever takes the row goes on, any replay finds nothing.
        const [row] = await db
          .delete(schema.verification)
          .where(
            and(
              eq(schema.verification.identifier, stateKey(state)),
              gt(schema.verification.expiresAt, new Date()),
            ),
          )
          .returning({ value: schema.verification.value });
        if (!row) throw notStartedHere;
        const pending = JSON.parse(row.value) as PendingLaunch;
        const ehr = trustedEhr(ehrs, pending.iss);
        if (!ehr) throw notStartedHere;
        const result = await finishLaunch(ehr, pending, new URL(request.url, appUrl), state);
        const clinic = await clinicOf(db, ehr);
        const user = await staffUser(db, ehr, clinic, result);

        // The session, made by better-auth as for any sign-in (its hooks refuse a disabled account).
        const { headers } = await auth.api.smartSignIn({ body: { userId: user.id }, returnHeaders: true });
        request.actor = {
          id: user.id,
          name: user.name,
          email: user.email,
          role: user.role,
          clinicId: clinic.id,
          patientId: null,
        };
        await request.audit({ action: 'auth.sign-in.smart', recordType: 'user', recordId: user.id });
        const sessionCookies = headers.getSetCookie();

        const target = await patientInContext(db, ehr, clinic, result);
        if ('refusal' in target) {
          await request.audit({
            action: 'smart.patient.unmatched',
            recordType: 'patient',
            recordId: null,
            status: target.refusal.status,
          });
          return refuse(request, reply, target.refusal, sessionCookies);
        }
        await request.audit({
          action: target.action,
          recordType: target.recordType,
          recordId: target.recordId,
        });
        return reply.header('set-cookie', [...sessionCookies, stateCookie('', 0)]).redirect(target.path, 302);
      } catch (error) {
        return refuse(request, reply, error);
      }
    },
  );
}

async function clinicOf(db: Database, ehr: SmartEhr): Promise<{ id: string; name: string }> {
  const byId = z.uuid().safeParse(ehr.clinic).success;
  const [clinic] = await db
    .select({ id: schema.clinic.id, name: schema.clinic.name })
    .from(schema.clinic)
    .where(byId ? eq(schema.clinic.id, ehr.clinic) : eq(schema.clinic.name, ehr.clinic));
  if (!clinic) {
    throw new SmartRefusal(
      503,
      'SIJ Pathway is not set up for this EHR',
      `${ehr.name} is configured for a clinic SIJ Pathway does not have (“${ehr.clinic}”). Tell your clinic administrator.`,
    );
  }
  return clinic;
}

/** The email the EHR knows its user by: the ID token's `email`, else their `fhirUser` record's. */
async function emailOf(ehr: SmartEhr, result: LaunchResult): Promise<string | undefined> {
  const claimed = result.claims.email;
  if (typeof claimed === 'string' && claimed.includes('@')) return claimed.trim().toLowerCase();
  const fhirUser = typeof result.claims.fhirUser === 'string' ? result.claims.fhirUser : undefined;
  if (!fhirUser) return undefined;
  // Relative, or absolute on this EHR's FHIR endpoint only: nothing else is fetched.
  const relative = fhirUser.startsWith(`${ehr.iss}/`) ? fhirUser.slice(ehr.iss.length + 1) : fhirUser;
  const [type, id, ...rest] = relative.split('/');
  if (
    rest.length ||
    !id ||
    !fhirId.test(id) ||
    !['Practitioner', 'PractitionerRole', 'Person'].includes(type ?? '')
  )
    return undefined;
  const resource = await readResource(ehr, result, type!, id);
  const telecom = Array.isArray(resource?.telecom)
    ? (resource.telecom as { system?: unknown; value?: unknown }[])
    : [];
  const email = telecom.find((t) => t?.system === 'email' && typeof t.value === 'string')?.value as
    | string
    | undefined;
  return email?.trim().toLowerCase();
}

async function staffUser(
  db: Database,
  ehr: SmartEhr,
  clinic: { id: string; name: string },
  result: LaunchResult,
) {
  const email = await emailOf(ehr, result);
  if (!email) {
    throw new SmartRefusal(
      403,
      'SIJ Pathway could not tell who you are',
      `${ehr.name} did not say which email address you sign in with (neither in the ID token nor on your practitioner record), so SIJ Pathway cannot find your account. Sign in with your password, and tell your clinic administrator.`,
    );
  }
  const [user] = await db
    .select({
      id: schema.user.id,
      name: schema.user.name,
      email: schema.user.email,
      role: schema.user.role,
      disabledAt: schema.user.disabledAt,
    })
    .from(schema.user)
    .where(and(sql`lower(${schema.user.email}) = ${email}`, eq(schema.user.clinicId, clinic.id)));
  if (!user || !isStaff(user.role)) {
    throw new SmartRefusal(
      403,
      `No SIJ Pathway account for you at ${clinic.name}`,
      `${ehr.name} signed you in as ${email}, but ${clinic.name} has no staff account with that email in SIJ Pathway. Ask your clinic administrator to add you.`,
    );
  }
  if (user.disabledAt) {
    throw new SmartRefusal(
      403,
      'Your SIJ Pathway account is disabled',
      `The account for ${email} at ${clinic.name} is disabled. Ask your clinic administrator.`,
    );
  }
  return user;
}

type Target =
  | { path: string; action: AuditAction; recordType: 'episode' | 'patient'; recordId: string | null }
  | { refusal: SmartRefusal };

const finished = new Set(['closed', 'declined']);

/** Where the workspace opens: the EHR's patient, found in this clinic by NHS number. */
async function patientInContext(
  db: Database,
  ehr: SmartEhr,
  clinic: { id: string; name: string },
  result: LaunchResult,
): Promise<Target> {
  const home = { href: '/', text: 'Go to the SIJ Pathway work list' };
  if (!result.patient)
    return { path: '/', action: 'smart.open.no-patient', recordType: 'patient', recordId: null };
  const resource = await readResource(ehr, result, 'Patient', result.patient);
  if (!resource) {
    return {
      refusal: new SmartRefusal(
        502,
        'The patient could not be read from your EHR',
        `You are signed in, but ${ehr.name} did not return the patient it opened SIJ Pathway for. Find the patient in SIJ Pathway instead.`,
        home,
      ),
    };
  }
  const identifiers = Array.isArray(resource.identifier)
    ? (resource.identifier as { system?: unknown; value?: unknown }[])
    : [];
  const raw = identifiers.find((i) => i?.system === SYSTEMS.nhsNumber && typeof i.value === 'string')?.value;
  const nhsNumber = typeof raw === 'string' ? normaliseNhsNumber(raw) : '';
  const name = nameOf(resource);
  if (!isValidNhsNumber(nhsNumber)) {
    return {
      refusal: new SmartRefusal(
        404,
        'This patient has no NHS number in your EHR',
        `You are signed in, but ${ehr.name} has no valid NHS number for ${name}, and SIJ Pathway finds patients by it. Find the patient in SIJ Pathway by name instead.`,
        home,
      ),
    };
  }
  const [patient] = await db
    .select({ id: schema.patient.id })
    .from(schema.patient)
    .where(and(eq(schema.patient.clinicId, clinic.id), eq(schema.patient.nhsNumber, nhsNumber)));
  if (!patient) {
    return {
      refusal: new SmartRefusal(
        404,
        'This patient is not on the SI joint pathway here',
        `You are signed in, but ${clinic.name} has no patient with NHS number ${nhsNumber} (${name}) in SIJ Pathway. A referral opens the patient's first episode.`,
        { href: '/patients/new', text: 'Add the patient and their referral' },
      ),
    };
  }
  const open = (
    await db
      .select({ id: schema.episode.id, stage: schema.episode.stage })
      .from(schema.episode)
      .where(eq(schema.episode.patientId, patient.id))
  ).filter((e) => !finished.has(e.stage));
  if (open.length === 1) {
    return {
      path: `/episodes/${open[0]!.id}`,
      action: 'episode.open.smart',
      recordType: 'episode',
      recordId: open[0]!.id,
    };
  }
  return {
    path: `/patients/${patient.id}`,
    action: 'patient.open.smart',
    recordType: 'patient',
    recordId: patient.id,
  };
}

function nameOf(resource: Record<string, unknown>): string {
  const names = Array.isArray(resource.name)
    ? (resource.name as { given?: unknown; family?: unknown; text?: unknown }[])
    : [];
  const n = names[0];
  if (!n) return 'this patient';
  if (typeof n.text === 'string') return n.text;
  const given = Array.isArray(n.given) ? n.given.filter((g) => typeof g === 'string').join(' ') : '';
  return [given, typeof n.family === 'string' ? n.family : ''].filter(Boolean).join(' ') || 'this patient';
}
