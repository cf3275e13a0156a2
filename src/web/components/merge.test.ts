import { describe, expect, test } from 'vitest';
import { mergeThreeWay, same, setAt } from './merge';

const base = {
  diabetes: false,
  insulin: false,
  escortArranged: false,
  medicines: [] as string[],
  glucose: '',
};

describe('merging two people’s edits of one form', () => {
  test('a nurse ticks diabetes, a clinician adds a medicine: both are kept, nothing to decide', () => {
    const theirs = { ...base, diabetes: true };
    const mine = { ...base, medicines: ['Clopidogrel 75 mg'] };
    const m = mergeThreeWay(base, theirs, mine);
    expect(m.merged).toEqual({ ...base, diabetes: true, medicines: ['Clopidogrel 75 mg'] });
    expect(m.conflicts).toEqual([]);
    expect(m.theirChanges).toEqual([['diabetes']]);
    expect(m.myChanges).toEqual([['medicines']]);
  });

  test('both changed one field differently: a conflict with all three values, mine kept until decided', () => {
    const m = mergeThreeWay(base, { ...base, glucose: '9.1' }, { ...base, glucose: '7.4' });
    expect(m.conflicts).toEqual([{ path: ['glucose'], base: '', theirs: '9.1', mine: '7.4' }]);
    expect(m.merged.glucose).toBe('7.4');
    expect(setAt(m.merged, ['glucose'], '9.1').glucose).toBe('9.1');
  });

  test('both made the same change: no conflict', () => {
    const m = mergeThreeWay(base, { ...base, escortArranged: true }, { ...base, escortArranged: true });
    expect(m.conflicts).toEqual([]);
    expect(m.merged.escortArranged).toBe(true);
  });

  test('nested fields merge one by one; lists are one answer', () => {
    const b = { plan: { side: 'left', guidance: '' }, list: ['a'] };
    const m = mergeThreeWay(
      b,
      { plan: { side: 'left', guidance: 'fluoroscopy' }, list: ['a', 'b'] },
      { plan: { side: 'right', guidance: '' }, list: ['a', 'c'] },
    );
    expect(m.merged.plan).toEqual({ side: 'right', guidance: 'fluoroscopy' });
    expect(m.conflicts.map((c) => c.path)).toEqual([['list']]);
  });

  test('structural equality ignores key order and treats missing as undefined', () => {
    expect(same({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(same({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(same([1], [1, 2])).toBe(false);
  });
});
