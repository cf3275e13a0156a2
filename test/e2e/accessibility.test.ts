/**
 * WCAG 2 AA in a phone-sized window (390x844): axe finds nothing on the main pages, and a patient
 * can be added with the keyboard alone.
 */
import { describe, expect } from 'vitest';
import { expectNoSideways, expectNoViolations } from './axe.ts';
import { referViaApi, signIn, triageViaApi, walkEpisode } from './episode-helpers.ts';
import { phone, test } from './fixtures.ts';

// Every test starts in a phone-sized window with touch; the desktop ones resize it.
test.override('contextOptions', phone);

/** Every axe rule (WCAG 2.0/2.1 A and AA plus best practices); the report names what failed and where. */
describe('accessibility on a phone', () => {
  test('axe finds no violations on sign-in, worklist, patients, patient and add-patient pages', async ({
    page,
    server,
  }) => {
    await page.goto(`${server.baseUrl}/sign-in`);
    await page.getByText('Demo clinic').waitFor();
    await expectNoViolations(page, 'sign-in');
    await expectNoSideways(page, 'sign-in');

    // The error state too.
    await page.getByLabel('Email').fill(server.demo.clinician.email);
    await page.getByLabel(/^Password/).fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Email or password is wrong').waitFor();
    await expectNoViolations(page, 'sign-in with error');

    await signIn(page, server.baseUrl, server.demo.clinician);
    await page.getByRole('link', { name: 'Margaret Ellis', exact: true }).waitFor();
    // On a phone the stage filter is a select, with the counts in its options.
    await page.getByLabel('Stage', { exact: true }).selectOption('referred');
    await page.getByRole('link', { name: 'Margaret Ellis', exact: true }).waitFor();
    await expectNoViolations(page, 'worklist');
    await expectNoSideways(page, 'worklist');

    await page.getByRole('navigation').getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('link', { name: 'Aisha Rahman', exact: true }).waitFor();
    await expectNoViolations(page, 'patients');
    await expectNoSideways(page, 'patients');

    await page.getByRole('link', { name: 'Aisha Rahman', exact: true }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await expectNoViolations(page, 'patient');
    await expectNoSideways(page, 'patient');

    await page.getByRole('button', { name: 'Refer' }).click();
    await page.getByRole('dialog', { name: 'Refer for SI joint injection' }).waitFor();
    await page.waitForTimeout(400); // let the dialog finish fading in, or axe measures half-faded colours
    await expectNoViolations(page, 'refer dialog');
    await page.keyboard.press('Escape');

    await page.goto(`${server.baseUrl}/patients/new`);
    await page.getByRole('heading', { name: 'Add patient' }).waitFor();
    await expectNoViolations(page, 'add patient');
    await expectNoSideways(page, 'add patient');

    // With every field showing its error message.
    await page.getByRole('button', { name: 'Add patient' }).click();
    await page.getByText('Check the highlighted fields').waitFor();
    await expectNoViolations(page, 'add patient with errors');
  });

  test('the desktop layout (stage tabs, tables) has no violations either', async ({ page, server }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, server.baseUrl, server.demo.clinician);
    await page.getByRole('tab', { name: /^Triaged/ }).click();
    await page.getByRole('link', { name: 'David Achebe', exact: true }).waitFor();
    await expectNoViolations(page, 'worklist (desktop)');
    await page.getByRole('link', { name: 'David Achebe', exact: true }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await expectNoViolations(page, 'patient (desktop)');
    await page.getByRole('button', { name: 'Edit details' }).click();
    await expectNoViolations(page, 'patient edit (desktop)');
  });

  test('the audit page: on a phone each event reads whole, without scrolling sideways; no violations', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.admin);
    await page.request.get(`${server.baseUrl}/api/patients`);
    await page.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
    const events = page.getByRole('list', { name: 'Audit events' }).getByRole('listitem');
    // The action in words, over the code the trail keeps.
    const read = events.filter({ hasText: 'Searched the patients' }).first();
    await read.waitFor();
    await read.getByText('patient.search', { exact: true }).waitFor();
    // Who, what, from where and its link in the chain, all inside the window (the table's columns
    // after the third were off to the right, behind a sideways scroll).
    for (const part of ['Alex Morgan (Admin)', 'Searched the patients', 'From', 'Link']) {
      const box = await read.getByText(part, { exact: false }).first().boundingBox();
      expect(box && box.x + box.width, part).toBeLessThanOrEqual(390);
    }
    await expectNoViolations(page, 'audit');
    await expectNoSideways(page, 'audit');

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('columnheader', { name: 'Client address' }).waitFor();
    await expectNoViolations(page, 'audit (desktop)');
  });

  test('an admin asks who has read one patient’s record, from the patient’s page', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.admin);
    await page.goto(`${server.baseUrl}/patients`);
    await page.getByRole('link', { name: 'David Achebe', exact: true }).click();
    await page.getByRole('link', { name: 'Who has read or changed this record' }).click();
    await page.getByText('Who has read or changed David Achebe’s record').waitFor();
    const events = page.getByRole('list', { name: 'Audit events' }).getByRole('listitem');
    const read = events.filter({ hasText: 'Opened a patient’s record' }).first();
    await read.waitFor();
    // Only this patient's: no search of the patient list, no other patient's record.
    expect(await events.filter({ hasText: 'Searched the patients' }).count()).toBe(0);
    await expectNoViolations(page, 'audit of one patient');
    await page.getByRole('link', { name: 'Show every event' }).click();
    await events.filter({ hasText: 'Searched the patients' }).first().waitFor();
    // An event's record opens from the trail.
    await events
      .filter({ hasText: 'Opened a patient’s record' })
      .first()
      .getByRole('link', { name: /^Open the patient / })
      .click();
    await page.getByRole('heading', { name: 'David Achebe', level: 1 }).waitFor();
  });

  test("a nurse who opens an administrator's page is told whose page it is, on every such page", async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.nurse);
    for (const [path, title, says] of [
      ['/users', 'Users', 'Only administrators can manage users.'],
      ['/audit', 'Audit', 'Only administrators can see the audit log.'],
      ['/outbox', 'Outbox', 'Only administrators can read the outbox.'],
      ['/settings', 'Clinic settings', 'Only administrators can change the clinic’s settings.'],
      ['/leaflets', 'Leaflets', 'Only administrators can manage the leaflets.'],
    ] as const) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      await page.getByText(says).waitFor();
      expect(await page.getByText(/could not be loaded|needs one of these roles/).count(), path).toBe(0);
    }
    await expectNoViolations(page, 'an administrator page, for a nurse');
    await expectNoSideways(page, 'an administrator page, for a nurse');
  });

  test('a page still loading has no violations either: the frame, a list, the episode, the audit', async ({
    page,
    server,
  }) => {
    // Each answer held until axe has read the page as a person on a slow line sees it.
    const held = async (url: string | RegExp, label: string, go: () => Promise<unknown>) => {
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route(url, async (route) => {
        await released;
        await route.continue().catch(() => {});
      });
      await go();
      // A part of a page names its spinner; a whole page, its hidden heading.
      await page
        .getByRole('status', { name: label, exact: true })
        .or(page.getByRole('heading', { name: label, exact: true }))
        .waitFor({ state: 'attached' });
      await expectNoViolations(page, label, undefined, { loading: true });
      release();
      await page.unroute(url);
    };
    await signIn(page, server.baseUrl, server.demo.admin);
    await held('**/api/me', 'Loading', () => page.goto(`${server.baseUrl}/patients`));
    await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
    // The worklist is GET /api/episodes?… (src/web/api.ts), not /api/worklist.
    await held(/\/api\/episodes\?/, 'Loading the worklist', () =>
      page.getByRole('navigation').getByRole('link', { name: 'Worklist' }).click(),
    );
    // The episode's own link (the name opens the patient, whose card loads the episode unheld: a
    // spinner caught only by luck, and missed on a busy machine).
    const ellis = page.getByRole('link', { name: 'Open episode for Margaret Ellis', exact: true });
    const href = await ellis.getAttribute('href');
    expect(href).toMatch(/^\/episodes\/[0-9a-f-]{36}$/);
    await held(`**/api/episodes/${href!.split('/').pop()}`, 'Loading the episode', () => ellis.click());
    await page.getByRole('heading', { name: 'Margaret Ellis', level: 1 }).waitFor();
    await held('**/api/audit?*', 'Loading the audit log', () =>
      page.getByRole('navigation').getByRole('link', { name: 'Audit' }).click(),
    );
  });

  test('a patient can be added with the keyboard alone', async ({ page, server }) => {
    await signIn(page, server.baseUrl, server.demo.nurse);
    await page.goto(`${server.baseUrl}/patients/new`);
    await page.getByRole('heading', { name: 'Add patient' }).waitFor();

    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
    let presses = 0;
    while ((await focusedId()) !== 'patient-givenName') {
      await page.keyboard.press('Tab');
      if (++presses > 30) throw new Error('Tab never reached the Given name field');
    }
    await page.keyboard.type('Grace');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Hopper');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('patient-birthDate');
    await page.keyboard.type('9');
    await page.keyboard.press('Tab');
    await page.keyboard.type('12');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1906');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('patient-sex');
    await page.keyboard.type('f');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('patient-nhsNumber');
    await page.keyboard.type('999 123 4500');
    await page.keyboard.press('Tab');
    await page.keyboard.type('RPS-9001');
    await page.keyboard.press('Tab');
    await page.keyboard.type('grace@example.org');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('patient-phone');
    await page.keyboard.type('01632 960 555');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Grace Hopper', level: 1 }).waitFor();
    await page.getByText('Born 9 Dec 1906 · Female · NHS 999 123 4500 · MRN RPS-9001').waitFor();
  });

  for (const { name, viewport } of [
    { name: 'phone', viewport: { width: 390, height: 844 } },
    { name: 'desktop', viewport: { width: 1280, height: 900 } },
  ]) {
    test(`the episode page with each step form has no violations (${name})`, async ({ page, server }) => {
      await page.setViewportSize(viewport);
      await signIn(page, server.baseUrl, server.demo.clinician);
      await walkEpisode(page, server.baseUrl, `RPS-80${name.length}`, async (step) => {
        await expectNoViolations(page, `episode ${step} (${name})`);
        if (name === 'phone') await expectNoSideways(page, `episode ${step}`);
      });
      // Eight pages, each scanned by axe: longer than one interaction, on a 2-core machine.
    }, 180_000);
  }

  test('tabbing through the screening form on a phone, no field hides behind the live verdict bar', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await referViaApi(page.request, server.baseUrl, {
      givenName: 'Tab',
      familyName: 'Through',
      mrn: 'RPS-8100',
    });
    await triageViaApi(page.request, server.baseUrl, id);
    await page.goto(`${server.baseUrl}/episodes/${id}`);
    await page.getByRole('heading', { name: 'Screening (pre-assessment call)', exact: true }).waitFor();
    await page.getByRole('radio', { name: 'Yes' }).first().focus();
    const bar = page.getByRole('link', { name: /^Live verdict:/ });
    const hidden: string[] = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const covered = await bar.evaluate((link) => {
        const focused = document.activeElement as HTMLElement | null;
        if (!focused || link.contains(focused)) return null;
        const barBox = (link.parentElement as HTMLElement).getBoundingClientRect();
        const box = focused.getBoundingClientRect();
        // Entirely behind the bar: WCAG 2.2 "focus not obscured" (2.4.11).
        return box.top >= barBox.top && box.bottom <= barBox.bottom
          ? `${focused.tagName} ${focused.getAttribute('aria-label') ?? focused.getAttribute('name') ?? focused.id}`
          : null;
      });
      if (covered) hidden.push(covered);
    }
    expect(hidden).toEqual([]);
  });

  test('a referral can be triaged with the keyboard alone', async ({ page, server }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await referViaApi(page.request, server.baseUrl, {
      givenName: 'Kai',
      familyName: 'Larsen',
      mrn: 'RPS-8101',
    });
    await page.goto(`${server.baseUrl}/episodes/${id}`);
    await page.getByRole('heading', { name: 'Triage', exact: true }).waitFor();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        const label = el?.labels?.[0]?.textContent ?? el?.textContent ?? '';
        return `${el?.tagName}:${el?.type ?? ''}:${label.trim()}`;
      });
    const tabTo = async (target: RegExp) => {
      for (let i = 0; i < 80; i++) {
        if (target.test(await focused())) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${target}`);
    };
    await tabTo(/checkbox:SI joint dysfunction/);
    await page.keyboard.press('Space');
    await tabTo(/radio:Not done/); // Distraction: Tab lands on the checked option
    await page.keyboard.press('ArrowLeft'); // Negative
    await page.keyboard.press('ArrowLeft'); // Positive
    await page.getByText('1 positive, 0 negative of 1 done.').waitFor();
    await tabTo(/radio:Diagnostic/);
    await page.keyboard.press('ArrowRight'); // Therapeutic
    await page.keyboard.press('ArrowRight'); // Diagnostic and therapeutic
    // Nothing clinical is preselected: the decision is chosen, not defaulted.
    await tabTo(/radio:Accept referral/);
    await page.keyboard.press('Space');
    await tabTo(/BUTTON:submit:Save triage/);
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Triage (recorded)' }).getByText('Accepted').waitFor();
    expect(await page.getByRole('region', { name: 'Triage (recorded)' }).textContent()).toContain(
      'a diagnostic and therapeutic injection',
    );
  });
});

test('opening an episode from the worklist moves focus to its heading once the page has loaded', async ({
  page,
  server,
}) => {
  await signIn(page, server.baseUrl, server.demo.nurse);
  await page.getByRole('link', { name: 'Open episode for Margaret Ellis' }).click();
  await page.getByRole('heading', { name: 'Margaret Ellis', level: 1 }).waitFor();
  await expect
    .poll(() =>
      page.evaluate(() => `${document.activeElement?.tagName}:${document.activeElement?.textContent}`),
    )
    .toMatch(/^H1:.*Margaret Ellis/);
});

test('an episode slow to load: focus waits on its loading heading, then moves to the page’s own', async ({
  page,
  server,
}) => {
  await signIn(page, server.baseUrl, server.demo.nurse);
  const link = page.getByRole('link', { name: 'Open episode for Margaret Ellis' });
  const url = `**/api/episodes/${(await link.getAttribute('href'))!.split('/').pop()}`;
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(url, async (route) => {
    await released;
    await route.continue();
  });
  const focused = () =>
    page.evaluate(() => `${document.activeElement?.tagName}:${document.activeElement?.textContent}`);
  await link.click();
  await expect.poll(focused).toBe('H1:Loading the episode');
  release();
  await page.getByRole('heading', { name: 'Margaret Ellis', level: 1 }).waitFor();
  await expect.poll(focused).toMatch(/^H1:.*Margaret Ellis/);
});
