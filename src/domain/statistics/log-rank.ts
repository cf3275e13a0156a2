import { chiSquareUpperTail } from './chi-square.ts';
import type { SurvivalObservation } from './kaplan-meier.ts';

export interface SurvivalGroup {
  readonly group: string;
  readonly observations: readonly SurvivalObservation[];
}

export interface LogRankGroup {
  group: string;
  n: number;
  /** events observed in the group */
  observed: number;
  /** events expected in the group were all groups alike */
  expected: number;
}

export interface LogRankTest {
  groups: LogRankGroup[];
  /** null when there is nothing to compare (fewer than two groups with an expected event) */
  chisq: number | null;
  /** groups with an expected event, less one (R drops groups whose expected count is 0) */
  df: number;
  /** P(χ²(df) ≥ chisq); null with chisq */
  p: number | null;
}

/**
 * The log-rank test of two or more survival curves: R's
 * `survival::survdiff(Surv(time, event) ~ group)` (rho = 0, no strata). At each distinct event time
 * the events are shared out over the groups in proportion to the number each has at risk, with the
 * hypergeometric variance; the statistic is (O − E)ᵀ V⁻ (O − E) over all groups but one.
 */
export function logRank(groups: readonly SurvivalGroup[]): LogRankTest {
  const k = groups.length;
  const names = new Set(groups.map((g) => g.group));
  if (names.size !== k) throw new RangeError('each group must appear once');
  const pooled = groups
    .flatMap((g, index) => g.observations.map((o) => ({ index, time: o.time, event: o.event })))
    .sort((a, b) => b.time - a.time);
  for (const o of pooled) {
    if (!Number.isFinite(o.time) || o.time < 0) {
      throw new RangeError(`a survival time must be a finite number ≥ 0, not ${o.time}`);
    }
  }
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const atRisk = new Array<number>(k).fill(0);
  // Walk backwards in time so the risk sets only grow (survival's survdiff2.c does the same).
  for (let i = 0; i < pooled.length; ) {
    const time = pooled[i]!.time;
    let deaths = 0;
    for (; i < pooled.length && pooled[i]!.time === time; i++) {
      const o = pooled[i]!;
      atRisk[o.index]!++;
      if (o.event) {
        observed[o.index]!++;
        deaths++;
      }
    }
    if (deaths === 0) continue;
    const n = i; // everyone seen so far has a time ≥ this one: the risk set
    for (let g = 0; g < k; g++) expected[g]! += (deaths * atRisk[g]!) / n;
    if (n === 1) continue;
    for (let g = 0; g < k; g++) {
      const common = (deaths * atRisk[g]! * (n - deaths)) / (n * (n - 1));
      variance[g]![g]! += common;
      for (let h = 0; h < k; h++) variance[g]![h]! -= (common * atRisk[h]!) / n;
    }
  }
  const result = groups.map((g, index) => ({
    group: g.group,
    n: g.observations.length,
    observed: observed[index]!,
    expected: expected[index]!,
  }));
  const tested = result.flatMap((g, index) => (g.expected > 0 ? [index] : []));
  const df = tested.length - 1;
  if (df < 1) return { groups: result, chisq: null, df: 0, p: null };
  const kept = tested.slice(1);
  const difference = kept.map((g) => observed[g]! - expected[g]!);
  const solved = solve(
    kept.map((g) => kept.map((h) => variance[g]![h]!)),
    difference,
  );
  if (!solved) return { groups: result, chisq: null, df, p: null };
  const chisq = Math.max(
    0,
    solved.reduce((sum, x, i) => sum + x * difference[i]!, 0),
  );
  return { groups: result, chisq, df, p: chiSquareUpperTail(chisq, df) };
}

/**
 * x = A⁻¹ b for a symmetric positive definite A, by Cholesky (A = L Lᵀ); null when A is singular
 * to working precision (a pivot under 1e-12 of the largest diagonal), where R's solve() would stop.
 */
function solve(matrix: number[][], rhs: number[]): number[] | null {
  const n = rhs.length;
  const scale = Math.max(...matrix.map((row, i) => Math.abs(row[i]!)));
  const lower = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i]![j]!;
      for (let k = 0; k < j; k++) sum -= lower[i]![k]! * lower[j]![k]!;
      if (i > j) lower[i]![j] = sum / lower[j]![j]!;
      else if (sum > scale * 1e-12) lower[i]![i] = Math.sqrt(sum);
      else return null;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = rhs[i]!;
    for (let k = 0; k < i; k++) sum -= lower[i]![k]! * y[k]!;
    y[i] = sum / lower[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= lower[k]![i]! * x[k]!;
    x[i] = sum / lower[i]![i]!;
  }
  return x;
}
