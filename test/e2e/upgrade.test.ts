/**
 * A page left open across an upgrade (`npm start` rebuilds the web app, and the old build's chunks
 * are gone) still opens the next page: it reloads once to the new build. A chunk missing even then
 * shows an error inside the app's frame with a way on, never a blank page.
 */
import { describe, expect } from 'vitest';
import { buildUser, testPassword } from '../support/factories.ts';
import { expectNoViolations } from './axe.ts';
import { signIn } from './episode-helpers.ts';
import { phone, test } from './fixtures.ts';

describe('a page open across an upgrade', () => {
  test('opens an episode whose chunk went missing by reloading once to the new build', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    // The episode page's chunk fails once, as an old build's would after an upgrade.
    let refused = 0;
    await page.route(
      '**/assets/EpisodePage-*.js',
      (route) => {
        refused++;
        return route.fulfill({ status: 404, body: '' });
      },
      { times: 1 },
    );
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    await page.locator('a[href^="/episodes/"]').first().click();
    await page.getByRole('heading', { name: 'What happened' }).waitFor();
    expect(refused).toBe(1);
    expect(loads).toEqual([expect.stringMatching(/\/episodes\/[0-9a-f-]+$/)]);
  });

  test('a chunk missing even after the reload shows why, with the menu still there', async ({
    page,
    server,
  }) => {
    // The server says a missing asset is missing, not the index page.
    expect((await fetch(`${server.baseUrl}/assets/EpisodePage-gone.js`)).status).toBe(404);
    await signIn(page, server.baseUrl, server.demo.clinician);
    await page.route('**/assets/EpisodePage-*.js', (route) => route.fulfill({ status: 404, body: '' }));
    await page.locator('a[href^="/episodes/"]').first().click();
    await page.getByRole('heading', { name: 'This page needs a reload', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Reload the page' }).waitFor();
    await expectNoViolations(page, 'A page that could not be shown');
    await page.getByRole('link', { name: 'Worklist' }).click();
    await page.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
  });

  test('a patient’s page that fails says so in words for them, with the clinic’s numbers still there', async ({
    page,
    server,
    newContext,
  }) => {
    await signIn(page, server.baseUrl, server.demo.nurse);
    const me = await (await page.request.get(`${server.baseUrl}/api/me`)).json();
    const tomasz = (await (await page.request.get(`${server.baseUrl}/api/patients?q=Tomasz%20Nowak`)).json())
      .items[0];
    const account = await buildUser(server.db, me.user.clinicId, 'patient', tomasz.id);
    const phoneContext = await newContext(phone);
    const signedIn = await phoneContext.request.post(`${server.baseUrl}/api/auth/sign-in/email`, {
      data: { email: account.email, password: testPassword },
      headers: { origin: server.baseUrl },
    });
    expect(signedIn.ok(), await signedIn.text()).toBe(true);
    const patient = await phoneContext.newPage();
    // An answer the page cannot show (as a half-finished upgrade of the server might give).
    await patient.route('**/api/my/episodes', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"items":null}' }),
    );
    await patient.goto(`${server.baseUrl}/my`);
    await patient.getByRole('heading', { name: 'This page could not be shown', level: 1 }).waitFor();
    await patient.getByText(/call the clinic: its numbers are at the foot of this page/).waitFor();
    expect(await patient.getByText(/administrator/).count()).toBe(0);
    await patient.getByText(/^Urgent worries: /).waitFor();
    await expectNoViolations(patient, 'a patient’s page that could not be shown');
  });
});
