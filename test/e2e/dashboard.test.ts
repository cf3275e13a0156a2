/**
 * Issue 12: a service lead answers "what share of our patients had at least half their pain gone at
 * six weeks, and how long did it last, ultrasound against fluoroscopy" from the demo clinic. The
 * dashboard draws its figures under the app's CSP, a filter changes the numbers, the CSV download
 * is the table on screen, the de-identified export downloads from the same page without a name in
 * it, and axe finds nothing, at a desk and on a phone.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { demoPatients } from '../../src/server/demo/demo.ts';
import { csvRows } from '../support/csv.ts';
import { expectNoSideways, expectNoViolations } from './axe.ts';
import { signIn } from './episode-helpers.ts';
import { phone, test } from './fixtures.ts';

/** Every CSP violation the page reports, from before its first script runs. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('__cspViolation', (what: string) => seen.push(what));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation(s: string): void }).__cspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`,
      );
    });
  });
  return seen;
}

/** A table's cells as the screen shows them, header first. */
async function tableCells(page: Page, testId: string): Promise<string[][]> {
  return page
    .getByTestId(testId)
    .evaluate((table) =>
      [...table.querySelectorAll('tr')].map((tr) =>
        [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim()),
      ),
    );
}

async function openDashboard(page: Page, baseUrl: string, who: { email: string; password: string }) {
  await signIn(page, baseUrl, who);
  await page.getByRole('link', { name: 'Outcomes' }).click();
  await page.getByRole('heading', { name: 'Outcomes', level: 1 }).waitFor();
  await page.getByTestId('headline').waitFor();
  await page.getByTestId('duration-plot').locator('svg').first().waitFor();
}

describe('the outcomes dashboard', () => {
  test('a clinician reads six-week responders and the duration of relief, ultrasound against fluoroscopy', async ({
    page,
    server,
  }) => {
    const seen = await watchViolations(page);
    await openDashboard(page, server.baseUrl, server.demo.clinician);

    // The answer in a sentence, and the curves of both groups with their number at risk.
    const headline = (await page.getByTestId('headline').textContent()) ?? '';
    expect(headline).toMatch(/Ultrasound: \d+ of \d+ patients with a diary score at 6 weeks/);
    expect(headline).toMatch(/Fluoroscopy: \d+ of \d+ patients/);
    expect(headline).toContain('Log-rank test');
    const km = page.getByTestId('duration-plot');
    expect(await km.getByRole('img').getAttribute('aria-label')).toContain('Kaplan–Meier');
    expect(await km.locator('text', { hasText: 'At risk, Ultrasound' }).count()).toBe(1);
    const medians = await tableCells(page, 'duration-0-table');
    expect(medians.map((r) => r[0])).toEqual(['Group', 'Fluoroscopy', 'Ultrasound']);

    // The CSV download is the table on screen, cell for cell.
    const shown = await tableCells(page, 'responders-0-table');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('responders-csv').click(),
    ]);
    expect(download.suggestedFilename()).toBe('responders.csv');
    expect(csvRows(await readFile((await download.path())!, 'utf8'))).toEqual(shown);
    // The SVG and PNG downloads are pictures of the figure.
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download SVG: How long relief lasted' }).click(),
    ]);
    expect(await readFile((await svg.path())!, 'utf8')).toMatch(
      /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/,
    );
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PNG: How long relief lasted' }).click(),
    ]);
    const bytes = await readFile((await png.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');

    // A filter changes the numbers: only ultrasound, no groups.
    await page.getByLabel('Guidance').selectOption('ultrasound');
    await page.waitForURL(/guidance=ultrasound/);
    await page.getByText(/^Updating…/).waitFor({ state: 'detached' });
    await expect.poll(() => tableCells(page, 'responders-0-table')).not.toEqual(shown);
    const filtered = await tableCells(page, 'responders-0-table');
    expect(filtered.slice(1).map((r) => r[1])).not.toContain('Fluoroscopy');
    // The indications are named as triage names them ("SI joint", not "Si joint").
    await page.getByLabel('Indication').selectOption({ label: 'SI joint dysfunction' });
    await page.waitForURL(/indication=si-joint-dysfunction/);
    await page.getByText(/^Updating…/).waitFor({ state: 'detached' });

    // Filters that match nothing say so, instead of empty plots and tables of dashes.
    await page.getByLabel('Referred from').fill('2035-01-01');
    await page.waitForURL(/from=2035-01-01/);
    await page.getByText('No episodes match these filters').waitFor();
    expect(await page.getByTestId('responders-plot').count()).toBe(0);
    expect(await page.getByTestId('headline').count()).toBe(0);
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await page.getByTestId('responders-plot').locator('svg').first().waitFor();

    await expectNoViolations(page, 'Outcomes dashboard');
    expect(seen).toEqual([]);

    // The guides the page names open from it (it named their paths in the repository before).
    const columns = page.getByRole('link', { name: 'What each column means' });
    expect(await columns.getAttribute('href')).toBe('/api/guides/export-format');
    const guide = await page.request.get(`${server.baseUrl}/api/guides/export-format`);
    expect(await guide.text()).toContain('| `relief_duration_days` |');
    await page.getByRole('link', { name: 'how each figure is counted' }).click();
    await page.getByText('## The outcomes dashboard').waitFor();
    await page.goBack();
    await page.getByTestId('responders-plot').locator('svg').first().waitFor();
  });

  test('on a phone, an admin reads it without scrolling sideways', async ({ page, server }) => {
    await page.setViewportSize(phone.viewport!);
    await openDashboard(page, server.baseUrl, server.demo.admin);
    await page.getByTestId('responders-plot').locator('svg').first().waitFor();
    await expectNoViolations(page, 'Outcomes dashboard (phone)');
    await expectNoSideways(page, 'Outcomes dashboard');
    // A table wider than the phone scrolls in its own region; its caption (what the table shows)
    // wraps to the screen, not to the table, so it is read whole without scrolling the table.
    const cutCaptions = await page
      .locator('caption')
      .evaluateAll((captions) =>
        captions.filter((c) => c.getBoundingClientRect().right > window.innerWidth).map((c) => c.textContent),
      );
    expect(cutCaptions).toEqual([]);
    // Keyboard: the filters are reachable and change the view.
    await page.getByLabel('Compare groups by').focus();
    await page.getByLabel('Compare groups by').selectOption('none');
    await page.waitForURL(/compare=none/);
    await page.getByTestId('duration-0-table').getByText('All', { exact: true }).waitFor();

    // The de-identified export for a statistician, from the same page: a study number, no names.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^outcomes-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = csvRows(await readFile((await download.path())!, 'utf8'));
    expect(rows[0]!.slice(0, 2)).toEqual(['study_id', 'episode']);
    expect(rows.length).toBeGreaterThan(demoPatients.length);
    const text = rows.flat().join(' ');
    for (const p of demoPatients) {
      expect(text).not.toContain(p.familyName);
      expect(text).not.toContain(p.givenName);
    }
  });
});
