/**
 * The built web app runs under its Content-Security-Policy: signing in, the worklist, an episode,
 * the settings and users pages, the API docs and signing out raise no policy violation (a violation
 * would mean a blocked script or style, i.e. a broken page in production).
 */
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { signIn } from './episode-helpers.ts';
import { phone, test } from './fixtures.ts';

/** Records every CSP violation the page reports, from before its first script runs. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('__cspViolation', (what: string) => seen.push(what));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation(s: string): void }).__cspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

describe('the web app under its Content-Security-Policy', () => {
  test('a clinician signs in and opens an episode without a violation', async ({ page, server }) => {
    const seen = await watchViolations(page);
    const res = await page.goto(`${server.baseUrl}/sign-in`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await signIn(page, server.baseUrl, server.demo.clinician);
    await page.locator('a[href^="/episodes/"]').first().click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(seen).toEqual([]);
  });

  test('an admin on a phone opens settings, users and the API docs without a violation', async ({
    page,
    server,
  }) => {
    await page.setViewportSize(phone.viewport!);
    const seen = await watchViolations(page);
    await signIn(page, server.baseUrl, server.demo.admin);
    for (const path of ['/settings', '/users']) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
    }
    await page.goto(`${server.baseUrl}/api/docs`, { waitUntil: 'domcontentloaded' });
    await page.locator('.swagger-ui .info').first().waitFor();
    expect(seen).toEqual([]);
  });
});
