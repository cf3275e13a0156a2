import { describe, expect, test } from 'vitest';
import { flatten } from './StepFrame';

/** The rows the conflict panel shows for a record: field label → value. */
const rows = (value: unknown) => Object.fromEntries(flatten(value));

describe('a record as rows to compare, when someone else saved first', () => {
  test('nested fields read "field › subfield", in words', () => {
    expect(
      rows({
        timeOut: { sideConfirmed: 'left', teamIntroduced: true, imagingAvailable: false },
        contrast_spread: 'intra-articular',
        'thigh-thrust': 'positive',
      }),
    ).toEqual({
      'time out › side confirmed': 'left',
      'time out › team introduced': 'yes',
      'time out › imaging available': 'no',
      'contrast spread': 'intra-articular',
      'thigh thrust': 'positive',
    });
  });

  test('list items are numbered from 1, and an empty list reads "none"', () => {
    expect(
      rows({
        antithrombotics: [{ name: 'Clopidogrel 75 mg' }, { name: 'Aspirin 75 mg' }],
        allergies: [],
        scores: [7, 2],
      }),
    ).toEqual({
      'antithrombotics › 1 › name': 'Clopidogrel 75 mg',
      'antithrombotics › 2 › name': 'Aspirin 75 mg',
      allergies: 'none',
      'scores › 1': '7',
      'scores › 2': '2',
    });
  });

  test('bookkeeping is not a difference the user typed: versions, ids, who and when, the computed verdict', () => {
    expect(
      rows({
        id: '7d0c…',
        seq: 2,
        version: 4,
        recordedAt: '2026-03-04T09:30:00Z',
        recordedBy: { name: 'Sam Okafor' },
        assessment: { verdict: 'go' },
        protocol: { profile: 'lcd-2023' },
        facts: { screening: { escortArranged: true } },
      }),
    ).toEqual({ 'facts › screening › escort arranged': 'yes' });
  });

  test('fields left empty are not rows; 0 is', () => {
    expect(rows({ notes: '', agreedWith: null, restartAfterHours: undefined, pain: 0 })).toEqual({
      pain: '0',
    });
  });

  test('a prefix names the part of the record', () => {
    expect(rows(undefined)).toEqual({});
    expect(Object.fromEntries(flatten({ side: 'left' }, 'plan'))).toEqual({ 'plan › side': 'left' });
  });

  test('their saved screening and what I typed differ exactly where a person would see a difference', () => {
    const theirs = flatten({
      version: 3,
      patient: { antithrombotics: [], diabetes: null },
      screening: { escortArranged: true, adultAtHomeArranged: false },
    });
    const mine = flatten({
      patient: { antithrombotics: [{ name: 'Clopidogrel 75 mg' }], diabetes: { insulin: false } },
      screening: { escortArranged: true, adultAtHomeArranged: false },
    });
    const fields = [...new Set([...theirs.keys(), ...mine.keys()])];
    expect(fields.filter((f) => theirs.get(f) !== mine.get(f))).toEqual([
      'patient › antithrombotics',
      'patient › antithrombotics › 1 › name',
      'patient › diabetes › insulin',
    ]);
  });
});
