import { Z95 } from './normal.ts';

export interface Proportion {
  successes: number;
  trials: number;
  /** successes / trials; null when there are no trials */
  proportion: number | null;
  /** 95 % Wilson score interval; null when there are no trials */
  lower: number | null;
  upper: number | null;
}

/**
 * A proportion with its 95 % Wilson score interval: R's
 * `prop.test(successes, trials, correct = FALSE)$conf.int` (the same numbers as
 * `binom::binom.wilson`). Unlike the Wald interval it stays inside [0, 1] and keeps its coverage
 * for small samples and proportions near 0 or 1 — responders among a handful of patients.
 * Written in prop.test's own arithmetic so the digits agree.
 */
export function wilsonInterval(successes: number, trials: number): Proportion {
  if (!Number.isInteger(trials) || trials < 0) {
    throw new RangeError(`trials must be a whole number ≥ 0, not ${trials}`);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`successes must be a whole number from 0 to ${trials}, not ${successes}`);
  }
  if (trials === 0) return { successes, trials, proportion: null, lower: null, upper: null };
  const p = successes / trials;
  const z22n = (Z95 * Z95) / (2 * trials);
  const spread = Z95 * Math.sqrt((p * (1 - p)) / trials + z22n / (2 * trials));
  return {
    successes,
    trials,
    proportion: p,
    lower: p <= 0 ? 0 : (p + z22n - spread) / (1 + 2 * z22n),
    upper: p >= 1 ? 1 : (p + z22n + spread) / (1 + 2 * z22n),
  };
}
