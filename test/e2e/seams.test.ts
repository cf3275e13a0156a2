/**
 * Real days at the clinic, clicked through the UI: a check-in amended with a reason, an injection
 * deferred after check-in and rebooked, a booking rescheduled and cancelled, the day's list
 * printed, exported and edited, a referral amended; the database not answering for a moment.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect } from 'vitest';
import { expectNoSideways, expectNoViolations } from './axe.ts';
import {
  bookedOnListViaApi,
  bookedTodayViaApi,
  checkInViaApi,
  choose,
  referViaApi,
  screenViaApi,
  signIn,
  todayUtc,
  typePatient,
} from './episode-helpers.ts';
import { phone, test } from './fixtures.ts';

describe('corrections and second attempts', () => {
  test('a check-in is amended with a reason, the earlier version kept; after a deferral the patient is rebooked and checked in again', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await bookedTodayViaApi(page.request, server.baseUrl, {
      givenName: 'Ines',
      familyName: 'Duarte',
      mrn: 'RPS-6101',
    });
    await checkInViaApi(page.request, server.baseUrl, id);
    await page.goto(`${server.baseUrl}/episodes/${id}`);

    // The nurse forgot the escort was a neighbour who left: amend, with a reason.
    const recorded = page.getByRole('region', { name: 'Check-in (recorded)', exact: true });
    await recorded.getByRole('button', { name: 'Amend check-in' }).click();
    const amend = page.getByRole('region', { name: 'Amend: Check-in', exact: true });
    await amend.getByText('Amending a recorded step').waitFor();
    // The amending notice (a light yellow alert) passes axe with the form around it.
    await expectNoViolations(page, 'amending a step');
    await amend.getByRole('button', { name: 'Save the amended check-in' }).click();
    await amend.getByText('Give a reason for the amendment').waitFor();
    await amend
      .getByLabel('Glucose on arrival')
      .waitFor({ state: 'detached' })
      .catch(() => {});
    await amend
      .getByLabel('Why is this record being amended?')
      .fill('Consent form re-signed after the side was queried');
    await amend.getByRole('button', { name: 'Save the amended check-in' }).click();
    await recorded.getByText(/Version 2, amended by Dr Priya Shah: Consent form re-signed/).waitFor();
    await recorded.getByText('1 earlier version (superseded)').click();
    await recorded
      .getByText(/^Version 1: recorded by Sam Okafor|^Version 1: recorded by Dr Priya Shah/)
      .waitFor();
    await page
      .getByRole('region', { name: 'What happened' })
      .getByText('Check-in amended (version 2)')
      .waitFor();

    // Feverish on arrival: not safe yet. Screen again when well, rebook, check in again.
    await page
      .getByRole('group', { name: 'Other actions' })
      .getByRole('button', { name: 'Not safe yet: defer' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Not safe yet: defer' });
    await dialog.getByRole('textbox').fill('Temperature 38.4 on arrival');
    await dialog.getByRole('button', { name: /Save|Confirm|Record/ }).click();
    await page.getByText('Not safe yet', { exact: true }).first().waitFor();
    await screenViaApi(page.request, server.baseUrl, id);
    await page.reload();
    const booking = page.getByRole('region', { name: 'Booking', exact: true });
    await booking.waitFor();
    // The deferral gave the place back: the booking is kept as history, not as the current one.
    const history = page.getByRole('region', { name: 'Booking (recorded)' });
    await history.getByText('Earlier bookings').waitFor();
    await history.getByText(/cancelled — Temperature 38\.4 on arrival/).waitFor();
    const lists = await (
      await page.request.get(`${server.baseUrl}/api/procedure-lists?from=${todayUtc()}&to=${todayUtc()}`)
    ).json();
    const list = lists.items[0];
    const res = await page.request.put(`${server.baseUrl}/api/episodes/${id}/booking`, {
      data: {
        procedureListId: list.id,
        time: '11:30',
        version: (await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json()).version,
      },
    });
    expect(res.ok()).toBe(true);
    await page.reload();
    const checkIn = page.getByRole('region', { name: 'Check-in', exact: true });
    await checkIn.getByLabel('Consent confirmed').check();
    await choose(page, /^Side marked/, 'Left');
    await checkIn.getByLabel('Escort present').check();
    await checkIn.getByLabel('Fasted as instructed').check();
    await checkIn.getByRole('button', { name: 'Check in' }).click();
    const again = page.getByRole('region', { name: 'Check-in (recorded)', exact: true });
    await again.getByText('2 earlier versions (superseded)').waitFor();
  });

  test('a side marked at check-in that is not the planned side stops there', async ({ page, server }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await bookedTodayViaApi(page.request, server.baseUrl, {
      givenName: 'Bram',
      familyName: 'Visser',
      mrn: 'RPS-6102',
    });
    await page.goto(`${server.baseUrl}/episodes/${id}`);
    const checkIn = page.getByRole('region', { name: 'Check-in', exact: true });
    await checkIn.getByLabel('Consent confirmed').check();
    await choose(page, /^Side marked/, 'Right');
    await checkIn.getByText('Wrong side: stop and check').waitFor();
    expect(await checkIn.getByRole('button', { name: 'Check in' }).isDisabled()).toBe(true);
  });
});

describe('the life of a booking', () => {
  test('rescheduled to another list, then cancelled with a reason: the place is freed and the patient waits for a date', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await bookedTodayViaApi(page.request, server.baseUrl, {
      givenName: 'Carla',
      familyName: 'Mendes',
      mrn: 'RPS-6103',
    });
    await page.goto(`${server.baseUrl}/episodes/${id}`);

    const later = await page.request.post(`${server.baseUrl}/api/procedure-lists`, {
      data: { date: todayUtc(), startTime: '13:00', operator: 'Dr Priya Shah', room: 'Room 9', capacity: 4 },
    });
    expect(later.ok()).toBe(true);
    await page.getByRole('button', { name: 'Reschedule' }).click();
    const form = page.getByRole('region', { name: 'Booking', exact: true });
    await form.getByRole('radio', { name: /Room 9/ }).check();
    // Before the afternoon list starts: said before anything is sent.
    await form.getByLabel(/^Time/).fill('12:00');
    await form.getByRole('button', { name: /^Book/ }).click();
    await form.getByText('The list starts at 13:00: book a time from then').waitFor();
    await form.getByLabel(/^Time/).fill('13:15');
    await form.getByRole('button', { name: /^Book/ }).click();
    await page
      .getByRole('region', { name: 'What happened' })
      .getByText(/^Rescheduled to /)
      .waitFor();

    await page
      .getByRole('group', { name: 'Other actions' })
      .getByRole('button', { name: 'Cancel the booking' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Cancel the booking' });
    await dialog.getByRole('textbox').fill('Patient is away that week');
    await dialog.getByRole('button', { name: /Save|Confirm|Record/ }).click();
    await page
      .getByRole('region', { name: 'What happened' })
      .getByText('Booking cancelled: waiting for a new date')
      .waitFor();
    await page.getByRole('region', { name: 'Booking', exact: true }).waitFor();
  });

  test('did not attend, on the day: asked first, kept on second thoughts, recorded when confirmed', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await bookedTodayViaApi(page.request, server.baseUrl, {
      givenName: 'Noor',
      familyName: 'Haddad',
      mrn: 'RPS-6107',
    });
    await page.goto(`${server.baseUrl}/episodes/${id}`);
    const actions = page.getByRole('group', { name: 'Other actions' });
    await actions.getByRole('button', { name: 'Did not attend' }).click();
    const dialog = page.getByRole('dialog', { name: 'Did not attend' });
    await dialog.getByText('Only booking again undoes it.', { exact: false }).waitFor();
    await expectNoViolations(page, 'did not attend, asked first');
    await dialog.getByRole('button', { name: 'Keep the booking' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json()).stage).toBe(
      'scheduled',
    );

    await actions.getByRole('button', { name: 'Did not attend' }).click();
    await dialog.getByRole('button', { name: 'Record: did not attend' }).click();
    await page
      .getByRole('region', { name: 'What happened' })
      .getByText(/^Did not attend/)
      .first()
      .waitFor();
    expect((await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json()).stage).toBe(
      'screened',
    );
  });

  test('the day’s list: opened from the worklist, printable, and as CSV with the same rows; NHS number search', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await bookedTodayViaApi(page.request, server.baseUrl, {
      givenName: 'Dara',
      familyName: 'Quinn',
      mrn: 'RPS-6104',
    });

    const episode = await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json();
    const listId: string = episode.steps.booking.procedureList.id;
    await page.getByRole('button', { name: 'Today' }).click();
    await page
      .getByRole('group', { name: 'Procedure lists on this day' })
      .locator(`a[href="/lists/${listId}"]`)
      .click();
    await page.getByRole('heading', { name: /^Procedure list,/ }).waitFor();
    const row = page.getByRole('row', { name: /Dara Quinn/ });
    await row.waitFor();
    // In the pages' words: identifiers as everywhere else, the plan's codes as labels.
    const shown = (await row.textContent()) ?? '';
    expect(shown, shown).toContain('MRN RPS-6104');
    expect(shown, shown).toContain('Left');
    expect(shown, shown).toContain('Diagnostic and therapeutic, Fluoroscopy');
    expect(shown, shown).not.toMatch(/\b(left|right|fluoroscopy|ultrasound)\b/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download as CSV' }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      '"time","patient","date of birth","NHS number","MRN","side","purpose","guidance","notes"',
    );
    expect(csv).toContain('"Dara Quinn"');
    await page.getByRole('button', { name: 'Print' }).waitFor();
    await expectNoViolations(page, 'procedure list (desktop)');
    await page.setViewportSize({ width: 390, height: 844 });
    // On a phone, each patient a card that reads whole: what the team should know was off to the
    // right of a table, behind a sideways scroll.
    const card = page.getByRole('list', { name: 'Booked patients in time order' }).getByRole('listitem', {
      name: /Dara Quinn/,
    });
    for (const part of ['Dara Quinn', 'MRN RPS-6104', 'Left', 'Diagnostic and therapeutic, Fluoroscopy']) {
      const box = await card.getByText(part, { exact: false }).first().boundingBox();
      expect(box && box.x + box.width, part).toBeLessThanOrEqual(390);
    }
    await expectNoViolations(page, 'procedure list (phone)');
    await expectNoSideways(page, 'procedure list (phone)');
    // Printed, it is the table, however narrow the paper.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('row', { name: /Dara Quinn/ }).isVisible()).toBe(true);
    expect(await card.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });

    // The worklist finds a patient by NHS number, however it is spaced.
    const demo = await (await page.request.get(`${server.baseUrl}/api/patients?q=Margaret%20Ellis`)).json();
    const nhs: string = demo.items[0].nhsNumber;
    await page.goto(`${server.baseUrl}/`);
    await page
      .getByLabel('Search by name, NHS number or MRN')
      .fill(`${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`);
    await page.getByRole('link', { name: 'Margaret Ellis', exact: true }).waitFor();
  });
});

describe('a booking left open', () => {
  test('a past day’s booking with nothing recorded is named on the worklist, on a phone too, until it is closed on its page (checked in late, with why); next week’s is not offered as missed', async ({
    page,
    server,
    newContext,
  }) => {
    // The demo's Rosa Bianchi was booked on the list 20 days ago, and nothing was recorded since.
    await signIn(page, server.baseUrl, server.demo.nurse);
    const leftOpen = (p: typeof page) =>
      p.getByRole('alert').filter({ hasText: 'left open from a past day' });
    const named = leftOpen(page);
    await named.getByText('1 booking left open from a past day').waitFor();
    await page
      .getByText(/^Rosa Bianchi: booked \d{1,2} [A-Z][a-z]{2} \d{4}, 09:30, still scheduled$/)
      .waitFor();
    await expectNoViolations(page, 'worklist with a booking left open');

    const onPhone = await (await newContext(phone)).newPage();
    await signIn(onPhone, server.baseUrl, server.demo.nurse);
    await leftOpen(onPhone).getByRole('link', { name: 'Rosa Bianchi' }).waitFor();
    await expectNoSideways(onPhone, 'worklist with a booking left open, phone');

    // She came, and was treated; the day was written on paper. The nurse checks her in late, with why.
    await named.getByRole('link', { name: 'Rosa Bianchi' }).click();
    await page.getByRole('heading', { name: 'Rosa Bianchi', level: 1 }).waitFor();
    const checkIn = page.getByRole('region', { name: 'Check-in', exact: true });
    await checkIn.getByText('The booked day has passed').waitFor();
    await checkIn.getByLabel('Consent confirmed').check();
    await choose(page, /^Side marked/, 'Left');
    await checkIn.getByLabel('Escort present').check();
    await checkIn.getByLabel('Fasted as instructed').check();
    await checkIn.getByRole('button', { name: 'Check in' }).click();
    await checkIn.getByText('Say why the check-in is recorded late').waitFor();
    await expectNoViolations(page, 'check-in recorded late');
    await checkIn.getByLabel(/^Why it is recorded late/).fill('Written on the paper list on the day');
    await checkIn.getByRole('button', { name: 'Check in' }).click();
    await page
      .getByRole('region', { name: 'Check-in (recorded)', exact: true })
      .getByText(/Recorded after the booked day: Written on the paper list on the day/)
      .waitFor();

    // Still open until her procedure is recorded: the worklist says how far she got.
    await page.getByRole('link', { name: 'Worklist' }).click();
    await page
      .getByText(/^Rosa Bianchi: booked \d{1,2} [A-Z][a-z]{2} \d{4}, 09:30, still checked in$/)
      .waitFor();
    // (Deferred here, for the test's sake: closed on her page, the worklist names her no more.)
    await named.getByRole('link', { name: 'Rosa Bianchi' }).click();
    await page
      .getByRole('group', { name: 'Other actions' })
      .getByRole('button', { name: 'Not safe yet: defer' })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').fill('Procedure record to be checked with the operator first');
    await dialog.getByRole('button', { name: /defer|Save|Confirm|Record/i }).click();
    await page.getByRole('region', { name: 'What happened' }).getByText(/defer/i).first().waitFor();
    await page.getByRole('link', { name: 'Worklist' }).click();
    await page.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
    await page.getByRole('tab', { name: /^Open/ }).waitFor();
    expect(await named.count()).toBe(0);

    // Tomasz Nowak is booked for next week: he cannot have missed it yet, so it is not offered.
    const found = await (await page.request.get(`${server.baseUrl}/api/patients?q=Tomasz%20Nowak`)).json();
    const tomasz = await (
      await page.request.get(`${server.baseUrl}/api/patients/${found.items[0].id}`)
    ).json();
    await page.goto(`${server.baseUrl}/episodes/${tomasz.episodes[0].id}`);
    const actions = page.getByRole('group', { name: 'Other actions' });
    await actions.getByRole('button', { name: 'Cancel the booking' }).waitFor();
    expect(await actions.getByRole('button', { name: 'Did not attend' }).count()).toBe(0);
  });
});

describe('a procedure list edited', () => {
  test('a new room, a later start and fewer places, with a patient booked: on the list and on the patient’s page; a move of day refused in words; a colleague’s change first loses nothing typed', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await bookedTodayViaApi(page.request, server.baseUrl, {
      givenName: 'Noor',
      familyName: 'Adeyemi',
      mrn: 'RPS-7215',
    });
    const listId: string = (await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json())
      .steps.booking.procedureList.id;
    await page.goto(`${server.baseUrl}/lists/${listId}`);
    await page.getByRole('row', { name: /Noor Adeyemi/ }).waitFor();

    await page.getByRole('button', { name: 'Edit the list' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit the list' });
    // Noor has no email address on record: a new room is hers to be told by phone.
    await dialog
      .getByText(/^One patient is booked on this list: .+; phone Noor Adeyemi \(no email address\)\.$/)
      .waitFor();
    await expectNoViolations(page, 'correct a procedure list');
    await dialog.getByRole('textbox', { name: /^Room/ }).fill('Room 7');
    // The afternoon: after Noor's 09:00, so said before anything is sent; then a start she still fits.
    await dialog.getByRole('textbox', { name: /^Start time/ }).fill('13:00');
    await dialog.getByLabel('Capacity (patients)').fill('0');
    await dialog.getByRole('button', { name: 'Save the list' }).click();
    await dialog.getByText('Enter a whole number from 1 to 50').waitFor();
    await dialog
      .getByText('A patient is booked at 09:00: start the list by then, or book them later first')
      .waitFor();
    await dialog.getByRole('textbox', { name: /^Start time/ }).fill('09:00');
    // Meanwhile a colleague corrects the operator's name.
    const list = (await (await page.request.get(`${server.baseUrl}/api/procedure-lists/${listId}`)).json())
      .list;
    const { id: _, booked: __, cancelled: ___, ...fields } = list;
    const theirs = await page.request.patch(`${server.baseUrl}/api/procedure-lists/${listId}`, {
      data: { ...fields, operator: 'Dr Priya Shah (consultant)' },
    });
    expect(theirs.status(), await theirs.text()).toBe(200);
    await dialog.getByLabel('Capacity (patients)').fill('1');
    await dialog.getByRole('button', { name: 'Save the list' }).click();
    // Their change comes into the form beside what was typed; saved again, both are kept.
    const merged = dialog
      .getByRole('alert')
      .filter({ hasText: 'Someone else changed this list while you were editing' });
    await merged.getByText(/Their changes are in the form: Operator\./).waitFor();
    expect(await dialog.getByRole('textbox', { name: /^Operator/ }).inputValue()).toBe(
      'Dr Priya Shah (consultant)',
    );
    expect(await dialog.getByRole('textbox', { name: /^Room/ }).inputValue()).toBe('Room 7');
    await expectNoViolations(page, 'correct a procedure list: a colleague saved first');
    await dialog.getByRole('button', { name: 'Save the list' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page
      .getByText('From 09:00 in Room 7 with Dr Priya Shah (consultant): 1 of 1 places booked.')
      .waitFor();

    // Another day, with a patient booked on it: refused before it is sent, saying what to do (on a phone).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Edit the list' }).click();
    const day = dialog.getByRole('group', { name: /^Date/ });
    await day.getByRole('textbox', { name: 'Year' }).fill(String(Number(todayUtc().slice(0, 4)) + 1));
    await dialog.getByRole('button', { name: 'Save the list' }).click();
    await dialog
      .getByText('Patients have been booked on this list: book each on another list instead of moving it')
      .waitFor();
    await expectNoSideways(page, 'correct a procedure list');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Saved on a phone and opened again at once: the green "changed" note does not sit over the
    // full-screen dialog's title and its close button.
    await page.getByRole('button', { name: 'Edit the list' }).click();
    await dialog.getByLabel('Capacity (patients)').fill('2');
    await dialog.getByRole('button', { name: 'Save the list' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page
      .getByText(/is changed\.$/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Edit the list' }).click();
    await dialog.getByRole('button', { name: 'Close' }).click({ timeout: 2_000 });
    await dialog.waitFor({ state: 'hidden' });

    // The patient's page names the room as it is now.
    await page.getByRole('link', { name: 'Noor Adeyemi' }).first().click();
    await page
      .getByText(/Dr Priya Shah \(consultant\), Room 7; 1 of 2 booked/)
      .first()
      .waitFor();
  });
});

describe('a procedure list cancelled', () => {
  test('the operator off sick: refused in words while a patient is checked in; then every booking ends, a booking made meanwhile too, and the page says whom to phone', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const first = await bookedTodayViaApi(page.request, server.baseUrl, {
      givenName: 'Lena',
      familyName: 'Fischer',
      mrn: 'RPS-7401',
    });
    const listId: string = (await (await page.request.get(`${server.baseUrl}/api/episodes/${first}`)).json())
      .steps.booking.procedureList.id;
    const arrived = await bookedOnListViaApi(
      page.request,
      server.baseUrl,
      { givenName: 'Tariq', familyName: 'Fischer', mrn: 'RPS-7402' },
      listId,
      '10:00',
    );
    await checkInViaApi(page.request, server.baseUrl, arrived);
    await page.goto(`${server.baseUrl}/lists/${listId}`);
    await page.getByRole('row', { name: /Tariq Fischer/ }).waitFor();

    await page.getByRole('button', { name: 'Cancel the list' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel the list' });
    await dialog
      .getByText(
        'Tariq Fischer is checked in: record their procedure, or defer them on their page, before cancelling the list.',
      )
      .waitFor();
    await expectNoViolations(page, 'cancel a list: refused');
    await dialog.getByRole('button', { name: 'Back to the list' }).click();

    // Tariq is deferred on his page; the list is cancelled on a phone.
    const version = (await (await page.request.get(`${server.baseUrl}/api/episodes/${arrived}`)).json())
      .version;
    const deferred = await page.request.post(`${server.baseUrl}/api/episodes/${arrived}/moves`, {
      data: { move: 'defer', reason: 'Feverish on arrival', version },
    });
    expect(deferred.status(), await deferred.text()).toBe(200);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByText('1 of 8 places booked.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Cancel the list' }).click();
    await dialog.getByText('The booking on this list will end').waitFor();
    await dialog.getByText('No email address is on record for Lena Fischer: phone them').waitFor();
    await dialog.getByRole('button', { name: 'Cancel the list' }).click();
    await dialog.getByText('Give the reason the list is cancelled').waitFor();
    await dialog.getByLabel('Why the list is cancelled').fill('Dr Shah is off sick');
    await expectNoViolations(page, 'cancel a list');
    await expectNoSideways(page, 'cancel a list');
    // Meanwhile a colleague books another patient on it: not cancelled unseen, and the reason stays.
    await bookedOnListViaApi(
      page.request,
      server.baseUrl,
      { givenName: 'Maja', familyName: 'Fischer', mrn: 'RPS-7403' },
      listId,
      '11:00',
    );
    await dialog.getByRole('button', { name: 'Cancel the list' }).click();
    await dialog
      .getByText(
        '2 patients are booked on this list now, not 1: look at the list again before cancelling it.',
      )
      .waitFor();
    await dialog.getByText('All 2 bookings on this list will end').waitFor();
    expect(await dialog.getByLabel('Why the list is cancelled').inputValue()).toBe('Dr Shah is off sick');
    await dialog.getByRole('button', { name: 'Cancel the list' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByText(/^Cancelled by .+: Dr Shah is off sick$/).waitFor();
    const phone = page.getByRole('status').filter({ hasText: 'Phone these patients' });
    await phone.getByRole('link', { name: 'Lena Fischer' }).waitFor();
    await phone.getByRole('link', { name: 'Maja Fischer' }).waitFor();
    expect(await page.getByRole('button', { name: 'Edit the list' }).count()).toBe(0);
    await expectNoViolations(page, 'a cancelled list');

    // Lena's page: back to waiting for a date, the booking ended with the list's reason.
    await phone.getByRole('link', { name: 'Lena Fischer' }).click();
    await page.getByText('The list was cancelled: Dr Shah is off sick').first().waitFor();
    await page.getByRole('button', { name: 'Book' }).waitFor();
    // The day's lists say it is cancelled.
    await page.goto(`${server.baseUrl}/?date=${todayUtc()}`);
    await page
      .getByRole('group', { name: 'Procedure lists on this day' })
      .getByText(/cancelled$/)
      .waitFor();
  });
});

describe('a referral amended', () => {
  test('the referrer, their address and the side, with a reason: the page says the new, the timeline the old; once screened the side stays', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await referViaApi(page.request, server.baseUrl, {
      givenName: 'Omar',
      familyName: 'Haddad',
      mrn: 'RPS-7301',
    });
    await page.goto(`${server.baseUrl}/episodes/${id}`);
    await page.getByText('Referred 5 Jan 2026 by Dr K. Osei').waitFor();
    await page.getByRole('button', { name: 'Amend the referral' }).click();
    const dialog = page.getByRole('dialog', { name: 'Amend the referral' });
    // Nothing changed yet: said so, nothing sent.
    await dialog.getByLabel('Why is the referral being amended?').fill('Typed from the wrong letter');
    await dialog.getByRole('button', { name: 'Save the amendment' }).click();
    await dialog.getByText('Nothing to amend: the referral already says this.').waitFor();
    await dialog.getByRole('textbox', { name: 'Referrer', exact: true }).fill('Dr B Moss, Hill Surgery');
    await dialog
      .getByRole('textbox', { name: /^Referrer’s address/ })
      .fill('Hill Surgery\n1 Hill Road\nLeeds LS1 1AA');
    await dialog.getByRole('radio', { name: 'Right' }).check();
    await dialog.getByLabel('Why is the referral being amended?').fill('');
    await dialog.getByRole('button', { name: 'Save the amendment' }).click();
    await dialog.getByText('Say why the referral is amended').waitFor();
    await expectNoViolations(page, 'correct a referral');
    await dialog.getByLabel('Why is the referral being amended?').fill('Typed from the wrong letter');
    await dialog.getByRole('button', { name: 'Save the amendment' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Referred 5 Jan 2026 by Dr B Moss, Hill Surgery · Right').waitFor();
    await page.getByText('Letters to: Hill Surgery, 1 Hill Road, Leeds LS1 1AA').waitFor();
    await page
      .getByText('Referral amended: referrer (was Dr K. Osei), referrer’s address, side (was left)')
      .waitFor();

    // Screened and booked: the side is the screening's now, on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    const booked = await bookedTodayViaApi(page.request, server.baseUrl, {
      givenName: 'Mira',
      familyName: 'Haddad',
      mrn: 'RPS-7302',
    });
    await page.goto(`${server.baseUrl}/episodes/${booked}`);
    await page.getByRole('button', { name: 'Amend the referral' }).click();
    await dialog
      .getByText('Planned at the screening call: record the screening again to change it.')
      .waitFor();
    expect(await dialog.getByRole('radio', { name: 'Right' }).isDisabled()).toBe(true);
    await expectNoSideways(page, 'correct a referral (phone)');
    await expectNoViolations(page, 'correct a referral (phone)');
  });
});

describe('the database not answering for a moment', () => {
  // What the server answers then (src/server/plugins/problems.ts; crash.test.ts makes it for real
  // by killing PostgreSQL): here the browser is given it, to see what a person sees.
  const unavailable = {
    status: 503,
    contentType: 'application/problem+json',
    headers: { 'retry-after': '5' },
    json: {
      type: '/api/problems/database_unavailable',
      title: 'The database is not answering',
      status: 503,
      code: 'database_unavailable',
      detail: 'The server could not reach its database just now. Please try again in a moment.',
    },
  };

  test('the page says so, with Try again, and opens once the database answers', async ({ page, server }) => {
    await signIn(page, server.baseUrl, server.demo.nurse);
    await page.route('**/api/me', (route) => route.fulfill(unavailable));
    await page.reload();
    await page.getByRole('heading', { name: 'Could not load your session', level: 1 }).waitFor();
    await page.getByRole('alert').getByText('could not reach its database just now').waitFor();
    await expectNoViolations(page, 'the session not loaded');
    await page.unroute('**/api/me');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
  });

  test('a save refused keeps what was typed, and goes through when tried again', async ({ page, server }) => {
    await signIn(page, server.baseUrl, server.demo.nurse);
    await page.goto(`${server.baseUrl}/patients/new`);
    await typePatient(page, { given: 'Ines', family: 'Okafor', born: ['3', '9', '1966'], sex: 'female' });
    await page.getByLabel('MRN').fill('DBDOWN-1');
    let refused = 0;
    await page.route('**/api/patients', (route) =>
      route.request().method() === 'POST' && refused++ === 0 ? route.fulfill(unavailable) : route.fallback(),
    );
    await page.getByRole('button', { name: 'Add patient' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Could not add the patient' })
      .getByText('try again in a moment')
      .waitFor();
    expect(refused).toBe(1);
    await expect.poll(() => page.getByLabel('Given name').inputValue()).toBe('Ines');
    expect(await page.getByLabel('MRN').inputValue()).toBe('DBDOWN-1');
    await page.getByRole('button', { name: 'Add patient' }).click();
    await page.getByRole('heading', { name: 'Ines Okafor', level: 1 }).waitFor();
  });
});
