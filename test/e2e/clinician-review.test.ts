/**
 * A `review` finding (here a medicine the antithrombotic table does not know) blocks booking until
 * a clinician records a review on the screening form; nurses are told a clinician must review it.
 */
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import type { TestApp } from '../support/app-harness.ts';
import { expectNoViolations } from './axe.ts';
import {
  answerScreening,
  checkInViaApi,
  procedureViaApi,
  referViaApi,
  screenAndBookViaApi,
  screenViaApi,
  signIn,
  todayInClinic,
  triageViaApi,
} from './episode-helpers.ts';
import { test } from './fixtures.ts';

const stepSection = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

describe('clinician review of a finding that needs one', () => {
  test('a medicine the table does not know: booking waits for a clinician review, recorded on the form', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await referViaApi(page.request, server.baseUrl, {
      givenName: 'Ines',
      familyName: 'Moreau',
      mrn: 'RPS-7101',
    });
    await triageViaApi(page.request, server.baseUrl, id);
    await page.goto(`${server.baseUrl}/episodes/${id}`);

    // First screening: the unknown medicine blocks booking.
    const first = stepSection(page, 'Screening (pre-assessment call)');
    await answerScreening(first, { antithrombotics: 'Yes' });
    await first.getByLabel('Medicine 1', { exact: true }).fill('Zorvexa 10 mg');
    const firstLive = first.getByRole('region', { name: 'Live verdict (not saved yet)' });
    await firstLive
      .getByText('Cannot be scheduled yet: a plan or a clinician’s review must be recorded first.')
      .waitFor();
    await first.getByRole('button', { name: 'Save screening' }).click();

    const booking = stepSection(page, 'Booking');
    await booking.getByText('Cannot be scheduled yet', { exact: true }).waitFor();
    expect(await booking.getByRole('status').textContent()).toMatch(/Zorvexa 10 mg.*clinician/);
    expect(await booking.getByRole('button', { name: 'Book' }).isDisabled()).toBe(true);

    // A repeat screening starts from the last one's facts.
    await page.getByRole('button', { name: 'Repeat screening or record a plan' }).click();
    const repeat = stepSection(page, 'Repeat screening');
    expect(await repeat.getByLabel('Medicine 1', { exact: true }).inputValue()).toBe('Zorvexa 10 mg');
    const live = repeat.getByRole('region', { name: 'Live verdict (not saved yet)' });
    await live
      .getByText('Cannot be scheduled yet: a plan or a clinician’s review must be recorded first.')
      .waitFor();

    // With the keyboard: open the dialog, the note has focus; an empty note is refused.
    const reviewButton = live.getByRole('button', { name: 'Record clinician review of Zorvexa 10 mg' });
    await reviewButton.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Record clinician review' });
    await dialog.waitFor();
    await page.waitForTimeout(400); // let the dialog finish fading in, or axe measures half-faded colours
    await expect
      .poll(() => dialog.getByLabel(/^Note/).evaluate((el) => el === document.activeElement))
      .toBe(true);
    await expectNoViolations(page, 'review dialog', '[role="dialog"]');
    await dialog.getByRole('button', { name: 'Record review' }).click();
    await dialog.getByText('Write a note for the record').waitFor();
    await expectNoViolations(page, 'review dialog with error', '[role="dialog"]');
    // Nothing was saved by the dialog's form.
    const before = await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json();
    expect(before.steps.screenings).toHaveLength(1);

    await dialog
      .getByLabel(/^Note/)
      .fill('Zorvexa is a herbal supplement with no antithrombotic effect; no hold needed.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });

    // The live verdict changes at once, and focus goes to it.
    await live.getByText('May be scheduled.').waitFor();
    await live
      .getByRole('list', { name: 'Screening findings' })
      .getByText(/^Reviewed by Dr Priya Shah, /)
      .waitFor();
    expect(await live.getByRole('button', { name: /^Record clinician review/ }).count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('live-verdict-heading');
    const reviews = live.getByRole('region', { name: 'Clinician reviews on this screening' });
    await reviews.getByText('Medicine not in the antithrombotic table: Zorvexa 10 mg').waitFor();
    await reviews.getByText(/herbal supplement with no antithrombotic effect/).waitFor();

    await repeat.getByRole('button', { name: 'Save screening' }).click();
    const recorded = stepSection(page, 'Screening (recorded)');
    await recorded.getByText(/^Screening 2, recorded by Dr Priya Shah/).waitFor();
    const summaryReviews = recorded.getByRole('region', { name: 'Clinician reviews', exact: true });
    await summaryReviews.getByText(/^Reviewed by Dr Priya Shah, .*herbal supplement/).waitFor();

    // Booking is open now.
    await expect.poll(() => booking.getByText('Cannot be scheduled yet', { exact: true }).count()).toBe(0);
    expect(await booking.getByRole('button', { name: 'Book' }).isEnabled()).toBe(true);
    const saved = await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json();
    expect(saved.steps.schedulingBlockedBecause).toBeNull();
    expect(saved.steps.screenings[0].facts.screening.clinicianReviews).toEqual([
      expect.objectContaining({
        code: 'antithrombotic_unknown',
        subject: 'Zorvexa 10 mg',
        recordedBy: 'Dr Priya Shah',
        note: 'Zorvexa is a herbal supplement with no antithrombotic effect; no hold needed.',
      }),
    ]);
    await expectNoViolations(page, 'episode with a recorded review');

    // A fresh repeat screening carries the review forward: it still may be scheduled.
    await page.reload();
    await page.getByRole('button', { name: 'Repeat screening or record a plan' }).click();
    const again = stepSection(page, 'Repeat screening').getByRole('region', {
      name: 'Live verdict (not saved yet)',
    });
    await again.getByText('May be scheduled.').waitFor();
    await again
      .getByRole('region', { name: 'Clinician reviews on this screening' })
      .getByText(/herbal supplement/)
      .waitFor();
  });

  test('a nurse is told a clinician must review it, and has no button to record one', async ({
    page,
    server,
    newContext,
  }) => {
    await signIn(page, server.baseUrl, server.demo.nurse);
    const id = await referViaApi(page.request, server.baseUrl, {
      givenName: 'Tomas',
      familyName: 'Novak',
      mrn: 'RPS-7102',
    });
    // Triage is a clinician's; the nurse screens.
    const clinician = await newContext();
    const c = await clinician.newPage();
    await signIn(c, server.baseUrl, server.demo.clinician);
    await triageViaApi(c.request, server.baseUrl, id);
    await clinician.close();
    await screenViaApi(page.request, server.baseUrl, id, {
      patient: { antithrombotics: [{ name: 'Zorvexa 10 mg' }] },
    });
    await page.goto(`${server.baseUrl}/episodes/${id}`);
    await page.getByRole('button', { name: 'Repeat screening or record a plan' }).click();
    const live = stepSection(page, 'Repeat screening').getByRole('region', {
      name: 'Live verdict (not saved yet)',
    });
    await live.getByText('A clinician must review this').waitFor();
    expect(await live.getByRole('button', { name: /^Record clinician review/ }).count()).toBe(0);
  });

  test('a review of a lab value with no clinic limit goes when the value is changed', async ({
    page,
    server,
  }) => {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await referViaApi(page.request, server.baseUrl, {
      givenName: 'Aiko',
      familyName: 'Tanaka',
      mrn: 'RPS-7103',
    });
    await triageViaApi(page.request, server.baseUrl, id);
    await page.goto(`${server.baseUrl}/episodes/${id}`);
    const screening = stepSection(page, 'Screening (pre-assessment call)');
    const live = screening.getByRole('region', { name: 'Live verdict (not saved yet)' });
    const blocked = live.getByText(
      'Cannot be scheduled yet: a plan or a clinician’s review must be recorded first.',
    );
    await answerScreening(screening, { diabetes: 'Yes' });
    await screening.getByLabel('Glucose', { exact: true }).fill('9');
    await blocked.waitFor();
    await live.getByRole('button', { name: 'Record clinician review of glucose' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record clinician review' });
    await dialog.getByLabel(/^Note/).fill('9 mmol/L is acceptable for this patient.');
    await dialog.getByRole('button', { name: 'Record review' }).click();
    await live.getByText('May be scheduled.').waitFor();

    await screening.getByLabel('Glucose', { exact: true }).fill('19');
    await blocked.waitFor();
    await live.getByRole('button', { name: 'Record clinician review of glucose' }).waitFor();
    expect(await live.getByRole('region', { name: 'Clinician reviews on this screening' }).count()).toBe(0);
  });
});

describe('questions of the screening call (defect 9)', () => {
  test('a question left blank cannot be saved; one not asked blocks booking until answered or reviewed (phone)', async ({
    page,
    server,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, server.baseUrl, server.demo.clinician);
    const id = await referViaApi(page.request, server.baseUrl, {
      givenName: 'Maya',
      familyName: 'Okonjo',
      mrn: 'RPS-7104',
    });
    await triageViaApi(page.request, server.baseUrl, id);
    await page.goto(`${server.baseUrl}/episodes/${id}`);
    const screening = stepSection(page, 'Screening (pre-assessment call)');
    const live = screening.getByRole('region', { name: 'Live verdict (not saved yet)' });
    const blocked = live.getByText(
      'Cannot be scheduled yet: a plan or a clinician’s review must be recorded first.',
    );

    // Nothing answered: the live verdict does not say go, and saving names the first question.
    await blocked.waitFor();
    await live.getByText('Not asked: pregnancy, for a woman of', { exact: false }).waitFor();
    await screening.getByRole('button', { name: 'Save screening' }).click();
    const firstQuestion = screening.getByRole('radiogroup', {
      name: 'Takes anticoagulant or antiplatelet medicines?',
    });
    await screening.getByText('Answer yes or no, or choose “Not asked”').first().waitFor();
    await expect
      .poll(() => firstQuestion.evaluate((group) => group.contains(document.activeElement)))
      .toBe(true);
    const none = await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json();
    expect(none.steps.screenings).toHaveLength(0);

    // Every question answered but one, which is marked "Not asked" on purpose: saved, but booking waits.
    await answerScreening(screening, { previousInjections: 'Not asked' });
    await live.getByText('Not asked: earlier steroid or SI joint injections.', { exact: false }).waitFor();
    await blocked.waitFor();
    await expectNoViolations(page, 'screening form on a phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screening.getByRole('button', { name: 'Save screening' }).click();
    const booking = stepSection(page, 'Booking');
    await booking.getByText('Cannot be scheduled yet', { exact: true }).waitFor();
    expect(await booking.getByRole('status').textContent()).toMatch(
      /Not asked: earlier steroid or SI joint injections/,
    );
    expect(await booking.getByRole('button', { name: 'Book' }).isDisabled()).toBe(true);

    // Answering it clears the block…
    await page.getByRole('button', { name: 'Repeat screening or record a plan' }).click();
    const repeat = stepSection(page, 'Repeat screening');
    const repeatLive = repeat.getByRole('region', { name: 'Live verdict (not saved yet)' });
    const question = repeat.getByRole('radiogroup', { name: 'Steroid or SI joint injections before?' });
    await question.getByRole('radio', { name: 'No', exact: true }).check();
    await repeatLive.getByText('May be scheduled.').waitFor();
    // …and so does a clinician's review of the question left unasked.
    await question.getByRole('radio', { name: 'Not asked', exact: true }).check();
    await repeatLive
      .getByText('Cannot be scheduled yet: a plan or a clinician’s review must be recorded first.')
      .waitFor();
    await repeatLive.getByRole('button', { name: 'Record clinician review of earlier injections' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record clinician review' });
    await dialog.getByLabel(/^Note/).fill('No earlier injections on the GP record; patient unsure. Proceed.');
    await dialog.getByRole('button', { name: 'Record review' }).click();
    await repeatLive.getByText('May be scheduled.').waitFor();
    await repeat.getByRole('button', { name: 'Save screening' }).click();
    await stepSection(page, 'Screening (recorded)')
      .getByText(/^Screening 2, recorded by Dr Priya Shah/)
      .waitFor();
    await expect.poll(() => booking.getByText('Cannot be scheduled yet', { exact: true }).count()).toBe(0);
    expect(await booking.getByRole('button', { name: 'Book' }).isEnabled()).toBe(true);
    const saved = await (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json();
    expect(saved.steps.screenings[0].facts.screening.answers.previousInjections).toBe('not-asked');
    expect(saved.steps.screenings[0].facts.screening.clinicianReviews).toEqual([
      expect.objectContaining({ code: 'question_not_asked', subject: 'previousInjections' }),
    ]);
  });
});

describe('an injection given here counts while the call is typed (H-007 (7))', () => {
  /** A patient injected here today, re-referred and triaged; the nurse on the new screening. */
  async function reReferredAfterInjectionToday(page: Page, server: TestApp, mrn: string) {
    await signIn(page, server.baseUrl, server.demo.clinician);
    const first = await referViaApi(page.request, server.baseUrl, {
      givenName: 'Rosa',
      familyName: 'Quintero',
      mrn,
    });
    await triageViaApi(page.request, server.baseUrl, first);
    await screenAndBookViaApi(page.request, server.baseUrl, first, todayInClinic());
    await checkInViaApi(page.request, server.baseUrl, first);
    await procedureViaApi(page.request, server.baseUrl, first);
    const { patientId } = await (await page.request.get(`${server.baseUrl}/api/episodes/${first}`)).json();
    const again = await page.request.post(`${server.baseUrl}/api/patients/${patientId}/episodes`, {
      data: { referrer: 'Dr K. Osei', referredOn: todayInClinic(), reason: 'Still sore', side: 'left' },
    });
    const id = (await again.json()).id as string;
    await triageViaApi(page.request, server.baseUrl, id);

    await signIn(page, server.baseUrl, server.demo.nurse);
    await page.goto(`${server.baseUrl}/episodes/${id}`);
    const screening = stepSection(page, 'Screening (pre-assessment call)');
    await answerScreening(screening, {});
    const live = screening.getByRole('region', { name: 'Live verdict (not saved yet)' });
    return { id, screening, live };
  }

  test('re-referred after an injection today, "no earlier injections" reads not safe yet before saving', async ({
    page,
    server,
  }) => {
    const { id, screening, live } = await reReferredAfterInjectionToday(page, server, 'RPS-7202');
    await expect.poll(() => live.textContent()).toMatch(/Verdict: Not safe yet/);
    expect(await live.textContent()).toMatch(
      /Last therapeutic injection .*; the protocol needs 2 months between injections/,
    );
    await live
      .getByText(/^This clinic recorded a diagnostic and therapeutic injection \(left side\) on /)
      .waitFor();
    await screening.getByRole('button', { name: 'Save screening' }).click();
    // The server's verdict is the one typed: the episode waits, not safe yet.
    const read = async () => (await page.request.get(`${server.baseUrl}/api/episodes/${id}`)).json();
    await expect.poll(async () => (await read()).stage).toBe('not-safe-yet');
    const saved = (await read()).steps.screenings[0].assessment.findings.map((f: { code: string }) => f.code);
    expect(saved).toEqual(
      expect.arrayContaining(['steroid_interval_too_short', 'recorded_injection_not_listed']),
    );
  });

  test('one tap lists the injection recorded here from its record; the nurse is taken to ask its relief', async ({
    page,
    server,
  }) => {
    const { screening, live } = await reReferredAfterInjectionToday(page, server, 'RPS-7203');
    const list = live.getByRole('button', { name: /^List this injection recorded here on / });
    await list.click();
    const relief = screening.getByLabel('Relief from injection 1 (%)');
    const reliefId = await relief.getAttribute('id');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(reliefId);
    expect(await screening.getByLabel('Side of injection 1').inputValue()).toBe('left');
    expect(await screening.getByLabel('Purpose of injection 1').inputValue()).toBe('both');
    // Listed now: staff are no longer asked to list it; the interval still stops the booking.
    await expect.poll(() => live.getByText(/^This clinic recorded a/).count()).toBe(0);
    expect(await live.textContent()).toMatch(/Verdict: Not safe yet/);
    expect(await live.getByRole('button', { name: /^List this injection/ }).count()).toBe(0);
  });
});
