/**
 * Full-page screenshots for docs/screens: a desktop and a phone of each page. They rewrite tracked
 * files, so they run only when asked for: `npm run screens` (which sets SCREENS=1); `npm test`
 * skips them and leaves docs/ alone.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe } from 'vitest';
import { signIn, walkEpisode } from './episode-helpers.ts';
import { test } from './fixtures.ts';

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
    });
  }
});
