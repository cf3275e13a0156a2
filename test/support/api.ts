/**
 * An API test's world: its own database, the app built around it (no port; `inject()`), and a
 * signed-in caller for every role, plus a clinician of another clinic to prove records stay apart.
 */
import { eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll } from 'vitest';
import { connect } from '../../src/db/client.ts';
import { clinic as clinicTable } from '../../src/db/schema.ts';
import type { Role } from '../../src/domain/actor.ts';
import { type AppOptions, buildApp } from '../../src/server/app.ts';
import { createTestDatabase } from './database.ts';
import { buildClinic, buildPatient, buildUser, testPassword } from './factories.ts';

export const callers = ['anonymous', 'patient', 'nurse', 'clinician', 'admin', 'otherClinic'] as const;
export type Caller = (typeof callers)[number];

/** The cookies an answer sets, as a browser would send them back ('' when it sets none). */
export function cookieOf(res: { headers: Record<string, unknown> }): string {
  return ([res.headers['set-cookie']].flat().filter(Boolean) as string[])
    .map((c) => c.split(';')[0])
    .join('; ');
}

type Answer = { statusCode: number; body: string; headers: Record<string, unknown> };
/** An app's inject, whatever the answer's type (Fastify's, light-my-request's). */
type Injects<R extends Answer> = { inject: (options: InjectOptions) => Promise<R> };

/** A sign-in with email and password, as the sign-in page sends it; the answer as it is. */
const trySignInTo = <R extends Answer>(app: Injects<R>, email: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email, password } });

/**
 * Signs in to an app a test built itself (not createTestApp's) as the sign-in page does, and
 * answers the session's cookie; a refused sign-in fails the test with the server's answer.
 */
export async function signInTo(
  app: Injects<Answer>,
  email: string,
  password = testPassword,
): Promise<string> {
  const response = await trySignInTo(app, email, password);
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return cookieOf(response);
}

export async function createTestApp(options: Partial<Omit<AppOptions, 'db'>> = {}) {
  // `db` is the owner's, for arranging and inspecting; the app runs as its own role, as
  // `sijpath serve` does, so a grant the app lacks fails here and not first in production.
  const { db, url, appUrl } = await createTestDatabase();
  const appDb = connect(appUrl, 5);
  afterAll(() => appDb.$client.end());
  const app = await buildApp({
    db: appDb,
    baseUrl: 'http://localhost:3000',
    authSecret: 'test-secret-test-secret-test-secret!',
    checkResponses: true,
    ...options,
  });
  afterAll(() => app.close());

  const trySignIn = (email: string, password: string) => trySignInTo(app, email, password);

  const signIn = (email: string, password = testPassword) => signInTo(app, email, password);

  /** Signs the session of this cookie out, as the web app's sign-out button does. */
  function signOut(cookie: string) {
    return app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie }, payload: {} });
  }

  const clinic = await buildClinic(db);
  const otherClinic = await buildClinic(db, 'Another Clinic');
  const patientRecord = await buildPatient(db, clinic.id, { givenName: 'Pat', familyName: 'Portal' });
  const users = {
    patient: await buildUser(db, clinic.id, 'patient', patientRecord.id),
    nurse: await buildUser(db, clinic.id, 'nurse'),
    clinician: await buildUser(db, clinic.id, 'clinician'),
    admin: await buildUser(db, clinic.id, 'admin'),
    otherClinic: await buildUser(db, otherClinic.id, 'clinician'),
  } satisfies Record<Exclude<Caller, 'anonymous'>, { email: string; role: Role }>;
  const cookies = { anonymous: '' } as Record<Caller, string>;
  for (const [caller, u] of Object.entries(users)) cookies[caller as Caller] = await signIn(u.email);

  /** `app.inject` as one of the callers. */
  function as(caller: Caller, options: InjectOptions) {
    return app.inject({
      ...options,
      headers: { ...options.headers, ...(cookies[caller] ? { cookie: cookies[caller] } : {}) },
    });
  }

  return { app, db, url, clinic, otherClinic, users, cookies, patientRecord, signIn, trySignIn, signOut, as };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * Runs `fn` with the test clinic in another time zone, then puts its own back: "today" is the
 * clinic's, and in a zone far from UTC it is another date than the server's for hours of each day.
 */
export async function inClinicZone<T>(t: TestApp, timeZone: string, fn: () => Promise<T>): Promise<T> {
  const [before] = await t.db.select().from(clinicTable).where(eq(clinicTable.id, t.clinic.id));
  const setZone = (zone: string) =>
    t.db
      .update(clinicTable)
      .set({ timeZone: zone, version: sql`${clinicTable.version} + 1` })
      .where(eq(clinicTable.id, t.clinic.id));
  await setZone(timeZone);
  try {
    return await fn();
  } finally {
    await setZone(before!.timeZone);
  }
}
