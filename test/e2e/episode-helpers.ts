/** Shared steps for the episode workspace tests: sign in, add and refer a patient, fill step forms. */
import type { APIRequestContext, Locator, Page } from 'playwright-core';
import { tickedChecklist } from '../../src/domain/clinical/testing.ts';

export type Login = { email: string; password: string };

export async function signIn(page: Page, baseUrl: string, who: Login): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel(/^Password/).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
}

/** A patient and a referral through the API (for tests that are about a later step). */
/** Types a patient into the Add patient form as a nurse would (identifiers are the caller's). */
export async function typePatient(
  page: Page,
  p: { given: string; family: string; born: [day: string, month: string, year: string]; sex: string },
): Promise<void> {
  await page.getByLabel('Given name').fill(p.given);
  await page.getByLabel('Family name').fill(p.family);
  const birthDate = page.getByRole('group', { name: 'Date of birth' });
  for (const [i, part] of (['Day', 'Month', 'Year'] as const).entries()) {
    await birthDate.getByLabel(part).fill(p.born[i]!);
  }
  await page.getByLabel('Sex').selectOption(p.sex);
}

export async function referViaApi(
  request: APIRequestContext,
  baseUrl: string,
  patient: { givenName: string; familyName: string; mrn: string },
  side: 'left' | 'right' = 'left',
): Promise<string> {
  const data = { ...patient, birthDate: '1960-05-04', sex: 'female' };
  let p = await request.post(`${baseUrl}/api/patients`, { data });
  // Tests reuse names: each call is someone new, as the form says when asked (possible_duplicate).
  if (p.status() === 409) {
    const { code, matches } = await p.json();
    if (code === 'possible_duplicate')
      p = await request.post(`${baseUrl}/api/patients`, {
        data: { ...data, notDuplicateOf: matches.map((m: { id: string }) => m.id) },
      });
  }
  if (!p.ok()) throw new Error(`create patient: ${p.status()} ${await p.text()}`);
  const { id } = await p.json();
  const e = await request.post(`${baseUrl}/api/patients/${id}/episodes`, {
    data: { referrer: 'Dr K. Osei', referredOn: '2026-01-05', reason: 'Buttock pain', side },
  });
  if (!e.ok()) throw new Error(`refer: ${e.status()} ${await e.text()}`);
  return (await e.json()).id;
}

async function episodeVersion(request: APIRequestContext, baseUrl: string, id: string): Promise<number> {
  return (await (await request.get(`${baseUrl}/api/episodes/${id}`)).json()).version;
}

/** Triage (accept) through the API. */
export async function triageViaApi(request: APIRequestContext, baseUrl: string, id: string): Promise<void> {
  const res = await request.put(`${baseUrl}/api/episodes/${id}/triage`, {
    data: {
      purpose: 'both',
      decision: 'accept',
      facts: {
        indications: ['si-joint-dysfunction'],
        provocationTests: { distraction: 'positive', compression: 'positive', thighThrust: 'positive' },
        noRedFlags: true,
      },
      version: await episodeVersion(request, baseUrl, id),
    },
  });
  if (!res.ok()) throw new Error(`triage: ${res.status()} ${await res.text()}`);
}

/** Every question of the screening call answered "no" (the API's `screening.answers`). */
export const answeredNo = {
  infection: 'no',
  antithrombotics: 'no',
  bleedingDisorder: 'no',
  allergies: 'no',
  diabetes: 'no',
  previousInjections: 'no',
} as const;
/** A go screening through the API: every question answered, not pregnant, escort arranged. */
const goScreening = {
  patient: { pregnancy: 'not-pregnant' },
  screening: { answers: answeredNo, escortArranged: true, adultAtHomeArranged: true },
  plan: { side: 'left', plannedGuidance: 'fluoroscopy', plannedContrast: true },
};

/** A go screening, a list today and a booking, through the API: leaves the episode scheduled. */
export async function screenAndBookViaApi(
  request: APIRequestContext,
  baseUrl: string,
  id: string,
  today: string,
): Promise<void> {
  await screenViaApi(request, baseUrl, id);
  await listAndBookViaApi(request, baseUrl, id, today);
}

/** A screened episode booked on a list at a time, through the API. */
export async function bookViaApi(
  request: APIRequestContext,
  baseUrl: string,
  id: string,
  procedureListId: string,
  time: string,
): Promise<void> {
  const b = await request.put(`${baseUrl}/api/episodes/${id}/booking`, {
    data: { procedureListId, time, version: await episodeVersion(request, baseUrl, id) },
  });
  if (!b.ok()) throw new Error(`booking: ${b.status()} ${await b.text()}`);
}

/** A new patient referred, triaged, screened and booked on a given list, through the API: the episode's id. */
export async function bookedOnListViaApi(
  request: APIRequestContext,
  baseUrl: string,
  patient: { givenName: string; familyName: string; mrn: string },
  listId: string,
  time: string,
): Promise<string> {
  const id = await referViaApi(request, baseUrl, patient);
  await triageViaApi(request, baseUrl, id);
  await screenViaApi(request, baseUrl, id);
  await bookViaApi(request, baseUrl, id, listId, time);
  return id;
}

/** A new patient referred, triaged, screened and booked on a list today, through the API: the episode's id. */
export async function bookedTodayViaApi(
  request: APIRequestContext,
  baseUrl: string,
  patient: { givenName: string; familyName: string; mrn: string },
): Promise<string> {
  const id = await referViaApi(request, baseUrl, patient);
  await triageViaApi(request, baseUrl, id);
  await screenAndBookViaApi(request, baseUrl, id, todayUtc());
  return id;
}

export async function checkInViaApi(request: APIRequestContext, baseUrl: string, id: string): Promise<void> {
  const res = await request.put(`${baseUrl}/api/episodes/${id}/check-in`, {
    data: {
      consentConfirmed: true,
      sideMarked: 'left',
      escortPresent: true,
      fastingAsInstructed: true,
      version: await episodeVersion(request, baseUrl, id),
    },
  });
  if (!res.ok()) throw new Error(`check-in: ${res.status()} ${await res.text()}`);
}

/** A date on the demo clinic's calendar (London), e.g. '2026-03-10'. */
export const dayInClinic = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);
/** Today on the demo clinic's calendar: check-in is only on the booked day. */
export const todayInClinic = () => dayInClinic(new Date());

/** HH:MM on the clinic's clock. */
export const clockInClinic = (at: Date) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(
    at,
  );

/**
 * Times a nurse could type today for a procedure and two pain scores after it, none later than
 * now: the procedure up to an hour ago (not before the clinic's midnight), a score half-way since,
 * and one now. Each is HH:MM.
 */
export function recoveryTimes(now = new Date()) {
  const minute = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  let performed = minute(hourAgo);
  // Not yesterday: in the day's first hour, the procedure is at the clinic's midnight.
  while (dayInClinic(performed) !== dayInClinic(now)) performed = new Date(performed.getTime() + 60_000);
  const halfway = minute(new Date((performed.getTime() + now.getTime()) / 2));
  const last = minute(now);
  return {
    performed: clockInClinic(performed),
    scores: [clockInClinic(halfway), clockInClinic(last)] as const,
  };
}
/** The same, under the name earlier tests use. */
export const todayUtc = todayInClinic;

/** The screening form's questions, by the labels a nurse reads. */
export const screeningQuestions = {
  antithrombotics: 'Takes anticoagulant or antiplatelet medicines?',
  infection: /^Any infection in the last \d+ days, a fever now, or an infected injection site\?$/,
  allergies: 'Allergies to local anaesthetic, steroid, contrast or latex?',
  diabetes: 'Diabetes?',
  bleedingDisorder: 'Bleeding disorder?',
  previousInjections: 'Steroid or SI joint injections before?',
  escort: 'Escort home arranged?',
  adultAtHome: 'An adult at home for the first 24 hours?',
} as const;
type Answer = 'Yes' | 'No' | 'Not asked';

/**
 * Answers every question of the screening form in `section`: "No" unless `answers` says otherwise,
 * escort and an adult at home "Yes", and pregnancy "Not pregnant" where it is asked. A question left
 * unanswered cannot be saved.
 */
export async function answerScreening(
  section: Locator,
  answers: Partial<Record<keyof typeof screeningQuestions, Answer>> = {},
): Promise<void> {
  const all: Record<keyof typeof screeningQuestions, Answer> = {
    antithrombotics: 'No',
    infection: 'No',
    allergies: 'No',
    diabetes: 'No',
    bleedingDisorder: 'No',
    previousInjections: 'No',
    escort: 'Yes',
    adultAtHome: 'Yes',
    ...answers,
  };
  for (const [question, option] of Object.entries(all) as [keyof typeof screeningQuestions, Answer][]) {
    await section
      .getByRole('radiogroup', { name: screeningQuestions[question] })
      .getByRole('radio', { name: option, exact: true })
      .check();
  }
  const pregnancy = section.getByLabel('Pregnancy', { exact: true });
  if ((await pregnancy.count()) > 0 && !(await pregnancy.inputValue()))
    await pregnancy.selectOption('not-pregnant');
}

/** Pick a radio in the radio group with this name. */
export async function choose(page: Page, group: string | RegExp, option: string): Promise<void> {
  await page
    .getByRole('radiogroup', { name: group })
    .getByRole('radio', { name: option, exact: true })
    .check();
}

/** A screening through the API with the facts given (a go one by default). */
export async function screenViaApi(
  request: APIRequestContext,
  baseUrl: string,
  id: string,
  facts: { patient?: object; screening?: object } = {},
): Promise<void> {
  const s = await request.post(`${baseUrl}/api/episodes/${id}/screenings`, {
    data: {
      patient: { ...goScreening.patient, ...facts.patient },
      screening: { ...goScreening.screening, ...facts.screening },
      plan: goScreening.plan,
      version: await episodeVersion(request, baseUrl, id),
    },
  });
  if (!s.ok()) throw new Error(`screening: ${s.status()} ${await s.text()}`);
}

export async function procedureViaApi(
  request: APIRequestContext,
  baseUrl: string,
  id: string,
): Promise<void> {
  const res = await request.put(`${baseUrl}/api/episodes/${id}/procedure`, {
    data: {
      version: await episodeVersion(request, baseUrl, id),
      checklist: tickedChecklist('left'),
      record: {
        performedAt: performedToday().toISOString(),
        side: 'left',
        guidance: 'fluoroscopy',
        target: 'intra-articular',
        contrast: { used: true, spread: 'intra-articular' },
        drugs: [
          {
            kind: 'local-anaesthetic',
            agent: 'Lidocaine',
            concentration: { value: 1, unit: '%' },
            volumeMl: 2,
            doseMg: 20,
          },
          {
            kind: 'steroid',
            agent: 'Triamcinolone',
            concentration: { value: 40, unit: 'mg/mL' },
            volumeMl: 1,
            doseMg: 40,
          },
        ],
        durationMinutes: 15,
      },
    },
  });
  if (!res.ok()) throw new Error(`procedure: ${res.status()} ${await res.text()}`);
}

export async function recoveryViaApi(request: APIRequestContext, baseUrl: string, id: string): Promise<void> {
  const res = await request.put(`${baseUrl}/api/episodes/${id}/recovery`, {
    data: {
      version: await episodeVersion(request, baseUrl, id),
      baselinePain: 7,
      scores: [
        { at: new Date(Date.now() - 3_600_000).toISOString(), pain: 1 },
        { at: new Date(Date.now() - 1_800_000).toISOString(), pain: 2 },
      ],
      discharge: {
        walkingChecked: true,
        legNumbnessOrWeakness: false,
        passedUrine: false,
        escortPresent: true,
        adviceGiven: true,
      },
    },
  });
  if (!res.ok()) throw new Error(`recovery: ${res.status()} ${await res.text()}`);
}

/** A list on `today` and the episode booked on it at 09:00, through the API. */
export async function listAndBookViaApi(
  request: APIRequestContext,
  baseUrl: string,
  id: string,
  today: string,
) {
  const list = await request.post(`${baseUrl}/api/procedure-lists`, {
    data: { date: today, startTime: '08:30', operator: 'Dr Priya Shah', room: 'Room 1', capacity: 8 },
  });
  if (!list.ok()) throw new Error(`list: ${list.status()} ${await list.text()}`);
  await bookViaApi(request, baseUrl, id, (await list.json()).id, '09:00');
}

/** A time today on the clinic's calendar (the booked day) that is already past, or now. */
function performedToday(): Date {
  // Two hours ago, else a minute ago, else now: in the day's first minute, a minute ago is
  // yesterday, and the procedure would not be on the booked day (seen at 00:00 in CI).
  const now = Date.now();
  const at = [2 * 3_600_000, 60_000].map((back) => new Date(now - back));
  return at.find((d) => dayInClinic(d) === dayInClinic(new Date(now))) ?? new Date(now);
}

/**
 * Walks one episode through every step via the API, calling `at(step)` with the episode page
 * open at each form: for accessibility scans and screenshots.
 */
export async function walkEpisode(
  page: Page,
  baseUrl: string,
  mrn: string,
  at: (
    step:
      | 'triage'
      | 'screening'
      | 'not-safe'
      | 'booking'
      | 'check-in'
      | 'procedure'
      | 'recovery'
      | 'discharged',
  ) => Promise<void>,
): Promise<void> {
  const id = await referViaApi(page.request, baseUrl, { givenName: 'Nadia', familyName: 'Kowalski', mrn });
  const open = async (heading: string) => {
    await page.goto(`${baseUrl}/episodes/${id}`);
    await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
  };
  await open('Triage');
  for (const test of ['Distraction', 'Compression', 'Thigh thrust']) await choose(page, test, 'Positive');
  await page.getByLabel('SI joint dysfunction').check();
  await at('triage');
  await triageViaApi(page.request, baseUrl, id);

  await open('Screening (pre-assessment call)');
  const screening = page.getByRole('region', { name: 'Screening (pre-assessment call)', exact: true });
  await answerScreening(screening, { antithrombotics: 'Yes' });
  await page.getByLabel('Medicine 1', { exact: true }).fill('Eliquis 5 mg twice daily');
  await page.getByRole('heading', { name: 'Verdict: Go with actions' }).waitFor();
  await at('screening');

  const started = new Date(Date.now() - 6 * 86_400_000).toISOString();
  await screenViaApi(page.request, baseUrl, id, {
    screening: {
      answers: { ...answeredNo, infection: 'yes' },
      infections: [{ description: 'Chest infection, antibiotics', startedAt: started }],
    },
  });
  await open('Repeat screening');
  await page.getByRole('heading', { name: 'Verdict: Not safe yet' }).first().waitFor();
  await at('not-safe');

  // Clear the draft the walk typed, then screen again as safe.
  await page.evaluate(() => localStorage.clear());
  await screenViaApi(page.request, baseUrl, id);
  const today = todayInClinic();
  await page.request.post(`${baseUrl}/api/procedure-lists`, {
    data: { date: today, startTime: '13:30', operator: 'Dr Priya Shah', room: 'Room 3', capacity: 6 },
  });
  await open('Booking');
  await at('booking');
  await listAndBookViaApi(page.request, baseUrl, id, today);

  await open('Check-in');
  await at('check-in');
  await checkInViaApi(page.request, baseUrl, id);

  await open('Procedure: checklist and record');
  await choose(page, /^Side confirmed by the team/, 'Left');
  await choose(page, /^Side injected/, 'Right');
  await page.getByText('Wrong side: this record cannot be saved').waitFor();
  await page.getByLabel('Agent of drug 1').fill('Lidocaine');
  await page.getByLabel('Concentration of drug 1').fill('1');
  await page.getByLabel('Volume of drug 1 (mL)').fill('2');
  await page.getByLabel('Dose of drug 1 (mg)').fill('200');
  await at('procedure');
  await page.evaluate(() => localStorage.clear());
  await procedureViaApi(page.request, baseUrl, id);

  await recoveryViaApi(page.request, baseUrl, id);
  await open('Recovery (recorded)');
  await at('recovery');
  const v = await episodeVersion(page.request, baseUrl, id);
  const d = await page.request.post(`${baseUrl}/api/episodes/${id}/discharge`, {
    data: { version: v, overrideReason: 'Passed urine before leaving, confirmed by phone.' },
  });
  if (!d.ok()) throw new Error(`discharge: ${d.status()} ${await d.text()}`);
  await open('Discharge summary');
  await at('discharged');
}
