import { describe, expect, test } from 'vitest';
import { logRank } from './log-rank.ts';
import {
  AML_MAINTAINED,
  AML_NONMAINTAINED,
  LEUKAEMIA_6MP,
  LEUKAEMIA_PLACEBO,
  observations,
} from './testing.ts';

const AML = [
  { group: 'Maintained', observations: AML_MAINTAINED },
  { group: 'Nonmaintained', observations: AML_NONMAINTAINED },
];

describe('log-rank test against published survdiff output', () => {
  test('survival::aml: chisq 3.4 on 1 df, p 0.07; expected 10.69 and 7.31', () => {
    // tests/doaml.Rout.save and tests/difftest.Rout.save of the survival package:
    //   survdiff(Surv(time, status) ~ x, aml)
    //   x=Maintained 11 7 10.69 … x=Nonmaintained 12 11 7.31 …  Chisq= 3.4 on 1 degrees of freedom, p= 0.07
    // Full precision from R 4.2.2, survival 3.5-3: chisq 3.3963886989776, p 0.0653393220405051.
    const test = logRank(AML);
    expect(test.df).toBe(1);
    expect(test.chisq).toBeCloseTo(3.3963886989776, 12);
    expect(test.p).toBeCloseTo(0.0653393220405051, 12);
    expect(test.groups).toEqual([
      { group: 'Maintained', n: 11, observed: 7, expected: expect.closeTo(10.68933599230072, 12) },
      { group: 'Nonmaintained', n: 12, observed: 11, expected: expect.closeTo(7.31066400769928, 12) },
    ]);
  });

  test('6-MP against placebo: chisq 16.79 on 1 df, p 4.17e-5 (Kleinbaum & Klein ch. 2: 16.79)', () => {
    // R 4.2.2, survival 3.5-3: survdiff(Surv(time, status) ~ group, data = mp)
    //   chisq 16.79294098921654, p 4.1688091093345308e-05, expected 19.250500948031128 / 10.749499051968868
    const test = logRank([
      { group: '6-MP', observations: LEUKAEMIA_6MP },
      { group: 'placebo', observations: LEUKAEMIA_PLACEBO },
    ]);
    expect(test.chisq).toBeCloseTo(16.79294098921654, 11);
    expect(test.p! / 4.1688091093345308e-5).toBeCloseTo(1, 12);
    expect(test.groups.map((g) => g.expected)).toEqual([
      expect.closeTo(19.250500948031128, 12),
      expect.closeTo(10.749499051968868, 12),
    ]);
  });

  test('three groups: 2 df (R 4.2.2, survival 3.5-3)', () => {
    // three <- data.frame(time = c(3,5,7,9,12,15, 2,4,4,6,8,10,11, 1,2,3,3,5,14,20),
    //   status = c(1,0,1,1,0,1, 1,1,0,1,1,0,1, 1,1,0,1,1,0,1), group = rep(c("a","b","c"), c(6,7,7)))
    // survdiff(Surv(time, status) ~ group, data = three): Chisq= 0.4 on 2 degrees of freedom, p= 0.8
    const test = logRank([
      { group: 'a', observations: observations([3, 5, 7, 9, 12, 15], [1, 0, 1, 1, 0, 1]) },
      { group: 'b', observations: observations([2, 4, 4, 6, 8, 10, 11], [1, 1, 0, 1, 1, 0, 1]) },
      { group: 'c', observations: observations([1, 2, 3, 3, 5, 14, 20], [1, 1, 0, 1, 1, 0, 1]) },
    ]);
    expect(test.df).toBe(2);
    expect(test.chisq).toBeCloseTo(0.38159026317760358, 12);
    expect(test.p).toBeCloseTo(0.82630185395998401, 12);
    expect(test.groups.map((g) => [g.observed, g.expected])).toEqual([
      [4, expect.closeTo(4.9592866971349938, 12)],
      [5, expect.closeTo(4.1486768391567157, 12)],
      [5, expect.closeTo(4.8920364637082905, 12)],
    ]);
  });

  test('a group with nothing expected is left out of the test, as survdiff does', () => {
    // tests/difftest.Rout.save: aml plus a "Dummy" group censored at 1–4 weeks, before any event:
    //   x=Dummy 7 0 0.00 NaN NaN …  Chisq= 3.4 on 1 degrees of freedom, p= 0.07
    const dummy = observations([1, 2, 2, 3, 3, 3, 4], [0, 0, 0, 0, 0, 0, 0]);
    const test = logRank([{ group: 'Dummy', observations: dummy }, ...AML]);
    expect(test.groups[0]).toEqual({ group: 'Dummy', n: 7, observed: 0, expected: 0 });
    expect(test.df).toBe(1);
    expect(test.chisq).toBeCloseTo(3.3963886989776, 12);
  });
});

describe('log-rank test: nothing to compare', () => {
  test('one group: no statistic, no p-value', () => {
    expect(logRank([AML[0]!])).toMatchObject({ chisq: null, df: 0, p: null });
    expect(logRank([])).toMatchObject({ groups: [], chisq: null, df: 0, p: null });
  });

  test('every event at one time when all at risk have it: no variance, no statistic (R: singular)', () => {
    const test = logRank([
      { group: 'a', observations: observations([1], [1]) },
      { group: 'b', observations: observations([1], [1]) },
    ]);
    expect(test).toMatchObject({ chisq: null, df: 1, p: null });
  });

  test('a group against an identical copy: chisq 0, p 1', () => {
    const test = logRank([
      { group: 'ultrasound', observations: AML_MAINTAINED },
      { group: 'fluoroscopy', observations: AML_MAINTAINED },
    ]);
    expect(test).toMatchObject({ chisq: 0, df: 1, p: 1 });
  });

  test('a group named twice, or a bad time, is refused', () => {
    expect(() => logRank([AML[0]!, AML[0]!])).toThrow(RangeError);
    expect(() => logRank([{ group: 'a', observations: [{ time: -2, event: true }] }])).toThrow(RangeError);
  });
});
