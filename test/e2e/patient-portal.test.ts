/**
 * The patient's pages, clicked through the real UI: a nurse invites a booked patient; the patient
 * opens the invitation (read from the admin's outbox, as a clinic without a mail server does) on a
 * phone; the link works once, and a used one says so and offers a code; the patient signs in with
 * the code, sees their own episode and ticks their checklist.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { auditCount } from '../support/factories.ts';
import { expectNoSideways, expectNoViolations } from './axe.ts';
import { referViaApi, signIn } from './episode-helpers.ts';
import { phone, test } from './fixtures.ts';

const email = 'tomasz.e2e@example.test';

/** The newest message of a kind to `to`, as the admin reads it on the Outbox page. */
async function readOutbox(admin: Page, baseUrl: string, kind: RegExp): Promise<string> {
  await admin.goto(`${baseUrl}/outbox`);
  const card = admin.getByRole('article', { name: new RegExp(`${kind.source} to ${email}`) }).first();
  await card.waitFor();
  return card.innerText();
}

test('invited on a phone: the link works once, then a code; the patient ticks their checklist', async ({
  server,
  page,
  newContext,
}) => {
  // The nurse invites Tomasz Nowak (booked on the next list) from his patient page.
  await signIn(page, server.baseUrl, server.demo.nurse);
  const found = await (await page.request.get(`${server.baseUrl}/api/patients?q=Tomasz%20Nowak`)).json();
  await page.goto(`${server.baseUrl}/patients/${found.items[0].id}`);
  await page.getByRole('textbox', { name: /email/ }).fill(email);
  await page.getByRole('button', { name: /^Invite/ }).click();
  await page.getByText('Invitation sent').waitFor();
  await expectNoViolations(page, 'patient page with access');

  // Without a mail server the admin reads the invitation on the Outbox page.
  const admin = await (await newContext()).newPage();
  await signIn(admin, server.baseUrl, server.demo.admin);
  const invitation = await readOutbox(admin, server.baseUrl, /Invitation/);
  const link = /(http\S+magic-link\/verify\S+)/
    .exec(invitation)![1]!
    .replace(/^http:\/\/[^/]+/, server.baseUrl);
  await expectNoViolations(admin, 'outbox');

  // The patient opens it on their phone and lands on their own pages.
  const patientPhone: BrowserContext = await newContext(phone);
  const patient = await patientPhone.newPage();
  await patient.goto(link);
  await patient.getByRole('heading', { name: 'Your care', exact: true, level: 1 }).waitFor();
  expect(await patient.getByText('Tomasz Nowak').first().isVisible()).toBe(true);
  // Dates in words, as on every other page, not the database's 2026-10-18.
  await patient.getByText(/^Referred by .+ on \d{1,2} [A-Z][a-z]{2} \d{4}$/).waitFor();

  // The same link a second time (another phone) says it no longer works and offers a code.
  const second = await (await newContext(phone)).newPage();
  await second.goto(link);
  await second.getByText('That sign-in link no longer works').waitFor();
  await expectNoViolations(second, 'patient sign-in, used link');
  await expectNoSideways(second, 'patient sign-in');
  await second.getByRole('textbox', { name: /email address/ }).fill(email);
  await second.getByRole('button', { name: 'Send me a code' }).click();
  await second.getByRole('textbox', { name: 'Your 6-digit code' }).waitFor();
  const codeMessage = await readOutbox(admin, server.baseUrl, /Sign-in code/);
  const code = /\b(\d{6})\b/.exec(codeMessage)![1]!;
  await second.getByRole('textbox', { name: 'Your 6-digit code' }).fill(code);
  await expectNoViolations(second, 'patient sign-in, code');
  await second.getByRole('button', { name: 'Sign in' }).click();

  // Their episode: booked, with the checklist drawn from their preparation.
  await second.getByRole('heading', { name: 'Your care', exact: true, level: 1 }).waitFor();
  await expectNoViolations(second, 'patient home');
  await expectNoSideways(second, 'patient home');
  await expect(second.getByRole('link', { name: 'Report a worrying symptom' }).isVisible()).resolves.toBe(
    true,
  );
  await second.getByRole('link', { name: /how to get ready/ }).click();
  await second.getByRole('heading', { name: 'Booked', level: 1 }).waitFor();
  await second.getByRole('heading', { name: 'Your checklist' }).waitFor();
  const boxes = second.getByRole('checkbox');
  const total = await boxes.count();
  expect(total).toBeGreaterThan(0);
  await expectNoViolations(second, 'patient episode');
  await expectNoSideways(second, 'patient episode');
  // Ticked with the keyboard as well as the finger.
  await boxes.first().focus();
  await second.keyboard.press('Space');
  await second.getByText(`1 of ${total} ticked`).waitFor();
  for (let i = 1; i < total; i++) {
    await boxes.nth(i).click(); // the tick shows once the server has kept it
    await second.getByText(i + 1 === total ? /All done/ : `${i + 1} of ${total} ticked`).waitFor();
  }
  // Saved: after a reload the ticks are still there, and the home page counts them.
  await second.reload();
  await second.getByText(/All done/).waitFor();
  await second.getByRole('link', { name: '← Your care' }).click();
  await second.getByText(`Checklist ${total} of ${total}`).waitFor();
}, 300_000);

test('signed out while writing a worrying-symptom report: after signing in again the report is still there to send', async ({
  server,
  page,
  newContext,
}) => {
  const { baseUrl } = server;
  const to = `ivo.kept.${Date.now()}@example.test`;
  await signIn(page, baseUrl, server.demo.nurse);
  const id = await referViaApi(page.request, baseUrl, {
    givenName: 'Ivo',
    familyName: 'Kept',
    mrn: `KEPT${Date.now()}`,
  });
  const episode = await (await page.request.get(`${baseUrl}/api/episodes/${id}`)).json();
  const invited = await page.request.post(`${baseUrl}/api/patients/${episode.patient.id}/invitation`, {
    data: { email: to, version: episode.patient.version },
  });
  expect(invited.status(), await invited.text()).toBe(201);

  const admin = await (await newContext()).newPage();
  await signIn(admin, baseUrl, server.demo.admin);
  const patientPhone = await newContext(phone);
  const patient = await patientPhone.newPage();
  const withCode = async () => {
    await patient.getByRole('textbox', { name: /email address/ }).fill(to);
    await patient.getByRole('button', { name: 'Send me a code' }).click();
    await patient.getByRole('textbox', { name: 'Your 6-digit code' }).waitFor();
    await admin.goto(`${baseUrl}/outbox`);
    const card = admin.getByRole('article', { name: new RegExp(`Sign-in code to ${to}`) }).first();
    const code = /\b(\d{6})\b/.exec(await card.innerText())![1]!;
    await patient.getByRole('textbox', { name: 'Your 6-digit code' }).fill(code);
    await patient.getByRole('button', { name: 'Sign in' }).click();
  };
  await patient.goto(`${baseUrl}/my/sign-in`);
  await withCode();
  await patient.getByRole('heading', { name: 'Your care', exact: true, level: 1 }).waitFor();

  // Writing the report, the patient's session ends (here: its cookie is gone) before they send it.
  await patient.getByRole('link', { name: 'Report a worrying symptom' }).click();
  await patient.getByRole('heading', { name: 'Report a worrying symptom', level: 1 }).waitFor();
  await patient.getByRole('checkbox', { name: /Weakness in both legs/i }).check();
  await patient.getByRole('textbox', { name: /Anything else/ }).fill('Since this morning, getting worse');
  await patientPhone.clearCookies();
  await patient.getByRole('button', { name: 'Send to the clinic' }).click();

  // Sign in again: back on the report, with what they had written, and it is sent from there.
  await patient.getByText('Sign in to carry on to the page you opened.').waitFor();
  // Signed out while worried: the page says whom to call without signing in.
  await patient.getByText(/Worried about a symptom and cannot sign in\? Do not wait/).waitFor();
  await expectNoViolations(patient, 'patient sign-in, carrying on');
  await withCode();
  await patient.getByRole('heading', { name: 'Report a worrying symptom', level: 1 }).waitFor();
  await patient.getByText('Your report is not sent yet').waitFor();
  await expectNoViolations(patient, 'report kept after signing in again');
  expect(await patient.getByRole('checkbox', { name: /Weakness in both legs/i }).isChecked()).toBe(true);
  expect(await patient.getByRole('textbox', { name: /Anything else/ }).inputValue()).toBe(
    'Since this morning, getting worse',
  );
  await patient.getByRole('button', { name: 'Send to the clinic' }).click();
  await patient.getByText('Act now', { exact: true }).first().waitFor();

  // Sent once, and forgotten on this phone: the form is empty when opened again.
  const { items } = await (await page.request.get(`${baseUrl}/api/episodes/${id}/symptom-reports`)).json();
  expect(items).toHaveLength(1);
  await patient.goto(`${baseUrl}/my/report`);
  await patient.getByRole('heading', { name: 'Report a worrying symptom', level: 1 }).waitFor();
  expect(await patient.getByText('Your report is not sent yet').count()).toBe(0);
  expect(await patient.getByRole('checkbox', { name: /Weakness in both legs/i }).isChecked()).toBe(false);

  // Words typed and nothing ticked: told which box fits words that match none, taken to the list,
  // and what they wrote is still there.
  await patient.getByRole('textbox', { name: /Anything else/ }).fill('A rash on my back');
  await patient.getByRole('button', { name: 'Send to the clinic' }).click();
  await patient
    .getByText(/Tick what you are noticing; if it is not on the list, tick .A symptom not on our list./)
    .waitFor();
  await expect
    .poll(() => patient.evaluate(() => document.activeElement?.getAttribute('value')))
    .toBe('new-leg-weakness');
  expect(await patient.getByRole('textbox', { name: /Anything else/ }).inputValue()).toBe(
    'A rash on my back',
  );
  await expectNoViolations(patient, 'report with words and nothing ticked');

  // The server cannot load their page (its database not answering): the page says whom to call
  // about a worrying symptom, with the number this phone last showed them, and tries again.
  const { clinic } = await (await page.request.get(`${baseUrl}/api/me`)).json();
  await patient.route('**/api/me', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      json: {
        type: '/api/problems/database_unavailable',
        title: 'The database is not answering',
        status: 503,
        detail: 'The server could not reach its database just now. Please try again in a moment.',
      },
    }),
  );
  await patient.reload();
  await patient.getByRole('heading', { name: 'Could not load your page', level: 1 }).waitFor();
  await patient
    .getByText(
      `Worried about a symptom? Do not wait: call ${clinic.name}’s urgent number, ${clinic.contacts.urgentPhone}.`,
    )
    .waitFor();
  await expectNoViolations(patient, 'patient page not loaded');
  await expectNoSideways(patient, 'patient page not loaded');
  await patient.unroute('**/api/me');
  await patient.getByRole('button', { name: 'Try again' }).click();
  await patient.getByRole('heading', { name: 'Report a worrying symptom', level: 1 }).waitFor();

  // A report begun and left is kept only while signed in: signing out takes it off the phone,
  // and the clinic's name with it (the sign-in page then says where the number is).
  await patient.getByRole('checkbox', { name: /Weakness in both legs/i }).check();
  await patient.getByRole('button', { name: 'Sign out' }).click();
  await patient.getByRole('button', { name: 'Send me a code' }).waitFor();
  const kept = await patient.evaluate(() =>
    Object.keys(window.localStorage).filter((k) => k.startsWith('sijpath')),
  );
  expect(kept).toEqual([]);
  await patient
    .getByText(/cannot sign in\? Do not wait: call the clinic’s urgent number, given in every email/)
    .waitFor();
}, 120_000);

test('the outbox left open shows a new message within seconds, and reads the messages (audited) only when one comes', async ({
  page,
  server,
  newContext,
}) => {
  const reads = () => auditCount(server.db, server.demo.admin.email, 'message.list');
  await page.clock.install();
  await signIn(page, server.baseUrl, server.demo.admin);
  await page.getByRole('link', { name: 'Outbox' }).click();
  await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
  await expect.poll(reads).toBeGreaterThan(0);
  const opened = await reads();
  const messages = page.getByRole('article');
  const before = await messages.count();
  // Left open for a minute with nothing new: the messages are not read again.
  await page.clock.runFor('01:00');
  expect(await reads()).toBe(opened);

  // At another desk, an admin adds a user with a set-password link: a new message, on the open
  // page at its next look, without a reload.
  const desk = await (await newContext()).newPage();
  await signIn(desk, server.baseUrl, server.demo.admin);
  await desk.goto(`${server.baseUrl}/users`);
  await desk.getByRole('textbox', { name: 'Name' }).fill('Jo Locum');
  await desk.getByRole('textbox', { name: 'Email' }).fill('jo.locum@example.test');
  await desk.getByRole('button', { name: 'Add user' }).click();
  await desk.getByText('jo.locum@example.test').first().waitFor();
  await page.clock.runFor('00:11');
  await expect.poll(() => messages.count()).toBe(before + 1);
  expect(await reads()).toBeGreaterThan(opened);
});

test('an email corrected on the record: the page says the patient still signs in at the old one, until invited again', async ({
  server,
  page,
}) => {
  await signIn(page, server.baseUrl, server.demo.nurse);
  const made = await page.request.post(`${server.baseUrl}/api/patients`, {
    data: {
      givenName: 'Iris',
      familyName: 'Mendel',
      birthDate: '1958-02-11',
      sex: 'female',
      mrn: 'RPS-8811',
      email: 'iris.old@example.test',
    },
  });
  expect(made.status(), await made.text()).toBe(201);
  const { id } = await made.json();
  await page.goto(`${server.baseUrl}/patients/${id}`);
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await page.getByText(/as iris\.old@example\.test; has not signed in yet/).waitFor();

  // She phones with a new address; the nurse corrects the record.
  await page.getByRole('button', { name: 'Edit details' }).click();
  await page.getByLabel('Email', { exact: true }).fill('iris.new@example.test');
  await page.getByRole('button', { name: 'Save details' }).click();
  await page.getByRole('button', { name: 'Edit details' }).waitFor();
  const warning = page.getByRole('alert').filter({ hasText: 'Their email has changed' });
  await warning.waitFor();
  expect(await warning.innerText()).toContain(
    'The record says iris.new@example.test, but the patient signs in, and is written to (reminders, changes to their list), as iris.old@example.test.',
  );
  // The invitation offers the corrected address; sent, it moves her sign-in there.
  expect(await page.getByRole('textbox', { name: /email/ }).inputValue()).toBe('iris.new@example.test');
  await expectNoViolations(page, 'patient page, email changed since the invitation');
  await page.getByRole('button', { name: 'Invite again' }).click();
  await page.getByText(/as iris\.new@example\.test; has not signed in yet/).waitFor();
  expect(await warning.count()).toBe(0);
});
