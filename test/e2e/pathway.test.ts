/** The foundation flow, clicked through the real UI: sign in, add a patient, refer, find them on the worklist. */
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { signIn, typePatient } from './episode-helpers.ts';
import { test } from './fixtures.ts';

/** The demo's Fiona McLeod (screened), found on the patients page by her MRN. */
/** A demo patient's page, found by their MRN as a clinic would. */
async function openPatient(page: Page, mrn: string, name: string) {
  await page.getByRole('navigation').getByRole('link', { name: 'Patients' }).click();
  await page.getByLabel('NHS number or MRN').fill(mrn);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByText('1 patient', { exact: true }).waitFor();
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}
const openFiona = (page: Page) => openPatient(page, 'RPS-1003', 'Fiona McLeod');

describe('the referral pathway in the browser', () => {
  test('a clinician adds a patient, refers them, sees them as Referred, and signs out', async ({
    page,
    server,
  }) => {
    await page.goto(`${server.baseUrl}/`);
    // Not signed in: the app sends us to the sign-in page, which shows the demo hint.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByText('Demo clinic').waitFor();

    await page.getByLabel('Email').fill(server.demo.clinician.email);
    await page.getByLabel(/^Password/).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Email or password is wrong').waitFor();

    await page.getByLabel(/^Password/).fill(server.demo.clinician.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
    await page.getByText('Dr Priya Shah').waitFor();
    // Audit is for admins only.
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Audit' }).count()).toBe(0);

    await page.getByRole('navigation').getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('link', { name: 'Add patient' }).click();
    await page.getByRole('heading', { name: 'Add patient' }).waitFor();

    // A wrong check digit is caught before anything is sent.
    await typePatient(page, { given: 'Ada', family: 'Lovelace', born: ['3', '3', '1961'], sex: 'female' });
    await page.getByLabel('NHS number').fill('943 476 5918');
    await page.getByRole('button', { name: 'Add patient' }).click();
    await page.getByText('This is not a valid NHS number').waitFor();
    expect(await page.getByLabel('Given name').inputValue()).toBe('Ada');

    await page.getByLabel('NHS number').fill('943 476 5919');
    await page.getByLabel('Email').fill('ada@example.org');
    await page.getByRole('button', { name: 'Add patient' }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
    await page.getByText('Born 3 Mar 1961').waitFor();
    await page.getByText('No referrals yet').waitFor();

    await page.getByRole('button', { name: 'Refer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refer for SI joint injection' });
    await dialog.getByRole('textbox', { name: 'Referrer', exact: true }).fill('Dr K. Osei, Hillside Surgery');
    // Where the letters to the referrer go, as on an envelope.
    await dialog.getByLabel('Referrer’s address').fill('Hillside Surgery\n2 Mill Lane\nLeeds LS2 7AB');
    await dialog
      .getByLabel('Reason for referral')
      .fill('Left buttock pain for 6 months; provocation tests positive.');
    await dialog.getByLabel('Left').check();
    await dialog.getByRole('button', { name: 'Record referral' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const episode = page.getByRole('region', { name: /^Referral of / });
    await episode.getByText('Referred', { exact: true }).first().waitFor();
    // Accepting is the triage form's job, on the episode page; the card links there.
    await episode.getByRole('link', { name: 'Open episode: accept referral' }).waitFor();
    await episode.getByText('Dr K. Osei, Hillside Surgery').waitFor();
    await episode.getByRole('link', { name: 'Open episode: accept referral' }).click();
    await page.getByText('Letters to: Hillside Surgery, 2 Mill Lane, Leeds LS2 7AB').waitFor();
    await page.goBack();

    await page.getByRole('navigation').getByRole('link', { name: 'Worklist' }).click();
    await page.getByRole('tab', { name: /^Referred/ }).click();
    const row = page.getByRole('row', { name: /Ada Lovelace/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('943 476 5919');
    expect(await row.textContent()).toContain('Referred');
    // The demo's triaged patient is not under "Referred".
    expect(await page.getByRole('link', { name: 'David Achebe', exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    // The session is gone: the worklist sends us back.
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  test('the worklist opens on the work still to do: a closed episode shows under Closed and All only', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const closed = (await (await page.request.get(`${server.baseUrl}/api/episodes?stage=closed`)).json())
      .items;
    expect(closed.length).toBeGreaterThan(0);
    const { mrn } = closed[0].patient;
    const row = () => page.getByRole('row').filter({ hasText: `MRN ${mrn}` });
    await page.getByRole('tab', { name: /^Open/, selected: true }).waitFor();
    await page.getByRole('link', { name: 'Aisha Rahman', exact: true }).waitFor();
    expect(await row().count()).toBe(0);
    // Every stage in full, never "Outcome revie…".
    const cut = await page
      .getByRole('row')
      .locator('.mantine-Badge-label')
      .evaluateAll((labels) => labels.filter((l) => l.scrollWidth > l.clientWidth).map((l) => l.textContent));
    expect(cut).toEqual([]);
    expect(
      await page
        .getByText(/Closed/)
        .filter({ has: page.locator('.mantine-Badge-root') })
        .count(),
    ).toBe(0);
    await page.getByRole('tab', { name: /^Closed/ }).click();
    await row().first().waitFor();
    await page.getByRole('tab', { name: /^All/ }).click();
    await row().first().waitFor();
    expect(new URL(page.url()).searchParams.get('stage')).toBe('all');
  });

  test('the patients page says when it shows only the first 100, and a search narrows it', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const count = async () =>
      (await (await page.request.get(`${server.baseUrl}/api/patients`)).json()).items.length;
    // More patients than a page shows: the demo's and a few more.
    for (let i = await count(), n = 0; i <= 100; i++, n++) {
      const added = await page.request.post(`${server.baseUrl}/api/patients`, {
        data: {
          givenName: 'Many',
          familyName: `Patients${n}`,
          mrn: `MANY-${n}`,
          birthDate: '1970-01-01',
          sex: 'other',
        },
      });
      expect(added.ok(), await added.text()).toBe(true);
    }
    expect(await count()).toBe(100);
    await page.getByRole('navigation').getByRole('link', { name: 'Patients' }).click();
    await page.getByText(/^The first 100 patients by family name: search by name/).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Aisha Rahman');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('1 patient', { exact: true }).waitFor();
  });

  test('a button move asks for a reason where needed, and the timeline records it', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    // The worklist's search narrows the list by patient name.
    await page.getByLabel('Search by name, NHS number or MRN').fill('ellis');
    await expect.poll(() => page.getByRole('link', { name: 'Tomasz Nowak', exact: true }).count()).toBe(0);
    await page.getByRole('link', { name: 'Margaret Ellis', exact: true }).click();
    await page.getByRole('heading', { name: 'Margaret Ellis', level: 1 }).waitFor();
    const episode = page.getByRole('region', { name: /^Referral of / });

    // Moves made by a step form are not buttons here; withdrawing is.
    expect(await episode.getByRole('button', { name: 'Accept referral' }).count()).toBe(0);
    await episode.getByRole('button', { name: 'Withdraw (patient or referrer)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw (patient or referrer)' });
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.getByText('A reason is needed for the record').waitFor();
    await dialog.getByLabel('Reason').fill('Patient moved out of the area.');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await episode.getByText('Referred → Closed').waitFor();
    await episode.getByText('Reason: Patient moved out of the area.').waitFor();
  });

  test('an edit based on an old version is refused and what the user typed is kept', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    await openFiona(page);
    const patientId = new URL(page.url()).pathname.split('/').at(-1)!;

    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByLabel('Phone').fill('01632 960 123');

    // Meanwhile someone else saves a change.
    const current = await (await page.request.get(`${server.baseUrl}/api/patients/${patientId}`)).json();
    const theirs = await page.request.patch(`${server.baseUrl}/api/patients/${patientId}`, {
      data: { version: current.version, email: 'fiona@example.org' },
    });
    expect(theirs.status()).toBe(200);

    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByText('Someone else changed this record').waitFor();
    await page.getByText(`It is now at version ${current.version + 1}`).waitFor();
    expect(await page.getByLabel('Phone').inputValue()).toBe('01632 960 123');

    await page.getByRole('button', { name: /Keep my changes/ }).click();
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByRole('button', { name: 'Edit details' }).waitFor();
    await page.getByText('01632 960 123').waitFor();
    await page.getByText('fiona@example.org').waitFor();
  });

  test('the demo shows a dated lab result a clinician reviewed, on the screening that records it', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.nurse);
    await openFiona(page);
    await page
      .getByRole('link', { name: /^Open episode/ })
      .first()
      .click();
    const finding = page.getByText(
      /^Platelets 245 ×10⁹\/L \(taken \w+day \d+ \w+ \d{4}\): the clinic has set no limit/,
    );
    await finding.first().waitFor();
    const reviews = page.getByRole('region', { name: 'Clinician reviews', exact: true });
    await reviews.getByText(/^Reviewed by Dr Priya Shah, .*Platelets normal/).waitFor();
  });

  test('the demo shows a red flag at referral, accepted with the clinician’s reason', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    await openPatient(page, 'RPS-1008', 'Peter Lindqvist');
    await page
      .getByRole('link', { name: /^Open episode/ })
      .first()
      .click();
    const triage = page.getByRole('region', { name: 'Triage (recorded)' });
    await triage.getByText(/^Red flag: a recent bacterial infection, an infection red flag\./).waitFor();
    await triage
      .getByText(/^Accepted for a diagnostic and therapeutic injection: Chest infection treated/)
      .waitFor();
  });

  test('a server refusal (duplicate NHS number) is shown against the field and keeps what was typed', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.nurse);
    await page.goto(`${server.baseUrl}/patients/new`);
    await typePatient(page, { given: 'Margot', family: 'Ellison', born: ['12', '4', '1958'], sex: 'female' });
    await page.getByLabel('NHS number').fill('999 000 1006'); // Margaret Ellis's, from the demo clinic
    await page.getByLabel('Phone').fill('01632 960 321');
    await page.getByRole('button', { name: 'Add patient' }).click();
    await page.getByText('Another patient at this clinic has this NHS number').waitFor();
    const nhs = page.getByLabel('NHS number');
    expect(await nhs.getAttribute('aria-invalid')).toBe('true');
    expect(await nhs.inputValue()).toBe('999 000 1006');
    expect(await page.getByLabel('Given name').inputValue()).toBe('Margot');
    expect(await page.getByLabel('Phone').inputValue()).toBe('01632 960 321');
    expect(new URL(page.url()).pathname).toBe('/patients/new');
  });

  test('an admin sees the audit log and can load more', async ({ page, server }) => {
    await signIn(page, server.baseUrl, server.demo.admin);
    // Every read is audited: make sure there is more than one page (50) of events.
    for (let i = 0; i < 55; i++) await page.request.get(`${server.baseUrl}/api/patients`);
    await page.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Audit', level: 1 }).waitFor();
    await page.getByRole('columnheader', { name: 'Client address' }).waitFor();
    const rows = page.getByRole('region', { name: 'Audit events' }).getByRole('row');
    expect(await rows.count()).toBe(51); // the header and one page
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBeGreaterThan(51);
  });
});

describe('after signing out', () => {
  test('Back shows no patient data: the app asks to sign in again, and API answers are never cached', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.nurse);
    // Not Margaret Ellis: a test above withdraws her referral, and the worklist shows open episodes.
    await page.getByRole('link', { name: 'Aisha Rahman', exact: true }).waitFor();
    const episodes = await page.request.get(`${server.baseUrl}/api/episodes`);
    expect(episodes.headers()['cache-control']).toBe('no-store');
    // One more page, so that Back after signing out leads to a page that showed patient data.
    await page.getByRole('link', { name: 'Aisha Rahman', exact: true }).click();
    await page.getByRole('heading', { name: 'Aisha Rahman', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByText('Aisha Rahman').count()).toBe(0);
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sijpath:'))),
    ).toEqual([]);
  });
});
