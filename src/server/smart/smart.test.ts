/**
 * SMART App Launch against a real authorization server and FHIR endpoint (test/support/smart-ehr.ts):
 * EHR launch and standalone launch land on the patient's episode with a session; what is not
 * right is refused with a page, and no address but a configured EHR's is ever fetched.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { buildClinic, buildPatient, buildUser } from '../../../test/support/factories.ts';
import { signInAtEhr, startTestEhr, type TestEhr } from '../../../test/support/smart-ehr.ts';
import type { Database } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { type App, buildApp } from '../app.ts';
import { referPatient } from '../episodes/episodes.ts';

const appUrl = 'http://localhost:3000';
let db: Database;
let app: App;
let ehr: TestEhr;
let episodeId: string;
let standaloneEpisodeId: string;
let clinician: { id: string; email: string };
const nhs = { ellis: '', achebe: '', stranger: '' };

async function openEpisode(clinicId: string, userId: string, patientId: string) {
  const actor: Actor = {
    id: userId,
    name: 'Test clinician',
    email: 'x@test.invalid',
    role: 'clinician',
    clinicId,
    patientId: null,
  };
  const referral = {
    referrer: 'Dr GP',
    referredOn: '2026-10-01',
    reason: 'Buttock pain',
    side: 'left' as const,
  };
  return (await db.transaction((tx) => referPatient(tx, actor, patientId, referral))).id;
}

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  const clinic = await buildClinic(db);
  const other = await buildClinic(db, 'Another Clinic');
  clinician = await buildUser(db, clinic.id, 'clinician');
  const nurse = await buildUser(db, clinic.id, 'nurse');
  const disabled = await buildUser(db, clinic.id, 'clinician');
  await db.update(schema.user).set({ disabledAt: new Date() }).where(eq(schema.user.id, disabled.id));
  const elsewhere = await buildUser(db, other.id, 'clinician');
  const ellis = await buildPatient(db, clinic.id, { givenName: 'Margaret', familyName: 'Ellis' });
  const achebe = await buildPatient(db, clinic.id, { givenName: 'David', familyName: 'Achebe' });
  nhs.ellis = ellis.nhsNumber!;
  nhs.achebe = achebe.nhsNumber!;
  nhs.stranger = (await buildPatient(db, other.id)).nhsNumber!;
  episodeId = await openEpisode(clinic.id, clinician.id, ellis.id);
  standaloneEpisodeId = await openEpisode(clinic.id, clinician.id, achebe.id);

  ehr = await startTestEhr({
    appUrl,
    practitioners: [
      { id: 'dr-clinician', name: 'Dr Clinician', email: clinician.email.toUpperCase() },
      { id: 'nurse-id-token', name: 'Nurse', email: nurse.email, emailInIdToken: true },
      { id: 'dr-disabled', name: 'Dr Disabled', email: disabled.email },
      { id: 'dr-elsewhere', name: 'Dr Elsewhere', email: elsewhere.email },
      { id: 'dr-unknown', name: 'Dr Unknown', email: 'nobody@test.sijpath.invalid' },
    ],
    patients: [
      { id: 'pt-ellis', given: 'Margaret', family: 'Ellis', nhsNumber: nhs.ellis, birthDate: '1958-04-12' },
      { id: 'pt-achebe', given: 'David', family: 'Achebe', nhsNumber: nhs.achebe, birthDate: '1971-09-30' },
      {
        id: 'pt-stranger',
        given: 'Sam',
        family: 'Stranger',
        nhsNumber: nhs.stranger,
        birthDate: '1980-01-01',
      },
    ],
    standalonePatient: 'pt-achebe',
  });
  app = await buildApp({
    db,
    baseUrl: appUrl,
    authSecret: 'test-secret-test-secret-test-secret!',
    checkResponses: true,
    smartEhrs: [
      {
        name: 'Test EHR',
        iss: ehr.iss,
        clinic: clinic.id,
        clientId: ehr.clientId,
        scope: 'openid fhirUser patient/Patient.rs',
      },
    ],
  });
});
afterAll(async () => {
  await app?.close();
  await ehr?.stop();
});

/** The EHR's launch link for a patient, as its page offers it. */
async function launchLink(patientId: string): Promise<string> {
  const html = await (await fetch(ehr.patientPage(patientId))).text();
  const href = /href="([^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&');
  const url = new URL(href);
  return url.pathname + url.search;
}

const cookiesOf = (response: { headers: Record<string, unknown> }) =>
  ([response.headers['set-cookie']].flat().filter(Boolean) as string[]).map((c) => c.split(';')[0]!);

/** Launch → the EHR's sign-in and consent as `login` → back at the callback. */
async function launchAs(login: string, launchUrl: string) {
  const launch = await app.inject({ method: 'GET', url: launchUrl });
  expect(launch.statusCode, launch.body).toBe(302);
  const authorize = new URL(launch.headers.location as string);
  const callback = await signInAtEhr(authorize.href, login);
  const response = await app.inject({
    method: 'GET',
    url: callback.pathname + callback.search,
    headers: { cookie: cookiesOf(launch).join('; ') },
  });
  return { launch, authorize, callback, response, stateCookie: cookiesOf(launch).join('; ') };
}

async function signedInAs(cookies: string[]) {
  const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookies.join('; ') } });
  return me.statusCode === 200 ? (me.json() as { user: { email: string } }).user.email : null;
}

describe('EHR launch', () => {
  test('lands on the patient’s episode, signed in as the EHR’s user, with PKCE and aud sent', async () => {
    const { authorize, response } = await launchAs('dr-clinician', await launchLink('pt-ellis'));
    const q = authorize.searchParams;
    expect(authorize.origin).toBe(ehr.issuer);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(ehr.clientId);
    expect(q.get('redirect_uri')).toBe(`${appUrl}/api/smart/callback`);
    expect(q.get('aud')).toBe(ehr.iss);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('launch')).toBeTruthy();
    expect(q.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['launch', 'openid', 'fhirUser']));

    expect(response.statusCode, response.body).toBe(302);
    expect(response.headers.location).toBe(`/episodes/${episodeId}`);
    expect(await signedInAs(cookiesOf(response))).toBe(clinician.email);
    const events = await db
      .select({
        action: schema.auditEvent.action,
        recordId: schema.auditEvent.recordId,
        actorId: schema.auditEvent.actorId,
      })
      .from(schema.auditEvent)
      .where(eq(schema.auditEvent.actorId, clinician.id));
    expect(events).toEqual(
      expect.arrayContaining([
        { action: 'auth.sign-in.smart', recordId: clinician.id, actorId: clinician.id },
        { action: 'episode.open.smart', recordId: episodeId, actorId: clinician.id },
      ]),
    );
  });

  test('the same answer used twice is refused the second time', async () => {
    const { callback, response, stateCookie } = await launchAs('dr-clinician', await launchLink('pt-ellis'));
    expect(response.statusCode).toBe(302);
    const again = await app.inject({
      method: 'GET',
      url: callback.pathname + callback.search,
      headers: { cookie: stateCookie },
    });
    expect(again.statusCode).toBe(400);
    expect(again.headers['content-type']).toMatch(/text\/html/);
    expect(again.body).toContain('This sign-in was not started here');
    expect(cookiesOf(again).some((c) => c.includes('session_token'))).toBe(false);
  });
});

describe('standalone launch', () => {
  test('the sign-in page is told which EHRs to offer, with their launch URLs', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/smart/ehrs' });
    expect(response.json()).toEqual({
      ehrs: [{ name: 'Test EHR', launchUrl: `/api/smart/launch?iss=${encodeURIComponent(ehr.iss)}` }],
    });
  });

  test('asks for a patient (launch/patient), with PKCE, and lands on the one the EHR gives', async () => {
    const { authorize, response } = await launchAs(
      'nurse-id-token',
      `/api/smart/launch?iss=${encodeURIComponent(ehr.iss)}`,
    );
    expect(authorize.searchParams.get('launch')).toBeNull();
    expect(authorize.searchParams.get('scope')?.split(' ')).toContain('launch/patient');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.statusCode, response.body).toBe(302);
    expect(response.headers.location).toBe(`/episodes/${standaloneEpisodeId}`);
  });
});

describe('refusals', () => {
  test('an iss that is not configured is refused, and nothing is fetched from it', async () => {
    let reached = 0;
    const bait = http.createServer((_req, res) => {
      reached++;
      res.end('{}');
    });
    await new Promise<void>((r) => bait.listen(0, '127.0.0.1', r));
    const iss = `http://127.0.0.1:${(bait.address() as AddressInfo).port}/fhir`;
    try {
      for (const url of [
        `/api/smart/launch?iss=${encodeURIComponent(iss)}&launch=x`,
        `/api/smart/launch?iss=${encodeURIComponent(`${ehr.iss}/../../evil`)}`,
        '/api/smart/launch',
      ]) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, url).toBeLessThan(500);
        expect(response.headers['content-type']).toMatch(/text\/html/);
      }
      const refused = await app.inject({
        method: 'GET',
        url: `/api/smart/launch?iss=${encodeURIComponent(iss)}`,
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('This EHR cannot open SIJ Pathway');
      expect(reached).toBe(0);
    } finally {
      bait.close();
    }
  });

  test('a callback whose state is not the one this browser started is refused', async () => {
    const launch = await app.inject({ method: 'GET', url: await launchLink('pt-ellis') });
    const callback = await signInAtEhr(launch.headers.location as string, 'dr-clinician');
    // Another browser (no state cookie), and a state that was never issued.
    const noCookie = await app.inject({ method: 'GET', url: callback.pathname + callback.search });
    expect(noCookie.statusCode).toBe(400);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged');
    const wrong = await app.inject({
      method: 'GET',
      url: forged.pathname + forged.search,
      headers: { cookie: 'sijpath_smart_state=forged' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('This sign-in was not started here');
  });

  test.each([
    ['dr-elsewhere', 'a user of another clinic', 'No SIJ Pathway account for you at'],
    ['dr-unknown', 'an email no account has', 'No SIJ Pathway account for you at'],
    ['dr-disabled', 'a disabled account', 'Your SIJ Pathway account is disabled'],
  ])('%s (%s) is refused with a page and no session', async (login, _what, title) => {
    const { response } = await launchAs(login, await launchLink('pt-ellis'));
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain(title);
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    expect(await signedInAs(cookiesOf(response))).toBeNull();
  });

  test('a patient who is not on this clinic’s pathway: signed in, told so', async () => {
    const { response } = await launchAs('dr-clinician', await launchLink('pt-stranger'));
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('This patient is not on the SI joint pathway here');
    expect(await signedInAs(cookiesOf(response))).toBe(clinician.email);
  });
});
