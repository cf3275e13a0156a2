/**
 * Small-cell suppression for the aggregate tables the outcomes dashboard shows and downloads: a
 * count of 1 to 4 patients is shown as "<5" and any share or interval computed from it is hidden,
 * so that a table cut by filters cannot single out a patient. The threshold is the one issue 12
 * sets for the registry's aggregate tables ("cells under 5 suppressed"), which is also the
 * convention of NHS England's small-number disclosure control; it is a disclosure rule, not a
 * clinical one. A zero is shown: nobody can be singled out by it.
 */

/** Counts below this (and above 0) are suppressed. */
export const SUPPRESS_BELOW = 5;
/** What a suppressed count shows. */
export const SUPPRESSED = '<5' as const;
/** The sentence the dashboard prints under every table it suppresses. */
export const SUPPRESSION_NOTE =
  'Counts of 1 to 4 are shown as “<5”, and the percentages and intervals worked out from them are hidden, so that no patient can be recognised from a small group.';

export type Cell = number | typeof SUPPRESSED;

export function isSuppressed(count: number): boolean {
  return count > 0 && count < SUPPRESS_BELOW;
}

/** A count as a table may show it. */
export function suppressCount(count: number): Cell {
  return isSuppressed(count) ? SUPPRESSED : count;
}

/**
 * A share as a table may show it: the numerator and denominator suppressed on their own, and the
 * estimate with its interval hidden (null) when either of them is.
 */
export function suppressShare<T extends object>(
  successes: number,
  trials: number,
  estimate: T,
): { successes: Cell; trials: Cell; hidden: boolean } & { [K in keyof T]: T[K] | null } {
  const hidden = isSuppressed(successes) || isSuppressed(trials);
  const shown = Object.fromEntries(Object.entries(estimate).map(([k, v]) => [k, hidden ? null : v])) as {
    [K in keyof T]: T[K] | null;
  };
  return { successes: suppressCount(successes), trials: suppressCount(trials), hidden, ...shown };
}
