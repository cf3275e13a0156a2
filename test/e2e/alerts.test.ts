/**
 * Issue 10: a worrying symptom reaches a person. The demo clinic's Grace Whitmore reported a fever
 * and a hot, red injection site; her alert shows on every staff page until a named clinician
 * acknowledges it with a note. A nurse at a phone sees it and is told a clinician acknowledges it;
 * a clinician at a desk acknowledges it and the episode keeps who did and what they did.
 */
import { describe, expect } from 'vitest';
import { auditCount, buildUser, testPassword } from '../support/factories.ts';
import { expectNoSideways, expectNoViolations } from './axe.ts';
import { signIn } from './episode-helpers.ts';
import { phone, test } from './fixtures.ts';

describe('a worrying-symptom alert', () => {
  // First, while the demo's alert is open (the next test acknowledges it).
  test('a patient’s words with no spaces in them wrap inside the alert on a phone', async ({
    server,
    newContext,
  }) => {
    const nursePage = await (await newContext(phone)).newPage();
    // What the patient typed, as the API gives it: one run of 300 letters.
    await nursePage.route('**/api/alerts', async (route) => {
      const answer = await route.fetch();
      const body = await answer.json();
      for (const a of body.items) a.freeText = `It hurts ${'a'.repeat(300)} here`;
      await route.fulfill({ response: answer, json: body });
    });
    await signIn(nursePage, server.baseUrl, server.demo.nurse);
    await nursePage.getByRole('link', { name: 'Alerts (1 open)' }).click();
    await nursePage.getByText(/In their words: “It hurts a+ here”/).waitFor();
    await expectNoSideways(nursePage, 'Alerts with a long word');
  });

  test('the count in the menu and on the worklist reads no patient’s data: a page left open adds nothing to the audit trail, opening the alerts does', async ({
    page,
    server,
  }) => {
    const alertLists = () => auditCount(server.db, server.demo.nurse.email, 'alert.list');
    const before = await alertLists();
    await page.clock.install();
    await signIn(page, server.baseUrl, server.demo.nurse);
    await page.getByText('1 worrying-symptom alert open').waitFor();
    // Left open through four of the count's refreshes.
    await page.clock.runFor('02:00');
    await page.getByRole('link', { name: 'Alerts (1 open)' }).waitFor();
    expect(await alertLists()).toBe(before);
    // The alerts themselves (whose they are, what they said) are a read of patient data.
    await page.getByRole('link', { name: 'Alerts (1 open)' }).click();
    await page.getByRole('listitem', { name: 'Alert: Grace Whitmore' }).waitFor();
    await expect.poll(alertLists).toBe(before + 1);
  });

  test('seen by the nurse on a phone, acknowledged by a clinician, kept on the episode', async ({
    page,
    server,
    newContext,
  }) => {
    // The nurse, on a phone: the alert is on the worklist and in the menu.
    const nursePage = await (await newContext(phone)).newPage();
    await signIn(nursePage, server.baseUrl, server.demo.nurse);
    await nursePage.getByText('1 worrying-symptom alert open').waitFor();
    await nursePage.getByRole('link', { name: 'Alerts (1 open)' }).click();
    await nursePage.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    const forNurse = nursePage.getByRole('listitem', { name: 'Alert: Grace Whitmore' });
    await forNurse.getByText('Urgent', { exact: true }).waitFor();
    expect(await forNurse.textContent()).toContain('fever or feeling unwell');
    expect(await forNurse.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await forNurse.getByText('A clinician acknowledges alerts').waitFor();
    await expectNoViolations(nursePage, 'Alerts (nurse, phone)');
    await expectNoSideways(nursePage, 'Alerts');

    // The clinician, at a desk.
    await signIn(page, server.baseUrl, server.demo.clinician);
    await page.getByRole('link', { name: 'Open the alerts' }).click();
    const alert = page.getByRole('listitem', { name: 'Alert: Grace Whitmore' });
    // First her episode: the report waits for a clinician, beside her pain diary.
    await alert.getByRole('link', { name: 'Grace Whitmore' }).click();
    const episodeUrl = page.url();
    const reports = page.getByRole('region', { name: 'Worrying-symptom reports' });
    await reports.getByText('Not acknowledged yet.').waitFor();
    const diary = page.getByRole('region', { name: 'Pain diary' });
    await diary.getByRole('table').waitFor();
    // The latest entries are listed (a header row and 8), the rest a button away.
    expect(await diary.getByRole('row').count()).toBe(9);
    const showAll = diary.getByRole('button', { name: /^Show all \d+ entries \(\d+ earlier\)$/ });
    const [, total] = (await showAll.textContent())!.match(/^Show all (\d+)/)!;
    await showAll.click();
    expect(await diary.getByRole('row').count()).toBe(Number(total) + 1);
    await diary.getByRole('button', { name: 'Show the latest 8 only' }).click();
    expect(await diary.getByRole('row').count()).toBe(9);
    await expectNoViolations(page, 'Episode with its follow-up');
    await page.goBack();
    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    const dialog = page.getByRole('dialog', { name: 'Acknowledge the alert' });
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    await dialog.getByText('Say what was done.').waitFor();
    await expectNoViolations(page, 'Acknowledge dialog');
    await dialog
      .getByLabel('What was done')
      .fill('Called Grace: sent to the emergency department for bloods.');

    // The session ends before "Acknowledge": signed in again, what was done is still written.
    await page.context().clearCookies();
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText('Sign in to carry on to the page you opened.').waitFor();
    await page.getByLabel('Email').fill(server.demo.clinician.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(server.demo.clinician.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    expect(await dialog.getByLabel('What was done').inputValue()).toBe(
      'Called Grace: sent to the emergency department for bloods.',
    );
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText('No open alerts.').waitFor();
    await page.getByRole('link', { name: 'Alerts', exact: true }).waitFor();

    // The episode keeps who acknowledged it and what they did.
    await page.goto(episodeUrl);
    await reports.getByText(/Acknowledged by Dr Priya Shah .*sent to the emergency department/).waitFor();
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
    expect(await page.getByText('worrying-symptom alert open').count()).toBe(0);

    // The nurse's next look: gone from the list.
    await nursePage.reload();
    await nursePage.getByText('No open alerts.').waitFor();
  });

  test('the alerts left open show a new one within 30 s, and read the alerts (audited) only when one comes', async ({
    page,
    server,
    newContext,
  }) => {
    const reads = () => auditCount(server.db, server.demo.clinician.email, 'alert.list');
    const before = await reads();
    await page.clock.install();
    await signIn(page, server.baseUrl, server.demo.clinician);
    await page
      .getByRole('link', { name: /^Alerts/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    await expect.poll(reads).toBe(before + 1);
    const grace = page.getByRole('listitem', { name: 'Alert: Grace Whitmore' });
    const shown = await grace.count();
    // Left open through four of the counts' refreshes with nothing new: not read again.
    await page.clock.runFor('02:00');
    expect(await reads()).toBe(before + 1);

    // At home, Grace reports a new worrying symptom on her phone.
    const me = (await (await page.request.get(`${server.baseUrl}/api/me`)).json()).user;
    const found = await page.request.get(`${server.baseUrl}/api/patients?q=Grace%20Whitmore`);
    const account = await buildUser(server.db, me.clinicId, 'patient', (await found.json()).items[0].id);
    const home = await newContext(phone);
    const signedIn = await home.request.post(`${server.baseUrl}/api/auth/sign-in/email`, {
      data: { email: account.email, password: testPassword },
      headers: { origin: server.baseUrl },
    });
    expect(signedIn.ok(), await signedIn.text()).toBe(true);
    const episodes = (await (await home.request.get(`${server.baseUrl}/api/my/episodes`)).json()).items;
    const reported = await home.request.post(
      `${server.baseUrl}/api/my/episodes/${episodes[0].id}/symptom-reports`,
      { data: { symptoms: ['new-leg-weakness'] }, headers: { origin: server.baseUrl } },
    );
    expect(reported.status(), await reported.text()).toBe(201);

    // On the open page at the counts' next look, without a reload; read once more, not every look.
    await page.clock.runFor('00:31');
    await expect.poll(() => grace.count()).toBe(shown + 1);
    await page.getByRole('link', { name: `Alerts (${shown + 1} open)` }).waitFor();
    expect(await reads()).toBe(before + 2);
  });
});
