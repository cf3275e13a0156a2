/** Accessibility checks every page's browser test uses: axe finds nothing, and nothing scrolls sideways on a phone. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * axe finds no violations on the page as it settles (within `include`, a selector, when given).
 * It reads colours as painted, so it waits for transitions to end first: a dialog still fading in
 * has its button colours half-way, and their contrast fails (seen in CI, never by a user who
 * waits the 200 ms). Endless animations (a loader's spin) are not waited for. `loading` checks a
 * page while a request it waits for is held.
 */
export async function expectNoViolations(
  page: Page,
  pageName: string,
  include?: string,
  { loading = false }: { loading?: boolean } = {},
): Promise<void> {
  // A page caught loading has a request held open on purpose: the network never falls idle.
  if (!loading) await page.waitForLoadState('networkidle');
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
  );
  const axe = new AxeBuilder({ page });
  if (include) axe.include(include);
  const { violations } = await axe.analyze();
  const found = violations.map(
    (v) =>
      `${pageName}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found).toEqual([]);
}

export async function expectNoSideways(page: Page, pageName: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${pageName} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
}
