import { describe, expect, test } from 'vitest';
import type { Symptom } from './facts.ts';
import { triageSymptoms } from './symptoms.ts';
import { buildSettings } from './testing.ts';
import { present, wordingContext } from './wording.ts';

const settings = buildSettings();
const procedureAt = new Date('2026-03-10T09:30:00Z');
const hoursLater = (h: number) => new Date(procedureAt.getTime() + h * 3_600_000).toISOString();
const triage = (symptoms: Symptom[], h = 24, extra = {}) =>
  triageSymptoms({ reportedAt: hoursLater(h), symptoms, ...extra }, procedureAt, settings);

describe('worrying symptoms (clinical/README "Urgent symptoms"; seed 003; [S7], [S17], [S37]–[S39])', () => {
  test.each([
    // seed 003: "new leg weakness, or new problems with bowel or bladder control, with new back pain or fever"
    ['new-leg-weakness', 'urgent'],
    ['bladder-change', 'urgent'],
    ['bowel-change', 'urgent'],
    ['saddle-numbness', 'urgent'],
    ['severe-new-back-pain', 'urgent'],
    ['fever-or-feeling-unwell', 'urgent'],
    ['injection-site-hot-red-swollen', 'urgent'],
    ['injection-site-discharge', 'urgent'],
    ['severe-headache', 'soon'],
    ['other', 'soon'],
    // [S38]: "local soreness for a few days"; steroid flushing
    ['injection-site-soreness', 'routine'],
    ['facial-flushing', 'routine'],
  ] as const)('%s → %s', (symptom, urgency) => {
    expect(triage([symptom]).urgency).toBe(urgency);
  });

  test('facial flushing is expected after a steroid, and for a person to read today after an injection without one', () => {
    const report = { reportedAt: hoursLater(20), symptoms: ['facial-flushing' as const] };
    expect(triageSymptoms(report, procedureAt, settings, true).urgency).toBe('routine');
    const without = triageSymptoms(report, procedureAt, settings, false);
    expect(without.urgency).toBe('soon');
    expect(without.findings[0]!.details.reason).toBe('flushing-without-steroid');
    // Before any injection there is no steroid to explain it either.
    expect(triageSymptoms(report, undefined, settings).urgency).toBe('soon');
  });

  test('soreness where the needle went in, before any injection, is for a person to read today', () => {
    // "Expected after the injection and should settle" told a patient with no injection yet that
    // nothing was wrong, and reached nobody.
    const report = { reportedAt: hoursLater(-24), symptoms: ['injection-site-soreness' as const] };
    for (const given of [procedureAt, undefined]) {
      const before = triageSymptoms(report, given, settings);
      expect(before.urgency).toBe('soon');
      expect(before.findings[0]!.details.reason).toBe('soreness-before-injection');
      expect(present(before.findings[0]!, wordingContext(settings)).patientText).not.toMatch(/expected/);
    }
    expect(triage(['injection-site-soreness'], 24).urgency).toBe('routine');
  });

  test.each([
    // [S38]: numbness "resolves within 4–6 h"
    [3, 'routine'],
    [6, 'routine'],
    [7, 'urgent'],
  ])('leg numbness %d h after the procedure → %s', (h, urgency) => {
    expect(triage(['leg-numbness'], h).urgency).toBe(urgency);
  });

  test.each([
    // seed 003: "A temporary flare of pain ... should last only up to a week or so."
    [3 * 24, 'routine'],
    [10 * 24, 'soon'],
  ])('pain flare %d h after the procedure → %s', (h, urgency) => {
    expect(triage(['pain-flare'], h).urgency).toBe(urgency);
  });

  test('a flare counted from when it started', () => {
    expect(triage(['pain-flare'], 20 * 24, { flareStartedAt: hoursLater(18 * 24) }).urgency).toBe('routine');
  });

  test('a flare said to start later than the report is counted from the procedure', () => {
    // Reported 10 days after the injection, the start typed 2 days ahead: read as "-2 days of
    // flare", within the week, it was routine and reached nobody.
    expect(triage(['pain-flare'], 10 * 24, { flareStartedAt: hoursLater(12 * 24) }).urgency).toBe('soon');
    expect(triage(['pain-flare'], 3 * 24, { flareStartedAt: hoursLater(5 * 24) }).urgency).toBe('routine');
  });

  test('without a procedure time, numbness is urgent and a flare is for the team', () => {
    const r = (s: Symptom) =>
      triageSymptoms({ reportedAt: hoursLater(1), symptoms: [s] }, undefined, settings).urgency;
    expect(r('leg-numbness')).toBe('urgent');
    expect(r('pain-flare')).toBe('soon');
  });

  test('before the procedure, numbness cannot be the anaesthetic: urgent, not "expected"', () => {
    // A patient booked for tomorrow reports numbness today (or a report's time is before the
    // injection). Read as hours "since" the procedure, -24 h was within 6 h, and the patient was
    // told it was expected from the anaesthetic and would wear off after tomorrow's injection.
    const numb = triage(['leg-numbness'], -24);
    expect(numb.urgency).toBe('urgent');
    const [f] = numb.findings;
    expect(f?.details.hoursSinceProcedure).toBeNull();
    expect(present(f!, wordingContext(settings)).staffText).toBe(
      'URGENT: leg numbness reported. Contact the patient now.',
    );
    expect(triage(['pain-flare'], -48).urgency).toBe('soon');
    expect(triage(['pain-flare'], -48, { flareStartedAt: hoursLater(-72) }).urgency).toBe('soon');
    // Within the minutes devices' clocks may disagree by, the report follows the injection.
    expect(triage(['leg-numbness'], -5 / 60).urgency).toBe('routine');
  });

  test('routine symptoms in the same report do not lower an urgent one', () => {
    const r = triage(['injection-site-soreness', 'bladder-change', 'facial-flushing']);
    expect(r.urgency).toBe('urgent');
    expect(r.findings[0]?.code).toBe('symptom_urgent');
  });
});

test('the always-urgent list names what clinical/README.md calls urgent, in words a patient reads', async () => {
  const { URGENT_SYMPTOMS } = await import('./symptoms.ts');
  const { symptomName } = await import('./wording.ts');
  expect(URGENT_SYMPTOMS.map(symptomName)).toEqual([
    'new leg weakness',
    'weakness in both legs',
    'numbness in the saddle area',
    'a change in bladder control',
    'a change in bowel control',
    'severe new back pain',
    'fever or feeling unwell',
    'a hot, red or swollen injection site',
    'discharge from the injection site',
  ]);
});

describe('weakness in both legs and buttock numbness ([S17], [S38])', () => {
  test('weakness in both legs is its own code and always urgent, citing the cauda equina red flag ([S17])', () => {
    const r = triage(['weakness-both-legs'], 2);
    expect(r.urgency).toBe('urgent');
    const f = r.findings[0]!;
    expect(f.details.symptom).toBe('weakness-both-legs');
    const s17 = f.sources.filter((x) => x.key === 'S17').map((x) => x.section);
    expect(s17).toContain('bilateral leg weakness or numbness: a cauda equina red flag');
  });

  test.each([
    [3, 'routine'],
    [6, 'routine'],
    [7, 'urgent'],
  ])('buttock numbness %d h after the procedure → %s ([S38])', (h, urgency) => {
    expect(triage(['buttock-numbness'], h).urgency).toBe(urgency);
  });

  test('numbness within the expected time tells the patient when it should have worn off, and what to do if not', () => {
    const f = present(triage(['buttock-numbness'], 2).findings[0]!, wordingContext(settings));
    expect(f.action?.dueAt).toBe('2026-03-10T15:30:00.000Z'); // 6 h (rules.symptoms.expectedNumbnessHours)
    expect(f.patientText).toContain('by Tuesday 10 March 2026, 15:30');
    expect(f.patientText).toMatch(/If it has not worn off by then.*call 01752 437707/);
  });

  test('the expected numbness time is the clinic rule', () => {
    const fourHours = buildSettings({ rules: { symptoms: { expectedNumbnessHours: 4 } } });
    const r = (h: number) =>
      triageSymptoms({ reportedAt: hoursLater(h), symptoms: ['leg-numbness'] }, procedureAt, fourHours);
    expect(r(3).urgency).toBe('routine');
    expect(r(5).urgency).toBe('urgent');
  });

  test('numbness just past the expected hours says why it is urgent, beside a time that rounds to them', () => {
    const f = present(triage(['leg-numbness'], 6 + 1 / 60).findings[0]!, wordingContext(settings));
    expect(f.code).toBe('symptom_urgent');
    expect(f.details).toMatchObject({ hoursSinceProcedure: 6, expectedNumbnessHours: 6 });
    expect(f.staffText).toBe(
      'URGENT: leg numbness reported 6 h after the procedure, later than the 6 h in which the local anaesthetic’s numbness wears off. Contact the patient now.',
    );
    // With no injection yet there is no anaesthetic to wear off: the words do not say so.
    const before = present(
      triageSymptoms({ reportedAt: hoursLater(6), symptoms: ['leg-numbness'] }, undefined, settings)
        .findings[0]!,
      wordingContext(settings),
    );
    expect(before.staffText).toBe('URGENT: leg numbness reported. Contact the patient now.');
  });
});
