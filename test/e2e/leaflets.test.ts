// Issue 10, leaflets, at phone size: a patient on apixaban with an agreed hold reads their own
// leaflet (their last-dose date, the clinic's numbers), downloads the PDF and says it helped; staff
// see the version given and the answer on the episode, and the same leaflet; an admin sees the
// leaflets' document control. axe finds nothing on each page and nothing scrolls sideways.
import AxeBuilder from '@axe-core/playwright';
import { expect } from 'vitest';
import { clinicDate, clinicTime } from '../support/dates.ts';
import { buildUser, testPassword } from '../support/factories.ts';
import { expectNoSideways, expectNoViolations } from './axe.ts';
import { referViaApi, screenViaApi, signIn, triageViaApi } from './episode-helpers.ts';
import { phone, test } from './fixtures.ts';

test.override('contextOptions', phone);

// Three people and axe on three pages: on a loaded two-core machine this takes longer than most.
test('a patient reads their own leaflet, downloads it and rates it; staff see the version given', {
  timeout: 300_000,
}, async ({ server, page, newContext }) => {
  // Staff: a patient referred, triaged and screened with an agreed hold of apixaban.
  await signIn(page, server.baseUrl, server.demo.clinician);
  const mrn = `LF${Date.now()}`;
  const episodeId = await referViaApi(page.request, server.baseUrl, {
    givenName: 'Lena',
    familyName: 'Leaflet',
    mrn,
  });
  await triageViaApi(page.request, server.baseUrl, episodeId);
  const lastDoseAt = clinicTime(clinicDate(6), '09:00');
  await screenViaApi(page.request, server.baseUrl, episodeId, {
    patient: { antithrombotics: [{ name: 'apixaban', regimen: 'therapeutic' }] },
    screening: {
      agreedPlans: [
        {
          drug: 'apixaban',
          decision: 'hold',
          lastDoseAt: lastDoseAt.toISOString(),
          restartAfterHours: 24,
          recordedBy: 'Dr Test',
          recordedAt: new Date().toISOString(),
        },
      ],
    },
  });
  const episode = await (await page.request.get(`${server.baseUrl}/api/episodes/${episodeId}`)).json();
  const me = await (await page.request.get(`${server.baseUrl}/api/me`)).json();
  // No page invites a patient yet (the portal does): their account is made directly.
  const patientUser = await buildUser(server.db, me.user.clinicId, 'patient', episode.patient.id);

  // The patient, on their phone.
  const patient = await (await newContext()).newPage();
  const signedIn = await patient.request.post(`${server.baseUrl}/api/auth/sign-in/email`, {
    data: { email: patientUser.email, password: testPassword },
    headers: { origin: server.baseUrl },
  });
  expect(signedIn.ok(), await signedIn.text()).toBe(true);
  await patient.goto(`${server.baseUrl}/my/episodes/${episodeId}/leaflet`);
  await patient.getByRole('heading', { name: 'Your SI joint injection', level: 1 }).waitFor();
  await patient.getByRole('heading', { name: 'Your blood-thinning medicine' }).first().waitFor();
  await patient.getByText(/Take your last dose of apixaban on \w+day \d+ \w+ \d{4}, 09:00\./).waitFor();
  await patient.getByText('Start your apixaban again 24 hours after your injection.').waitFor();
  await patient.getByRole('heading', { name: 'Get help straight away' }).waitFor();
  await patient.getByText(/Leaflet SIJ-1 version 1/).waitFor();
  await expectNoViolations(patient, 'patient leaflet');
  await expectNoSideways(patient, 'patient leaflet');

  const pdfLink = patient.getByRole('link', { name: 'Download this leaflet (PDF)' });
  const pdf = await patient.request.get(new URL((await pdfLink.getAttribute('href'))!, server.baseUrl).href, {
    // The first PDF loads the layout and fonts: slow on a busy machine.
    timeout: 60_000,
  });
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');

  await patient.getByRole('button', { name: 'Yes' }).click();
  await patient.getByText('Thank you. Your answer has been saved.').waitFor();
  expect(await patient.getByRole('button', { name: 'Yes' }).getAttribute('aria-pressed')).toBe('true');

  // Staff: the version given and the answer, and the leaflet as the patient sees it.
  await page.goto(`${server.baseUrl}/episodes/${episodeId}`);
  const panel = page.getByRole('region', { name: 'Patient leaflet' });
  await panel.getByText(/Given SIJ-1 version 1 on .* · Helpful: yes/).waitFor();
  await panel.getByRole('button', { name: 'Show the leaflet as the patient sees it' }).click();
  await panel.getByText(/Take your last dose of apixaban on/).waitFor();
  // The episode page itself is checked by the accessibility tests; here, the leaflet panel on it.
  const { violations } = await new AxeBuilder({ page }).include('#leaflet').analyze();
  expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await expectNoSideways(page, 'episode with the leaflet open');

  // An admin: document control.
  const admin = await (await newContext()).newPage();
  await signIn(admin, server.baseUrl, server.demo.admin);
  await admin.goto(`${server.baseUrl}/leaflets`);
  await admin.getByRole('heading', { name: 'Leaflets', level: 1 }).waitFor();
  await admin.getByRole('heading', { name: 'SIJ-1: Your SI joint injection' }).waitFor();
  expect(await admin.getByText('Past review date').count()).toBe(0);
  await expectNoViolations(admin, 'leaflets');
  await expectNoSideways(admin, 'leaflets');

  // A clinician who opens the address is told whose page it is, not shown a failed request.
  await page.goto(`${server.baseUrl}/leaflets`);
  await page.getByText('Only administrators can manage the leaflets.').waitFor();
  expect(await page.getByText(/could not be loaded/).count()).toBe(0);
});
