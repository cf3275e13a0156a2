/**
 * Full-page screenshots for docs/screens: a desktop and a phone of each page. They rewrite tracked
 * files, so they run only when asked for: `npm run screens` (which sets SCREENS=1); `npm test`
 * skips them and leaves docs/ alone.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe } from 'vitest';
import { demoPatientEmail } from '../../src/server/demo/demo.ts';
import { signIn, walkEpisode } from './episode-helpers.ts';
import { desktop as desktopContext, test } from './fixtures.ts';

const screens = path.resolve(import.meta.dirname, '../../docs/screens');

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(screens, `${name}.png`), fullPage: true, animations: 'disabled' });
}

const devices = [
  { name: 'desktop', suffix: '', viewport: { width: 1280, height: 800 } },
  { name: 'phone', suffix: '-phone', viewport: { width: 390, height: 844 } },
];

describe.skipIf(!process.env.SCREENS)('screenshots', () => {
  beforeAll(async () => {
    await mkdir(screens, { recursive: true });
  });

  for (const { name, suffix, viewport } of devices) {
    describe(`${name}, ${viewport.width}px wide`, () => {
      test.override('contextOptions', { viewport, locale: 'en-GB' });

      test('sign-in, worklist, patient and add-patient pages', async ({ page, server }) => {
        await page.goto(`${server.baseUrl}/sign-in`);
        await page.getByText('Demo clinic').waitFor();
        await shoot(page, `sign-in${suffix}`);

        await page.getByLabel('Email').fill(server.demo.clinician.email);
        await page.getByLabel(/^Password/).fill(server.demo.clinician.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('link', { name: 'Margaret Ellis', exact: true }).waitFor();
        await shoot(page, `worklist${suffix}`);

        await page.getByRole('link', { name: 'Aisha Rahman', exact: true }).click();
        await page.getByRole('heading', { name: 'Timeline' }).waitFor();
        await shoot(page, `patient${suffix}`);

        await page.goto(`${server.baseUrl}/patients/new`);
        await page.getByRole('heading', { name: 'Add patient' }).waitFor();
        await shoot(page, `add-patient${suffix}`);
      });

      test('the episode page at each step', async ({ page, server }) => {
        await signIn(page, server.baseUrl, server.demo.clinician);
        await walkEpisode(page, server.baseUrl, `RPS-9${suffix.length}01`, async (step) => {
          await shoot(page, `episode-${step}${suffix}`);
        });
      });

      test('the follow-up and the service: a diary at its review, alerts, outcomes', async ({
        page,
        server,
      }) => {
        await signIn(page, server.baseUrl, server.demo.clinician);
        // The demo's Aisha Rahman, not a patient of its year of history who shares her family name.
        const found = await (await page.request.get(`${server.baseUrl}/api/episodes?q=Rahman`)).json();
        const aisha = found.items.find(
          (e: { patient: { givenName: string } }) => e.patient.givenName === 'Aisha',
        );
        await page.goto(`${server.baseUrl}/episodes/${aisha.id}`);
        await page.getByRole('region', { name: 'Pain diary' }).locator('svg').first().waitFor();
        await shoot(page, `episode-follow-up${suffix}`);

        await page.goto(`${server.baseUrl}/alerts`);
        await page.getByRole('listitem', { name: 'Alert: Grace Whitmore' }).waitFor();
        await shoot(page, `alerts${suffix}`);

        await page.goto(`${server.baseUrl}/dashboard`);
        await page.getByTestId('duration-plot').locator('svg').first().waitFor();
        await shoot(page, `dashboard${suffix}`);
      });

      test("the admin's clinic settings", async ({ page, server }) => {
        await signIn(page, server.baseUrl, server.demo.admin);
        await page.goto(`${server.baseUrl}/settings`);
        await page.getByRole('heading', { name: 'Clinic settings', level: 1 }).waitFor();
        await page.getByRole('button', { name: /Save/ }).first().waitFor();
        await shoot(page, `settings${suffix}`);
      });

      test("the patient's pages: signed in with a code, their care and their leaflet", async ({
        page,
        server,
        newContext,
      }) => {
        const admin = await (await newContext(desktopContext)).newPage();
        await signIn(admin, server.baseUrl, server.demo.admin);
        await page.goto(`${server.baseUrl}/my/sign-in`);
        await page.getByRole('textbox', { name: /email address/ }).fill(demoPatientEmail);
        await page.getByRole('button', { name: 'Send me a code' }).click();
        await page.getByRole('textbox', { name: 'Your 6-digit code' }).waitFor();
        await admin.goto(`${server.baseUrl}/outbox`);
        const message = admin
          .getByRole('article', { name: new RegExp(`Sign-in code to ${demoPatientEmail}`) })
          .first();
        const code = /\b(\d{6})\b/.exec(await message.innerText())![1]!;
        await page.getByRole('textbox', { name: 'Your 6-digit code' }).fill(code);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { name: 'Your care', exact: true, level: 1 }).waitFor();
        await shoot(page, `patient-home${suffix}`);

        await page.getByRole('link', { name: /how to get ready/ }).click();
        await page.getByRole('heading', { name: 'Your checklist' }).waitFor();
        await page.getByRole('link', { name: /Read your leaflet/ }).click();
        await page.getByRole('heading', { name: 'Your SI joint injection', level: 1 }).waitFor();
        await shoot(page, `patient-leaflet${suffix}`);
      });
    });
  }
});
