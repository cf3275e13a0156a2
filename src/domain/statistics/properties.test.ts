import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { kaplanMeier, medianSurvival, type SurvivalObservation } from './kaplan-meier.ts';
import { logRank } from './log-rank.ts';
import { wilsonInterval } from './proportion.ts';
import { quantile } from './quantile.ts';

/** Small integer times, so ties between events and censorings are common. */
const observation = fc.record({ time: fc.integer({ min: 0, max: 30 }), event: fc.boolean() });
const sample = fc.array(observation, { minLength: 1, maxLength: 40 });

describe('properties: Kaplan–Meier', () => {
  test('the curve never rises', () => {
    fc.assert(
      fc.property(sample, (data) => {
        const { table } = kaplanMeier(data);
        table.forEach((row, i) => {
          if (i > 0) expect(row.survival).toBeLessThanOrEqual(table[i - 1]!.survival);
        });
      }),
    );
  });

  test('the confidence interval contains the estimate and stays within [0, 1]', () => {
    fc.assert(
      fc.property(sample, (data) => {
        for (const row of kaplanMeier(data).table) {
          if (row.survival === 0) {
            expect([row.se, row.lower, row.upper]).toEqual([null, null, null]);
            continue;
          }
          expect(row.lower!).toBeGreaterThan(0);
          expect(row.lower!).toBeLessThanOrEqual(row.survival);
          expect(row.upper!).toBeGreaterThanOrEqual(row.survival);
          expect(row.upper!).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  test('survival is 1 (with no uncertainty) before the first event', () => {
    fc.assert(
      fc.property(sample, (data) => {
        const { table } = kaplanMeier(data);
        const first = table.findIndex((row) => row.events > 0);
        for (const row of first < 0 ? table : table.slice(0, first)) {
          expect(row).toMatchObject({ survival: 1, se: 0, lower: 1, upper: 1 });
        }
        if (first >= 0) expect(table[first]!.survival).toBeLessThan(1);
      }),
    );
  });

  test('later follow-up of a censored subject never changes the earlier steps', () => {
    // A subject censored at c whose diary goes on (censored later, or relief ends later) leaves
    // every step before c as it was: the curve up to a time depends only on what was known then.
    fc.assert(
      fc.property(
        sample,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 20 }),
        fc.boolean(),
        (data, c, extra, event) => {
          const before = kaplanMeier([...data, { time: c, event: false }]).table;
          const after = kaplanMeier([...data, { time: c + extra, event }]).table;
          expect(after.filter((row) => row.time < c)).toEqual(before.filter((row) => row.time < c));
        },
      ),
    );
  });

  test('a subject censored after the last time keeps every step where it was, one more at risk', () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: 1, max: 10 }), (data, gap) => {
        const last = Math.max(...data.map((o) => o.time));
        const before = kaplanMeier(data).table;
        const after = kaplanMeier([...data, { time: last + gap, event: false }]).table;
        expect(
          after.slice(0, before.length).map((r) => [r.time, r.events, r.censored, r.atRisk - 1]),
        ).toEqual(before.map((r) => [r.time, r.events, r.censored, r.atRisk]));
        expect(after.at(-1)).toMatchObject({ time: last + gap, atRisk: 1, events: 0, censored: 1 });
      }),
    );
  });

  test('without censoring the curve is the share of subjects still event-free', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 40 }), (times) => {
        const { table } = kaplanMeier(times.map((time) => ({ time, event: true })));
        for (const row of table) {
          const later = times.filter((t) => t > row.time).length;
          expect(row.survival).toBeCloseTo(later / times.length, 12);
        }
      }),
    );
  });

  test('the median lies within its confidence interval', () => {
    fc.assert(
      fc.property(sample, (data) => {
        const { time, lower, upper } = medianSurvival(kaplanMeier(data));
        // The upper curve lies above the estimate, so it cannot reach 0.5 before it (the lower limit
        // can be reached with the median not: a curve that stops at 0.6 may have a lower limit of 0.3).
        if (time === null) {
          expect(upper).toBeNull();
          return;
        }
        // A limit is null where its curve is not estimable (S = 0) before it reaches 0.5, as in R.
        if (lower !== null) expect(lower).toBeLessThanOrEqual(time);
        if (upper !== null) expect(upper).toBeGreaterThanOrEqual(time);
      }),
    );
  });
});

describe('properties: log-rank test', () => {
  test('a group against an identical copy gives chisq 0 and p 1', () => {
    fc.assert(
      fc.property(sample, (data) => {
        const test = logRank([
          { group: 'a', observations: data },
          { group: 'b', observations: data },
        ]);
        if (test.chisq === null) return; // no event with two or more at risk: nothing to test
        expect(test.chisq).toBeCloseTo(0, 12);
        expect(test.p).toBeCloseTo(1, 10);
      }),
    );
  });

  test('the order of the groups does not change the test', () => {
    const groups = fc.array(sample, { minLength: 2, maxLength: 4 });
    fc.assert(
      fc.property(groups, (samples) => {
        const named = samples.map((observations: SurvivalObservation[], i) => ({
          group: `g${i}`,
          observations,
        }));
        const forward = logRank(named);
        const backward = logRank([...named].reverse());
        expect(backward.df).toBe(forward.df);
        if (forward.chisq === null) expect(backward.chisq).toBeNull();
        else expect(backward.chisq!).toBeCloseTo(forward.chisq, 8);
        const events = samples.flat().filter((o) => o.event).length;
        const expected = forward.groups.reduce((sum, g) => sum + g.expected, 0);
        expect(expected).toBeCloseTo(events, 9); // the expected events share out the observed ones
      }),
    );
  });
});

describe('properties: proportions and quantiles', () => {
  test('the Wilson interval contains the proportion, stays in [0, 1] and mirrors at n − x', () => {
    const counts = fc
      .integer({ min: 1, max: 5000 })
      .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(counts, ([x, n]) => {
        const interval = wilsonInterval(x, n);
        expect(interval.lower!).toBeGreaterThanOrEqual(0);
        expect(interval.lower!).toBeLessThanOrEqual(interval.proportion!);
        expect(interval.upper!).toBeGreaterThanOrEqual(interval.proportion!);
        expect(interval.upper!).toBeLessThanOrEqual(1);
        const mirror = wilsonInterval(n - x, n);
        expect(mirror.lower!).toBeCloseTo(1 - interval.upper!, 12);
      }),
    );
  });

  test('quantiles grow with p and stay between the smallest and largest value', () => {
    const values = fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 60 });
    const probabilities = fc.tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    );
    fc.assert(
      fc.property(values, probabilities, (xs, [a, b]) => {
        const [p, q] = a <= b ? [a, b] : [b, a];
        // (within rounding: R's (1 − h)·x + h·y may land an ulp either side)
        expect(quantile(xs, p)!).toBeLessThanOrEqual(quantile(xs, q)! + 1e-9);
        expect(quantile(xs, p)!).toBeGreaterThanOrEqual(Math.min(...xs) - 1e-9);
        expect(quantile(xs, q)!).toBeLessThanOrEqual(Math.max(...xs) + 1e-9);
      }),
    );
  });
});
