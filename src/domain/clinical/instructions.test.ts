import { describe, expect, test } from 'vitest';
import { afterCare, screen } from './assess.ts';
import { FINDING_CODES } from './findings.ts';
import { AFTER_CARE_CODES, type AfterCareFacts, LIFECYCLE, preparation } from './instructions.ts';
import { buildScreening, buildSettings, PROCEDURE_AT } from './testing.ts';
import { WORDING } from './wording.ts';

/** A hold of apixaban as a nurse records it with the patient, restarting 24 h after the injection. */
const APIXABAN_HOLD = {
  drug: 'apixaban',
  decision: 'hold' as const,
  lastDoseAt: '2026-03-08T08:00:00.000Z',
  restartAfterHours: 24,
  recordedBy: 'Nurse A',
  recordedAt: '2026-03-01T10:00:00.000Z',
};

const texts = (items: { text: string }[]) => items.map((i) => i.text).join('\n');
const screened = (parts: Parameters<typeof buildScreening>[0] = {}) => screen(buildScreening(parts));

// The sentences that belong before the procedure and never after it (issue 9, defect 4).
const PRE_PROCEDURE = /Do not eat|eat a light meal|fast|clear fluids|Thank you for arranging|Please arrange/i;

describe('preparation: what the patient is told before the procedure', () => {
  test('a go screening prepares the patient: fasting times, escort, driving, each with its source', () => {
    const s = screened();
    expect(s.verdict).toBe('go');
    const items = preparation(s);
    expect(items.map((i) => i.code)).toEqual(['escort_arranged', 'no_driving', 'fasting_instruction']);
    expect(texts(items)).toMatch(/Do not eat after Tuesday 10 March 2026, 03:30/);
    for (const i of items) {
      expect(i.phase).toBe('preparation');
      expect(i.sources.length).toBeGreaterThan(0);
    }
  });

  test('a not-safe-yet verdict gives no preparation at all: no fasting times beside "needs to wait"', () => {
    const s = screened({ facts: { feverNow: true } });
    expect(s.verdict).toBe('not-safe-yet');
    // The finding still words the fasting time; the lifecycle keeps it from the patient.
    expect(s.findings.some((f) => f.code === 'fasting_instruction' && f.patientText)).toBe(true);
    expect(preparation(s)).toEqual([]);
  });

  test("with a clinician's override the patient is prepared, without the reason it had to wait", () => {
    const s = screened({ facts: { feverNow: true } });
    const text = texts(preparation(s, { overridden: true }));
    expect(text).toMatch(/Do not eat after/);
    expect(text).toMatch(/take you home/);
    expect(text).not.toMatch(/needs to wait/);
  });

  test('a plan staff recorded reaches the preparation; a drug nobody has agreed does not', () => {
    const plan = APIXABAN_HOLD;
    const agreed = preparation(
      screened({ patient: { antithrombotics: [{ name: 'apixaban' }] }, facts: { agreedPlans: [plan] } }),
    );
    expect(texts(agreed)).toMatch(/last dose of apixaban/);
    const unagreed = screened({ patient: { antithrombotics: [{ name: 'apixaban' }] } });
    expect(texts(preparation(unagreed))).not.toMatch(/apixaban/);
  });

  test('a patient who said they plan to drive is told, before the day, to arrange another driver', () => {
    const items = preparation(screened({ facts: { plansToDrive: true } }));
    expect(items.map((i) => i.code)).toContain('plans_to_drive');
    expect(texts(items)).toMatch(/You told us you plan to drive\..*someone else to drive you/);
  });

  test('the same sentence is given once', () => {
    const s = screened();
    const twice = { ...s, findings: [...s.findings, ...s.findings] };
    expect(preparation(twice)).toEqual(preparation(s));
  });

  test('every finding code has a place in the lifecycle', () => {
    expect(Object.keys(LIFECYCLE).sort()).toEqual([...FINDING_CODES].sort());
  });
});

const settings = buildSettings({
  clinic: { contacts: { phone: '01752 1', urgentPhone: '01752 999', outOfHours: 'NHS 111' } },
});
const facts = (over: Partial<AfterCareFacts> = {}): AfterCareFacts => ({
  procedureAt: PROCEDURE_AT, // 09:30 GMT
  steroidGiven: true,
  patient: { diabetes: null },
  ...over,
});

describe('after-care: what the patient is told once the procedure is done', () => {
  test('what to expect: numbness and when it should wear off, soreness, a flare up to a week, when relief may start', () => {
    const items = afterCare(facts(), settings);
    const text = texts(items);
    // [S38]: numbness wears off within the clinic's expected hours (6 h by default), from 09:30.
    expect(text).toMatch(/numb.*within 6 hours, by Tuesday 10 March 2026, 15:30/);
    expect(text).toMatch(/flare.*7 days/);
    expect(text).toMatch(/sore where the needle went in/);
    expect(text).toMatch(/local anaesthetic may ease your pain straight away/);
    expect(text).toMatch(/steroid may ease your pain for several weeks/);
    expect(text).toMatch(/pain diary/);
    expect(text).toMatch(/Do not drive for 24 hours after the injection/);
    expect(text).not.toMatch(PRE_PROCEDURE);
    for (const i of items) {
      expect(i.phase).toBe('after-care');
      expect(i.sources.length, i.code).toBeGreaterThan(0);
      expect(i.text, i.code).not.toMatch(/undefined|NaN|null/);
    }
  });

  test("the numbness hours are the clinic's own rule when it changes them", () => {
    const four = buildSettings({ rules: { symptoms: { expectedNumbnessHours: 4 } } });
    expect(texts(afterCare(facts(), four))).toMatch(/within 4 hours, by Tuesday 10 March 2026, 13:30/);
  });

  test("relief from the anaesthetic is given for the clinic's duration when it has set one", () => {
    const withDuration = buildSettings({
      rules: { anaesthetics: { bupivacaine: { minHours: 4, maxHours: 8 } } },
    });
    const text = texts(afterCare(facts({ anaesthetic: 'bupivacaine' }), withDuration));
    expect(text).toMatch(/for about 4–8 hours/);
    expect(texts(afterCare(facts({ anaesthetic: 'bupivacaine' }), settings))).not.toMatch(/for about/);
    const exact = buildSettings({ rules: { anaesthetics: { lidocaine: { minHours: 2, maxHours: 2 } } } });
    expect(texts(afterCare(facts({ anaesthetic: 'lidocaine' }), exact))).toMatch(/for about 2 hours/);
  });

  test('no steroid: no steroid effects and no glucose advice', () => {
    const text = texts(
      afterCare(facts({ steroidGiven: false, patient: { diabetes: { insulin: false } } }), settings),
    );
    expect(text).not.toMatch(/steroid|blood sugar/i);
  });

  test('a diabetic given a steroid checks glucose for the advised hours: 48 h, 7 days on insulin [S25]–[S27]', () => {
    const diet = afterCare(facts({ patient: { diabetes: { insulin: false } } }), settings);
    const glucose = diet.find((i) => i.code === 'after_glucose');
    expect(glucose?.text).toMatch(/for 2 days after the injection, until Thursday 12 March 2026, 09:30/);
    expect(glucose?.sources.map((s) => s.key)).toEqual(expect.arrayContaining(['S25', 'S26', 'S27']));
    const insulin = afterCare(facts({ patient: { diabetes: { insulin: true } } }), settings);
    expect(texts(insulin)).toMatch(/for 7 days after the injection/);
    const highHba1c = afterCare(
      facts({ patient: { diabetes: { insulin: false } }, labs: { hba1c: { value: 9, unit: '%' } } }),
      settings,
    );
    expect(texts(highHba1c)).toMatch(/for 7 days after the injection/);
  });

  test('an agreed hold plan tells the patient when to start the drug again', () => {
    const plan = APIXABAN_HOLD;
    const continued = { ...plan, drug: 'aspirin', decision: 'continue' as const };
    const text = texts(afterCare(facts({ agreedPlans: [plan, continued] }), settings));
    expect(text).toMatch(/Start your apixaban again on Wednesday 11 March 2026, 09:30/);
    expect(text).not.toMatch(/aspirin/);
  });

  test('the follow-up date when it is known; otherwise that the clinic will be in touch', () => {
    expect(texts(afterCare(facts({ followUpAt: '2026-04-21T10:00:00.000Z' }), settings))).toMatch(
      /follow-up appointment is on Tuesday 21 April 2026, 11:00/,
    );
    expect(texts(afterCare(facts(), settings))).toMatch(/contact you about what happens next/);
  });

  test('worrying symptoms are urgent, with the clinic’s urgent number', () => {
    const urgent = afterCare(facts(), settings).filter((i) => i.urgent);
    const text = texts(urgent);
    expect(text).toMatch(/New leg weakness/);
    expect(text).toMatch(/bladder/);
    expect(text).toMatch(/not worn off 6 hours after the injection/);
    expect(text).toMatch(/01752 999/);
    expect(text).toMatch(/NHS 111/);
  });

  test('with no escort rule the after-care says nothing about driving or company at home', () => {
    const noEscort = buildSettings({ rules: { escort: { required: false } } });
    expect(texts(afterCare(facts(), noEscort))).not.toMatch(/drive|stay with you/);
  });

  test('every after-care code is worded', () => {
    expect(Object.keys(WORDING['en-GB']).length).toBe(FINDING_CODES.length);
    expect(AFTER_CARE_CODES.length).toBeGreaterThan(10);
  });
});
