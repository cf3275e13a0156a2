/**
 * The statistics of the outcomes registry: pure functions, no IO, each matching a named R function
 * so a reviewer can reproduce every number (docs/statistics.md).
 */
export { chiSquareUpperTail } from './chi-square.ts';
export {
  type KaplanMeierCurve,
  type KaplanMeierRow,
  kaplanMeier,
  type MedianSurvival,
  medianSurvival,
  type SurvivalObservation,
} from './kaplan-meier.ts';
export { type LogRankGroup, type LogRankTest, logRank, type SurvivalGroup } from './log-rank.ts';
export { Z95 } from './normal.ts';
export { type Proportion, wilsonInterval } from './proportion.ts';
export { quantile, quantileOfCounts, type WaitingTimes, waitingTimes } from './quantile.ts';
export {
  type Cell,
  isSuppressed,
  SUPPRESS_BELOW,
  SUPPRESSED,
  SUPPRESSION_NOTE,
  suppressCount,
  suppressShare,
} from './suppression.ts';
export {
  type KaplanMeierGroupReport,
  type KaplanMeierReport,
  kaplanMeierReport,
  parseSurvivalCsv,
  type SurvivalCsvResult,
  type SurvivalCsvRow,
  survivalCsvReport,
} from './survival-csv.ts';
