/**
 * The outcomes dashboard's aggregates, computed where the rows are: one statement reads the
 * clinic's rows of outcome_summary (one per episode, kept current by the database's triggers from
 * the triage, procedure and recovery records and the pain diary: the scores nearest 2, 6 and 12
 * weeks, when relief started and ended and how long it lasted for every pain 0 … 10, and the
 * triage's and the procedure's days in the clinic's time zone), picks each threshold's relief by
 * the episode's baseline pain, and answers every table as one JSON value of counts. Node finishes
 * what needs no row of its own: the waits' median and 90th percentile from the days counted
 * (quantileOfCounts), the responders' and opioid tables from one pass's counts, and the
 * Kaplan–Meier curves from grouped (group, time, event, count) rows, by the pure statistics module.
 * docs/statistics.md ("The outcomes dashboard") defines every number; docs/adr/0005-outcome-summary.md
 * says why a summary table.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import {
  cite,
  comparatorSymbol,
  comparatorWords,
  PGIC_CODES,
  type ResolvedProtocol,
  resolveProtocol,
  type SourceRef,
} from '../../domain/clinical/index.ts';
import {
  kaplanMeier,
  logRank,
  medianSurvival,
  quantileOfCounts,
  SUPPRESS_BELOW,
  SUPPRESSION_NOTE,
  type SurvivalObservation,
  suppressCount,
  suppressShare,
  wilsonInterval,
} from '../../domain/statistics/index.ts';
import {
  type DashboardData,
  type DashboardFilters,
  OPIOID_WEEKS,
  RESPONSE_WEEKS,
  WAITS,
} from '../../shared/api/dashboard.ts';
import { clinicSettings } from '../clinic/settings.ts';

type Executor = Database | Tx;
type Threshold = DashboardData['thresholds']['half'];

/** Half the pain gone: the LCDs' measure of a therapeutic response, and the question leads ask. */
export const HALF: Threshold = {
  key: 'half',
  percent: 50,
  comparator: '>=',
  label: 'at least 50 % relief',
  sources: [cite('S9', '≥50% pain relief (or function) after a therapeutic injection')],
};

/**
 * How far from a time point (days either way) a diary score may be to stand for it. The summary's
 * function (outcome_summary_refresh, drizzle/0008_outcome-summary.sql) applies it; change both.
 */
export const WINDOW_DAYS = 7;
/** Weeks at which the Kaplan–Meier table beside each curve reads the estimate. */
const TABLE_WEEKS = [0, 2, 4, 6, 8, 13, 26];

/** The protocol's own response threshold: the relief a therapeutic injection must give before a repeat. */
export function protocolThreshold(protocol: ResolvedProtocol): {
  threshold: Threshold | null;
  note: string | null;
} {
  const repeat = protocol.values.repeatTherapeutic;
  const sources = (protocol.explained.repeatTherapeutic?.sources ?? []) as SourceRef[];
  if (repeat === null) {
    return {
      threshold: null,
      note: `The clinic's protocol (${protocol.title}) leaves a therapeutic response to the clinician's judgement, so there is no protocol threshold to count responders against.`,
    };
  }
  const same = repeat.percent === HALF.percent && repeat.comparator === HALF.comparator;
  return {
    threshold: {
      key: 'protocol',
      percent: repeat.percent,
      comparator: repeat.comparator,
      label: `${comparatorWords(repeat.comparator)} ${repeat.percent} % relief (the protocol's threshold)`,
      sources,
    },
    note: same
      ? `The clinic's protocol (${protocol.title}) counts a response at the same threshold, ${comparatorSymbol(repeat.comparator)} ${repeat.percent} %, so the figures below serve for both.`
      : null,
  };
}

/** The SQL of the filters: each one narrows the episodes every table is counted over. */
function filterSql(f: DashboardFilters): SQL {
  const parts: SQL[] = [];
  if (f.from) parts.push(sql`and b.referred_on >= ${f.from}::date`);
  if (f.to) parts.push(sql`and b.referred_on <= ${f.to}::date`);
  if (f.operator) parts.push(sql`and b.operator_id = ${f.operator}`);
  if (f.indication) parts.push(sql`and b.indications @> jsonb_build_array(${f.indication}::text)`);
  if (f.guidance) parts.push(sql`and b.guidance = ${f.guidance}`);
  if (f.injectate === 'steroid') parts.push(sql`and b.steroid`);
  // Null (no procedure record, or one without drugs) is neither.
  if (f.injectate === 'anaesthetic-only') parts.push(sql`and b.steroid is false`);
  if (f.purpose) parts.push(sql`and b.purpose = ${f.purpose}`);
  return sql.join(parts, sql` `);
}

function groupSql(compare: DashboardFilters['compare']): SQL {
  switch (compare) {
    case 'guidance':
      return sql`b.guidance`;
    case 'injectate':
      return sql`case when b.steroid then 'steroid' else 'anaesthetic-only' end`;
    case 'purpose':
      return sql`b.purpose`;
    case 'operator':
      return sql`b.operator_name`;
    case 'none':
      return sql`'all'`;
  }
}

/** The largest pain score (0–10) whose relief from `baseline` meets a threshold, as reliefPercent rounds it. */
export function maxPainSql(baseline: SQL, t: Threshold): SQL {
  const relief = sql`floor(((${baseline} - p)::float8 / ${baseline}) * 1000 + 0.5) / 10`;
  const meets = t.comparator === '>=' ? sql`${relief} >= ${t.percent}` : sql`${relief} > ${t.percent}`;
  return sql`(select max(p) from generate_series(0, 10) p where ${baseline} > 0 and ${meets})`;
}

interface Raw {
  stages: { stage: string; n: number }[] | null;
  waits: { wait: string; n: number; median: number | null; p90: number | null }[] | null;
  histogram: { wait: string; bin: number; n: number }[] | null;
  blocks: { classification: string; n: number }[] | null;
  responders: {
    grp: string | null;
    threshold: 'half' | 'protocol';
    week: number;
    trials: number;
    successes: number;
  }[];
  km: { threshold: 'half' | 'protocol'; grp: string; time: number; event: boolean; n: number }[] | null;
  opioids: { week: number; answered: number; any: number; doses: number | null }[];
  pgic: { value: number; n: number }[] | null;
  safety: { procedures: number; complicated: number; reported: number; urgent: number };
  diary: { episodes: number; prompted: number; answered: number; without: number };
  operators: { id: string; name: string }[] | null;
}

/** What the statement returns where it hands over counts rather than a table's rows. */
type Counted = Omit<Raw, 'waits' | 'histogram' | 'responders' | 'opioids'> & {
  /** [grouping bits (1, 2, 3: the wait), days to triage, triage to procedure, referral to procedure, episodes] */
  waits: [number, number | null, number | null, number | null, number][] | null;
  /** Per group: "threshold:week" → [episodes with a score then, of them responders]. */
  responders: { grp: string | null; counts: Record<string, [number, number]> }[] | null;
  /** "week" → [episodes with an answer then, of them any opioid, mean doses]. */
  opioids: Record<string, [number, number, number | null]>;
};

/**
 * The tables' rows from the statement's counts: each wait's median and 90th percentile (R's type
 * 7, from the days counted) and weekly histogram; the responders per group and for all groups
 * together (the total row has no group); the opioid answers per week.
 */
function fromCounts(c: Counted, thresholds: readonly Threshold[]): Raw {
  const waitDays = new Map<string, { value: number; n: number }[]>();
  for (const [bits, ...rest] of c.waits ?? []) {
    const days = rest[bits - 1] as number | null;
    if (days === null) continue; // still waiting
    const wait = WAITS[bits - 1]!;
    waitDays.set(wait, [...(waitDays.get(wait) ?? []), { value: days, n: rest[3] as number }]);
  }
  const waits = [...waitDays].map(([wait, counts]) => ({
    wait,
    n: counts.reduce((n, d) => n + d.n, 0),
    median: quantileOfCounts(counts, 0.5),
    p90: quantileOfCounts(counts, 0.9),
  }));
  const histogram = [...waitDays].flatMap(([wait, counts]) => {
    const bins = new Map<number, number>();
    for (const d of counts) bins.set(Math.floor(d.value / 7), (bins.get(Math.floor(d.value / 7)) ?? 0) + d.n);
    return [...bins].map(([bin, n]) => ({ wait, bin, n }));
  });
  const groups = c.responders ?? [];
  const responders = thresholds.flatMap((t) =>
    RESPONSE_WEEKS.flatMap((week) => {
      const of = (g: (typeof groups)[number]) => g.counts[`${t.key}:${week}`] ?? [0, 0];
      const rows = groups.map((g) => ({ grp: g.grp, trials: of(g)[0], successes: of(g)[1] }));
      const all = {
        grp: null,
        trials: rows.reduce((n, r) => n + r.trials, 0),
        successes: rows.reduce((n, r) => n + r.successes, 0),
      };
      return [...rows, all].map((r) => ({ ...r, threshold: t.key, week }));
    }),
  );
  const opioids = OPIOID_WEEKS.map((week) => {
    const [answered, any, doses] = c.opioids[String(week)] ?? [0, 0, null];
    return { week, answered, any, doses };
  });
  return { ...c, waits, histogram, responders, opioids };
}

export async function dashboard(
  db: Executor,
  clinicId: string,
  filters: DashboardFilters,
  now: Date,
): Promise<DashboardData> {
  const { settings } = await clinicSettings(db, clinicId);
  const protocol = resolveProtocol(settings);
  const own = protocolThreshold(protocol);
  // The protocol's threshold is counted on its own only when it differs from half.
  const thresholds = [HALF, ...(own.threshold && !own.note ? [own.threshold] : [])];
  const tz = settings.clinic.timeZone;
  const group = groupSql(filters.compare);
  const baseline = sql`g.baseline`;
  const key = (t: Threshold) => sql.raw(t.key);
  // One pass over the injected episodes with a diary for every responder count, another for every
  // opioid count: the JSON of one row each, turned into the tables' rows in Node (responderRows,
  // opioidRows).
  const responderCounts = sql.join(
    thresholds.flatMap((t) =>
      RESPONSE_WEEKS.map((w) => {
        const week = sql.raw(`w${w}`);
        return sql`${`${t.key}:${w}`}::text, json_build_array(count(${week}),
          count(*) filter (where ${week} <= max_${key(t)}))`;
      }),
    ),
    sql`, `,
  );
  const opioidCounts = sql.join(
    OPIOID_WEEKS.map((w) => {
      const week = sql.raw(`o${w}`);
      return sql`${String(w)}::text, json_build_array(count(${week}), count(*) filter (where ${week} > 0),
        avg(${week})::float8)`;
    }),
    sql`, `,
  );
  const kmUnion = sql.join(
    thresholds.map(
      (t) => sql`select ${t.key}::text as threshold, coalesce(grp, 'not recorded') as grp,
        days_${key(t)} as time, ended_${key(t)} as event, count(*)::int as n
        from x where started_${key(t)} group by 1, 2, 3, 4`,
    ),
    sql` union all `,
  );
  const maxCols = thresholds.map((t) => sql`${maxPainSql(baseline, t)} as max_${key(t)}`);
  // outcome_summary keeps when relief started and ended, and how long it lasted, for every pain
  // m = 0 … 10 (element m + 1): each threshold reads the element of the largest pain that meets it
  // from this episode's baseline.
  const reliefCols = thresholds.map((t) => {
    const m = sql`m.max_${key(t)} + 1`;
    return sql`m.max_${key(t)}, b.relief_start[${m}] is not null as started_${key(t)},
      b.relief_end[${m}] is not null as ended_${key(t)}, b.relief_days[${m}] as days_${key(t)}`;
  });

  const statement = sql`
    with m as (
      select g.baseline, ${sql.join(maxCols, sql`, `)} from generate_series(0, 10) g(baseline)
    ),
    ep as materialized (
      select b.episode_id as id, b.stage, b.purpose, b.block, b.procedure_at is not null as injected,
        b.triaged_on - b.referred_on as to_triage, b.procedure_on - b.triaged_on as to_procedure,
        b.procedure_on - b.referred_on as to_total,
        ${group} as grp,
        b.complicated, b.answered, b.last_at, b.pgic,
        ${sql.join(
          [
            ...reliefCols,
            ...RESPONSE_WEEKS.map((w) => sql.raw(`b.w${w}`)),
            ...OPIOID_WEEKS.map((w) => sql.raw(`b.o${w}`)),
          ],
          sql`, `,
        )}
      from outcome_summary b left join m on m.baseline = b.baseline
      where b.clinic_id = ${clinicId} ${filterSql(filters)}
    ),
    -- The episodes injected with at least one diary entry from the injection on.
    x as materialized (select * from ep where last_at is not null),
    prompts as (
      select (j.payload->>'episodeId')::uuid as episode_id, count(*)::int as prompted
      from job j
      where j.clinic_id = ${clinicId} and j.kind = 'diary-prompt' and j.status <> 'cancelled'
        and j.run_at <= ${now.toISOString()}::timestamptz
      group by 1
    ),
    reports as (
      select s.episode_id, bool_or(s.urgency = 'urgent') as urgent
      from symptom_report s where s.clinic_id = ${clinicId} group by 1
    )
    select
      (select json_agg(json_build_object('stage', stage, 'n', n)) from
        (select stage, count(*)::int as n from ep group by stage) s) as stages,
      -- Each wait counted per whole day, in one pass: a few hundred rows, not one per episode.
      (select json_agg(json_build_array(g, to_triage, to_procedure, to_total, n))
        from (select grouping(to_triage, to_procedure) as g, to_triage, to_procedure, to_total, count(*)::int as n from ep
          group by grouping sets ((to_triage), (to_procedure), (to_total))) w) as waits,
      (select json_agg(json_build_object('classification', block, 'n', n)) from
        (select block, count(*)::int as n from ep
         where block is not null and purpose in ('diagnostic', 'both') group by block) b) as blocks,
      (select json_agg(r) from
        (select grp, json_build_object(${responderCounts}) as counts from x group by grp) r) as responders,
      (select json_agg(k) from (${kmUnion}) k) as km,
      (select json_build_object(${opioidCounts}) from x) as opioids,
      (select json_agg(json_build_object('value', value, 'n', n)) from
        (select pgic::int as value, count(*)::int as n from x where pgic is not null group by 1) p) as pgic,
      (select json_build_object(
          'procedures', count(*)::int,
          'complicated', count(*) filter (where complicated)::int,
          'reported', count(r.episode_id)::int,
          'urgent', count(*) filter (where r.urgent)::int)
        from ep left join reports r on r.episode_id = ep.id where ep.injected) as safety,
      (select json_build_object(
          'episodes', count(*) filter (where p.prompted is not null)::int,
          'prompted', coalesce(sum(p.prompted), 0)::int,
          'answered', coalesce(sum(least(coalesce(ep.answered, 0), p.prompted)) filter (where p.prompted is not null), 0)::int,
          'without', count(*) filter (where p.prompted is null)::int)
        from ep left join prompts p on p.episode_id = ep.id
        where ep.injected and ep.stage not in ('performed', 'checked-in')) as diary,
      (select json_agg(json_build_object('id', id, 'name', name) order by name) from
        (select distinct operator_id as id, operator_name as name from outcome_summary
         where clinic_id = ${clinicId} and operator_id is not null) o) as operators
  `;
  const result = await db.execute(statement);
  const raw = fromCounts(result.rows[0] as unknown as Counted, thresholds);
  return present(raw, {
    filters,
    thresholds,
    own,
    clinic: { name: settings.clinic.name, timeZone: tz },
    now,
  });
}

const share = (successes: number, trials: number) => {
  const p = wilsonInterval(successes, trials);
  return suppressShare(successes, trials, { estimate: p.proportion, lower: p.lower, upper: p.upper });
};
const plain = ({ hidden: _h, ...rest }: ReturnType<typeof share>) => rest;

function present(
  raw: Raw,
  ctx: {
    filters: DashboardFilters;
    thresholds: Threshold[];
    own: ReturnType<typeof protocolThreshold>;
    clinic: DashboardData['clinic'];
    now: Date;
  },
): DashboardData {
  const { filters } = ctx;
  const stages = raw.stages ?? [];
  const total = stages.reduce((n, s) => n + s.n, 0);
  const histogram = raw.histogram ?? [];
  const blocks = raw.blocks ?? [];
  const blockTotal = blocks.reduce((n, b) => n + b.n, 0);
  const pgic = raw.pgic ?? [];
  const pgicTotal = pgic.reduce((n, p) => n + p.n, 0);
  return {
    clinic: ctx.clinic,
    generatedAt: ctx.now.toISOString(),
    filters: {
      from: filters.from ?? null,
      to: filters.to ?? null,
      operator: filters.operator ?? null,
      indication: filters.indication ?? null,
      guidance: filters.guidance ?? null,
      injectate: filters.injectate ?? null,
      purpose: filters.purpose ?? null,
      compare: filters.compare,
    },
    options: { operators: raw.operators ?? [] },
    suppression: { below: SUPPRESS_BELOW, note: SUPPRESSION_NOTE },
    thresholds: { half: HALF, protocol: ctx.own.threshold, protocolNote: ctx.own.note },
    episodes: {
      total: suppressCount(total),
      byStage: stages
        .map((s) => ({
          stage: s.stage as DashboardData['episodes']['byStage'][number]['stage'],
          count: suppressCount(s.n),
        }))
        .sort((a, b) => a.stage.localeCompare(b.stage)),
    },
    waits: WAITS.map((wait) => {
      const w = raw.waits?.find((r) => r.wait === wait);
      const n = w?.n ?? 0;
      const small = n > 0 && n < SUPPRESS_BELOW;
      return {
        wait,
        n: suppressCount(n),
        median: small ? null : (w?.median ?? null),
        p90: small ? null : (w?.p90 ?? null),
        histogram: histogram
          .filter((h) => h.wait === wait)
          .sort((a, b) => a.bin - b.bin)
          .map((h) => ({ fromDays: h.bin * 7, toDays: h.bin * 7 + 7, count: suppressCount(h.n) })),
      };
    }),
    blocks: {
      total: suppressCount(blockTotal),
      results: (['positive', 'negative', 'indeterminate'] as const).map((classification) => ({
        classification,
        ...plain(share(blocks.find((b) => b.classification === classification)?.n ?? 0, blockTotal)),
      })),
    },
    responders: raw.responders
      .map((r) => ({
        threshold: r.threshold,
        week: r.week,
        group: r.grp,
        ...plain(share(r.successes, r.trials)),
      }))
      .sort(
        (a, b) =>
          a.threshold.localeCompare(b.threshold) ||
          a.week - b.week ||
          (a.group ?? '').localeCompare(b.group ?? ''),
      ),
    duration: ctx.thresholds.map((threshold) => durationOf(threshold, raw.km ?? [])),
    opioids: {
      beforeRecorded: false,
      note: 'Opioid use before the injection is not recorded (neither the referral, triage nor screening asks for it), so a change from before cannot be shown. What the diary records is shown instead: the share of patients whose diary entry nearest each time point reports any opioid dose since the entry before.',
      atWeeks: raw.opioids
        .sort((a, b) => a.week - b.week)
        .map((o) => {
          const s = share(o.any, o.answered);
          return {
            week: o.week,
            answered: s.trials,
            anyOpioid: s.successes,
            estimate: s.estimate,
            lower: s.lower,
            upper: s.upper,
            meanDoses: s.hidden || o.doses === null ? null : o.doses,
          };
        }),
    },
    pgic: {
      total: suppressCount(pgicTotal),
      distribution: (Object.entries(PGIC_CODES) as [string, string][]).map(([value, code]) => ({
        value: Number(value),
        code,
        count: suppressCount(pgic.find((p) => p.value === Number(value))?.n ?? 0),
      })),
    },
    safety: {
      procedures: suppressCount(raw.safety.procedures),
      complications: plain(share(raw.safety.complicated, raw.safety.procedures)),
      symptomReports: plain(share(raw.safety.reported, raw.safety.procedures)),
      redFlagReports: plain(share(raw.safety.urgent, raw.safety.procedures)),
    },
    diary: (() => {
      const s = share(raw.diary.answered, raw.diary.prompted);
      return {
        episodes: suppressCount(raw.diary.episodes),
        prompted: s.trials,
        answered: s.successes,
        estimate: s.estimate,
        lower: s.lower,
        upper: s.upper,
        withoutPromptRecord: suppressCount(raw.diary.without),
      };
    })(),
  };
}

type KmRow = NonNullable<Raw['km']>[number];

/** The Kaplan–Meier curve of each group and the log-rank test between them, for one threshold. */
export function durationOf(threshold: Threshold, rows: readonly KmRow[]): DashboardData['duration'][number] {
  const byGroup = new Map<string, SurvivalObservation[]>();
  for (const r of rows.filter((k) => k.threshold === threshold.key)) {
    const list = byGroup.get(r.grp) ?? [];
    for (let i = 0; i < r.n; i++) list.push({ time: r.time, event: r.event });
    byGroup.set(r.grp, list);
  }
  const names = [...byGroup.keys()].sort();
  const groups = names.map((group) => {
    const observations = byGroup.get(group)!;
    const curve = kaplanMeier(observations);
    const median = medianSurvival(curve);
    const atWeeks = TABLE_WEEKS.map((week) => {
      const day = week * 7;
      // S(t) at a time is the last row at or before it; at risk counts subjects followed to at least it.
      const before = curve.table.filter((r) => r.time <= day);
      const last = before.at(-1);
      const atRisk = observations.filter((o) => o.time >= day).length;
      const events = before.reduce((n, r) => n + r.events, 0);
      return {
        week,
        atRisk: suppressCount(atRisk),
        events: suppressCount(events),
        survival: last ? last.survival : 1,
        lower: last ? last.lower : 1,
        upper: last ? last.upper : 1,
      };
    });
    return {
      group,
      n: suppressCount(curve.n),
      events: suppressCount(curve.events),
      median,
      curve: curve.table.map((r) => ({ time: r.time, survival: r.survival, lower: r.lower, upper: r.upper })),
      atWeeks,
    };
  });
  const test =
    names.length >= 2 ? logRank(names.map((group) => ({ group, observations: byGroup.get(group)! }))) : null;
  return {
    threshold,
    groups,
    logRank: test
      ? {
          chisq: test.chisq,
          df: test.df,
          p: test.p,
          groups: test.groups.map((g) => ({
            group: String(g.group),
            n: suppressCount(g.n),
            observed: suppressCount(g.observed),
            expected: g.expected,
          })),
        }
      : null,
  };
}
