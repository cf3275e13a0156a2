import type { SurvivalObservation } from './kaplan-meier.ts';

/**
 * Reference data sets for the tests, each with censoring and a published analysis.
 * `time+` in a comment is a censored time.
 */

/** Observations from times and 1/0 event flags (1 = the event happened, 0 = censored). */
export function observations(times: readonly number[], events: readonly (0 | 1)[]): SurvivalObservation[] {
  return times.map((time, i) => ({ time, event: events[i] === 1 }));
}

/**
 * R's `survival::aml` (acute myelogenous leukaemia, weeks to relapse; Miller 1981, Survival
 * Analysis, p. 49). Maintained: 9, 13, 13+, 18, 23, 28+, 31, 34, 45+, 48, 161+.
 */
export const AML_MAINTAINED = observations(
  [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161],
  [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0],
);
/** Nonmaintained: 5, 5, 8, 8, 12, 16+, 23, 27, 30, 33, 43, 45. */
export const AML_NONMAINTAINED = observations(
  [5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45],
  [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1],
);

/**
 * Freireich et al. (1963), Blood 21:699 — weeks in remission of children with acute leukaemia on
 * 6-mercaptopurine or placebo, the example of Gehan (1965), Kleinbaum & Klein (Survival Analysis:
 * A Self-Learning Text, ch. 2) and Klein & Moeschberger (Example 4.1). 6-MP: 6, 6, 6, 6+, 7, 9+,
 * 10, 10+, 11+, 13, 16, 17+, 19+, 20+, 22, 23, 25+, 32+, 32+, 34+, 35+.
 */
export const LEUKAEMIA_6MP = observations(
  [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35],
  [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0],
);
/** Placebo (no censoring): 1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23. */
export const LEUKAEMIA_PLACEBO = observations(
  [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23],
  new Array<0 | 1>(21).fill(1),
);
