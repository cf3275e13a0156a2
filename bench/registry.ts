/**
 * The registry scenario: the outcomes dashboard on a synthetic registry, as a ratio to one
 * `count(*)` of the diary table measured in the same run (issue 12: the whole dashboard within
 * 3 × that scan and under 1 s at 100,000 episodes; a filter change under 300 ms). The dashboard is
 * called as its route calls it (src/server/dashboard/query.ts), without HTTP: what is measured is
 * the statement and the statistics finished in Node, not the web stack the other scenarios cover.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client.ts';
import { dashboard } from '../src/server/dashboard/query.ts';
import { DashboardQuery } from '../src/shared/api/dashboard.ts';

export interface RegistryResult {
  episodes: number;
  diaryEntries: number;
  /** Seconds the synthetic seeder took for the whole registry (null when it was reused). */
  seedSeconds: number | null;
  /** Medians over the runs, in ms. */
  countMs: number;
  dashboardMs: number;
  filterMs: number;
  /** Each as a multiple of countMs; the issue's targets beside them. */
  dashboardRatio: number;
  filterRatio: number;
  runs: number;
  targets: { dashboardRatio: number; dashboardMs: number; filterMs: number };
}

/** The dashboard as a lead opens it (ultrasound against fluoroscopy), then one filter changed. */
const OPENED = DashboardQuery.parse({ compare: 'guidance' });
const FILTERED = DashboardQuery.parse({ compare: 'guidance', purpose: 'therapeutic' });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function timed(f: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await f();
  return performance.now() - started;
}

export async function measureRegistry(
  db: Database,
  clinicId: string,
  options: { episodes: number; seedSeconds: number | null; runs: number; now?: Date },
): Promise<RegistryResult> {
  const now = options.now ?? new Date();
  const entries = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from diary_entry where clinic_id = ${clinicId}`,
  );
  // One of each first, so that every measured run reads from the same (warm) cache.
  await db.execute(sql`select count(*) from diary_entry`);
  await dashboard(db, clinicId, OPENED, now);
  const count: number[] = [];
  const whole: number[] = [];
  const filter: number[] = [];
  // Interleaved, so that a burst of other work on the machine falls on all three alike.
  for (let i = 0; i < options.runs; i++) {
    count.push(await timed(() => db.execute(sql`select count(*) from diary_entry`)));
    whole.push(await timed(() => dashboard(db, clinicId, OPENED, now)));
    filter.push(await timed(() => dashboard(db, clinicId, FILTERED, now)));
  }
  const countMs = median(count);
  const dashboardMs = median(whole);
  const filterMs = median(filter);
  const round = (x: number, digits = 1) => Number(x.toFixed(digits));
  return {
    episodes: options.episodes,
    diaryEntries: entries.rows[0]?.n ?? 0,
    seedSeconds: options.seedSeconds,
    countMs: round(countMs),
    dashboardMs: round(dashboardMs),
    filterMs: round(filterMs),
    dashboardRatio: round(dashboardMs / countMs, 2),
    filterRatio: round(filterMs / countMs, 2),
    runs: options.runs,
    targets: { dashboardRatio: 3, dashboardMs: 1000, filterMs: 300 },
  };
}

/** The scenario's lines in the printed report. */
export function registryLines(r: RegistryResult): string[] {
  return [
    `registry: ${r.episodes} episodes, ${r.diaryEntries} diary entries${r.seedSeconds === null ? '' : `, seeded in ${r.seedSeconds} s`} (median of ${r.runs})`,
    `  count(*) of diary_entry (baseline)       ${String(r.countMs).padStart(8)} ms`,
    `  whole dashboard                          ${String(r.dashboardMs).padStart(8)} ms  ${r.dashboardRatio} × baseline (target ≤ ${r.targets.dashboardRatio} ×, < ${r.targets.dashboardMs} ms)`,
    `  a filter changed                         ${String(r.filterMs).padStart(8)} ms  ${r.filterRatio} × baseline (target < ${r.targets.filterMs} ms)`,
  ];
}
