/**
 * The clinician workspace in the browser: one episode from referral to discharge through the UI,
 * safety screening that blocks scheduling, two people saving the same record, and a wrong side.
 */
import AxeBuilder from '@axe-core/playwright';
import { PDFParse } from 'pdf-parse';
import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { tickedChecklist } from '../../src/domain/clinical/testing.ts';
import { expectNoViolations } from './axe.ts';
import {
  answerScreening,
  bookedTodayViaApi,
  checkInViaApi,
  choose,
  clockInClinic,
  recoveryTimes,
  referViaApi,
  signIn,
  todayUtc,
  triageViaApi,
  typePatient,
} from './episode-helpers.ts';
import { test } from './fixtures.ts';

const stepSection = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
/** Whether an element's top edge is on the screen, not scrolled above or below it. */
const onScreen = (l: Locator) =>
  l.evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    return top >= 0 && top < window.innerHeight;
  });

describe('the clinician workspace', () => {
  test('one episode from referral to discharge through the UI, with the letter to the referrer as a PDF', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);

    // Add a patient and refer.
    await page.getByRole('navigation').getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('link', { name: 'Add patient' }).click();
    await typePatient(page, { given: 'Rosa', family: 'Delgado', born: ['14', '2', '1957'], sex: 'female' });
    await page.getByLabel('MRN').fill('RPS-7001');
    await page.getByRole('button', { name: 'Add patient' }).click();
    await page.getByRole('heading', { name: 'Rosa Delgado', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Refer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refer for SI joint injection' });
    await dialog.getByRole('textbox', { name: 'Referrer', exact: true }).fill('Dr K. Osei, Hillside Surgery');
    await dialog.getByLabel('Reason for referral').fill('Left buttock pain for 6 months.');
    await dialog.getByLabel('Left').check();
    await dialog.getByRole('button', { name: 'Record referral' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Referring her again while that episode is open says so first, with a link to it: a letter
    // recorded twice would open a second episode beside the first.
    await page.getByRole('button', { name: 'Refer', exact: true }).click();
    await dialog.getByText('This patient already has an open episode').waitFor();
    await dialog.getByRole('link', { name: /^Referred \d{1,2} [A-Z][a-z]{2} \d{4}, left side$/ }).waitFor();
    const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The patient page links to the episode workspace.
    await page.getByRole('link', { name: /^Open episode/ }).click();
    await page.getByRole('heading', { name: 'Rosa Delgado', level: 1 }).waitFor();
    await page.getByText('Decision support', { exact: true }).waitFor();

    // Triage: the live count and cluster rule come from the clinical core.
    const triage = stepSection(page, 'Triage');
    await triage.getByLabel('SI joint dysfunction').check();
    await triage.getByLabel('Lumbar epidural without benefit').check();
    for (const test of ['Distraction', 'Compression', 'Thigh thrust']) await choose(page, test, 'Positive');
    await choose(page, 'Sacral thrust', 'Negative');
    await triage.getByText('3 positive, 1 negative of 4 done.').waitFor();
    await choose(page, /^Purpose of the injection/, 'Diagnostic and therapeutic');
    // Declining needs a reason: the form asks for it before anything is sent.
    await choose(page, /^Decision/, 'Decline referral');
    await triage.getByRole('button', { name: 'Save triage' }).click();
    await triage.getByText('Say why the referral is declined').waitFor();
    await choose(page, /^Decision/, 'Accept referral');
    // A red flag is named as it is ticked, with its guideline; accepting despite it needs a reason.
    await triage.getByLabel('Saddle anaesthesia').check();
    await triage
      .getByText(
        /^Red flag: saddle anaesthesia, a sign of cauda equina compression\. Outside the appropriate-use/,
      )
      .waitFor();
    await triage.getByRole('button', { name: 'Save triage' }).click();
    await triage.getByText('Say why the injection goes ahead despite the red flag').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('triage-reason');
    // Asked again, the patient has no saddle numbness: the flag comes off, and so does the question.
    await triage.getByLabel('Saddle anaesthesia').uncheck();
    expect(await triage.getByLabel('Why the injection goes ahead despite the red flag').count()).toBe(0);
    // No box ticked is not "none found": the rules say the red flags were not asked until the
    // clinician says "None of these"; a flag ticked after takes that back.
    const notAsked = triage.getByText(/^Red flags not recorded as asked/);
    await notAsked.waitFor();
    const none = triage.getByLabel('None of these: asked, and the patient has none');
    await none.check();
    await notAsked.waitFor({ state: 'detached' });
    await triage.getByLabel('Pain at night').check();
    expect(await none.isChecked()).toBe(false);
    await triage.getByLabel('Pain at night').uncheck();
    await none.check();
    await triage.getByRole('button', { name: 'Save triage' }).click();
    const triaged = stepSection(page, 'Triage (recorded)');
    await triaged.getByText('Accepted').waitFor();
    await triaged.getByText(/Red flags: none \(asked\)\./).waitFor();

    // Screening: a go (or go with actions) without anything that blocks, every question answered.
    const screening = stepSection(page, 'Screening (pre-assessment call)');
    await answerScreening(screening);
    await screening.getByRole('heading', { name: /^Verdict: Go/ }).waitFor();
    await screening.getByText('May be scheduled.').waitFor();
    await screening.getByRole('button', { name: 'Save screening' }).click();
    await stepSection(page, 'Screening (recorded)')
      .getByRole('heading', { name: /^Verdict: Go/ })
      .waitFor();

    // Booking: create today's list, then book on it.
    const booking = stepSection(page, 'Booking');
    await booking.getByRole('button', { name: 'Create a procedure list' }).click();
    // A list without a room, and with a place count that is not whole, is refused in words.
    await booking.getByLabel('Capacity (patients)').fill('2.5');
    await booking.getByRole('button', { name: 'Create list' }).click();
    await booking.getByText('Enter the room').waitFor();
    await booking.getByText('Enter a whole number from 1 to 50').waitFor();
    await booking.getByRole('textbox', { name: /^Room/ }).fill('Room 4');
    await booking.getByLabel('Capacity (patients)').fill('5');
    await booking.getByRole('button', { name: 'Create list' }).click();
    await booking.getByRole('radio', { name: /Room 4 · 0 of 5 booked/ }).check();
    await booking.getByLabel('Time (HH:MM)').fill('09:15');
    await booking.getByRole('button', { name: 'Book' }).click();
    const booked = stepSection(page, 'Booking (recorded)');
    await booked.getByText(/Booked for .*09:15/).waitFor();
    await booked.getByRole('heading', { name: 'Instructions for the patient' }).waitFor();
    expect(await booked.textContent()).toContain('1 of 5 booked');

    // Check-in.
    const checkIn = stepSection(page, 'Check-in');
    await checkIn.getByLabel('Consent confirmed').check();
    await choose(page, /^Side marked/, 'Left');
    await checkIn.getByLabel('Escort present').check();
    await checkIn.getByLabel('Fasted as instructed').check();
    await checkIn.getByRole('button', { name: 'Check in' }).click();
    await stepSection(page, 'Check-in (recorded)').waitFor();

    // Checklist and procedure record.
    const procedure = stepSection(page, 'Procedure: checklist and record');
    for (const box of [
      'Identity confirmed',
      'Consent confirmed',
      'Site marked',
      'Allergies checked',
      'Anticoagulation checked',
      'Team introduced',
      'Procedure confirmed',
      'Imaging available',
      'Drugs and doses recorded',
      'Equipment accounted for',
    ])
      await procedure.getByLabel(box, { exact: true }).check();
    await choose(page, /^Side confirmed by the team/, 'Left');
    await choose(page, /^Side injected/, 'Left');
    const times = recoveryTimes();
    await procedure.getByLabel('At (HH:MM)').fill(times.performed);
    await procedure
      .getByText(/^Side consistent|consistent/i)
      .first()
      .waitFor();
    // The target is offered by the names the record and the discharge summary use.
    await procedure.getByLabel('Target').selectOption({ label: 'Intra-articular and periarticular' });
    await procedure.getByLabel('Contrast spread').selectOption('intra-articular');
    await procedure.getByLabel('Agent of drug 1').fill('Lidocaine');
    await procedure.getByLabel('Concentration of drug 1').fill('1');
    await procedure.getByLabel('Volume of drug 1 (mL)').fill('2');
    await procedure.getByText('Concentration × volume = 20 mg').waitFor();
    // A unit slip is caught as it is typed.
    await procedure.getByLabel('Dose of drug 1 (mg)').fill('200');
    await procedure.getByText('is 20 mg, not 200 mg: check the units').waitFor();
    await procedure.getByLabel('Dose of drug 1 (mg)').fill('20');
    await procedure.getByRole('button', { name: 'Add a drug' }).click();
    await procedure.getByLabel('Agent of drug 2').fill('Triamcinolone');
    await procedure.getByLabel('Concentration of drug 2').fill('40');
    await procedure.getByLabel('Unit of drug 2').selectOption('mg/mL');
    await procedure.getByLabel('Volume of drug 2 (mL)').fill('1');
    await procedure.getByLabel('Dose of drug 2 (mg)').fill('40');
    await procedure.getByLabel('Radiation dose').fill('12.5');
    await procedure.getByLabel('Duration (minutes)').fill('15');
    await procedure.getByRole('button', { name: 'Save procedure record' }).click();
    await stepSection(page, 'Procedure (recorded)')
      .getByText(/Triamcinolone/)
      .waitFor();
    // The record in words, not codes.
    await stepSection(page, 'Procedure (recorded)')
      .getByText(
        /SI joint, intra-articular and periarticular, under fluoroscopy, .* Contrast used \(intra-articular spread\)\./,
      )
      .waitFor();
    await stepSection(page, 'Procedure (recorded)')
      .getByText(/^Lidocaine \(local anaesthetic\) 1%, 2 mL, 20 mg$/)
      .waitFor();

    // Recovery: scores after the block, the checklist, then discharge.
    const recovery = stepSection(page, 'Recovery and discharge');
    await recovery.getByLabel('Baseline pain before the block (0–10)').fill('7');
    // A mistyped hour (two hours from now: later than now, or past midnight and so before the
    // block) is refused at the field: the block would not count it, and nobody would see why.
    await recovery
      .getByLabel('Score 1 time (HH:MM)')
      .fill(clockInClinic(new Date(Date.now() + 2 * 3_600_000)));
    await recovery.getByLabel('Score 1 pain (0–10)').fill('1');
    for (const box of ['Walking checked', 'Passed urine', 'Escort present', 'Discharge advice given'])
      await recovery.getByLabel(box, { exact: true }).check();
    await recovery.getByRole('button', { name: 'Save recovery' }).click();
    await recovery
      .getByText(/^(Later than now \(\d\d:\d\d\)|Before the block, given at \d\d:\d\d): check the time$/)
      .waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('score-0-time');
    await recovery.getByLabel('Score 1 time (HH:MM)').fill(times.scores[0]);
    // A second score at the same time that says otherwise is refused at its field: which of the two
    // is right decides the block, so the block would not be read.
    await recovery.getByRole('button', { name: 'Add a score' }).click();
    await recovery.getByLabel('Score 2 time (HH:MM)').fill(times.scores[0]);
    await recovery.getByLabel('Score 2 pain (0–10)').fill('6');
    await recovery.getByRole('button', { name: 'Save recovery' }).click();
    await recovery
      .getByText(`Another score at ${times.scores[0]} is 1/10: keep the one that is right`)
      .waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('score-1-time');
    await recovery.getByLabel('Score 2 time (HH:MM)').fill(times.scores[1]);
    await recovery.getByLabel('Score 2 pain (0–10)').fill('2');
    await recovery.getByRole('button', { name: 'Save recovery' }).click();
    const recorded = stepSection(page, 'Recovery (recorded)');
    await recorded.getByRole('heading', { name: /^Block:/ }).waitFor();
    // Both scores were read: none fell outside the block's window.
    expect(await recorded.textContent()).toContain(`${times.scores[0]} 1/10, ${times.scores[1]} 2/10`);
    expect(await recorded.textContent()).not.toContain('not counted');
    await recorded.getByRole('heading', { name: 'Discharge: ready' }).waitFor();
    await stepSection(page, 'Discharge').getByRole('button', { name: 'Discharge' }).click();

    const summary = stepSection(page, 'Discharge summary');
    const gpLink = summary.getByRole('link', { name: 'Letter to the referrer (PDF)' });
    await gpLink.waitFor();
    await summary.getByRole('link', { name: 'Patient copy (PDF)' }).waitFor();
    const href = await gpLink.getAttribute('href');
    // The server's first PDF loads the layout and fonts: seconds on a busy CI machine.
    const pdf = await page.request.get(`${server.baseUrl}${href}`, { timeout: 60_000 });
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    const { text } = await new PDFParse({ data: new Uint8Array(await pdf.body()) }).getText();
    expect(text).toContain('Rosa Delgado');
    expect(text).toMatch(/left/i);
    expect(text).toMatch(/Triamcinolone/i);
    // The block's threshold in words a GP reads, not ">= 75%".
    expect(text).toMatch(/positive with at least \d+% relief/);
    expect(text).not.toContain('>=');
    await page.getByRole('navigation', { name: 'Pathway steps' }).getByText('8. Discharged').waitFor();

    // The worklist by procedure day: today's list has her, with the booked time; tomorrow's does not.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Worklist' }).click();
    await page.getByRole('button', { name: 'Today' }).click();
    const row = page.getByRole('row', { name: /Rosa Delgado/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('09:15');
    await page.getByRole('button', { name: 'Next day' }).click();
    await expect.poll(() => page.getByRole('row', { name: /Rosa Delgado/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Previous day' }).click();
    await row.getByRole('link', { name: 'Open episode for Rosa Delgado' }).click();
    await page.getByRole('heading', { name: 'Discharge summary' }).waitFor();
  });

  test('a recent chest infection is "not safe yet" with its reason and source, and cannot be scheduled', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.nurse);
    const id = await referViaApi(page.request, server.baseUrl, {
      givenName: 'Ivan',
      familyName: 'Petrov',
      mrn: 'RPS-7002',
    });
    await signIn(page, server.baseUrl, server.demo.clinician);
    await triageViaApi(page.request, server.baseUrl, id);
    await signIn(page, server.baseUrl, server.demo.nurse);
    await page.goto(`${server.baseUrl}/episodes/${id}`);
    const screening = stepSection(page, 'Screening (pre-assessment call)');
    await answerScreening(screening, { infection: 'Yes' });
    await screening.getByRole('button', { name: 'Add an infection' }).click();
    await screening
      .getByLabel('Infection 1: what it was and how it was treated')
      .fill('Chest infection, antibiotics');
    const day = (daysAgo: number) => {
      const d = new Date(Date.now() - daysAgo * 86_400_000);
      return {
        day: String(d.getUTCDate()),
        month: String(d.getUTCMonth() + 1),
        year: String(d.getUTCFullYear()),
      };
    };
    for (const [label, date] of [
      ['Started on', day(12)],
      ['Resolved on', day(5)],
    ] as const) {
      const group = screening.getByRole('group', { name: label });
      await group.getByLabel('Day').fill(date.day);
      await group.getByLabel('Month').fill(date.month);
      await group.getByLabel('Year').fill(date.year);
    }
    // The verdict changes as the nurse types, with the reason and where the rule comes from.
    const live = screening.getByRole('region', { name: 'Live verdict (not saved yet)' });
    await live.getByRole('heading', { name: 'Verdict: Not safe yet' }).waitFor();
    await live.getByText('Blocks scheduling until screening is repeated or a clinician overrides').waitFor();
    const finding = live
      .getByRole('listitem')
      .filter({ hasText: /infection/i })
      .first();
    // Sources read as guidelines a clinician can open, never as the repository's internal keys.
    const leaflet = finding.getByRole('link', {
      name: /Plymouth NHS leaflet: sacro-iliac joint injections \(2023\)/,
    });
    await leaflet.first().waitFor();
    expect(await leaflet.first().getAttribute('target')).toBe('_blank');
    expect(await leaflet.first().getAttribute('rel')).toBe('noreferrer');
    expect(await finding.textContent()).not.toMatch(
      /\[(S\d+|seed-\d+|DESIGN|README)\]|UNCONFIRMED|sources\.md/,
    );
    // The links to the sources are named and told apart from the text around them.
    const axe = await new AxeBuilder({ page }).include('[aria-labelledby="live-verdict-heading"]').analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    await live.getByText(/protocol profile lcd-2023 version 2023\.1/).waitFor();
    await screening.getByRole('button', { name: 'Save screening' }).click();

    const recorded = stepSection(page, 'Screening (recorded)');
    await recorded.getByRole('heading', { name: 'Verdict: Not safe yet' }).waitFor();
    await recorded
      .getByText(/infection/i)
      .first()
      .waitFor();
    await page.getByText('Not safe yet', { exact: true }).first().waitFor();
    // No booking form, and the server refuses a booking too.
    expect(await stepSection(page, 'Booking').count()).toBe(0);
    // A nurse cannot override; the page says what can be done.
    expect(await page.getByRole('button', { name: /Override verdict/ }).count()).toBe(0);
    await recorded.getByText(/ask a clinician to review and override/).waitFor();
    const list = await page.request.post(`${server.baseUrl}/api/procedure-lists`, {
      data: { date: todayUtc(), startTime: '13:00', operator: 'Dr Priya Shah', room: 'Room 9', capacity: 4 },
    });
    const current = await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json();
    const book = await page.request.put(`${server.baseUrl}/api/episodes/${id}/booking`, {
      data: { procedureListId: (await list.json()).id, time: '13:00', version: current.version },
    });
    expect(book.status()).toBe(409);

    // A clinician may override with a recorded reason; then the episode can be booked.
    await signIn(page, server.baseUrl, server.demo.clinician);
    await page.goto(`${server.baseUrl}/episodes/${id}`);
    await page.getByRole('button', { name: /Override verdict/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Override the screening verdict' });
    await dialog.getByRole('button', { name: 'Record override' }).click();
    await dialog.getByText('A reason is needed for the record').waitFor();
    await dialog.getByLabel('Reason for overriding').fill('Infection fully treated; procedure is weeks away');
    await dialog.getByRole('button', { name: 'Record override' }).click();
    await stepSection(page, 'Booking').waitFor();
    const after = await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json();
    expect(after.stage).toBe('screened');
    expect(after.steps.screenings[0].override.reason).toBe(
      'Infection fully treated; procedure is weeks away',
    );
  });

  test('apixaban needs a plan agreed with the prescriber before booking; recording it unblocks scheduling', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await referViaApi(page.request, server.baseUrl, {
      givenName: 'Hana',
      familyName: 'Sato',
      mrn: 'RPS-7003',
    });
    await triageViaApi(page.request, server.baseUrl, id);
    await page.goto(`${server.baseUrl}/episodes/${id}`);
    const screening = stepSection(page, 'Screening (pre-assessment call)');
    // "Yes" to antithrombotics opens a row for the first medicine.
    await answerScreening(screening, { antithrombotics: 'Yes' });
    await screening.getByLabel('Medicine 1', { exact: true }).fill('Eliquis 5 mg twice daily');
    const live = screening.getByRole('region', { name: 'Live verdict (not saved yet)' });
    await live.getByRole('heading', { name: 'Verdict: Go with actions' }).waitFor();
    await live.getByText('Task for staff').first().waitFor();
    await live.getByText(/Agree a plan with the prescriber/).waitFor();
    await live
      .getByText('Cannot be scheduled yet: a plan or a clinician’s review must be recorded first.')
      .waitFor();
    await screening.getByRole('button', { name: 'Save screening' }).click();

    // Screened, but the booking form is disabled with the sentence saying why.
    const booking = stepSection(page, 'Booking');
    await booking.getByText('Cannot be scheduled yet', { exact: true }).waitFor();
    const why = await booking.getByRole('status').textContent();
    expect(why).toMatch(/apixaban|Eliquis|plan/i);
    expect(await booking.getByRole('button', { name: 'Book' }).isDisabled()).toBe(true);

    // Staff record the plan agreed with the prescriber: a new screening version.
    await page.getByRole('button', { name: 'Repeat screening or record a plan' }).click();
    const repeat = stepSection(page, 'Repeat screening');
    const offer = repeat.getByRole('button', { name: 'Record agreed plan for Eliquis 5 mg twice daily' });
    // Its words stay readable under the pointer too (a light button's hover is darker).
    await offer.hover();
    const hovered = await new AxeBuilder({ page })
      .include('button:hover')
      .withRules(['color-contrast'])
      .analyze();
    expect(hovered.violations.flatMap((v) => v.nodes.map((n) => n.failureSummary))).toEqual([]);
    await offer.click();
    await repeat.getByLabel('Agreed with (prescriber)').fill('Dr K. Osei (GP)');
    const lastDose = repeat.getByRole('group', { name: 'Last dose on' });
    const d = new Date(Date.now() + 2 * 86_400_000);
    await lastDose.getByLabel('Day').fill(String(d.getUTCDate()));
    await lastDose.getByLabel('Month').fill(String(d.getUTCMonth() + 1));
    await lastDose.getByLabel('Year').fill(String(d.getUTCFullYear()));
    await repeat.getByLabel('Last dose at (HH:MM)').fill('08:00');
    await repeat.getByLabel('Restart after (hours)').fill('24');
    await repeat
      .getByRole('region', { name: 'Live verdict (not saved yet)' })
      .getByText('May be scheduled.')
      .waitFor();
    await repeat.getByRole('button', { name: 'Save screening' }).click();
    await stepSection(page, 'Screening (recorded)')
      .getByText(/^Screening 2, recorded by/)
      .waitFor();

    await expect.poll(() => booking.getByText('Cannot be scheduled yet', { exact: true }).count()).toBe(0);
    await booking.getByRole('button', { name: 'Create a procedure list' }).click();
    const tomorrow = new Date(Date.now() + 3 * 86_400_000);
    const date = booking.getByRole('group', { name: 'Date' });
    await date.getByLabel('Day').fill(String(tomorrow.getUTCDate()));
    await date.getByLabel('Month').fill(String(tomorrow.getUTCMonth() + 1));
    await date.getByLabel('Year').fill(String(tomorrow.getUTCFullYear()));
    await booking.getByRole('textbox', { name: /^Room/ }).fill('Room 7');
    await booking.getByRole('button', { name: 'Create list' }).click();
    await booking.getByRole('radio', { name: /Room 7/ }).check();
    await booking.getByRole('button', { name: 'Book' }).click();
    const booked = stepSection(page, 'Booking (recorded)');
    await booked.getByRole('heading', { name: 'Instructions for the patient' }).waitFor();
    expect(await booked.textContent()).toMatch(/apixaban|Eliquis/i);
  });

  test('a patient registered already under another identifier is named before a second record is made; a twin is added as someone else', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.nurse);
    await page.getByRole('navigation').getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('link', { name: 'Add patient' }).click();
    // The demo's Tomasz Nowak, typed again from a letter that gives only the hospital's number.
    await typePatient(page, { given: 'Tomasz', family: 'Nowak', born: ['5', '6', '1966'], sex: 'male' });
    await page.getByLabel('MRN').fill('LTR-4411');
    await page.getByRole('button', { name: 'Add patient' }).click();
    const asked = page.getByRole('alert').filter({ hasText: 'This patient may be registered already' });
    await asked.getByText(/^Tomasz Nowak, born 5 Jun 1966 · NHS \d{3} \d{3} \d{4}/).waitFor();
    await expectNoViolations(page, 'add patient: possibly registered already');

    // It is him: his record opens (the referral goes there), and no second one was made.
    await asked.getByRole('link', { name: 'Tomasz Nowak' }).click();
    await page.getByRole('heading', { name: 'Tomasz Nowak', level: 1 }).waitFor();
    await page.goBack();

    // His twin brother: what was typed is back; a changed form is a new question, asked again.
    await expect.poll(() => page.getByLabel('Given name').inputValue()).toBe('Tomasz');
    await page.getByLabel('Given name').fill('Jan');
    await page.getByLabel('MRN').fill('LTR-4412');
    await page.getByRole('button', { name: 'Add patient' }).click();
    await asked.getByText(/^Tomasz Nowak, born 5 Jun 1966/).waitFor();
    await asked.getByRole('button', { name: 'Add: this is someone else' }).click();
    await page.getByRole('heading', { name: 'Jan Nowak', level: 1 }).waitFor();
  });

  test('a referral half typed when the session ends is kept: signed in again, it comes back to be recorded', async ({
    page,
    server,
    context,
  }) => {
    await signIn(page, server.baseUrl, server.demo.nurse);
    const created = await page.request.post(`${server.baseUrl}/api/patients`, {
      data: {
        givenName: 'Petra',
        familyName: 'Novak',
        mrn: 'RPS-7012',
        birthDate: '1958-07-01',
        sex: 'female',
      },
    });
    const { id } = await created.json();
    await page.goto(`${server.baseUrl}/patients/${id}`);
    await page.getByRole('button', { name: 'Refer', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Refer for SI joint injection' });
    await dialog
      .getByRole('textbox', { name: 'Referrer', exact: true })
      .fill('Dr A. Mensah, Riverside Practice');
    await dialog.getByLabel('Reason for referral').fill('Right buttock pain since March, worse on standing.');

    // The session ends before "Record referral".
    await context.clearCookies();
    await dialog.getByRole('button', { name: 'Record referral' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(server.demo.nurse.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(server.demo.nurse.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    // Back on her page; the referral comes back as typed, and is recorded once.
    await page.getByRole('heading', { name: 'Petra Novak', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Refer', exact: true }).click();
    await dialog.getByText('Draft restored').waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Referrer', exact: true }).inputValue()).toBe(
      'Dr A. Mensah, Riverside Practice',
    );
    expect(await dialog.getByLabel('Reason for referral').inputValue()).toContain('worse on standing');
    await dialog.getByRole('button', { name: 'Record referral' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const patient = await (await page.request.get(`${server.baseUrl}/api/patients/${id}`)).json();
    expect(patient.episodes).toHaveLength(1);

    // Recorded, the draft is gone: the next referral starts empty.
    await page.getByRole('button', { name: 'Refer', exact: true }).click();
    await dialog.getByText('This patient already has an open episode').waitFor();
    expect(await dialog.getByText('Draft restored').count()).toBe(0);
    expect(await dialog.getByRole('textbox', { name: 'Referrer', exact: true }).inputValue()).toBe('');
  });

  test('a session that ends while a patient is added, or edited: signed in again, the form is back as typed', async ({
    page,
    server,
    context,
  }) => {
    /** The session ends (signed out elsewhere, or expired) just before `button` is pressed. */
    const pressAfterSessionEnds = async (button: string) => {
      await context.clearCookies();
      await page.getByRole('button', { name: button }).click();
      await page.getByText('Sign in to carry on to the page you opened.').waitFor();
      await page.getByLabel('Email').fill(server.demo.nurse.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(server.demo.nurse.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    };
    await signIn(page, server.baseUrl, server.demo.nurse);
    await page.getByRole('navigation').getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('link', { name: 'Add patient' }).click();
    await typePatient(page, { given: 'Wanda', family: 'Keppel', born: ['3', '9', '1949'], sex: 'female' });
    await page.getByLabel('MRN').fill('RPS-7013');

    await pressAfterSessionEnds('Add patient');
    await page.getByRole('heading', { name: 'Add patient', level: 1 }).waitFor();
    await page.getByText('Draft restored').waitFor();
    expect(await page.getByLabel('Family name').inputValue()).toBe('Keppel');
    const born = page.getByRole('group', { name: 'Date of birth' });
    expect(await born.getByLabel('Year').inputValue()).toBe('1949');
    expect(await page.getByLabel('MRN').inputValue()).toBe('RPS-7013');
    await expectNoViolations(page, 'add patient, draft restored');
    await page.getByRole('button', { name: 'Add patient' }).click();
    await page.getByRole('heading', { name: 'Wanda Keppel', level: 1 }).waitFor();

    // Editing her: the session ends before "Save details"; the edit comes back open, as typed.
    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByLabel('Phone').fill('01632 960 555');
    await pressAfterSessionEnds('Save details');
    await page.getByRole('heading', { name: 'Wanda Keppel', level: 1 }).waitFor();
    await page.getByText('Draft restored').waitFor();
    expect(await page.getByLabel('Phone').inputValue()).toBe('01632 960 555');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByRole('button', { name: 'Edit details' }).waitFor();
    await page.getByText('01632 960 555').waitFor();

    // Added and saved, nothing is left on this computer: the next patient starts empty.
    const kept = await page.evaluate(() =>
      Object.keys(window.localStorage).filter((k) => k.includes('draft')),
    );
    expect(kept).toEqual([]);
    await page.goto(`${server.baseUrl}/patients/new`);
    await page.getByRole('heading', { name: 'Add patient', level: 1 }).waitFor();
    expect(await page.getByText('Draft restored').count()).toBe(0);
    expect(await page.getByLabel('Family name').inputValue()).toBe('');
  });

  test('a session that ends in the middle of a screening call: signed in again, back on the episode with the form as typed', async ({
    page,
    server,
    context,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await referViaApi(page.request, server.baseUrl, {
      givenName: 'Ines',
      familyName: 'Varga',
      mrn: 'RPS-7011',
    });
    await triageViaApi(page.request, server.baseUrl, id);
    await page.goto(`${server.baseUrl}/episodes/${id}`);
    const form = stepSection(page, 'Screening (pre-assessment call)');
    await answerScreening(form, { diabetes: 'Yes' });
    await form.getByRole('button', { name: 'Add to the medication list' }).click();
    await form.getByLabel('Medication 1', { exact: true }).fill('Metformin');

    // The session ends (signed out elsewhere, or expired) before Save.
    await context.clearCookies();
    await form.getByRole('button', { name: 'Save screening' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByText('Sign in to carry on to the page you opened.').waitFor();
    await page.getByLabel('Email').fill(server.demo.clinician.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(server.demo.clinician.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    // Back on the episode, the form as it was, and nothing recorded yet.
    await page.getByRole('heading', { name: 'Ines Varga', level: 1 }).waitFor();
    await form.getByText('Draft restored').waitFor();
    expect(await form.getByLabel('Medication 1', { exact: true }).inputValue()).toBe('Metformin');
    const episode = await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json();
    expect(episode.stage).toBe('triaged');
    expect(episode.steps.screenings).toHaveLength(0);
  });

  test('two people saving the same screening: both colleagues’ fields are kept, nothing is lost', async ({
    page,
    server,
    newContext,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await referViaApi(page.request, server.baseUrl, {
      givenName: 'Omar',
      familyName: 'Haddad',
      mrn: 'RPS-7004',
    });
    await triageViaApi(page.request, server.baseUrl, id);
    await page.goto(`${server.baseUrl}/episodes/${id}`);

    const other = await newContext();
    const nurse = await other.newPage();
    await signIn(nurse, server.baseUrl, server.demo.nurse);
    await nurse.goto(`${server.baseUrl}/episodes/${id}`);

    // The clinician starts the call: every question answered, diabetes among them, and a medicine
    // on the general list. A reload keeps the draft.
    const mine = stepSection(page, 'Screening (pre-assessment call)');
    await answerScreening(mine, { diabetes: 'Yes' });
    await mine.getByRole('button', { name: 'Add to the medication list' }).click();
    await mine.getByLabel('Medication 1', { exact: true }).fill('Metformin');
    await page.reload();
    await mine.getByText('Draft restored').waitFor();
    expect(await mine.getByLabel('Medication 1', { exact: true }).inputValue()).toBe('Metformin');

    // Meanwhile the nurse saves first: the same answers, and the glucose she measured.
    const theirs = nurse.getByRole('region', { name: 'Screening (pre-assessment call)', exact: true });
    await answerScreening(theirs, { diabetes: 'Yes' });
    await theirs.getByLabel('Glucose', { exact: true }).fill('7');
    await theirs.getByRole('button', { name: 'Save screening' }).click();
    await nurse.getByRole('region', { name: 'Screening (recorded)', exact: true }).waitFor();

    await mine.getByRole('button', { name: 'Save screening' }).click();
    const conflict = page.getByRole('alert').filter({ hasText: 'Someone else saved this episode first' });
    await conflict.waitFor();
    // Raised at the head of a long form by the button at its foot, it is brought on the screen.
    await expect.poll(() => onScreen(conflict)).toBe(true);
    await conflict.getByText(/last changed by Sam Okafor/).waitFor();
    // The conflict (a light orange alert) passes axe with the form around it.
    await expectNoViolations(page, 'a save conflict');
    // Labels a person reads, not field paths.
    await conflict.getByText(/Their changes, kept:.*Glucose/).waitFor();
    await conflict.getByText(/Your changes, kept:.*Other medicines/).waitFor();
    // Nothing typed is lost.
    expect(await mine.getByLabel('Medication 1', { exact: true }).inputValue()).toBe('Metformin');

    await conflict.getByRole('button', { name: 'Merge both' }).click();
    // The form now holds both people's answers; the clinician checks it and saves.
    const merged = stepSection(page, 'Repeat screening');
    expect(await merged.getByLabel('Glucose', { exact: true }).inputValue()).toBe('7');
    expect(await merged.getByLabel('Medication 1', { exact: true }).inputValue()).toBe('Metformin');
    await merged.getByRole('button', { name: 'Save screening' }).click();
    await page.getByText(/^Screening 2, recorded by Dr Priya Shah/).waitFor();
    const saved = await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json();
    expect(saved.steps.screenings).toHaveLength(2);
    const facts = saved.steps.screenings[0].facts;
    expect(facts.patient.medications).toEqual([{ name: 'Metformin' }]);
    expect(facts.patient.diabetes).not.toBeNull();
    expect(facts.screening.labs.glucose).toEqual({ value: 7, unit: 'mmol/L' });
    expect(facts.screening.answers.diabetes).toBe('yes');
    expect(saved.steps.screenings[1].recordedBy.name).toBe('Sam Okafor');
  });

  test('a side that differs from the time-out side cannot be saved, and nothing is recorded', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await bookedTodayViaApi(page.request, server.baseUrl, {
      givenName: 'Lena',
      familyName: 'Berg',
      mrn: 'RPS-7005',
    });
    await checkInViaApi(page.request, server.baseUrl, id);
    await page.goto(`${server.baseUrl}/episodes/${id}`);

    const procedure = stepSection(page, 'Procedure: checklist and record');
    for (const box of [
      'Identity confirmed',
      'Consent confirmed',
      'Site marked',
      'Allergies checked',
      'Anticoagulation checked',
      'Team introduced',
      'Procedure confirmed',
      'Imaging available',
      'Drugs and doses recorded',
      'Equipment accounted for',
    ])
      await procedure.getByLabel(box, { exact: true }).check();
    await choose(page, /^Side confirmed by the team/, 'Left');
    await choose(page, /^Side injected/, 'Right');
    const error = procedure.getByRole('alert').filter({ hasText: 'Wrong side: this record cannot be saved' });
    await error.waitFor();
    await procedure.getByLabel('Agent of drug 1').fill('Lidocaine');
    await procedure.getByLabel('Volume of drug 1 (mL)').fill('2');
    await procedure.getByLabel('Duration (minutes)').fill('10');
    // The target is offered by the names the record and the discharge summary use.
    await procedure.getByLabel('Target').selectOption({ label: 'Intra-articular and periarticular' });
    await procedure.getByLabel('Contrast spread').selectOption('intra-articular');
    await procedure.getByRole('button', { name: 'Save procedure record' }).click();
    await procedure.getByText('Saving is refused while the sides differ.').waitFor();
    await error.waitFor();

    // The server refuses the same record too.
    const current = await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json();
    const refused = await page.request.put(`${server.baseUrl}/api/episodes/${id}/procedure`, {
      data: {
        version: current.version,
        checklist: tickedChecklist('left'),
        record: {
          performedAt: new Date().toISOString(),
          side: 'right',
          guidance: 'fluoroscopy',
          target: 'intra-articular',
          contrast: { used: false },
          drugs: [{ kind: 'local-anaesthetic', agent: 'Lidocaine', volumeMl: 2 }],
          durationMinutes: 10,
        },
      },
    });
    expect(refused.status()).toBe(422);
    expect((await refused.json()).code).toBe('side_mismatch');

    await page.reload();
    await page.getByRole('heading', { name: 'Lena Berg', level: 1 }).waitFor();
    await page.getByText('Checked in', { exact: true }).first().waitFor();
    // The half-filled form came back as a draft, and nothing was recorded.
    await procedure.getByText('Draft restored').waitFor();
    expect(await stepSection(page, 'Procedure (recorded)').count()).toBe(0);
    const after = await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json();
    expect(after.stage).toBe('checked-in');
    expect(after.steps.procedure).toBeNull();
  });
});
