import { describe, expect, test } from 'vitest';
import { tickedChecklist } from '../../../domain/clinical/testing';
import {
  type DrugRow,
  doseMismatch,
  expectedDose,
  mgPerMl,
  type ProcedureValues,
  procedureInput,
} from './procedureValues';

const drug = (row: Partial<DrugRow> = {}): DrugRow => ({
  kind: 'local-anaesthetic',
  agent: 'Lidocaine',
  concentration: '1',
  unit: '%',
  volumeMl: '2',
  doseMg: '20',
  ...row,
});

/** A procedure form filled in completely and consistently, as a clinician would save it. */
const filled = (values: Partial<ProcedureValues> = {}): ProcedureValues => ({
  ...tickedChecklist('left'),
  performedDate: { day: '4', month: '3', year: '2026' },
  performedTime: '09:45',
  side: 'left',
  guidance: 'fluoroscopy',
  target: 'intra-articular',
  contrastUsed: true,
  contrastSpread: 'intra-articular',
  drugs: [
    drug(),
    drug({
      kind: 'steroid',
      agent: 'Triamcinolone',
      concentration: '40',
      unit: 'mg/mL',
      volumeMl: '1',
      doseMg: '40',
    }),
  ],
  radiation: '',
  radiationUnit: 'mGy',
  fluoroscopySeconds: '',
  durationMinutes: '15',
  complications: [],
  notes: '',
  ...values,
});

describe('concentration × volume', () => {
  test('a percentage is grams per 100 mL: 0.5 % is 5 mg/mL', () => {
    expect(mgPerMl(0.5, '%')).toBe(5);
    expect(mgPerMl(40, 'mg/mL')).toBe(40);
  });

  test.each([
    ['lidocaine 1 % × 2 mL', 20, drug({ concentration: '1', unit: '%', volumeMl: '2' })],
    ['bupivacaine 0.5 % × 2 mL', 10, drug({ concentration: '0.5', unit: '%', volumeMl: '2' })],
    ['levobupivacaine 0.25 % × 3 mL', 7.5, drug({ concentration: '0.25', unit: '%', volumeMl: '3' })],
    ['triamcinolone 40 mg/mL × 1 mL', 40, drug({ concentration: '40', unit: 'mg/mL', volumeMl: '1' })],
    ['with decimal commas: 0,5 % × 1,5 mL', 7.5, drug({ concentration: '0,5', unit: '%', volumeMl: '1,5' })],
    [
      '0.1 mg/mL × 3 mL, without a floating-point tail,',
      0.3,
      drug({ concentration: '0.1', unit: 'mg/mL', volumeMl: '3' }),
    ],
  ])('%s is %d mg', (_case, mg, row) => {
    expect(expectedDose(row)).toBe(mg);
  });

  test.each([
    ['no concentration yet', drug({ concentration: '' })],
    ['no volume yet', drug({ volumeMl: '' })],
    ['a volume of 0', drug({ volumeMl: '0' })],
    ['a negative concentration', drug({ concentration: '-1' })],
  ])('%s: no dose to expect', (_case, row) => {
    expect(expectedDose(row)).toBeUndefined();
  });
});

describe('a dose that is not concentration × volume is a unit slip', () => {
  test('0.5 % × 2 mL is 10 mg; a dose of 100 mg is flagged, naming the drug', () => {
    const bupivacaine = drug({ agent: 'Bupivacaine', concentration: '0.5', volumeMl: '2' });
    expect(doseMismatch({ ...bupivacaine, doseMg: '10' })).toBeUndefined();
    expect(doseMismatch({ ...bupivacaine, doseMg: '100' })).toBe(
      '2 mL of Bupivacaine 0.5% is 10 mg, not 100 mg: check the units',
    );
  });

  test('mg/mL is named as such, and a drug not named yet is "this drug"', () => {
    expect(
      doseMismatch(drug({ agent: '', concentration: '40', unit: 'mg/mL', volumeMl: '1', doseMg: '4' })),
    ).toBe('1 mL of this drug 40 mg/mL is 40 mg, not 4 mg: check the units');
  });

  test.each([
    ['exactly right', '20', false],
    ['within 1 %', '20.2', false],
    ['more than 1 % over', '20.3', true],
    ['more than 1 % under', '19.7', true],
    ['ten times over (mL read as mg)', '200', true],
    ['ten times under', '2', true],
  ])('lidocaine 1 % × 2 mL = 20 mg, dose %s (%s mg): flagged %s', (_case, doseMg, flagged) => {
    expect(doseMismatch(drug({ doseMg })) !== undefined).toBe(flagged);
  });

  test('below 1 mg the tolerance is 0.01 mg', () => {
    const weak = drug({ concentration: '0.1', unit: 'mg/mL', volumeMl: '3' }); // 0.3 mg
    expect(doseMismatch({ ...weak, doseMg: '0.305' })).toBeUndefined();
    expect(doseMismatch({ ...weak, doseMg: '0.32' })).toBeDefined();
  });

  test.each([
    ['no dose typed', drug({ doseMg: '' })],
    ['no concentration typed (nothing to check against)', drug({ concentration: '', doseMg: '200' })],
  ])('%s: nothing to flag', (_case, row) => {
    expect(doseMismatch(row)).toBeUndefined();
  });
});

describe('the procedure record sent when saving', () => {
  test('a complete form becomes the record, the time read on the clinic’s wall clock', () => {
    const { input, errors } = procedureInput(filled(), 'Europe/London');
    expect(errors).toEqual({});
    expect(input).toEqual({
      checklist: {
        signIn: filled().signIn,
        timeOut: filled().timeOut,
        signOut: filled().signOut,
      },
      record: {
        performedAt: '2026-03-04T09:45:00.000Z',
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
        complications: [],
        notes: '',
      },
    });
  });

  test('09:45 in a London summer is 08:45 UTC', () => {
    const { input } = procedureInput(
      filled({ performedDate: { day: '1', month: '7', year: '2026' } }),
      'Europe/London',
    );
    expect(input?.record.performedAt).toBe('2026-07-01T08:45:00.000Z');
  });

  test('what was left empty is left out, not sent as 0', () => {
    const { input } = procedureInput(
      filled({
        contrastUsed: false,
        contrastSpread: 'intra-articular',
        drugs: [drug({ agent: ' Saline ', kind: 'saline', concentration: '', doseMg: '' })],
      }),
      'Europe/London',
    );
    expect(input?.record.contrast).toEqual({ used: false });
    expect(input?.record.drugs).toEqual([{ kind: 'saline', agent: 'Saline', volumeMl: 2 }]);
    expect(input?.record).not.toHaveProperty('radiationDose');
    expect(input?.record).not.toHaveProperty('fluoroscopySeconds');
  });

  test('radiation and screening time, when typed, are kept with their unit', () => {
    const { input } = procedureInput(
      filled({ radiation: '12,5', radiationUnit: 'µGy·m²', fluoroscopySeconds: '0' }),
      'Europe/London',
    );
    expect(input?.record.radiationDose).toEqual({ value: 12.5, unit: 'µGy·m²' });
    expect(input?.record.fluoroscopySeconds).toBe(0);
  });

  test.each<[string, Partial<ProcedureValues>, string, string]>([
    [
      '31 February',
      { performedDate: { day: '31', month: '2', year: '2026' } },
      'performedDate',
      'Enter the date of the procedure',
    ],
    [
      'a time without its leading zero',
      { performedTime: '9:45' },
      'performedTime',
      'Enter a time like 09:45',
    ],
    [
      'no side at time-out',
      { timeOut: { ...filled().timeOut, sideConfirmed: '' } },
      'sideConfirmed',
      'Confirm the side at time-out',
    ],
    ['no side injected', { side: '' }, 'side', 'Choose the side injected'],
    [
      'contrast used, spread not recorded',
      { contrastSpread: '' },
      'contrastSpread',
      'Record the spread of contrast',
    ],
    ['no drugs', { drugs: [] }, 'drugs', 'Record at least one drug'],
    ['a drug without a name', { drugs: [drug({ agent: '  ' })] }, 'drug-0-agent', 'Name the drug'],
    [
      'a drug without a volume',
      { drugs: [drug({ volumeMl: '', doseMg: '' })] },
      'drug-0-volume',
      'Enter the volume in mL',
    ],
    [
      'a volume over 100 mL',
      { drugs: [drug({ volumeMl: '150', doseMg: '' })] },
      'drug-0-volume',
      'Enter the volume in mL',
    ],
    [
      'a concentration that is not a number',
      { drugs: [drug({ concentration: 'one', doseMg: '' })] },
      'drug-0-concentration',
      'Enter a number above 0',
    ],
    [
      'a dose of 0',
      { drugs: [drug({ concentration: '', doseMg: '0' })] },
      'drug-0-dose',
      'Enter a number above 0',
    ],
    [
      'a unit slip',
      { drugs: [drug({ doseMg: '200' })] },
      'drug-0-dose',
      '2 mL of Lidocaine 1% is 20 mg, not 200 mg: check the units',
    ],
    ['no duration', { durationMinutes: '' }, 'durationMinutes', 'Enter the duration in minutes'],
    [
      'a duration over 10 hours',
      { durationMinutes: '601' },
      'durationMinutes',
      'Enter the duration in minutes',
    ],
    ['a negative radiation dose', { radiation: '-1' }, 'radiation', 'Enter a number'],
    [
      'screening time that is not a number',
      { fluoroscopySeconds: 'a minute' },
      'fluoroscopySeconds',
      'Enter seconds',
    ],
  ])('%s: nothing is sent, and the field says why', (_case, change, field, message) => {
    const { input, errors } = procedureInput(filled(change), 'Europe/London');
    expect(input).toBeUndefined();
    expect(errors).toEqual({ [field]: message });
  });

  test('each drug row is named by its place in the list', () => {
    const { errors } = procedureInput(
      filled({ drugs: [drug(), drug({ agent: '' }), drug({ doseMg: '2' })] }),
      'Europe/London',
    );
    expect(Object.keys(errors)).toEqual(['drug-1-agent', 'drug-2-dose']);
  });
});
