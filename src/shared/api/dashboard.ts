/**
 * The outcomes dashboard's contract (docs/statistics.md "The outcomes dashboard"): the filters a
 * service lead sets, and the aggregates the server answers with. Every count a table shows is a
 * `Cell`: small counts arrive already suppressed ("<5") and the shares worked out from them null.
 */
import { z } from 'zod';
import { GUIDANCE, INDICATIONS, PurposeSchema, SourceRefSchema } from '../../domain/clinical/index.ts';
import { PlausibleDate } from '../../domain/dates.ts';
import { Stage } from '../../domain/pathway.ts';
import { SUPPRESSED } from '../../domain/statistics/suppression.ts';

export const INJECTATES = ['steroid', 'anaesthetic-only'] as const;
export const COMPARE_BY = ['guidance', 'injectate', 'purpose', 'operator', 'none'] as const;
export const WAITS = ['referral-to-triage', 'triage-to-procedure', 'referral-to-procedure'] as const;
export const RESPONSE_WEEKS = [2, 6, 12] as const;
export const OPIOID_WEEKS = [1, 2, 6, 12] as const;

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .enum(values)
    .or(z.literal(''))
    .optional()
    .transform((v) => v || undefined);

export const DashboardQuery = z.object({
  /** Referral date on or after. */
  from: PlausibleDate().optional(),
  /** Referral date on or before. */
  to: PlausibleDate().optional(),
  /** Who performed the procedure (the user who recorded it). */
  operator: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || undefined),
  indication: optionalEnum(INDICATIONS),
  guidance: optionalEnum(GUIDANCE),
  injectate: optionalEnum(INJECTATES),
  purpose: optionalEnum(PurposeSchema.options as unknown as readonly ['diagnostic', 'therapeutic', 'both']),
  /** The grouping of the Kaplan–Meier curves, the log-rank test and the responder bars. */
  compare: z.enum(COMPARE_BY).default('guidance'),
});
export type DashboardFilters = z.output<typeof DashboardQuery>;

export const Cell = z.union([z.number().int().min(0), z.literal(SUPPRESSED)]);

const Share = z.object({
  successes: Cell,
  trials: Cell,
  /** null when hidden (small cell) or nothing to share */
  estimate: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});

const Threshold = z.object({
  key: z.enum(['half', 'protocol']),
  percent: z.number(),
  comparator: z.enum(['>', '>=']),
  label: z.string(),
  sources: z.array(SourceRefSchema),
});

const SurvivalPoint = z.object({
  time: z.number(),
  survival: z.number(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});

const KmGroup = z.object({
  group: z.string(),
  n: Cell,
  events: Cell,
  median: z.object({
    time: z.number().nullable(),
    lower: z.number().nullable(),
    upper: z.number().nullable(),
  }),
  /** the step curve, one point per distinct time (days since the injection) */
  curve: z.array(SurvivalPoint),
  /** the table beside the plot: at each whole week, who is still followed and the estimate */
  atWeeks: z.array(
    z.object({
      week: z.number(),
      atRisk: Cell,
      events: Cell,
      survival: z.number().nullable(),
      lower: z.number().nullable(),
      upper: z.number().nullable(),
    }),
  ),
});

const Duration = z.object({
  threshold: Threshold,
  groups: z.array(KmGroup),
  logRank: z
    .object({
      chisq: z.number().nullable(),
      df: z.number(),
      p: z.number().nullable(),
      groups: z.array(z.object({ group: z.string(), n: Cell, observed: Cell, expected: z.number() })),
    })
    .nullable(),
});

export const Dashboard = z.object({
  clinic: z.object({ name: z.string(), timeZone: z.string() }),
  generatedAt: z.iso.datetime(),
  filters: z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    operator: z.string().nullable(),
    indication: z.string().nullable(),
    guidance: z.string().nullable(),
    injectate: z.string().nullable(),
    purpose: z.string().nullable(),
    compare: z.enum(COMPARE_BY),
  }),
  options: z.object({
    operators: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
  suppression: z.object({ below: z.number(), note: z.string() }),
  thresholds: z.object({
    half: Threshold,
    /** null when the protocol leaves the response to the clinician's judgement */
    protocol: Threshold.nullable(),
    protocolNote: z.string().nullable(),
  }),
  episodes: z.object({
    total: Cell,
    byStage: z.array(z.object({ stage: Stage, count: Cell })),
  }),
  waits: z.array(
    z.object({
      wait: z.enum(WAITS),
      n: Cell,
      median: z.number().nullable(),
      p90: z.number().nullable(),
      /** whole weeks: [fromDays, toDays) */
      histogram: z.array(z.object({ fromDays: z.number(), toDays: z.number(), count: Cell })),
    }),
  ),
  blocks: z.object({
    total: Cell,
    results: z.array(Share.extend({ classification: z.enum(['positive', 'negative', 'indeterminate']) })),
  }),
  responders: z.array(
    Share.extend({
      threshold: z.enum(['half', 'protocol']),
      week: z.number(),
      /** null = every group together */
      group: z.string().nullable(),
    }),
  ),
  duration: z.array(Duration),
  opioids: z.object({
    beforeRecorded: z.boolean(),
    note: z.string(),
    atWeeks: z.array(
      z.object({
        week: z.number(),
        answered: Cell,
        anyOpioid: Cell,
        estimate: z.number().nullable(),
        lower: z.number().nullable(),
        upper: z.number().nullable(),
        meanDoses: z.number().nullable(),
      }),
    ),
  }),
  pgic: z.object({
    total: Cell,
    distribution: z.array(z.object({ value: z.number(), code: z.string(), count: Cell })),
  }),
  safety: z.object({
    procedures: Cell,
    complications: Share,
    symptomReports: Share,
    redFlagReports: Share,
  }),
  diary: z.object({
    episodes: Cell,
    prompted: Cell,
    answered: Cell,
    estimate: z.number().nullable(),
    lower: z.number().nullable(),
    upper: z.number().nullable(),
    withoutPromptRecord: Cell,
  }),
});
export type DashboardData = z.output<typeof Dashboard>;
