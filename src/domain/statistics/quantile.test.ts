import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { quantile, quantileOfCounts, waitingTimes } from './quantile.ts';

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

describe("quantiles of counted values (the dashboard's waits, grouped by day in the database)", () => {
  const countsOf = (values: readonly number[]) => {
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].map(([value, n]) => ({ value, n }));
  };

  test('the R example above, given as counts, to the last digit', () => {
    const waits = countsOf([12, 3, 45, 7, 7, 30, 21, 90, 14]);
    expect(quantileOfCounts(waits, 0.1)).toBe(6.2000000000000002);
    expect(quantileOfCounts(waits, 0.5)).toBe(14);
    expect(quantileOfCounts(waits, 0.9)).toBe(53.999999999999964);
  });

  test('by hand: 2 days × 3 and 10 days × 1 → median 2, p90 = 2 + 0.7 × 8 = 7.6', () => {
    // sorted 2, 2, 2, 10: h = 3 × 0.9 + 1 = 3.7 → x₃ + 0.7 (x₄ − x₃)
    expect(
      quantileOfCounts(
        [
          { value: 10, n: 1 },
          { value: 2, n: 3 },
        ],
        0.5,
      ),
    ).toBe(2);
    expect(
      quantileOfCounts(
        [
          { value: 10, n: 1 },
          { value: 2, n: 3 },
        ],
        0.9,
      ),
    ).toBeCloseTo(7.6, 12);
  });

  test('nothing counted: nothing to estimate; empty counts are skipped', () => {
    expect(quantileOfCounts([], 0.5)).toBeNull();
    expect(quantileOfCounts([{ value: 4, n: 0 }], 0.5)).toBeNull();
    expect(
      quantileOfCounts(
        [
          { value: 4, n: 0 },
          { value: 9, n: 2 },
        ],
        0.1,
      ),
    ).toBe(9);
  });

  test('a fractional count or a bad probability is refused', () => {
    expect(() => quantileOfCounts([{ value: 1, n: 1.5 }], 0.5)).toThrow(RangeError);
    expect(() => quantileOfCounts([{ value: 1, n: 1 }], 1.5)).toThrow(RangeError);
  });

  test('property: equal to the quantile of the sample the counts describe', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -30, max: 400 }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p) => {
          expect(quantileOfCounts(countsOf(values), p)).toBe(quantile(values, p));
        },
      ),
    );
  });
});
