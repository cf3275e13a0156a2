import { describe, expect, test } from 'vitest';
import { quantile, waitingTimes } from './quantile.ts';

describe('quantiles: R type 7 (quantile(x, p), the default)', () => {
  // x <- c(12, 3, 45, 7, 7, 30, 21, 90, 14); quantile(x, c(0, .1, .25, .5, .9, 1)) in R 4.2.2
  const waits = [12, 3, 45, 7, 7, 30, 21, 90, 14];
  test.each([
    [0, 3],
    [0.1, 6.2000000000000002],
    [0.25, 7],
    [0.5, 14],
    [0.9, 53.999999999999964],
    [1, 90],
  ])('p = %f → %f, to the last digit', (p, expected) => {
    expect(quantile(waits, p)).toBe(expected);
  });

  test('by hand: the median of an even sample is the mean of the middle two; p90 interpolates', () => {
    // 1..10: h = 9·0.9 = 8.1 → x₉ + 0.1·(x₁₀ − x₉) = 9.1 (1-based order statistics)
    const days = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(quantile(days, 0.5)).toBe(5.5);
    expect(quantile(days, 0.9)).toBeCloseTo(9.1, 14);
    expect(waitingTimes([4, 10])).toEqual({ n: 2, median: 7, p90: 9.4 });
    expect(waitingTimes([5])).toEqual({ n: 1, median: 5, p90: 5 });
  });

  test('between equal values the quantile is that value exactly, as in R', () => {
    expect(quantile([0.1, 0.1, 0.1], 0.37)).toBe(0.1);
  });

  test('no waits: nothing to estimate', () => {
    expect(waitingTimes([])).toEqual({ n: 0, median: null, p90: null });
  });

  test('the input is not reordered', () => {
    const days = [3, 1, 2];
    quantile(days, 0.5);
    expect(days).toEqual([3, 1, 2]);
  });

  test.each([
    [[1], -0.1],
    [[1], 1.1],
    [[1], Number.NaN],
    [[Number.NaN], 0.5],
    [[Number.POSITIVE_INFINITY], 0.5],
  ])('quantile(%s, %s) is refused', (values, p) => {
    expect(() => quantile(values, p)).toThrow(RangeError);
  });
});
