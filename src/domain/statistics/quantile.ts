/**
 * Sample quantiles by R's default definition, `quantile(x, p, type = 7)` (Hyndman & Fan 1996,
 * definition 7): with the values sorted x₁ ≤ … ≤ xₙ and h = (n − 1)·p + 1, the quantile is
 * x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋) — linear interpolation between order statistics, so the median
 * of an even sample is the mean of the middle two. null for an empty sample.
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a probability must be within [0, 1], not ${p}`);
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`a value must be a finite number, not ${v}`);
  }
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // 1-based, in R's order of operations, so h carries the same rounding as R's.
  const index = 1 + (sorted.length - 1) * p;
  const lo = Math.floor(index);
  const low = sorted[lo - 1]!;
  const h = index - lo;
  if (h === 0) return low;
  const high = sorted[lo]!;
  // R's own arithmetic, (1 − h)·x_lo + h·x_hi, so the digits agree (and equal values stay exact).
  return high === low ? low : (1 - h) * low + h * high;
}

/**
 * The same quantile of a sample given as counts of its values (value v seen n times), so that a
 * database can hand over a few hundred (days, count) rows instead of every wait: the order
 * statistics x⌊h⌋ and x⌊h⌋₊₁ are found by walking the cumulative counts. Equal to
 * `quantile(values, p)` for the sample the counts describe (property-tested).
 */
export function quantileOfCounts(counts: readonly { value: number; n: number }[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a probability must be within [0, 1], not ${p}`);
  const sorted = counts.filter((c) => c.n > 0).sort((a, b) => a.value - b.value);
  for (const c of sorted) {
    if (!Number.isFinite(c.value)) throw new RangeError(`a value must be a finite number, not ${c.value}`);
    if (!Number.isInteger(c.n)) throw new RangeError(`a count must be a whole number, not ${c.n}`);
  }
  const total = sorted.reduce((n, c) => n + c.n, 0);
  if (total === 0) return null;
  const index = 1 + (total - 1) * p;
  const lo = Math.floor(index);
  // The value at 1-based position k of the sorted sample.
  const at = (k: number) => {
    let seen = 0;
    for (const c of sorted) {
      seen += c.n;
      if (seen >= k) return c.value;
    }
    return sorted.at(-1)!.value;
  };
  const low = at(lo);
  const h = index - lo;
  if (h === 0) return low;
  const high = at(lo + 1);
  return high === low ? low : (1 - h) * low + h * high;
}

export interface WaitingTimes {
  n: number;
  /** type-7 median; null when there are no waits */
  median: number | null;
  /** type-7 90th percentile; null when there are no waits */
  p90: number | null;
}

/** The median and 90th percentile of waiting times (in the unit given), as `quantile(x, c(.5, .9))`. */
export function waitingTimes(values: readonly number[]): WaitingTimes {
  return { n: values.length, median: quantile(values, 0.5), p90: quantile(values, 0.9) };
}
