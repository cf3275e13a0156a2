// Issue 9, defects 4 and 13, through the API: the instructions' lifecycle (preparation before the
// procedure, after-care in the discharge summary) and the discharge PDFs of a patient whose name is
// not in Latin-1, read back as text.
import { PDFParse } from 'pdf-parse';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/api.ts';
import { clinicDate } from '../../../../test/support/dates.ts';
import { buildPatient } from '../../../../test/support/factories.ts';
import {
  checkInFacts,
  procedureFacts,
  readyToGoHome,
  screeningFacts,
  triageFacts,
} from '../../demo/payloads.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

type Caller = 'nurse' | 'clinician';
const put = (caller: Caller, url: string, payload: object) => t.as(caller, { method: 'PUT', url, payload });
const post = (caller: Caller, url: string, payload: object) => t.as(caller, { method: 'POST', url, payload });

async function ok(res: Promise<{ statusCode: number; body: string; json: () => unknown }>) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Episode;
}
interface Episode {
  id: string;
  version: number;
  stage: string;
  steps: {
    screenings: { id: string }[];
    booking: { instructions: { forPatient: string[] } } | null;
    bookings: { instructions: { forPatient: string[] } }[];
  };
}

const REFERRER = {
  name: 'Dr J. Whitfield',
  address: 'Riverside Medical Practice\n12 Mill Lane, Exampletown EX1 4CD',
};
type ScreeningParts = NonNullable<Parameters<typeof screeningFacts>[1]>;
const safe = { escortArranged: true, adultAtHomeArranged: true };
// Preparation that must not reappear once the procedure is done.
const PRE_PROCEDURE = /Do not eat|fast|clear fluids|light meal|Thank you for arranging|Please arrange/i;

async function screened(
  name: { givenName: string; familyName: string },
  patient: ScreeningParts['patient'] = {},
  screening: ScreeningParts['screening'] = safe,
) {
  const p = await buildPatient(t.db, t.clinic.id, { ...name, birthDate: '1958-09-28' });
  const referred = (
    await post('nurse', `/api/patients/${p.id}/episodes`, {
      referrer: REFERRER.name,
      referrerAddress: REFERRER.address,
      referredOn: ago(20).slice(0, 10),
      reason: 'Buttock pain',
      side: 'left',
    })
  ).json() as Episode;
  const triaged = await ok(
    put('clinician', `/api/episodes/${referred.id}/triage`, {
      ...triageFacts({ purpose: 'therapeutic' }),
      version: referred.version,
    }),
  );
  return ok(
    post('nurse', `/api/episodes/${triaged.id}/screenings`, {
      // Every question answered (the factory answers from what is given); she is 68, not pregnant.
      ...screeningFacts('left', { patient: { pregnancy: 'not-pregnant', ...patient }, screening }),
      version: triaged.version,
    }),
  );
}

async function book(e: Episode) {
  const list = await post('nurse', '/api/procedure-lists', {
    date: clinicDate(),
    startTime: '08:30',
    operator: 'Dr Test',
    room: 'Theatre 2',
    capacity: 6,
  });
  return ok(
    put('nurse', `/api/episodes/${e.id}/booking`, {
      procedureListId: (list.json() as { id: string }).id,
      time: '09:30',
      version: e.version,
    }),
  );
}

async function discharged(e: Episode) {
  const booked = await book(e);
  const checkedIn = await ok(
    put('nurse', `/api/episodes/${e.id}/check-in`, {
      ...checkInFacts('left', { glucose: { value: 6.5, unit: 'mmol/L' } }),
      version: booked.version,
    }),
  );
  const performed = await ok(
    put('clinician', `/api/episodes/${e.id}/procedure`, {
      ...procedureFacts('left'),
      version: checkedIn.version,
    }),
  );
  const recovered = await ok(
    put('nurse', `/api/episodes/${e.id}/recovery`, {
      baselinePain: 7,
      scores: [{ at: new Date(Date.now() + 30 * 60_000).toISOString(), pain: 2 }],
      provocationRetest: { thighThrust: 'negative' },
      discharge: readyToGoHome,
      version: performed.version,
    }),
  );
  return ok(post('nurse', `/api/episodes/${e.id}/discharge`, { version: recovered.version }));
}

async function pdf(id: string, copy: 'patient' | 'referrer') {
  const res = await t.as('clinician', {
    method: 'GET',
    url: `/api/episodes/${id}/discharge-summary.pdf?copy=${copy}`,
  });
  expect(res.statusCode).toBe(200);
  const parser = new PDFParse({ data: new Uint8Array(res.rawPayload) });
  try {
    // Lines joined: a sentence may wrap anywhere on the page.
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

// Each test walks an episode to discharge and sets two PDFs: on a busy machine that takes a while.
describe('the discharge PDFs of a patient whose name is not in Latin script (defect 13)', {
  timeout: 60_000,
}, () => {
  test.each([
    ['Polish and Japanese', { givenName: 'Łucja', familyName: 'Wójcik-Nakamura 中村' }],
    ['Greek', { givenName: 'Αλέξανδρος', familyName: 'Παπαδόπουλος' }],
    ['Arabic', { givenName: 'محمد', familyName: 'عبد الله' }],
  ])('%s: every character of the name survives in both copies', async (_, name) => {
    const e = await discharged(await screened(name, { diabetes: { insulin: false } }));
    const full = `${name.givenName} ${name.familyName}`;
    for (const copy of ['patient', 'referrer'] as const) {
      const text = await pdf(e.id, copy);
      expect(text, copy).toContain(full);
      expect(text).not.toContain('?');
      expect(text).toContain('28 September 1958');
    }
  });

  test('the letter is addressed to the referrer by name, with the practice in the address block, and signed', async () => {
    const e = await discharged(await screened({ givenName: 'Łucja', familyName: 'Wójcik-Nakamura 中村' }));
    const letter = await pdf(e.id, 'referrer');
    expect(letter).toContain('Dear Dr J. Whitfield,');
    expect(letter).not.toMatch(/Dear Dr J\. Whitfield, Riverside/);
    expect(letter.indexOf('Riverside Medical Practice')).toBeLessThan(
      letter.indexOf('Dear Dr J. Whitfield,'),
    );
    expect(letter).toContain('12 Mill Lane, Exampletown EX1 4CD');
    // Signed by the clinician who recorded the procedure (the test app's clinician).
    expect(letter).toMatch(/Yours sincerely, Test clinician Clinician, Test Pain Clinic/);
  });
});

describe('a correction after discharge', { timeout: 60_000 }, () => {
  test('both copies say what was corrected, when, by whom and why: a letter sent before is superseded', async () => {
    const e = await discharged(await screened({ givenName: 'Cora', familyName: 'Rectified' }));
    for (const copy of ['patient', 'referrer'] as const)
      expect(await pdf(e.id, copy)).not.toMatch(/correct/i);
    // The volume of steroid was mistyped; the clinician corrects the procedure record.
    await ok(
      put('clinician', `/api/episodes/${e.id}/procedure`, {
        ...procedureFacts('left'),
        record: { ...procedureFacts('left').record, notes: 'Steroid volume corrected' },
        amendReason: 'Steroid volume was typed as 10 mL; 1 mL was given',
        version: e.version,
      }),
    );
    for (const copy of ['patient', 'referrer'] as const) {
      const text = await pdf(e.id, copy);
      expect(text, copy).toMatch(
        /Procedure record corrected on \d{1,2} \w+ \d{4} at \d\d:\d\d by Test clinician: Steroid volume was typed as 10 mL; 1 mL was given/,
      );
      expect(text, copy).toContain('replaces any copy made before');
    }
  });
});

describe('instructions that fit the moment (defect 4)', { timeout: 60_000 }, () => {
  test('the discharge summary gives after-care, never the preparation for the procedure', async () => {
    const e = await screened({ givenName: 'Ann', familyName: 'Lifecycle' }, { diabetes: { insulin: false } });
    const booked = await book(e);
    // Before the procedure the booking prepares the patient.
    expect(booked.steps.booking?.instructions.forPatient.join('\n')).toMatch(PRE_PROCEDURE);
    const done = await discharged(booked);
    for (const copy of ['patient', 'referrer'] as const) {
      const text = await pdf(done.id, copy);
      expect(text, copy).not.toMatch(PRE_PROCEDURE);
      // What to expect: numbness and when it should wear off ([S38], the clinic's 6 h), the flare,
      // steroid effects and glucose checks for a diabetic, when relief may start, the diary.
      expect(text).toMatch(/numb or weak from the local anaesthetic\. This should wear off within 6 hours/);
      expect(text).toMatch(/flare up/);
      expect(text).toMatch(/Check your blood sugar regularly for 2 days/);
      expect(text).toMatch(/may ease your pain straight away/);
      expect(text).toMatch(/pain diary/);
      expect(text).toMatch(/not worn off 6 hours after the injection/);
    }
  });

  test('a not-safe-yet screening withdraws the preparation: the booking view gives no instructions', async () => {
    const e = await screened({ givenName: 'Bo', familyName: 'Deferred' });
    const booked = await book(e);
    expect(booked.steps.booking?.instructions.forPatient.join('\n')).toMatch(/Do not eat after/);
    const feverish = await ok(
      post('nurse', `/api/episodes/${e.id}/screenings`, {
        patient: {},
        screening: { ...safe, feverNow: true },
        plan: { side: 'left', plannedGuidance: 'fluoroscopy' },
        version: booked.version,
      }),
    );
    expect(feverish.stage).toBe('not-safe-yet');
    // Deferring gives the place back; what the booking told the patient is withdrawn with it.
    expect(feverish.steps.booking).toBeNull();
    expect(feverish.steps.bookings.map((b) => b.instructions.forPatient)).toEqual([[]]);
  });

  test("a clinician's override prepares the patient, without the reason it had to wait", async () => {
    const e = await screened({ givenName: 'Cy', familyName: 'Overridden' }, {}, { ...safe, feverNow: true });
    const sid = e.steps.screenings[0]?.id;
    const over = await ok(
      post('clinician', `/api/episodes/${e.id}/screenings/${sid}/override`, {
        reason: 'Low-grade temperature explained by a cold; procedure cannot wait',
        version: e.version,
      }),
    );
    const told = (await book(over)).steps.booking?.instructions.forPatient.join('\n') ?? '';
    expect(told).toMatch(/Do not eat after/);
    expect(told).toMatch(/take you home/);
    expect(told).not.toMatch(/needs to wait/);
  });
});
