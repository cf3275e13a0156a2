import { describe, expect, test } from 'vitest';
import { chiSquareUpperTail } from './chi-square.ts';

describe('chi-square upper tail: pchisq(x, df, lower.tail = FALSE) (R 4.2.2)', () => {
  test.each([
    [3.4, 1, 0.065196419078129828],
    [16.8, 1, 4.1533302866776651e-5],
    [80, 1, 3.7440973842028994e-19],
    [0, 1, 1],
    [1e-10, 1, 0.99999202115439212],
    [0.5, 2, 0.77880078307140488],
    [6, 2, 0.049787068367863944],
    [200, 2, 3.7200759760208361e-44],
    [7.81, 3, 0.050106056350005944],
    [1000, 3, 1.7994208765314476e-216],
  ])('χ² = %f on %i df → %f (relative error < 1e-12)', (x, df, p) => {
    expect(chiSquareUpperTail(x, df) / p).toBeCloseTo(1, 12);
  });

  test('by hand: with 2 df the upper tail is exp(−x/2)', () => {
    expect(chiSquareUpperTail(6, 2)).toBeCloseTo(Math.exp(-3), 15);
  });

  test.each([
    [-1, 1],
    [Number.NaN, 1],
    [1, 0],
    [1, Number.POSITIVE_INFINITY],
  ])('χ² = %s on %s df is refused', (x, df) => {
    expect(() => chiSquareUpperTail(x, df)).toThrow(RangeError);
  });
});
