import { describe, expect, test } from 'vitest';
import {
  checkInGaps,
  checklistGaps,
  doseErrors,
  expectedDoseMg,
  injectateVolumeMl,
  knownAnaesthetic,
  ProcedureRecordFactsSchema,
} from './procedure.ts';
import { tickedChecklist } from './testing.ts';

const ticked = tickedChecklist();

describe('the safety checklist (DESIGN.md: sign-in, time-out, sign-out)', () => {
  test('a complete checklist has no gaps', () => {
    expect(checklistGaps(ticked)).toEqual([]);
  });

  test('each unticked item is named by its field, in the order of the checklist', () => {
    const gaps = checklistGaps({
      ...ticked,
      signIn: { ...ticked.signIn, siteMarked: false },
      signOut: { ...ticked.signOut, equipmentAccountedFor: false },
    });
    expect(gaps).toEqual([
      { field: 'checklist.signIn.siteMarked', message: 'Sign in: mark the site' },
      { field: 'checklist.signOut.equipmentAccountedFor', message: 'Sign out: account for equipment' },
    ]);
  });
});

describe('doses: concentration × volume', () => {
  const bupivacaine = {
    kind: 'local-anaesthetic' as const,
    agent: 'bupivacaine',
    concentration: { value: 0.5, unit: '%' as const },
    volumeMl: 2,
  };

  test.each([
    [10, false],
    [10.05, false], // within 1 %
    [100, true], // 0.5 % read as 5 mg/mL then ×10 again: a unit slip
    [1, true],
  ])('bupivacaine 0.5 %% 2 mL recorded as %d mg: flagged %s', (doseMg, flagged) => {
    expect(doseErrors([{ ...bupivacaine, doseMg }]).length > 0).toBe(flagged);
  });

  test('the message names the drug, the arithmetic and the field', () => {
    expect(
      doseErrors([
        { kind: 'saline', agent: 'saline', volumeMl: 1 },
        { ...bupivacaine, doseMg: 100 },
      ]),
    ).toEqual([
      {
        field: 'record.drugs.1.doseMg',
        message: '2 mL of bupivacaine 0.5% is 10 mg, not 100 mg: check the units',
      },
    ]);
    expect(expectedDoseMg(bupivacaine)).toBe(10);
    expect(expectedDoseMg({ volumeMl: 2 })).toBeUndefined();
    expect(
      doseErrors([
        {
          kind: 'steroid',
          agent: 'triamcinolone',
          concentration: { value: 40, unit: 'mg/mL' },
          volumeMl: 1,
          doseMg: 4,
        },
      ])[0]?.message,
    ).toBe('1 mL of triamcinolone 40 mg/mL is 40 mg, not 4 mg: check the units');
  });

  test('a drug without a concentration or a dose is not checked', () => {
    expect(doseErrors([{ kind: 'contrast', agent: 'iohexol', volumeMl: 0.5, doseMg: 3 }])).toEqual([]);
    expect(doseErrors([bupivacaine])).toEqual([]);
  });
});

describe('the procedure record', () => {
  const record = {
    performedAt: '2026-03-04T09:30:00Z',
    side: 'left',
    guidance: 'fluoroscopy',
    target: 'intra-articular',
    drugs: [{ kind: 'saline', agent: 'saline', volumeMl: 1 }],
    durationMinutes: 10,
  };

  test('contrast given needs its spread recorded', () => {
    const without = ProcedureRecordFactsSchema.safeParse({ ...record, contrast: { used: true } });
    expect(without.success).toBe(false);
    expect(without.error?.issues[0]).toMatchObject({
      path: ['contrast', 'spread'],
      message: 'Record the spread of contrast',
    });
    expect(
      ProcedureRecordFactsSchema.safeParse({ ...record, contrast: { used: true, spread: 'intra-articular' } })
        .success,
    ).toBe(true);
    expect(ProcedureRecordFactsSchema.safeParse({ ...record, contrast: { used: false } }).success).toBe(true);
  });

  test('the local anaesthetic the block rules know, and the volume injected', () => {
    const drugs = [
      { kind: 'contrast' as const, agent: 'iohexol', volumeMl: 0.5 },
      { kind: 'local-anaesthetic' as const, agent: ' Bupivacaine ', volumeMl: 1.5 },
    ];
    expect(knownAnaesthetic(drugs)).toBe('bupivacaine');
    expect(
      knownAnaesthetic([{ kind: 'local-anaesthetic', agent: 'articaine', volumeMl: 1 }]),
    ).toBeUndefined();
    expect(injectateVolumeMl(drugs)).toBe(2);
  });
});

describe('check-in', () => {
  const ready = {
    consentConfirmed: true,
    sideMarked: 'left' as const,
    escortPresent: true,
    fastingAsInstructed: true,
  };

  test('a patient with consent, an escort and fasting as told may be checked in', () => {
    expect(checkInGaps(ready, false)).toEqual([]);
  });

  test('a patient with diabetes needs a glucose on arrival; each missing item is named', () => {
    expect(checkInGaps({ ...ready, escortPresent: false }, true).map((g) => g.field)).toEqual([
      'escortPresent',
      'glucose',
    ]);
    expect(checkInGaps({ ...ready, glucose: { value: 7, unit: 'mmol/L' } }, true)).toEqual([]);
  });
});
