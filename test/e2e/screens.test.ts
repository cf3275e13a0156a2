/** Full-page screenshots for docs/screens, rewritten on each run: a desktop and a phone of each page. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { startTestApp } from '../support/app-harness.ts';
import { launchBrowser } from '../support/browser.ts';
import { walkEpisode } from './episode-helpers.ts';

const screens = path.resolve(import.meta.dirname, '../../docs/screens');
let server: Awaited<ReturnType<typeof startTestApp>>;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startTestApp(),
    launchBrowser(),
    mkdir(screens, { recursive: true }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(screens, `${name}.png`), fullPage: true, animations: 'disabled' });
}

const devices = [
  { suffix: '', viewport: { width: 1280, height: 800 } },
  { suffix: '-phone', viewport: { width: 390, height: 844 } },
];

describe('screenshots', () => {
  for (const { suffix, viewport } of devices) {
    test(`sign-in, worklist, patient and add-patient pages at ${viewport.width}px`, async () => {
      const context = await browser.newContext({ viewport, locale: 'en-GB' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      try {
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
      } finally {
        await context.close();
      }
    });
  }

  for (const { suffix, viewport } of devices) {
    test(`the episode page at each step at ${viewport.width}px`, async () => {
      const context = await browser.newContext({ viewport, locale: 'en-GB' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      try {
        await page.goto(`${server.baseUrl}/sign-in`);
        await page.getByLabel('Email').fill(server.demo.clinician.email);
        await page.getByLabel(/^Password/).fill(server.demo.clinician.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
        await walkEpisode(page, server.baseUrl, `RPS-9${suffix.length}01`, async (step) => {
          await shoot(page, `episode-${step}${suffix}`);
        });
      } finally {
        await context.close();
      }
    });
  }
});
