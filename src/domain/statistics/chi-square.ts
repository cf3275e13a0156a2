import gammainc from '@stdlib/math-base-special-gammainc';

/**
 * P(X ≥ x) for X ~ χ² with `df` degrees of freedom: R's `pchisq(x, df, lower.tail = FALSE)`.
 *
 * The upper tail is the regularised upper incomplete gamma function Q(df/2, x/2), evaluated
 * directly (stdlib's port of Boost's gamma_q) rather than as 1 − CDF, so a very small p-value keeps
 * its digits instead of rounding to 0 (docs/statistics.md, "Libraries").
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`degrees of freedom must be > 0, not ${df}`);
  if (!(x >= 0)) throw new RangeError(`a chi-square statistic must be ≥ 0, not ${x}`);
  return gammainc(x / 2, df / 2, true, true);
}
