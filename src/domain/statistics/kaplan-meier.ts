import { Z95 } from './normal.ts';

/**
 * The Kaplan–Meier estimate of a survival curve, as R's `survival::survfit(Surv(time, event) ~ 1)`
 * computes it with its defaults: Greenwood variance, 95 % confidence limits on the log scale
 * (`conf.type = "log"`), and the median as `print.survfit` reports it. docs/statistics.md gives the
 * definitions and the R calls that reproduce every number.
 */

/** One subject: followed for `time` (in any unit; the output keeps it); `event` false = censored. */
export interface SurvivalObservation {
  readonly time: number;
  readonly event: boolean;
}

/** One distinct time at which something happened (an event, a censoring or both). */
export interface KaplanMeierRow {
  time: number;
  /** subjects still followed just before `time` (censored at `time` still count) */
  atRisk: number;
  events: number;
  censored: number;
  /** S(t): the estimated probability of no event up to and including `time` */
  survival: number;
  /**
   * Greenwood standard error of S(t) — `summary(fit)$std.err`. null when S(t) = 0 (R: NaN).
   * (`fit$std.err` in R is the standard error of log S(t), i.e. this value divided by S(t).)
   */
  se: number | null;
  /** 95 % confidence limits, log transform, upper capped at 1; null when S(t) = 0 (R: NA) */
  lower: number | null;
  upper: number | null;
}

export interface KaplanMeierCurve {
  /** subjects */
  n: number;
  events: number;
  /** one row per distinct time, ascending: `summary(fit, censored = TRUE)` */
  table: KaplanMeierRow[];
}

export interface MedianSurvival {
  /** null when the curve never falls to 0.5 (not reached) */
  time: number | null;
  /** where the lower and upper confidence curves fall to 0.5; null when they never do */
  lower: number | null;
  upper: number | null;
}

/** R's tolerance for "S(t) is exactly 0.5" (`sqrt(.Machine$double.eps)`, as in all.equal). */
const HALF_TOLERANCE = Math.sqrt(Number.EPSILON);

export function kaplanMeier(observations: readonly SurvivalObservation[]): KaplanMeierCurve {
  for (const o of observations) {
    if (!Number.isFinite(o.time) || o.time < 0) {
      throw new RangeError(`a survival time must be a finite number ≥ 0, not ${o.time}`);
    }
  }
  const sorted = [...observations].sort((a, b) => a.time - b.time);
  const table: KaplanMeierRow[] = [];
  let atRisk = sorted.length;
  let survival = 1;
  // Σ d / (n (n − d)): Greenwood's variance of log S(t). Infinite once everyone at risk has the event.
  let greenwood = 0;
  for (let i = 0; i < sorted.length; ) {
    const time = sorted[i]!.time;
    let events = 0;
    let censored = 0;
    for (; i < sorted.length && sorted[i]!.time === time; i++) {
      if (sorted[i]!.event) events++;
      else censored++;
    }
    if (events > 0) {
      // The same order of operations as survival's C code (survfitkm.c), so the digits agree.
      survival *= (atRisk - events) / atRisk;
      greenwood += events / (atRisk * (atRisk - events));
    }
    table.push({ time, atRisk, events, censored, survival, ...confidence(survival, greenwood) });
    atRisk -= events + censored;
  }
  return { n: sorted.length, events: table.reduce((sum, row) => sum + row.events, 0), table };
}

/** survfit_confint(conf.type = "log"): S·exp(∓ z·se(log S)), the upper limit capped at 1. */
function confidence(survival: number, greenwood: number): Pick<KaplanMeierRow, 'se' | 'lower' | 'upper'> {
  if (survival === 0) return { se: null, lower: null, upper: null };
  const seLog = Math.sqrt(greenwood);
  if (seLog === 0) return { se: 0, lower: survival, upper: survival };
  return {
    se: seLog * survival,
    lower: Math.exp(Math.log(survival) - Z95 * seLog),
    upper: Math.min(Math.exp(Math.log(survival) + Z95 * seLog), 1),
  };
}

/**
 * The median survival time and its 95 % confidence interval as `print(survfit(...))` reports them
 * (survival's `survmean`): the first time the curve is at or below 0.5; if it sits at exactly 0.5
 * (within √ε) there, the midpoint between that time and the time it next drops — the usual median
 * of an even sample. The limits are the same rule applied to the lower and upper confidence curves.
 * A curve that stays flat at exactly 0.5 to its end gives the time it reached 0.5 (R's `quantile()`
 * would give the midpoint with the last follow-up time instead; docs/statistics.md).
 */
export function medianSurvival(curve: KaplanMeierCurve): MedianSurvival {
  const times = curve.table.map((row) => row.time);
  return {
    time: firstAtOrBelowHalf(
      curve.table.map((row) => row.survival),
      times,
    ),
    lower: firstAtOrBelowHalf(
      curve.table.map((row) => row.lower),
      times,
    ),
    upper: firstAtOrBelowHalf(
      curve.table.map((row) => row.upper),
      times,
    ),
  };
}

/** survmean's `minmin(y, x)`: y a curve at times x (null where undefined). */
function firstAtOrBelowHalf(curve: readonly (number | null)[], times: readonly number[]): number | null {
  const first = curve.findIndex((y) => y !== null && y < 0.5 + HALF_TOLERANCE);
  if (first < 0) return null;
  const level = curve[first]!;
  const firstTime = times[first]!;
  if (Math.abs(level - 0.5) >= HALF_TOLERANCE) return firstTime;
  const drop = curve.findIndex((y, i) => i > first && y !== null && y < level);
  return drop < 0 ? firstTime : (firstTime + times[drop]!) / 2;
}
