/**
 * Clinic settings and user management, clicked through the real UI as the demo clinic's admin:
 * a setting changed with a reason becomes a new version that the clinical rules use at once
 * (defect 3: the block reads positive once bupivacaine's duration fits), and a nurse who is
 * disabled is signed out and cannot sign in again.
 */
import type { APIRequestContext, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { buildClinic, buildUser, testPassword } from '../support/factories.ts';
import { expectNoSideways, expectNoViolations } from './axe.ts';
import {
  answerScreening,
  dayInClinic,
  referViaApi,
  signIn,
  todayInClinic,
  triageViaApi,
} from './episode-helpers.ts';
import { desktop, phone, test } from './fixtures.ts';

/** Aisha Rahman's episode (the demo's positive block) and when her procedure was done. */
async function aisha(request: APIRequestContext, baseUrl: string) {
  // The demo's Aisha Rahman, not a patient of its year of history who shares her family name.
  const list = await (await request.get(`${baseUrl}/api/episodes?q=Rahman`)).json();
  const id = list.items.find((e: { patient: { givenName: string } }) => e.patient.givenName === 'Aisha')
    .id as string;
  const episode = await (await request.get(`${baseUrl}/api/episodes/${id}`)).json();
  return { id, performedAt: new Date(episode.steps.procedure.record.performedAt as string) };
}

/** Recovery scores entered again (an amendment) through the API: relief ≥ 75 % for 3 hours, gone by 5. */
async function amendRecovery(request: APIRequestContext, baseUrl: string, id: string, performedAt: Date) {
  const { version } = await (await request.get(`${baseUrl}/api/episodes/${id}`)).json();
  const at = (h: number) => new Date(performedAt.getTime() + h * 3_600_000).toISOString();
  const res = await request.put(`${baseUrl}/api/episodes/${id}/recovery`, {
    data: {
      version,
      amendReason: 'Scores transcribed again from the recovery chart',
      baselinePain: 7,
      scores: [
        { at: at(1), pain: 1 },
        { at: at(2), pain: 1 },
        { at: at(3), pain: 1 },
        { at: at(5), pain: 5 },
      ],
      discharge: {
        walkingChecked: true,
        legNumbnessOrWeakness: false,
        passedUrine: true,
        escortPresent: true,
        adviceGiven: true,
      },
    },
  });
  if (!res.ok()) throw new Error(`recovery: ${res.status()} ${await res.text()}`);
}

const block = (page: Page) => page.locator('main');

describe('clinic settings', () => {
  test.override('contextOptions', desktop);

  test("an admin sets bupivacaine's duration with a reason, and recovery reads a positive block", async ({
    page,
    server,
    newContext,
  }) => {
    // A nurse re-enters scores whose relief lasts 3 hours: with the demo's 4–8 h it is indeterminate.
    const nurse = await (await newContext()).newPage();
    await signIn(nurse, server.baseUrl, server.demo.nurse);
    const episode = await aisha(nurse.request, server.baseUrl);
    await amendRecovery(nurse.request, server.baseUrl, episode.id, episode.performedAt);
    await nurse.goto(`${server.baseUrl}/episodes/${episode.id}`);
    await block(nurse).getByText('Indeterminate').first().waitFor();

    await signIn(page, server.baseUrl, server.demo.admin);
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Clinic settings', level: 1 }).waitFor();
    const bupivacaine = page.getByRole('group', { name: /^Bupivacaine/ });
    // The demo clinic's own choice, over a default that is off because the sources do not confirm one.
    await bupivacaine.getByText('Overridden').waitFor();
    await bupivacaine.getByText(/Default: Off\. Source: .*not confirmed/).waitFor();
    expect(await bupivacaine.getByLabel('At least (hours)').inputValue()).toBe('4');

    // A fraction of a month cannot be honoured: refused with a sentence, nothing saved.
    const interval = page.getByRole('group', { name: /^Minimum interval between therapeutic injections/ });
    await interval.getByLabel('How many').fill('1.84');
    // So can a clinic without an urgent line for its patients.
    const urgentLine = page.getByRole('textbox', { name: 'Urgent clinical line' });
    const urgentNumber = await urgentLine.inputValue();
    await urgentLine.fill('');
    await page.getByLabel('Reason for the change').fill('Trying a shorter interval');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await interval.getByText('1.84 months cannot be honoured exactly').waitFor();
    await page.getByText('Some settings need attention').waitFor();
    expect(await urgentLine.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Required', { exact: true }).waitFor();
    await interval.getByLabel('How many').fill('2');
    await urgentLine.fill(urgentNumber);

    await bupivacaine.getByLabel('At least (hours)').fill('2');
    await bupivacaine.getByLabel('Up to (hours)').fill('6');
    await page.getByLabel('Reason for the change').fill('Bupivacaine 2–6 h, agreed by the clinical lead');
    // Keyboard: the save button is reached and pressed without a mouse.
    await page.getByRole('button', { name: 'Save settings' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Settings version 3 is in force from now on.').waitFor();
    const history = page.getByRole('region', { name: 'History of versions' });
    await history.getByText('Bupivacaine 2–6 h, agreed by the clinical lead').waitFor();
    await history.getByText('Bupivacaine: 4–8 h → 2–6 h').waitFor();
    await history.getByText(/demo clinic's choice/).waitFor();

    // The same scores entered again are read with the clinic's new setting: positive.
    await amendRecovery(nurse.request, server.baseUrl, episode.id, episode.performedAt);
    await nurse.reload();
    await block(nurse).getByText('Positive').first().waitFor();
    const record = await (await nurse.request.get(`${server.baseUrl}/api/episodes/${episode.id}`)).json();
    expect(record.steps.recovery.settingsVersion).toBe(3);
  });

  test('an admin sets how old a result may be; a nurse on the phone is told an INR from last month needs a clinician', async ({
    page,
    server,
    newContext,
  }) => {
    await signIn(page, server.baseUrl, server.demo.admin);
    await page.goto(`${server.baseUrl}/settings`);
    const oldest = page.getByRole('group', { name: /^Oldest result accepted/ });
    // Off by default: no source says how recent a result must be.
    await oldest
      .getByText(
        /^Default: Off\. Source: no source says how recent a result must be .*: off until the clinic sets one/,
      )
      .waitFor();
    await oldest.getByLabel('Days').fill('7');
    await page.getByLabel('Reason for the change').fill('Bloods within a week of the procedure');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText(/Settings version \d+ is in force from now on\./).waitFor();

    // A clinician refers and triages; the nurse makes the pre-assessment call on her phone.
    const clinician = await (await newContext()).newPage();
    await signIn(clinician, server.baseUrl, server.demo.clinician);
    const id = await referViaApi(clinician.request, server.baseUrl, {
      givenName: 'Ruth',
      familyName: 'Adeyemi',
      mrn: 'RPS-7201',
    });
    await triageViaApi(clinician.request, server.baseUrl, id);
    const nurse = await (await newContext(phone)).newPage();
    await signIn(nurse, server.baseUrl, server.demo.nurse);
    await nurse.goto(`${server.baseUrl}/episodes/${id}`);
    const screening = nurse.getByRole('region', { name: 'Screening (pre-assessment call)', exact: true });
    await answerScreening(screening);
    const live = screening.getByRole('region', { name: 'Live verdict (not saved yet)' });
    // The day a result was taken is asked once the result is typed.
    const takenOn = screening.getByRole('group', { name: 'INR taken on' });
    expect(await takenOn.count()).toBe(0);
    await screening.getByLabel('INR', { exact: true }).fill('1.1');
    const monthAgo = new Date(Date.now() - 30 * 86_400_000);
    const [year, month, day] = dayInClinic(monthAgo).split('-');
    await takenOn.getByLabel('Day').fill(String(Number(day)));
    await takenOn.getByLabel('Month').fill(String(Number(month)));
    await takenOn.getByLabel('Year').fill(year!);
    const tooOld = live.getByText(
      /INR 1\.1 was taken .*, 30 days ago; the clinic accepts results up to 7 days old on the procedure day\./,
    );
    await tooOld.waitFor();
    await live
      .getByText('Cannot be scheduled yet: a plan or a clinician’s review must be recorded first.')
      .waitFor();
    await expectNoSideways(nurse, 'the screening form with a dated INR');

    // Taken today instead: the date no longer needs a clinician (the INR itself still may).
    const [tYear, tMonth, tDay] = todayInClinic().split('-');
    await takenOn.getByLabel('Day').fill(String(Number(tDay)));
    await takenOn.getByLabel('Month').fill(String(Number(tMonth)));
    await takenOn.getByLabel('Year').fill(tYear!);
    await live
      .getByText(/INR 1\.1 \(taken .*\)/)
      .first()
      .waitFor();
    expect(await tooOld.count()).toBe(0);
    await screening.getByRole('button', { name: 'Save screening' }).click();
    // Saved (a repeat call is now offered), and the record keeps the day at noon in London.
    await nurse.getByRole('button', { name: 'Repeat screening or record a plan' }).waitFor();
    const saved = await (await nurse.request.get(`${server.baseUrl}/api/episodes/${id}`)).json();
    expect(saved.steps.current.screening.facts.screening.labs.takenAt.inr).toMatch(/T1[12]:00:00/);
  });
});

describe('changes not saved yet', () => {
  test.override('contextOptions', desktop);

  test("an admin's unsaved changes come back after a reload; a colleague's save meanwhile is shown before anything is overwritten", async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.admin);
    await page.goto(`${server.baseUrl}/settings`);
    await page.getByRole('heading', { name: 'Clinic settings', level: 1 }).waitFor();
    const hours = page.getByRole('textbox', { name: 'Opening hours' });
    const theirHours = await hours.inputValue();
    await hours.fill('Monday to Thursday, 9:00 to 16:00');
    await page.getByLabel('Reason for the change').fill('New opening hours from January');

    // The tab is closed by accident, or the browser restarts: nothing typed is lost.
    await page.reload();
    await page.getByText('Draft restored').waitFor();
    expect(await hours.inputValue()).toBe('Monday to Thursday, 9:00 to 16:00');
    expect(await page.getByLabel('Reason for the change').inputValue()).toBe(
      'New opening hours from January',
    );

    // Meanwhile a colleague saves a new phone number.
    const current = await (await page.request.get(`${server.baseUrl}/api/clinic`)).json();
    const theirs = await page.request.put(`${server.baseUrl}/api/clinic`, {
      data: {
        version: current.version,
        reason: 'New switchboard number',
        clinic: { ...current.clinic, contacts: { ...current.clinic.contacts, phone: '01752 000111' } },
        protocol: current.protocol,
        rules: current.rules,
      },
    });
    expect(theirs.status()).toBe(200);

    // The draft still comes back, and says the settings changed under it; saving it would have put
    // the old phone number back, so it is refused until their version is looked at.
    await page.reload();
    await page.getByText('Draft restored').waitFor();
    const conflict = page.getByRole('alert').filter({ hasText: 'Someone else changed the settings' });
    await conflict.waitFor();
    expect(await hours.inputValue()).toBe('Monday to Thursday, 9:00 to 16:00');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await conflict.waitFor();
    const after = await (await page.request.get(`${server.baseUrl}/api/clinic`)).json();
    expect(after.clinic.contacts.phone).toBe('01752 000111');
    expect(after.clinic.contacts.hours ?? '').toBe(theirHours);

    await conflict.getByRole('button', { name: 'Load their version' }).click();
    expect(await page.getByRole('textbox', { name: 'Phone' }).inputValue()).toBe('01752 000111');
    expect(await hours.inputValue()).toBe(theirHours);
    await page.reload();
    await page.getByRole('heading', { name: 'Clinic settings', level: 1 }).waitFor();
    await hours.waitFor();
    expect(await page.getByText('Draft restored').count()).toBe(0);
  });
});

describe('users', () => {
  test.override('contextOptions', desktop);

  test('an admin adds a nurse, disables them: they are signed out and cannot sign in', async ({
    page,
    server,
    newContext,
  }) => {
    await signIn(page, server.baseUrl, server.demo.admin);
    await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    const add = page.getByRole('region', { name: 'Add a user' });
    await add.getByLabel('Name').fill('Robin Ashby');
    await add.getByLabel('Email').fill('robin.ashby@demo.sijpath.test');
    await add.getByLabel('Role').selectOption('nurse');
    await add.getByLabel('Password (optional)').fill('robin-password-1');
    await add.getByRole('button', { name: 'Add user' }).click();
    await add.getByText('Robin Ashby was added and can sign in').waitFor();
    const card = page.getByRole('article', { name: 'Robin Ashby' });
    await card.getByText('Active').waitFor();

    const robin = await (await newContext()).newPage();
    await signIn(robin, server.baseUrl, {
      email: 'robin.ashby@demo.sijpath.test',
      password: 'robin-password-1',
    });

    await card.getByRole('button', { name: 'Manage Robin Ashby' }).click();
    const dialog = page.getByRole('dialog', { name: 'Manage Robin Ashby' });
    await dialog.getByRole('button', { name: 'Disable Robin Ashby' }).click();
    await dialog.getByText('Robin Ashby is disabled and signed out.').first().waitFor();
    await page.keyboard.press('Escape');
    await card.getByText(/^Disabled since/).waitFor();

    // Their session ended at once: the next page they open sends them to sign in, and sign-in is refused.
    await robin.getByRole('navigation').getByRole('link', { name: 'Patients' }).click();
    await robin.getByRole('heading', { name: 'Sign in' }).waitFor();
    await robin.getByLabel('Email').fill('robin.ashby@demo.sijpath.test');
    await robin.getByLabel(/^Password/).fill('robin-password-1');
    await robin.getByRole('button', { name: 'Sign in' }).click();
    await robin.getByText('This account is disabled').waitFor();
  });
});

describe('a new clinic', () => {
  test.override('contextOptions', desktop);

  // A clinic made with `sijpath clinic add` opened on an empty worklist that said only
  // "No open episodes.": nothing said where a new clinic begins.
  test('its admin is shown where to begin: settings, staff, the first patient; a nurse, the first patient', async ({
    page,
    server,
    newContext,
  }) => {
    const { id: clinicId } = await buildClinic(server.db, 'Hillside Pain Service');
    const admin = await buildUser(server.db, clinicId, 'admin');
    const nurse = await buildUser(server.db, clinicId, 'nurse');

    await signIn(page, server.baseUrl, { email: admin.email, password: testPassword });
    const start = page.getByRole('region', { name: 'A new clinic: where to begin' });
    await start.getByRole('link', { name: 'Clinic settings' }).waitFor();
    await start.getByRole('link', { name: 'Users' }).waitFor();
    await expectNoViolations(page, 'worklist of a new clinic');
    // Its outcomes page says there is nothing yet, not that its (unset) filters match nothing.
    await page.getByRole('navigation').getByRole('link', { name: 'Outcomes' }).click();
    await page.getByText('No episodes yet').waitFor();
    expect(await page.getByText('No episodes match these filters').count()).toBe(0);
    await page.getByLabel('Referred from').fill('2035-01-01');
    await page.getByText('No episodes match these filters').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Worklist' }).click();
    await start.getByRole('link', { name: 'Add the first patient' }).click();
    await page.getByRole('heading', { name: 'Add patient', level: 1 }).waitFor();

    const nursePage = await (await newContext()).newPage();
    await signIn(nursePage, server.baseUrl, { email: nurse.email, password: testPassword });
    const nurseStart = nursePage.getByRole('region', { name: 'A new clinic: where to begin' });
    await nurseStart.getByRole('link', { name: 'Add the first patient' }).waitFor();
    expect(await nurseStart.getByRole('link', { name: 'Clinic settings' }).count()).toBe(0);

    // The demo clinic, with its patients, is not told to begin.
    const demo = await (await newContext()).newPage();
    await signIn(demo, server.baseUrl, server.demo.admin);
    await demo.getByRole('tab', { name: /^Open/ }).waitFor();
    expect(await demo.getByRole('region', { name: 'A new clinic: where to begin' }).count()).toBe(0);
  });
});

describe('on a phone', () => {
  test.override('contextOptions', phone);

  test('a new nurse sets their own password from the link the admin sent, and signs in', async ({
    page,
    server,
    newContext,
  }) => {
    const { baseUrl } = server;
    await signIn(page, baseUrl, server.demo.admin);
    await page.goto(`${baseUrl}/users`);
    const add = page.getByRole('region', { name: 'Add a user' });
    await add.getByLabel('Name').fill('Kit Lowe');
    await add.getByLabel('Email').fill('kit.lowe@demo.sijpath.test');
    await add.getByRole('button', { name: 'Add user' }).click();
    await add.getByText('A set-password link for kit.lowe@demo.sijpath.test is in the outbox.').waitFor();
    // The admin reads the link on the Outbox page, as a clinic without a mail server does.
    await page.goto(`${baseUrl}/outbox`);
    const sent = page.getByRole('article', { name: /Set password to kit\.lowe@demo\.sijpath\.test/ });
    const link = /https?:\/\/\S+/.exec(await sent.innerText())![0].replace(/^http:\/\/[^/]+/, baseUrl);

    const kit = await (await newContext()).newPage();
    await kit.goto(link);
    await kit.getByRole('heading', { name: 'Set your password', level: 1 }).waitFor();
    await expectNoSideways(kit, 'set password');
    await expectNoViolations(kit, 'set password');
    await kit.getByLabel(/^New password/).fill('kit-password-10');
    await kit.getByLabel(/^The same password again/).fill('kit-password-01');
    await kit.getByLabel(/^The same password again/).press('Enter');
    await kit.getByText('The two passwords are not the same.').waitFor();
    await kit.getByLabel(/^The same password again/).fill('kit-password-10');
    await kit.getByRole('button', { name: 'Set password' }).click();
    await kit.getByText('Your password is set').waitFor();
    await kit.getByRole('link', { name: 'Sign in' }).click();
    await kit.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await kit.getByLabel('Email').fill('kit.lowe@demo.sijpath.test');
    await kit.getByLabel(/^Password/).fill('kit-password-10');
    await kit.getByRole('button', { name: 'Sign in' }).click();
    await kit.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
  });

  test('the settings page is readable and axe finds no violations', async ({ page, server }) => {
    await signIn(page, server.baseUrl, server.demo.admin);
    await page.goto(`${server.baseUrl}/settings`);
    await page.getByRole('heading', { name: 'Clinic settings', level: 1 }).waitFor();
    await page
      .getByRole('region', { name: 'History of versions' })
      .getByText(/^Version 1/)
      .waitFor();
    await expectNoSideways(page, 'settings');
    await expectNoViolations(page, 'settings');

    // Every setting of every section makes a long page on a phone: its contents lead straight to
    // the save panel, and back up to a section, without scrolling past the rest.
    const contents = page.getByRole('navigation', { name: 'Settings sections' });
    const inView = (id: string) =>
      page.waitForFunction((target) => {
        const r = document.getElementById(target)?.getBoundingClientRect();
        // Within a pixel: a scrolled-to section can sit a fraction of a pixel above the top.
        return r !== undefined && r.top > -1 && r.bottom < window.innerHeight + 1;
      }, id);
    await contents.getByRole('link', { name: 'Save a new version' }).click();
    await inView('section-save');
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(2000);
    await page.goto(`${server.baseUrl}/settings`);
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'Pain diary' })
      .click();
    await inView('section-diary');
  });

  test('the users page is readable and axe finds no violations', async ({ page, server }) => {
    await signIn(page, server.baseUrl, server.demo.admin);
    await page.goto(`${server.baseUrl}/users`);
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await page.getByRole('article', { name: 'Sam Okafor' }).waitFor();
    await expectNoViolations(page, 'users');
    await expectNoSideways(page, 'users');
    await page.getByRole('button', { name: 'Manage Sam Okafor' }).click();
    await page.getByRole('dialog', { name: 'Manage Sam Okafor' }).waitFor();
    await expectNoViolations(page, 'users: manage dialog');
  });
});
