import { describe, expect, test } from 'vitest';
import { isSuppressed, SUPPRESSED, suppressCount, suppressShare } from './suppression.ts';

describe('small-cell suppression', () => {
  test.each([
    [0, 0],
    [1, SUPPRESSED],
    [4, SUPPRESSED],
    [5, 5],
    [120, 120],
  ])('a count of %i is shown as %s', (count, shown) => {
    expect(suppressCount(count)).toBe(shown);
    expect(isSuppressed(count)).toBe(shown === SUPPRESSED);
  });

  test('a share of a small count hides its estimate and interval', () => {
    expect(suppressShare(3, 40, { estimate: 0.075, lower: 0.02, upper: 0.2 })).toEqual({
      successes: SUPPRESSED,
      trials: 40,
      hidden: true,
      estimate: null,
      lower: null,
      upper: null,
    });
  });

  test('a share of a small group hides its estimate even when the numerator is 0', () => {
    expect(suppressShare(0, 3, { estimate: 0 })).toEqual({
      successes: 0,
      trials: SUPPRESSED,
      hidden: true,
      estimate: null,
    });
  });

  test('a share of counts of 5 or more is shown whole', () => {
    expect(suppressShare(6, 10, { estimate: 0.6 })).toEqual({
      successes: 6,
      trials: 10,
      hidden: false,
      estimate: 0.6,
    });
  });
});
