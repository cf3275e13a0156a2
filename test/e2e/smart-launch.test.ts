/**
 * SMART App Launch in the browser: the clinician is in their EHR (a real authorization server and
 * FHIR endpoint, test/support/smart-ehr.ts), opens SIJ Pathway from a patient's record, signs in
 * and consents at the EHR, and lands on that patient's episode. Also the standalone launch, and
 * the page a clinician without an account sees.
 */
import { and, eq, notInArray } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import * as schema from '../../src/db/schema.ts';
import { demoClinic, demoUsers } from '../../src/server/demo/demo.ts';
import { startTestApp } from '../support/app-harness.ts';
import { type EhrPatient, startTestEhr, type TestEhr } from '../support/smart-ehr.ts';
import { expectNoSideways, expectNoViolations } from './axe.ts';
import { test as base, phone } from './fixtures.ts';

interface Smart {
  baseUrl: string;
  ehr: TestEhr;
  /** Demo patients with exactly one open episode, as the EHR knows them. */
  patients: (EhrPatient & { episodeId: string })[];
}

// vitest reads a fixture's needs from its first parameter's pattern: none here (fixtures.ts).
// biome-ignore lint/correctness/noEmptyPattern: see above
const test = base.extend('smart', { scope: 'file' }, async ({}, { onCleanup }) => {
  let ehr: TestEhr | undefined;
  let patients: Smart['patients'] = [];
  const app = await startTestApp(async ({ baseUrl, db }) => {
    const rows = await db
      .select({
        patientId: schema.patient.id,
        given: schema.patient.givenName,
        family: schema.patient.familyName,
        nhsNumber: schema.patient.nhsNumber,
        birthDate: schema.patient.birthDate,
        episodeId: schema.episode.id,
      })
      .from(schema.episode)
      .innerJoin(schema.patient, eq(schema.patient.id, schema.episode.patientId))
      .where(and(notInArray(schema.episode.stage, ['closed', 'declined'])));
    const open = rows.filter(
      (r) => r.nhsNumber && rows.filter((x) => x.patientId === r.patientId).length === 1,
    );
    patients = open.slice(0, 2).map((r, i) => ({
      id: `ehr-patient-${i}`,
      given: r.given,
      family: r.family,
      nhsNumber: r.nhsNumber!,
      birthDate: r.birthDate,
      episodeId: r.episodeId,
    }));
    ehr = await startTestEhr({
      appUrl: baseUrl,
      practitioners: [
        {
          id: 'dr-shah',
          name: 'Dr Priya Shah',
          email: demoUsers.find((u) => u.role === 'clinician')!.email,
        },
        { id: 'dr-locum', name: 'Dr Locum', email: 'locum@elsewhere.test', emailInIdToken: true },
      ],
      patients,
      standalonePatient: patients[1]!.id,
    });
    return {
      smartEhrs: [{ name: 'Test EHR', iss: ehr.iss, clinic: demoClinic.name, clientId: ehr.clientId }],
    };
  });
  onCleanup(async () => {
    await app.stop();
    await ehr?.stop();
  });
  return { baseUrl: app.baseUrl, ehr: ehr!, patients } satisfies Smart;
});

/** The EHR's development sign-in and consent pages (its stylesheet's web font is not fetched). */
async function signInAtEhr(page: Page, login: string) {
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function blockFonts(page: Page) {
  await page.context().route(/fonts\.googleapis\.com/, (route) => route.abort());
}

describe.each([
  ['desktop', undefined],
  ['phone', phone],
] as const)('on a %s', (_size, contextOptions) => {
  test('from a patient’s record in the EHR to that patient’s episode', async ({ newContext, smart }) => {
    const page = await (await newContext(contextOptions ?? {})).newPage();
    await blockFonts(page);
    const patient = smart.patients[0]!;
    await page.goto(smart.ehr.patientPage(patient.id));
    await page.getByRole('link', { name: 'Open SIJ Pathway' }).click();
    await signInAtEhr(page, 'dr-shah');
    await page.waitForURL(`${smart.baseUrl}/episodes/${patient.episodeId}`);
    await page.getByRole('heading', { level: 1, name: `${patient.given} ${patient.family}` }).waitFor();
    // The EHR was asked with PKCE, for this app, about its own FHIR endpoint.
    const asked = smart.ehr.authorizationRequests.at(-1)!;
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('aud')).toBe(smart.ehr.iss);
    expect(asked.get('launch')).toBeTruthy();
    if (contextOptions) await expectNoSideways(page, 'episode after SMART launch');
  });
});

test('a standalone launch with PKCE from the sign-in page: the EHR gives the patient, the workspace opens their episode', async ({
  page,
  smart,
}) => {
  await blockFonts(page);
  const patient = smart.patients[1]!;
  // From SIJ Pathway's own sign-in page: the clinic's EHR is offered there.
  await page.goto(`${smart.baseUrl}/sign-in`);
  await expectNoViolations(page, 'sign-in with an EHR offered');
  await page.getByRole('link', { name: 'Sign in with Test EHR' }).click();
  await signInAtEhr(page, 'dr-shah');
  await page.waitForURL(`${smart.baseUrl}/episodes/${patient.episodeId}`);
  await page.getByRole('heading', { level: 1, name: `${patient.given} ${patient.family}` }).waitFor();
  const asked = smart.ehr.authorizationRequests.at(-1)!;
  expect(asked.get('launch')).toBeNull();
  expect(asked.get('scope')?.split(' ')).toContain('launch/patient');
  expect(asked.get('code_challenge')).toBeTruthy();
});

test('a clinician the clinic does not know is told so on a page, and is not signed in', async ({
  page,
  smart,
}) => {
  await blockFonts(page);
  await page.goto(smart.ehr.patientPage(smart.patients[0]!.id));
  await page.getByRole('link', { name: 'Open SIJ Pathway' }).click();
  await signInAtEhr(page, 'dr-locum');
  await page.getByRole('heading', { level: 1, name: /No SIJ Pathway account for you at/ }).waitFor();
  await page.getByText('locum@elsewhere.test').waitFor();
  await expectNoViolations(page, 'SMART launch refused');
  expect((await page.request.get(`${smart.baseUrl}/api/me`)).status()).toBe(401);
  await page.getByRole('link', { name: 'Sign in to SIJ Pathway with your password' }).click();
  await page.waitForURL(/\/sign-in/);
});
