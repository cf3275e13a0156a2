/**
 * Issue 10's proof, one patient's journey on a phone, clicking the real UI: a clinician invites a patient
 * on apixaban with an agreed hold from their patient page; the patient reads the invitation (from
 * the admin's Outbox, as a clinic without a mail server does) and signs in with a code; reads their
 * own leaflet with their last-dose date, downloads the PDF, ticks their checklist; after the
 * injection keeps their pain diary and sees the chart; reports weakness in both legs and is told to
 * act now; a clinician at a desk sees the alert and acknowledges it. A patient without a plan (the
 * demo's Tomasz Nowak) gets a leaflet without any drug text. axe finds nothing on each patient page.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { clinicDate, clinicTime } from '../support/dates.ts';
import { buildUser, testPassword } from '../support/factories.ts';
import { expectNoSideways, expectNoViolations } from './axe.ts';
import {
  answeredNo,
  checkInViaApi,
  listAndBookViaApi,
  procedureViaApi,
  recoveryViaApi,
  referViaApi,
  screenViaApi,
  signIn,
  todayInClinic,
  triageViaApi,
} from './episode-helpers.ts';
import { phone, test } from './fixtures.ts';

const email = `jenna.journey.${Date.now()}@example.test`;

/** The newest message of a kind to `to`, as the admin reads it on the Outbox page. */
async function readOutbox(admin: Page, baseUrl: string, kind: RegExp, to: string): Promise<string> {
  await admin.goto(`${baseUrl}/outbox`);
  const card = admin.getByRole('article', { name: new RegExp(`${kind.source} to ${to}`) }).first();
  await card.waitFor();
  return card.innerText();
}

const sameHost = (url: string, baseUrl: string) => url.replace(/^http:\/\/[^/]+/, baseUrl);

test('a patient on a phone: invitation, code, leaflet, checklist, diary, an urgent report acknowledged', {
  timeout: 300_000,
}, async ({ server, page, newContext }) => {
  const { baseUrl } = server;
  // Staff: a patient on apixaban, screened with an agreed hold, booked on today's list.
  await signIn(page, baseUrl, server.demo.clinician);
  const episodeId = await referViaApi(page.request, baseUrl, {
    givenName: 'Jenna',
    familyName: 'Journey',
    mrn: `PJ${Date.now()}`,
  });
  await triageViaApi(page.request, baseUrl, episodeId);
  const lastDoseAt = clinicTime(clinicDate(-3), '09:00');
  await screenViaApi(page.request, baseUrl, episodeId, {
    patient: { antithrombotics: [{ name: 'apixaban', regimen: 'therapeutic' }] },
    screening: {
      answers: { ...answeredNo, antithrombotics: 'yes' },
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
  await listAndBookViaApi(page.request, baseUrl, episodeId, todayInClinic());
  const episode = await (await page.request.get(`${baseUrl}/api/episodes/${episodeId}`)).json();

  // The clinician invites her from her patient page.
  await page.goto(`${baseUrl}/patients/${episode.patient.id}`);
  await page.getByRole('textbox', { name: /email/ }).fill(email);
  await page.getByRole('button', { name: /^Invite/ }).click();
  await page.getByText('Invitation sent').waitFor();

  // The admin reads the invitation on the Outbox page; the patient opens it on her phone and
  // signs in at the address it gives, with a code.
  const admin = await (await newContext()).newPage();
  await signIn(admin, baseUrl, server.demo.admin);
  const invitation = await readOutbox(admin, baseUrl, /Invitation/, email);
  expect(invitation).toContain('Dear Jenna Journey');
  const signInAt = sameHost(/sign in at (http\S+?) with/.exec(invitation)![1]!, baseUrl);
  const patient = await (await newContext(phone)).newPage();
  await patient.goto(signInAt);
  await patient.getByRole('textbox', { name: /email address/ }).fill(email);
  await expectNoViolations(patient, 'patient sign-in');
  await expectNoSideways(patient, 'patient sign-in');
  await patient.getByRole('button', { name: 'Send me a code' }).click();
  await patient.getByRole('textbox', { name: 'Your 6-digit code' }).waitFor();
  const code = /\b(\d{6})\b/.exec(await readOutbox(admin, baseUrl, /Sign-in code/, email))![1]!;
  await patient.getByRole('textbox', { name: 'Your 6-digit code' }).fill(code);
  await expectNoViolations(patient, 'patient sign-in, code');
  await patient.getByRole('button', { name: 'Sign in' }).click();

  // Her home page, then her episode.
  await patient.getByRole('heading', { name: 'Your care', exact: true, level: 1 }).waitFor();
  await patient.getByText('Jenna Journey').first().waitFor();
  await expectNoViolations(patient, 'patient home');
  await expectNoSideways(patient, 'patient home');
  await patient.getByRole('link', { name: /how to get ready/ }).click();
  await patient.getByRole('heading', { name: 'Booked', level: 1 }).waitFor();
  await patient.getByRole('heading', { name: 'Your checklist' }).waitFor();
  await expectNoViolations(patient, 'patient episode');
  await expectNoSideways(patient, 'patient episode');

  // Her leaflet: her own last-dose date and restart; a PDF to keep.
  await patient.getByRole('link', { name: /Read your leaflet/ }).click();
  await patient.getByRole('heading', { name: 'Your SI joint injection', level: 1 }).waitFor();
  await patient.getByRole('heading', { name: 'Your blood-thinning medicine' }).first().waitFor();
  await patient.getByText(/Take your last dose of apixaban on \w+day \d+ \w+ \d{4}, 09:00\./).waitFor();
  // Booked at 09:00 today, so the restart is a date and time too: 24 hours later.
  await patient
    .getByText(/Start your apixaban again on \w+day \d+ \w+ \d{4}, 09:00\./)
    .first()
    .waitFor();
  await expectNoViolations(patient, 'patient leaflet');
  await expectNoSideways(patient, 'patient leaflet');
  const pdfLink = patient.getByRole('link', { name: 'Download this leaflet (PDF)' });
  const [download] = await Promise.all([
    patient.waitForEvent('download', { timeout: 60_000 }),
    pdfLink.click(),
  ]);
  const pdfPath = await download.path();
  expect((await readFile(pdfPath)).subarray(0, 5).toString()).toBe('%PDF-');

  // Her checklist, every item ticked.
  await patient.goBack();
  await patient.getByRole('heading', { name: 'Your checklist' }).waitFor();
  const boxes = patient.getByRole('checkbox');
  const total = await boxes.count();
  expect(total).toBeGreaterThan(0);
  for (let i = 0; i < total; i++) {
    await boxes.nth(i).click(); // the tick shows once the server has kept it
    await patient.getByText(i + 1 === total ? /All done/ : `${i + 1} of ${total} ticked`).waitFor();
  }

  // A patient without an agreed plan (the demo's Tomasz Nowak, on no blood thinner) gets a leaflet
  // without any drug text: checked through the patient API, as his own account reads it.
  const tomasz = (await (await page.request.get(`${baseUrl}/api/patients?q=Tomasz%20Nowak`)).json()).items[0];
  const tomaszUser = await buildUser(server.db, await clinicOf(page, baseUrl), 'patient', tomasz.id);
  const other = await newContext(phone);
  const signedIn = await other.request.post(`${baseUrl}/api/auth/sign-in/email`, {
    data: { email: tomaszUser.email, password: testPassword },
    headers: { origin: baseUrl },
  });
  expect(signedIn.ok(), await signedIn.text()).toBe(true);
  const [tomaszEpisode] = (await (await other.request.get(`${baseUrl}/api/my/episodes`)).json()).items;
  const plain = await other.request.get(`${baseUrl}/api/my/episodes/${tomaszEpisode.id}/leaflet`);
  expect(plain.status()).toBe(200);
  const plainText = JSON.stringify(await plain.json());
  expect(plainText).toContain('Your SI joint injection');
  expect(plainText).not.toMatch(/blood-thinning|apixaban|last dose|anticoagul/i);

  // Staff: the injection done today, recovery and discharge.
  await checkInViaApi(page.request, baseUrl, episodeId);
  await procedureViaApi(page.request, baseUrl, episodeId);
  await recoveryViaApi(page.request, baseUrl, episodeId);
  const version = (await (await page.request.get(`${baseUrl}/api/episodes/${episodeId}`)).json()).version;
  const discharged = await page.request.post(`${baseUrl}/api/episodes/${episodeId}/discharge`, {
    data: { version, overrideReason: 'Passed urine before leaving, confirmed by phone.' },
  });
  expect(discharged.ok(), await discharged.text()).toBe(true);

  // Her pain diary: two entries, then her pain over time.
  // After the injection her home page leads to the diary, not to getting ready.
  await patient.goto(`${baseUrl}/my/episodes/${episodeId}`);
  await patient.getByRole('link', { name: 'Your pain diary' }).waitFor();
  await patient.goto(`${baseUrl}/my`);
  expect(await patient.getByRole('link', { name: /how to get ready/ }).count()).toBe(0);
  await patient.getByRole('link', { name: 'Keep your pain diary' }).click();
  await patient.getByRole('heading', { name: 'Pain diary', level: 1 }).waitFor();
  await expectNoViolations(patient, 'pain diary');
  await expectNoSideways(patient, 'pain diary');
  for (const pain of ['3', '2']) {
    await patient
      .getByRole('radiogroup', { name: /Your pain now/ })
      .getByRole('radio', { name: new RegExp(`^${pain}\\b`) })
      .check();
    await patient.getByRole('button', { name: 'Save' }).click();
    await patient.getByText(new RegExp(`^Saved: pain ${pain} at`)).waitFor();
  }
  // The chart is a picture (hidden from screen readers, which read the entries): a dot per entry.
  await patient.locator('svg', { hasText: 'Pain (0–10)' }).locator('circle').nth(1).waitFor();
  // On a phone the entries are cards, not a table that scrolls sideways.
  const entries = patient.getByRole('list', { name: 'Pain diary entries' }).getByRole('listitem');
  await entries
    .filter({ hasText: /Pain 3(?!\d)/ })
    .first()
    .waitFor();
  await entries
    .filter({ hasText: /Pain 2(?!\d)/ })
    .first()
    .waitFor();
  expect(await patient.getByRole('table').filter({ hasText: 'Pain 0–10' }).count()).toBe(0);
  await expectNoViolations(patient, 'pain diary with entries');

  // Her session ends while she types an entry: after signing in again it is there to save.
  const painNow = (score: string) =>
    patient
      .getByRole('radiogroup', { name: /Your pain now/ })
      .getByRole('radio', { name: new RegExp(`^${score}\\b`) });
  await painNow('4').check();
  await patient.getByRole('textbox', { name: 'Side effects (optional)' }).fill('A little dizzy');
  await patient.context().clearCookies();
  await patient.getByRole('button', { name: 'Save' }).click();
  await patient.getByText('Sign in to carry on to the page you opened.').waitFor();
  await patient.getByRole('textbox', { name: /email address/ }).fill(email);
  await patient.getByRole('button', { name: 'Send me a code' }).click();
  await patient.getByRole('textbox', { name: 'Your 6-digit code' }).waitFor();
  const again = /\b(\d{6})\b/.exec(await readOutbox(admin, baseUrl, /Sign-in code/, email))![1]!;
  await patient.getByRole('textbox', { name: 'Your 6-digit code' }).fill(again);
  await patient.getByRole('button', { name: 'Sign in' }).click();
  await patient.getByRole('heading', { name: 'Pain diary', level: 1 }).waitFor();
  await patient.getByText('Your entry is not saved yet').waitFor();
  expect(await painNow('4').isChecked()).toBe(true);
  expect(await patient.getByRole('textbox', { name: 'Side effects (optional)' }).inputValue()).toBe(
    'A little dizzy',
  );
  await expectNoViolations(patient, 'diary entry kept after signing in again');
  await patient.getByRole('button', { name: 'Save' }).click();
  await patient.getByText(/^Saved: pain 4 at/).waitFor();
  await patient.reload();
  await patient.getByRole('heading', { name: 'Pain diary', level: 1 }).waitFor();
  expect(await patient.getByText('Your entry is not saved yet').count()).toBe(0);

  // Weakness in both legs: act now, and a clinician is alerted.
  await patient.getByRole('link', { name: 'Report a worrying symptom' }).first().click();
  await patient.getByRole('heading', { name: 'Report a worrying symptom', level: 1 }).waitFor();
  await expectNoViolations(patient, 'report a worrying symptom');
  await expectNoSideways(patient, 'report a worrying symptom');
  // "Something else" alone: the rules do not read what is written, so the form names the
  // symptoms that need help at once, to be ticked as well.
  const notOnList = patient.getByRole('checkbox', { name: 'A symptom not on our list' });
  await notOnList.check();
  const note = patient.getByRole('note').filter({ hasText: 'Is it one of the symptoms above?' });
  await note.getByText(/If it is new leg weakness, weakness in both legs, .* tick it as well/).waitFor();
  await expectNoViolations(patient, 'report: something not on the list');
  await patient.getByRole('checkbox', { name: 'Weakness in both legs' }).check();
  await note.waitFor({ state: 'detached' });
  await notOnList.uncheck();
  await patient.getByRole('textbox', { name: /Anything else/ }).fill('Both legs gave way on the stairs');
  await patient.getByRole('button', { name: 'Send to the clinic' }).click();
  await patient.getByText('Act now', { exact: true }).waitFor();
  await patient.getByText(/Weakness in both legs needs urgent medical advice\. Call/).waitFor();
  await patient.getByText(/a clinician at the clinic has been alerted/).waitFor();
  await expectNoViolations(patient, 'urgent advice');
  await expectNoSideways(patient, 'urgent advice');

  // A clinician, at a desk in another browser: the alert, acknowledged with what was done.
  const clinician = await (await newContext()).newPage();
  await signIn(clinician, baseUrl, server.demo.clinician);
  await clinician.goto(`${baseUrl}/alerts`);
  const alert = clinician.getByRole('listitem', { name: 'Alert: Jenna Journey' });
  await alert.getByText('Urgent', { exact: true }).waitFor();
  expect(await alert.textContent()).toContain('weakness in both legs');
  // What the patient wrote is on the alert itself, not a click away.
  expect(await alert.textContent()).toContain('In their words: “Both legs gave way on the stairs”');
  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  const dialog = clinician.getByRole('dialog', { name: 'Acknowledge the alert' });
  await dialog.getByLabel('What was done').fill('Called Jenna: sent to the emergency department for an MRI.');
  await dialog.getByRole('button', { name: 'Acknowledge' }).click();
  await alert.waitFor({ state: 'detached' });
  await clinician.goto(`${baseUrl}/episodes/${episodeId}`);
  await clinician
    .getByRole('region', { name: 'Worrying-symptom reports' })
    .getByText(/Acknowledged by Dr Priya Shah .*emergency department for an MRI/)
    .waitFor();
});

async function clinicOf(page: Page, baseUrl: string): Promise<string> {
  return (await (await page.request.get(`${baseUrl}/api/me`)).json()).user.clinicId;
}
