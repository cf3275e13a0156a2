import { describe, expect, test } from 'vitest';
import { wilsonInterval } from './proportion.ts';

describe('Wilson score interval: prop.test(x, n, correct = FALSE)$conf.int (R 4.2.2)', () => {
  test.each([
    [0, 10, 0, 0.27753279986288915],
    [1, 10, 0.017876213095072892, 0.40415002679523837],
    [5, 10, 0.23659309051256402, 0.76340690948743595],
    [10, 10, 0.72246720013711085, 1],
    [7, 23, 0.15604024453214027, 0.50865756268759199],
    [1, 1, 0.2065493143772375, 1],
    [0, 1, 0, 0.79345068562276255],
    [450, 1000, 0.41941538407429679, 0.48096729177425873],
  ])('%i of %i: [%f, %f]', (x, n, lower, upper) => {
    const interval = wilsonInterval(x, n);
    expect(interval.proportion).toBe(x / n);
    expect(interval.lower).toBeCloseTo(lower, 14);
    expect(interval.upper).toBeCloseTo(upper, 14);
  });

  test('by hand, 1 of 10: (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n)', () => {
    const z = 1.959963984540054;
    const [p, n] = [0.1, 10];
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
    expect(wilsonInterval(1, 10).lower).toBeCloseTo(centre - half, 15);
    expect(wilsonInterval(1, 10).upper).toBeCloseTo(centre + half, 15);
  });

  test('no trials: nothing to estimate', () => {
    expect(wilsonInterval(0, 0)).toEqual({
      successes: 0,
      trials: 0,
      proportion: null,
      lower: null,
      upper: null,
    });
  });

  test.each([
    [-1, 10],
    [11, 10],
    [1.5, 10],
    [1, -1],
    [1, Number.NaN],
  ])('%s of %s is refused', (x, n) => {
    expect(() => wilsonInterval(x, n)).toThrow(RangeError);
  });
});
