import { describe, expect, test } from 'vitest';
import { PatientFactsSchema, ScreeningFactsSchema } from '../../../domain/clinical';
import { ANSWERED_NO } from '../../../domain/clinical/testing';
import type { EpisodeDetail, PlanFacts } from '../../api';
import { emptyDate } from '../../components/DateInput';
import {
  blankInjection,
  type DrugRow,
  dropStaleReviews,
  type InjectionRow,
  initialScreening,
  listRecordedInjection,
  NOT_ANSWERED,
  type PlanRow,
  type ReviewRow,
  type ScreeningValues,
  screeningFacts,
  upgradeDraft,
  type YesNoQuestion,
} from './screeningValues';

const timeZone = 'Europe/London';
const ctx = {
  timeZone,
  userName: 'Sam Okafor',
  now: new Date('2026-07-02T10:00:00.000Z'),
  pregnancyApplies: false,
  escortRequired: true,
};

type Facts = { patient: unknown; screening: unknown; plan: PlanFacts };

/** The episode as the page has it: the form reads only the referral's side and the last screening. */
function episode(side: 'left' | 'right' | 'both', last?: Facts): EpisodeDetail {
  const facts = last && {
    patient: PatientFactsSchema.parse(last.patient),
    screening: ScreeningFactsSchema.parse(last.screening),
    plan: last.plan,
  };
  return { side, steps: { screenings: facts ? [{ facts }] : [] } } as unknown as EpisodeDetail;
}

const blank = () => initialScreening(episode('left'), timeZone);
const allNo: Record<YesNoQuestion, 'no'> = ANSWERED_NO;
/** A form with every question answered "no" and an escort arranged, then `values` on top. */
const typed = (values: Partial<ScreeningValues>, yes: YesNoQuestion[] = []): ScreeningValues => ({
  ...blank(),
  escortArranged: 'yes',
  adultAtHomeArranged: 'yes',
  ...values,
  answers: { ...allNo, ...Object.fromEntries(yes.map((q) => [q, 'yes'])), ...values.answers },
});
const date = (day: string, month: string, year: string) => ({ day, month, year });
const drug = (name: string, regimen: DrugRow['regimen'] = ''): DrugRow => ({
  name,
  regimen,
  lastDoseDate: emptyDate,
  lastDoseTime: '',
});
const injection = (row: Partial<InjectionRow>): InjectionRow => ({
  ...blankInjection,
  date: date('3', '11', '2025'),
  ...row,
});

const plan = (row: Partial<PlanRow> = {}): PlanRow => ({
  drug: 'Eliquis 5 mg twice daily',
  decision: 'hold',
  lastDoseDate: date('8', '7', '2026'),
  lastDoseTime: '08:00',
  restartAfterHours: '24',
  agreedWith: 'Dr K. Osei (GP)',
  ...row,
});

const review = (code: string, subject: string): ReviewRow => ({
  code,
  subject,
  recordedBy: 'Dr Priya Shah',
  recordedAt: '2026-07-01T09:00:00.000Z',
  note: 'Acceptable for this patient.',
});

/** A screening as a repeat call would find it: dates at noon and times on the clinic's clock (BST). */
const lastScreening: Facts = {
  patient: {
    pregnancy: 'not-pregnant',
    diabetes: { insulin: true },
    allergies: ['contrast'],
    bleedingDisorder: false,
    bleedingRiskFactors: ['older-age'],
    antithrombotics: [
      { name: 'Eliquis 5 mg twice daily', regimen: 'therapeutic' },
      { name: 'Aspirin 75 mg' },
    ],
    previousInjections: [
      { at: '2025-11-03T12:00:00.000Z', purpose: 'therapeutic', side: 'left', steroidDoseMg: 40 },
    ],
  },
  screening: {
    answers: {
      infection: 'yes',
      antithrombotics: 'yes',
      bleedingDisorder: 'no',
      allergies: 'yes',
      diabetes: 'yes',
      previousInjections: 'yes',
    },
    infections: [
      {
        description: 'Chest infection, antibiotics',
        startedAt: '2026-06-10T11:00:00.000Z',
        resolvedAt: '2026-06-17T11:00:00.000Z',
      },
    ],
    feverNow: false,
    injectionSiteInfection: false,
    labs: { glucose: { value: 9, unit: 'mmol/L' }, hba1c: { value: 58, unit: 'mmol/mol' }, inr: 1.1 },
    agreedPlans: [
      {
        drug: 'Eliquis 5 mg twice daily',
        decision: 'hold',
        lastDoseAt: '2026-07-07T23:30:00.000Z', // 00:30 BST on 8 July
        restartAfterHours: 24,
        agreedWith: 'Dr K. Osei (GP)',
        recordedBy: 'Dr Priya Shah',
        recordedAt: '2026-07-01T09:00:00.000Z',
      },
    ],
    escortArranged: true,
    adultAtHomeArranged: true,
    clinicianReviews: [review('lab_no_limit_set', 'glucose')],
  },
  plan: { side: 'right', plannedGuidance: 'ultrasound', plannedContrast: false, plannedSteroidDoseMg: 40 },
};

describe('a screening form starts from the last screening', () => {
  // Defect 9: nothing is answered until someone answers it (a blank is not a "no").
  test('the first one starts empty, every question unanswered, with the referral’s side, fluoroscopy and contrast planned', () => {
    const none = { agent: '', reaction: '' };
    expect(blank()).toEqual({
      answers: {
        infection: '',
        antithrombotics: '',
        bleedingDisorder: '',
        allergies: '',
        diabetes: '',
        previousInjections: '',
      },
      antithrombotics: [],
      medications: [],
      plans: [],
      infections: [],
      feverNow: false,
      injectionSiteInfection: false,
      allergies: [],
      allergyDetails: { 'local-anaesthetic': none, steroid: none, contrast: none, latex: none },
      pregnancy: '',
      trimester: '',
      insulin: false,
      diabetesType: '',
      glucose: '',
      glucoseUnit: 'mmol/L',
      hba1c: '',
      hba1cUnit: '%',
      bleedingRiskFactors: [],
      inr: '',
      platelets: '',
      labsTakenOn: { glucose: emptyDate, hba1c: emptyDate, inr: emptyDate, platelets: emptyDate },
      previousInjections: [],
      escortArranged: '',
      adultAtHomeArranged: '',
      plansToDrive: '',
      side: 'left',
      guidance: 'fluoroscopy',
      contrast: true,
      approach: '',
      steroidAgent: '',
      steroidDoseMg: '',
      anaestheticAgent: '',
      anaestheticConcentration: '',
      anaestheticUnit: '%',
      anaestheticVolumeMl: '',
      reviews: [],
    });
  });

  test('a repeat call starts from what was recorded, dates and times on the clinic’s clock', () => {
    const v = initialScreening(episode('left', lastScreening), timeZone);
    expect(v.antithrombotics).toEqual([
      drug('Eliquis 5 mg twice daily', 'therapeutic'),
      drug('Aspirin 75 mg'),
    ]);
    // 23:30 UTC on 7 July is 00:30 on 8 July in London: the nurse sees the clinic's date.
    expect(v.plans).toEqual([
      {
        ...plan({ lastDoseTime: '00:30' }),
        recordedBy: 'Dr Priya Shah',
        recordedAt: '2026-07-01T09:00:00.000Z',
      },
    ]);
    expect(v.infections).toEqual([
      {
        description: 'Chest infection, antibiotics',
        started: date('10', '6', '2026'),
        resolved: date('17', '6', '2026'),
      },
    ]);
    expect(v.previousInjections).toEqual([injection({ side: 'left', steroidDoseMg: '40' })]);
    expect(v).toMatchObject({
      answers: { diabetes: 'yes', bleedingDisorder: 'no' },
      escortArranged: 'yes',
      insulin: true,
      glucose: '9',
      glucoseUnit: 'mmol/L',
      hba1c: '58',
      hba1cUnit: 'mmol/mol',
      inr: '1.1',
      platelets: '',
      // The last screening's plan, not the referral's side.
      side: 'right',
      guidance: 'ultrasound',
      contrast: false,
      steroidDoseMg: '40',
      reviews: [review('lab_no_limit_set', 'glucose')],
    });
  });

  test('a repeat saved without changes records the same facts', () => {
    const { input, errors } = screeningFacts(initialScreening(episode('left', lastScreening), timeZone), ctx);
    expect(errors).toEqual({});
    expect(input).toEqual({
      patient: PatientFactsSchema.parse(lastScreening.patient),
      screening: ScreeningFactsSchema.parse(lastScreening.screening),
      plan: lastScreening.plan,
    });
  });
});

describe('the facts the rules take, from what is typed', () => {
  test('blank medicine rows are left out, names trimmed, a regimen only when chosen', () => {
    const { input } = screeningFacts(
      typed(
        {
          antithrombotics: [
            drug(' Clopidogrel 75 mg '),
            drug('   ', 'therapeutic'),
            drug('Enoxaparin 40 mg', 'prophylactic'),
          ],
        },
        ['antithrombotics'],
      ),
      ctx,
    );
    expect(input.patient.antithrombotics).toEqual([
      { name: 'Clopidogrel 75 mg' },
      { name: 'Enoxaparin 40 mg', regimen: 'prophylactic' },
    ]);
  });

  test('a hold agreed with the prescriber: the last dose on the clinic’s clock, recorded by this user now', () => {
    const { input, errors } = screeningFacts(typed({ plans: [plan()] }), ctx);
    expect(errors).toEqual({});
    expect(input.screening.agreedPlans).toEqual([
      {
        drug: 'Eliquis 5 mg twice daily',
        decision: 'hold',
        lastDoseAt: '2026-07-08T07:00:00.000Z',
        restartAfterHours: 24,
        agreedWith: 'Dr K. Osei (GP)',
        recordedBy: 'Sam Okafor',
        recordedAt: '2026-07-02T10:00:00.000Z',
      },
    ]);
  });

  test('a plan kept from an earlier screening keeps who recorded it and when', () => {
    const earlier = plan({ recordedBy: 'Dr Priya Shah', recordedAt: '2026-07-01T09:00:00.000Z' });
    const { input } = screeningFacts(typed({ plans: [earlier] }), ctx);
    expect(input.screening.agreedPlans?.[0]).toMatchObject({
      recordedBy: 'Dr Priya Shah',
      recordedAt: '2026-07-01T09:00:00.000Z',
    });
  });

  test('continuing a drug needs no last dose', () => {
    const { input, errors } = screeningFacts(
      typed({
        plans: [
          plan({
            decision: 'continue',
            lastDoseDate: date('', '', ''),
            lastDoseTime: '',
            restartAfterHours: '',
          }),
        ],
      }),
      ctx,
    );
    expect(errors).toEqual({});
    expect(input.screening.agreedPlans).toEqual([
      {
        drug: 'Eliquis 5 mg twice daily',
        decision: 'continue',
        agreedWith: 'Dr K. Osei (GP)',
        recordedBy: 'Sam Okafor',
        recordedAt: '2026-07-02T10:00:00.000Z',
      },
    ]);
  });

  test.each<[string, Partial<PlanRow>, Record<string, string>]>([
    ['no drug named', { drug: ' ' }, { 'plan-0-drug': 'Name the drug the plan is for' }],
    [
      'a hold without the date of the last dose',
      { lastDoseDate: date('', '', '') },
      { 'plan-0-lastDose': 'Enter the date of the last dose' },
    ],
    [
      'a hold on 31 June',
      { lastDoseDate: date('31', '6', '2026') },
      { 'plan-0-lastDose': 'Enter the date of the last dose' },
    ],
    [
      'a hold without the time of the last dose',
      { lastDoseTime: '8am' },
      { 'plan-0-time': 'Enter a time like 08:00' },
    ],
  ])('%s: the plan is left out of the verdict and the field says why', (_case, row, errors) => {
    const result = screeningFacts(typed({ plans: [plan(row)] }), ctx);
    expect(result.errors).toEqual(errors);
    expect(result.input.screening.agreedPlans).toEqual([]);
  });

  test('a restart that is not a number of hours is named, and the plan kept without it', () => {
    const result = screeningFacts(typed({ plans: [plan({ restartAfterHours: 'tomorrow' })] }), ctx);
    expect(result.errors).toEqual({ 'plan-0-restart': 'Enter hours, e.g. 24' });
    expect(result.input.screening.agreedPlans?.[0]).not.toHaveProperty('restartAfterHours');
  });

  test('an infection is dated at noon on the clinic’s calendar; one still active has no end', () => {
    const { input, errors } = screeningFacts(
      typed(
        {
          infections: [
            {
              description: 'Chest infection',
              started: date('10', '6', '2026'),
              resolved: date('17', '6', '2026'),
            },
            {
              description: ' Cellulitis, left leg ',
              started: date('1', '7', '2026'),
              resolved: date('', '', ''),
            },
          ],
        },
        ['infection'],
      ),
      ctx,
    );
    expect(errors).toEqual({});
    expect(input.screening.infections).toEqual([
      {
        description: 'Chest infection',
        startedAt: '2026-06-10T11:00:00.000Z',
        resolvedAt: '2026-06-17T11:00:00.000Z',
      },
      { description: 'Cellulitis, left leg', startedAt: '2026-07-01T11:00:00.000Z' },
    ]);
  });

  test.each([
    [
      'no start date',
      { description: 'Chest infection', started: date('', '', ''), resolved: date('', '', '') },
      { 'infection-0-started': 'Enter a real date: day, month and a four-digit year' },
    ],
    [
      'an end date half typed',
      { description: 'Chest infection', started: date('10', '6', '2026'), resolved: date('17', '6', '') },
      { 'infection-0-resolved': 'Enter a real date: day, month and a four-digit year' },
    ],
    [
      'no description',
      { description: '', started: date('10', '6', '2026'), resolved: date('', '', '') },
      { 'infection-0-description': 'Describe the infection' },
    ],
    [
      // Read as given, it cleared weeks before the procedure: "go" for an infection of last week.
      'a date it cleared before the date it started',
      { description: 'Chest infection', started: date('10', '6', '2026'), resolved: date('1', '6', '2026') },
      { 'infection-0-resolved': 'The date it cleared is before the date it started: check both dates' },
    ],
  ])('an infection with %s is named', (_case, infection, errors) => {
    expect(screeningFacts(typed({ infections: [infection] }, ['infection']), ctx).errors).toEqual(errors);
  });

  test('an infection without a start date or description is left out of the verdict', () => {
    const { input } = screeningFacts(
      typed(
        {
          infections: [
            { description: 'Chest infection', started: date('', '', ''), resolved: date('', '', '') },
            { description: '', started: date('10', '6', '2026'), resolved: date('', '', '') },
          ],
        },
        ['infection'],
      ),
      ctx,
    );
    expect(input.screening.infections).toEqual([]);
  });

  test('lab values with their units; a decimal comma is a decimal point', () => {
    const { input, errors } = screeningFacts(
      typed(
        {
          glucose: '7,5',
          glucoseUnit: 'mmol/L',
          hba1c: '6.9',
          hba1cUnit: '%',
          inr: '1.2',
          platelets: '250',
        },
        ['diabetes'],
      ),
      ctx,
    );
    expect(errors).toEqual({});
    expect(input.screening.labs).toEqual({
      glucose: { value: 7.5, unit: 'mmol/L' },
      hba1c: { value: 6.9, unit: '%' },
      inr: 1.2,
      platelets: 250,
    });
  });

  test('the day a result was taken goes with it, at noon on the clinic’s calendar; a day beside a cleared result does not', () => {
    const takenOn = {
      ...blank().labsTakenOn,
      inr: date('29', '6', '2026'),
      platelets: date('1', '7', '2026'),
    };
    const { input, errors } = screeningFacts(typed({ inr: '1.1', platelets: '', labsTakenOn: takenOn }), ctx);
    expect(errors).toEqual({});
    // 12:00 in London in summer is 11:00 UTC.
    expect(input.screening.labs).toEqual({ inr: 1.1, takenAt: { inr: '2026-06-29T11:00:00.000Z' } });
    // And it reads back as the day typed, for a repeat call.
    const back = initialScreening(
      episode('left', { patient: {}, screening: input.screening, plan: {} }),
      timeZone,
    );
    expect(back.labsTakenOn.inr).toEqual(date('29', '6', '2026'));
  });

  test('a day that is not a real date is named at its field', () => {
    const takenOn = { ...blank().labsTakenOn, inr: date('31', '2', '2026') };
    const { input, errors } = screeningFacts(typed({ inr: '1.1', labsTakenOn: takenOn }), ctx);
    expect(errors).toEqual({ 'inr-taken': 'Enter a real date: day, month and a four-digit year' });
    expect(input.screening.labs).toEqual({ inr: 1.1 });
  });

  test.each(['glucose', 'hba1c', 'inr', 'platelets'] as const)(
    '%s of 0 is named and not sent; left empty it is not sent either',
    (lab) => {
      const zero = screeningFacts(typed({ [lab]: '0' }, ['diabetes']), ctx);
      expect(zero.errors).toEqual({ [lab]: 'Enter a number above 0' });
      expect(zero.input.screening.labs).toEqual({});
      const empty = screeningFacts(typed({ [lab]: '' }, ['diabetes']), ctx);
      expect(empty.errors).toEqual({});
      expect(empty.input.screening.labs).toEqual({});
    },
  );

  test('diabetes: "no" is null, and its glucose is not sent; "yes" says whether on insulin and the type', () => {
    const no = screeningFacts(typed({ insulin: true, glucose: '9' }), ctx).input;
    expect(no.patient.diabetes).toBeNull();
    expect(no.screening.labs).toEqual({});
    expect(screeningFacts(typed({ insulin: false }, ['diabetes']), ctx).input.patient.diabetes).toEqual({
      insulin: false,
    });
    expect(
      screeningFacts(typed({ insulin: true, diabetesType: 'type-1' }, ['diabetes']), ctx).input.patient
        .diabetes,
    ).toEqual({ insulin: true, type: 'type-1' });
  });

  test('a previous injection needs its date; its steroid dose is optional', () => {
    const result = screeningFacts(
      typed(
        {
          previousInjections: [
            injection({}),
            injection({ date: date('', '', ''), purpose: 'diagnostic', side: 'left', steroidDoseMg: '-40' }),
          ],
        },
        ['previousInjections'],
      ),
      ctx,
    );
    expect(result.errors).toEqual({
      'injection-1-date': 'Enter a real date: day, month and a four-digit year',
      'injection-1-dose': 'Enter a dose in mg',
    });
    expect(result.input.patient.previousInjections).toEqual([
      { at: '2025-11-03T12:00:00.000Z', purpose: 'therapeutic' },
    ]);
  });

  test('the plan: no side until one is chosen; a steroid dose that is not a number is named', () => {
    const result = screeningFacts(
      typed({ side: '', guidance: 'ct', contrast: false, steroidDoseMg: 'forty' }),
      ctx,
    );
    expect(result.errors).toEqual({ steroidDoseMg: 'Enter a dose in mg' });
    expect(result.input.plan).toEqual({ plannedGuidance: 'ct', plannedContrast: false });
  });
});

describe('a clinician’s review of a lab value goes when the value is changed', () => {
  const reviewed = typed({
    glucose: '9',
    inr: '1.6',
    reviews: [
      review('lab_no_limit_set', 'glucose'),
      review('lab_no_limit_set', 'INR'),
      review('antithrombotic_unknown', 'Zorvexa 10 mg'),
    ],
  });
  const subjects = (v: ScreeningValues) => v.reviews.map((r) => r.subject);

  test.each<[string, Partial<ScreeningValues>, string[]]>([
    ['glucose changed', { glucose: '19' }, ['INR', 'Zorvexa 10 mg']],
    ['glucose unit changed', { glucoseUnit: 'mg/dL' }, ['INR', 'Zorvexa 10 mg']],
    ['INR changed', { inr: '1.7' }, ['glucose', 'Zorvexa 10 mg']],
    ['both changed', { glucose: '8', inr: '' }, ['Zorvexa 10 mg']],
    [
      'the day the INR was taken changed',
      { labsTakenOn: { ...blank().labsTakenOn, inr: date('1', '7', '2026') } },
      ['glucose', 'Zorvexa 10 mg'],
    ],
    // A drug review names the drug as typed: it stops matching by itself when the drug changes.
    ['a medicine changed', { antithrombotics: [drug('Zorvexa 20 mg')] }, ['glucose', 'INR', 'Zorvexa 10 mg']],
  ])('%s', (_case, change, kept) => {
    expect(subjects(dropStaleReviews(reviewed, { ...reviewed, ...change }))).toEqual(kept);
  });

  test('an HbA1c review is matched whatever the case of its subject', () => {
    const before = typed({ hba1c: '70', reviews: [review('lab_no_limit_set', ' HbA1c ')] });
    expect(dropStaleReviews(before, { ...before, hba1c: '71' }).reviews).toEqual([]);
  });

  test('nothing about a lab changed: the form’s values are returned as they are', () => {
    const after = { ...reviewed, escortArranged: 'yes' as const };
    expect(dropStaleReviews(reviewed, after)).toBe(after);
  });
});

describe('every question is answered, or marked “Not asked” (defect 9)', () => {
  test('a blank form names every question not answered, and cannot be saved', () => {
    const { errors } = screeningFacts(blank(), { ...ctx, pregnancyApplies: true });
    expect(errors).toEqual({
      'answer-infection': NOT_ANSWERED,
      'answer-antithrombotics': NOT_ANSWERED,
      'answer-bleedingDisorder': NOT_ANSWERED,
      'answer-allergies': NOT_ANSWERED,
      'answer-diabetes': NOT_ANSWERED,
      'answer-previousInjections': NOT_ANSWERED,
      pregnancy: 'Answer, or choose “Not asked”',
      escortArranged: NOT_ANSWERED,
      adultAtHomeArranged: NOT_ANSWERED,
    });
  });

  test('pregnancy is required only where it applies; the escort only where the clinic requires one', () => {
    const { errors } = screeningFacts(
      { ...typed({}), escortArranged: '', adultAtHomeArranged: '' },
      { ...ctx, pregnancyApplies: false, escortRequired: false },
    );
    expect(errors).toEqual({});
  });

  test('“Not asked” is an answer: it is sent as such, never as a “no”', () => {
    const { input, errors } = screeningFacts(
      typed({
        answers: { ...allNo, allergies: 'not-asked' },
        escortArranged: 'not-asked',
        pregnancy: 'not-asked',
      }),
      ctx,
    );
    expect(errors).toEqual({});
    expect(input.screening.answers).toEqual({ ...allNo, allergies: 'not-asked' });
    expect(input.screening).not.toHaveProperty('escortArranged');
    expect(input.screening.adultAtHomeArranged).toBe(true);
    expect(input.patient.pregnancy).toBe('not-asked');
  });

  test('details behind a “no” are not sent', () => {
    const { input } = screeningFacts(
      typed({
        antithrombotics: [drug('Eliquis')],
        allergies: ['latex'],
        feverNow: true,
        previousInjections: [injection({})],
      }),
      ctx,
    );
    expect(input.patient).toMatchObject({ antithrombotics: [], allergies: [], previousInjections: [] });
    expect(input.screening.feverNow).toBe(false);
  });

  test.each<[YesNoQuestion, string]>([
    ['antithrombotics', 'Name the medicine, or change the answer'],
    ['infection', 'Add the infection, or change the answer'],
    ['allergies', 'Tick the allergy, or change the answer'],
    ['previousInjections', 'Add the injection, or change the answer'],
  ])('“yes” to %s without the details is named', (q, message) => {
    expect(screeningFacts(typed({}, [q]), ctx).errors).toEqual({ [`answer-${q}`]: message });
  });

  test('“yes” to a bleeding disorder needs nothing more', () => {
    const { input, errors } = screeningFacts(typed({}, ['bleedingDisorder']), ctx);
    expect(errors).toEqual({});
    expect(input.patient.bleedingDisorder).toBe(true);
  });

  test('details recorded under a “no” (as the API allows) start at “yes”: the rules read them so', () => {
    const contradicting = {
      ...lastScreening,
      screening: { ...(lastScreening.screening as object), answers: { ...allNo } },
    };
    const v = initialScreening(
      { side: 'left', steps: { screenings: [{ facts: contradicting }] } } as unknown as EpisodeDetail,
      timeZone,
    );
    expect(v.answers).toMatchObject({ antithrombotics: 'yes', bleedingDisorder: 'no' });
  });

  test('a screening recorded before answers were kept: questions with details start at “yes”, others blank', () => {
    const legacy = {
      ...lastScreening,
      screening: { ...(lastScreening.screening as object), answers: undefined },
    };
    const v = initialScreening(
      { side: 'left', steps: { screenings: [{ facts: legacy }] } } as unknown as EpisodeDetail,
      timeZone,
    );
    expect(v.answers).toEqual({
      infection: 'yes',
      antithrombotics: 'yes',
      bleedingDisorder: '',
      allergies: 'yes',
      diabetes: 'yes',
      previousInjections: 'yes',
    });
  });
});

describe('richer clinical input', () => {
  test('a last dose the patient reports is on the clinic’s clock; half typed it is named', () => {
    const reported = { ...drug('Eliquis'), lastDoseDate: date('8', '7', '2026'), lastDoseTime: '08:00' };
    expect(
      screeningFacts(typed({ antithrombotics: [reported] }, ['antithrombotics']), ctx).input.patient
        .antithrombotics,
    ).toEqual([{ name: 'Eliquis', reportedLastDoseAt: '2026-07-08T07:00:00.000Z' }]);
    const noTime = { ...reported, lastDoseTime: '' };
    expect(screeningFacts(typed({ antithrombotics: [noTime] }, ['antithrombotics']), ctx).errors).toEqual({
      'medicine-0-lastDose-time': 'Enter a time like 08:00',
    });
  });

  test('the medication list: blank rows left out, a dose only when given', () => {
    const { input } = screeningFacts(
      typed({
        medications: [
          { name: ' Metformin ', dose: '500 mg twice daily' },
          { name: '', dose: '10 mg' },
          { name: 'Eliquis', dose: ' ' },
        ],
      }),
      ctx,
    );
    expect(input.patient.medications).toEqual([
      { name: 'Metformin', dose: '500 mg twice daily' },
      { name: 'Eliquis' },
    ]);
  });

  test('allergy agent and reaction for the allergies ticked', () => {
    const v = typed({ allergies: ['latex'] }, ['allergies']);
    v.allergyDetails.latex = { agent: ' gloves ', reaction: 'anaphylaxis' };
    v.allergyDetails.steroid = { agent: 'triamcinolone', reaction: 'mild' };
    expect(screeningFacts(v, ctx).input.patient).toMatchObject({
      allergies: ['latex'],
      allergyDetails: [{ allergy: 'latex', agent: 'gloves', reaction: 'anaphylaxis' }],
    });
  });

  test('the trimester only with a pregnancy', () => {
    expect(
      screeningFacts(typed({ pregnancy: 'pregnant', trimester: '2' }), ctx).input.patient.trimester,
    ).toBe(2);
    expect(
      screeningFacts(typed({ pregnancy: 'not-pregnant', trimester: '2' }), ctx).input.patient,
    ).not.toHaveProperty('trimester');
  });

  test('earlier injection results: block, relief and how long; out of range is named', () => {
    const good = injection({ blockOutcome: 'positive', reliefPercent: '80', reliefWeeks: '12' });
    expect(
      screeningFacts(typed({ previousInjections: [good] }, ['previousInjections']), ctx).input.patient
        .previousInjections,
    ).toEqual([
      {
        at: '2025-11-03T12:00:00.000Z',
        purpose: 'therapeutic',
        blockOutcome: 'positive',
        reliefPercent: 80,
        reliefWeeks: 12,
      },
    ]);
    const bad = injection({ reliefPercent: '150', reliefWeeks: 'ages' });
    expect(screeningFacts(typed({ previousInjections: [bad] }, ['previousInjections']), ctx).errors).toEqual({
      'injection-0-relief': 'Enter a percentage from 0 to 100',
      'injection-0-weeks': 'Enter weeks, e.g. 6',
    });
  });

  test('an earlier injection dated after today is named at its date; today is fine', () => {
    const errors = (d: ReturnType<typeof date>) =>
      screeningFacts(typed({ previousInjections: [injection({ date: d })] }, ['previousInjections']), ctx)
        .errors;
    // Today is 2 July 2026.
    expect(errors(date('3', '7', '2026'))).toEqual({
      'injection-0-date': 'This date is after today: check it',
    });
    expect(errors(date('2', '7', '2026'))).toEqual({});
  });

  test('the plan names the approach, the steroid and the local anaesthetic with concentration and volume', () => {
    const { input, errors } = screeningFacts(
      typed({
        approach: 'periarticular',
        steroidAgent: ' Triamcinolone ',
        steroidDoseMg: '40',
        anaestheticAgent: 'Lidocaine',
        anaestheticConcentration: '1',
        anaestheticUnit: '%',
        anaestheticVolumeMl: '2',
      }),
      ctx,
    );
    expect(errors).toEqual({});
    expect(input.plan).toEqual({
      side: 'left',
      plannedGuidance: 'fluoroscopy',
      plannedContrast: true,
      plannedSteroidDoseMg: 40,
      approach: 'periarticular',
      steroid: { agent: 'Triamcinolone', doseMg: 40 },
      localAnaesthetic: { agent: 'Lidocaine', concentration: { value: 1, unit: '%' }, volumeMl: 2 },
    });
    expect(
      screeningFacts(typed({ anaestheticAgent: 'Lidocaine', anaestheticVolumeMl: '0' }), ctx).errors,
    ).toEqual({ anaestheticVolumeMl: 'Enter a number above 0' });
  });

  test('plans to drive: sent only once answered', () => {
    expect(screeningFacts(typed({ plansToDrive: 'yes' }), ctx).input.screening.plansToDrive).toBe(true);
    expect(screeningFacts(typed({}), ctx).input.screening).not.toHaveProperty('plansToDrive');
  });
});

describe('a draft kept in the browser from before the questions were asked', () => {
  test('is brought up to date: rows gain their new fields, ticks become answers', () => {
    const old = {
      ...blank(),
      diabetes: true,
      bleedingDisorder: false,
      escortArranged: true,
      adultAtHomeArranged: false,
      antithrombotics: [{ name: 'Eliquis', regimen: '' }],
      previousInjections: [
        { date: date('3', '11', '2025'), purpose: 'therapeutic', side: '', steroidDoseMg: '' },
      ],
    } as unknown as ScreeningValues;
    const v = upgradeDraft(old);
    expect(v).not.toHaveProperty('diabetes');
    expect(v.answers).toMatchObject({ diabetes: 'yes', bleedingDisorder: '' });
    expect(v).toMatchObject({ escortArranged: 'yes', adultAtHomeArranged: 'no' });
    expect(v.antithrombotics).toEqual([drug('Eliquis')]);
    expect(v.previousInjections).toEqual([injection({})]);
    expect(() => screeningFacts(v, ctx)).not.toThrow();
  });

  test('a draft typed before results had dates gains them, empty, and keeps its INR', () => {
    const { labsTakenOn: _, ...old } = typed({ inr: '1.4' });
    const v = upgradeDraft(old as ScreeningValues);
    expect(v.labsTakenOn.inr).toEqual(emptyDate);
    expect(screeningFacts(v, ctx).input.screening.labs).toEqual({ inr: 1.4 });
  });

  test('a draft already in shape is returned as it is', () => {
    const v = typed({ antithrombotics: [drug('Eliquis')] }, ['antithrombotics']);
    expect(upgradeDraft(v)).toBe(v);
  });
});

describe('an injection recorded here, listed with a tap', () => {
  const recorded = {
    at: '2026-06-10T23:30:00.000Z',
    purpose: 'therapeutic' as const,
    side: 'left' as const,
    steroidDoseMg: 40,
  };
  const base = initialScreening(episode('left'), timeZone);

  test('fills the row from the record (its day in the clinic, not in UTC) and answers "yes"; relief is left to ask', () => {
    const v = listRecordedInjection(base, recorded, timeZone);
    expect(v.answers.previousInjections).toBe('yes');
    expect(v.previousInjections).toEqual([
      { ...blankInjection, date: { day: '11', month: '6', year: '2026' }, side: 'left', steroidDoseMg: '40' },
    ]);
    const { input } = screeningFacts(v, ctx);
    expect(input.patient.previousInjections).toEqual([
      { at: '2026-06-11T11:00:00.000Z', purpose: 'therapeutic', side: 'left', steroidDoseMg: 40 },
    ]);
  });

  test('takes the place of the empty row "yes" opened, and keeps rows already typed', () => {
    const opened = {
      ...base,
      answers: { ...base.answers, previousInjections: 'yes' as const },
      previousInjections: [blankInjection],
    };
    expect(listRecordedInjection(opened, recorded, timeZone).previousInjections).toHaveLength(1);
    const typed: InjectionRow = {
      ...blankInjection,
      date: { day: '1', month: '2', year: '2025' },
      reliefPercent: '60',
    };
    const both = listRecordedInjection({ ...opened, previousInjections: [typed] }, recorded, timeZone);
    expect(both.previousInjections.map((r) => r.date.day)).toEqual(['1', '11']);
  });

  test('a record without a side or a dose leaves them for the nurse', () => {
    const v = listRecordedInjection(base, { at: recorded.at, purpose: 'diagnostic' }, timeZone);
    expect(v.previousInjections[0]).toMatchObject({ purpose: 'diagnostic', side: '', steroidDoseMg: '' });
  });
});
