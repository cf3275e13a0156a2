/**
 * The browser tests' set-up, as vitest fixtures: each test asks for what it uses.
 *
 * - `server`: the real app (its own database with the demo clinic, the built web app), started
 *   once per file on the first test that asks for it and stopped after the file's last test.
 * - `browser`: Debian's Chromium, launched once per file.
 * - `context` and `page`: a fresh browser context and page for every test, closed after it, so
 *   no cookie, session or draft in localStorage leaks from one test into the next.
 * - `newContext()`: another person at another workstation in the same test (a second sign-in);
 *   closed after the test with the rest.
 * - `contextOptions` and `defaultTimeout`: what every context of the test is made with (a desktop
 *   window in en-GB, 30 s for each wait), overridden for a file or a describe block:
 *
 *       test.override('contextOptions', phone);
 *
 * AxeBuilder needs a page from browser.newContext(), not browser.newPage() (STACK-NOTES §5): the
 * `page` here always is one.
 */
import type { BrowserContext, BrowserContextOptions } from 'playwright-core';
import { test as base } from 'vitest';
import { startTestApp } from '../support/app-harness.ts';
import { launchBrowser } from '../support/browser.ts';

export const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: 'en-GB' };
export const phone: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  locale: 'en-GB',
  hasTouch: true,
};

// vitest reads which fixtures a fixture needs from its first parameter's destructuring pattern,
// so one that needs none still destructures an empty object.
export const test = base
  // biome-ignore lint/correctness/noEmptyPattern: see above
  .extend('server', { scope: 'file' }, async ({}, { onCleanup }) => {
    const server = await startTestApp();
    onCleanup(() => server.stop());
    return server;
  })
  // biome-ignore lint/correctness/noEmptyPattern: see above
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }) => {
    const browser = await launchBrowser();
    onCleanup(() => browser.close());
    return browser;
  })
  .extend('contextOptions', desktop)
  // Each wait is for something a user would see within a second or two; the room is for a
  // machine that runs the API tests beside these (CI) and is slower than this one on some days.
  .extend('defaultTimeout', 30_000)
  .extend('newContext', async ({ browser, contextOptions, defaultTimeout }, { onCleanup }) => {
    const opened: BrowserContext[] = [];
    onCleanup(async () => {
      await Promise.all(opened.map((context) => context.close()));
    });
    return async (options: BrowserContextOptions = {}): Promise<BrowserContext> => {
      const context = await browser.newContext({ ...contextOptions, ...options });
      context.setDefaultTimeout(defaultTimeout);
      opened.push(context);
      return context;
    };
  })
  .extend('context', ({ newContext }) => newContext())
  .extend('page', ({ context }) => context.newPage());
