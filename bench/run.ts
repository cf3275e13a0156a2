/**
 * The benchmark: what users do, against the real server on PostgreSQL with a realistic clinic,
 * each result a ratio to a baseline measured in the same run — a bare route on the same Fastify
 * instance, in the same process, with the same hooks and logger. The load comes from another
 * process (bench/load.ts), so the generator's own work does not count against the server.
 * Absolute numbers vary from machine to machine; the ratios say what our stack costs.
 * First, on an otherwise idle machine, start-up: `npm start` to the first 200, and `--help`
 * (bench/cold-start.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { connect, type Database, withDatabase } from '../src/db/client.ts';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { buildApp } from '../src/server/app.ts';
import { startSealer } from '../src/server/audit/sealer.ts';
import { seedSynthetic } from '../src/server/demo/synthetic.ts';
import { measureStartup, type StartupResult } from './cold-start.ts';
import type { LoadResult, LoadScenario } from './load.ts';
import { measureRegistry, type RegistryResult, registryLines } from './registry.ts';

export interface BenchResult {
  name: string;
  /** What the scenario does, in a line. */
  what: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** This scenario's req/s ÷ the bare route's, measured just before it (baselineReqPerSec). */
  ratio: number;
  baselineReqPerSec: number;
  /**
   * Requests that got no answer in time (autocannon's 10 s) or whose connection failed: counted,
   * not in the latencies, and shown beside them. A run fails on any wrong answer.
   */
  errors: number;
  /**
   * CPU time per request, measured whatever else the machine is doing: the server process
   * (Node, the sealer included) and the embedded PostgreSQL's processes (null on another server).
   */
  serverCpuMs: number;
  databaseCpuMs: number | null;
  /**
   * The same requests at a steady quarter of the throughput just measured: the latency a user
   * meets when the server is busy but not saturated (issue 8's p99 target, < 50 ms).
   */
  paced?: { rate: number; p50Ms: number; p99Ms: number };
  /** How long the sealer went on chaining this scenario's audit events after its last request. */
  sealingMs: number;
  /** The issue's target for the ratio, where it sets one. */
  target?: number;
}

/** What bench/results.json holds. */
export interface BenchReport {
  at: string;
  mode: 'full' | 'short';
  machine: Record<string, string | number>;
  clinic: { episodes: number; busyDayEpisodes: number };
  connections: number;
  durationSeconds: number;
  poolSize: number;
  /** Absent when the run skipped it (--no-startup). */
  startup?: StartupResult;
  results: BenchResult[];
  /** The outcomes dashboard on the synthetic registry (bench/registry.ts); absent when --scenario left it out. */
  registry?: RegistryResult;
}

/** Waits until the sealer has chained every audit event written so far; answers how long it took. */
async function sealed(db: Database, limitMs = 120_000): Promise<number> {
  const start = performance.now();
  for (;;) {
    const left = await db.execute<{ n: number }>(sql`select count(*)::int as n from audit_pending`);
    if (left.rows[0]!.n === 0) return performance.now() - start;
    if (performance.now() - start > limitMs)
      throw new Error(`the sealer left ${left.rows[0]!.n} events unsealed`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface BenchOptions {
  /** A few seconds in all: proves the benchmark works, says nothing about speed. */
  short: boolean;
  /** A PostgreSQL server to use; unset: a throwaway embedded one. */
  serverUrl?: string | undefined;
  /** Where the results go (JSON); unset in short mode: nowhere. */
  out?: string | undefined;
  /** Where the full run's Markdown report goes. */
  markdown?: string | undefined;
  episodes?: number;
  connections?: number;
  duration?: number;
  poolSize?: number;
  /** Only the scenarios whose name contains this (the baseline always runs). */
  scenario?: string | undefined;
  /** Measure start-up (cold start, --help) first; default true. */
  startup?: boolean;
  log?: (line: string) => void;
}

/** CPU time of the embedded PostgreSQL (postmaster and its children), in ms; null when not readable. */
async function postgresCpuMs(dataDir: string | undefined): Promise<number | null> {
  if (!dataDir || process.platform !== 'linux') return null;
  try {
    const postmaster = Number(
      (await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    let total = 0;
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the command: state, ppid, … utime is field 14 and stime 15 of the whole line.
      if (Number(pid) === postmaster) {
        // Its own time, and that of children that have exited (a pool closes idle connections).
        total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * tick;
      } else if (Number(fields[1]) === postmaster) {
        total += (Number(fields[11]) + Number(fields[12])) * tick;
      }
    }
    return total;
  } catch {
    return null;
  }
}

// From the sources (through tsx) or compiled (dist/server/bench, `sijpath bench` from the build).
const compiled = import.meta.url.endsWith('.js');
const loadScript = path.join(path.dirname(fileURLToPath(import.meta.url)), compiled ? 'load.js' : 'load.ts');

/** One scenario, driven from a child process; its JSON answer, or an error with what it printed. */
function drive(scenario: LoadScenario): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const args = [loadScript, JSON.stringify(scenario)];
    const child = spawn(process.execPath, compiled ? args : ['--import', 'tsx', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1);
      if (code === 0 && line) resolve(JSON.parse(line) as LoadResult);
      else reject(new Error(`the load generator for "${scenario.name}" failed (${code}):\n${err}${out}`));
    });
  });
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const { short, log = console.log } = options;
  const duration = options.duration ?? (short ? 1 : 10);
  const warmupSeconds = short ? 0 : 3;
  const connections = options.connections ?? (short ? 10 : 50);
  const episodes = options.episodes ?? (short ? 300 : 10_000);
  const poolSize = options.poolSize ?? 10;
  let serverUrl = options.serverUrl;
  let embeddedDir: string | undefined;
  // Before anything else runs, so that nothing competes with the starting server for the CPU.
  const startup = (options.startup ?? true) ? await measureStartup({ runs: short ? 1 : 3, log }) : undefined;
  // Undone in reverse: the server closes before the pool ends, the pool before its database goes.
  const cleanup: (() => Promise<unknown>)[] = [];
  const load = os.loadavg();
  try {
    if (!serverUrl) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'sijpath-bench-'));
      const embedded = await startEmbeddedPostgres({ dataDir: dir, persistent: false });
      embeddedDir = dir;
      cleanup.push(() => rm(dir, { recursive: true, force: true }), embedded.stop);
      serverUrl = embedded.url;
    }
    const dbName = `sijpath_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database "${dbName}"`);
    cleanup.push(async () => {
      await admin.query(`drop database if exists "${dbName}" with (force)`);
      await admin.end();
    });
    // The same pool size `sijpath serve` uses, unless asked otherwise.
    const db = connect(withDatabase(serverUrl, dbName), poolSize);
    cleanup.push(() => db.$client.end());
    log('Preparing the database: migrations ...');
    await migrateDatabase(db);
    const started = Date.now();
    const clinic = await seedSynthetic(db, {
      episodes,
      diaries: true,
      onProgress: (done, total) => {
        if (done === total || done % 2000 === 0) log(`  synthetic clinic: ${done} of ${total} episodes`);
      },
    });
    const seedSeconds = Number(((Date.now() - started) / 1000).toFixed(1));
    log(`  seeded in ${seedSeconds} s`);
    await db.execute(sql`vacuum analyze`);

    const wanted = (name: string) => !options.scenario || name.includes(options.scenario.toLowerCase());
    let registry: RegistryResult | undefined;
    if (wanted('registry dashboard')) {
      log('Measuring the registry dashboard against a count(*) of the diary ...');
      registry = await measureRegistry(db, clinic.clinicId, { episodes, seedSeconds, runs: short ? 1 : 5 });
    }

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const app = await buildApp({
      db,
      baseUrl,
      authSecret: 'bench-secret-bench-secret-bench-secret',
      // As `sijpath serve` logs (every request at info), into the void rather than the terminal.
      logger: { level: 'info', file: '/dev/null' },
    });
    // The baseline: a bare route on the same instance, outside /api (no session, no database).
    app.get('/bench/bare', async () => ({ status: 'ok' }));
    await app.listen({ port, host: '127.0.0.1' });
    cleanup.push(() => app.close());
    // The sealer runs as it does in `sijpath serve`: its work is part of what audited requests cost.
    const sealer = startSealer(db, { key: 'bench-audit-key-bench-audit-key-0123' });
    cleanup.push(() => sealer.stop());

    const signIn = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl },
      body: JSON.stringify({ email: clinic.users.nurse.email, password: clinic.password }),
    });
    if (!signIn.ok) throw new Error(`Could not sign in for the benchmark: ${signIn.status}`);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const headers = { cookie };

    // Pages of episodes at every stage, and their patients, visited in turn.
    const sample = await db.execute<{ id: string; patient_id: string }>(sql`
      select id, patient_id from episode where clinic_id = ${clinic.clinicId}
      order by md5(id::text) limit 1000`);
    const toScreen = await db.execute<{ id: string; version: number; side: 'left' | 'right' }>(sql`
      select id, version, side from episode where clinic_id = ${clinic.clinicId}
        and stage in ('screened', 'scheduled') order by md5(id::text)`);
    const day = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from booking b join procedure_list l on l.id = b.procedure_list_id
      where l.clinic_id = ${clinic.clinicId} and l.date = ${clinic.busyDay} and b.status = 'booked'`);
    const busyDayEpisodes = day.rows[0]?.n ?? 0;

    const scenarios: (Omit<LoadScenario, 'baseUrl' | 'connections' | 'duration' | 'warmupSeconds'> & {
      what: string;
      target?: number;
    })[] = [
      {
        name: 'bare Fastify route (baseline)',
        what: 'a route that answers {status:"ok"}: same process, hooks and logger, no session, no SQL',
        headers: {},
        paths: ['/bench/bare'],
      },
      {
        name: 'health',
        what: 'one SQL round trip, no session',
        headers: {},
        paths: ['/api/health'],
      },
      {
        name: 'signed-in session check (/api/me)',
        what: 'the cookie verified; the session answer cached (one indexed statement when not)',
        headers,
        paths: ['/api/me'],
        target: 0.4,
      },
      {
        name: `worklist of one day (${busyDayEpisodes} episodes)`,
        what: "one statement: the day's stamp + the audit insert (a second builds the list if it changed)",
        headers,
        // As the worklist page asks for a day: its open episodes.
        paths: [`/api/episodes?stage=open&date=${clinic.busyDay}`],
        target: 0.1,
      },
      {
        name: 'episode page (audited)',
        what: '1,000 episodes at every stage in turn: one statement, the stamp + the audit insert (a second builds the page if it changed)',
        headers,
        paths: sample.rows.map((r) => `/api/episodes/${r.id}`),
        target: 0.15,
      },
      {
        name: 'patient page (audited)',
        what: 'their patients in turn: one statement + the audit insert',
        headers,
        paths: sample.rows.map((r) => `/api/patients/${r.patient_id}`),
      },
      {
        name: 'screening save (write + verdict + audit)',
        what: `a screening call on ${toScreen.rows.length} screened or booked episodes in turn, each with its current version; answers the episode page`,
        headers,
        screenings: toScreen.rows,
        target: 0.05,
      },
    ];

    const chosen = scenarios.filter(
      (s, i) => i === 0 || !options.scenario || s.name.toLowerCase().includes(options.scenario.toLowerCase()),
    );
    const measure = async (
      s: (typeof scenarios)[number],
      { paced = true } = {},
    ): Promise<Omit<BenchResult, 'ratio' | 'baselineReqPerSec'>> => {
      // The short mode sends a few requests per connection, however long they take.
      const amount = short ? connections * 3 : undefined;
      log(
        `Measuring ${s.name} ${amount ? `with ${amount} requests` : `for ${duration} s`} over ${connections} connections ...`,
      );
      const { what, target, ...rest } = s;
      const cpuBefore = process.cpuUsage();
      const dbBefore = await postgresCpuMs(embeddedDir);
      const r = await drive({
        ...rest,
        baseUrl,
        connections,
        duration,
        warmupSeconds,
        ...(amount ? { amount } : {}),
        ...(paced && {
          paced: {
            fraction: 0.25,
            ...(short ? { amount: connections } : { seconds: Math.min(duration, 6) }),
          },
        }),
      });
      if (r.non2xx > 0 || r.requests === 0 || (r.paced?.non2xx ?? 0) > 0) {
        throw new Error(
          `${s.name}: ${r.non2xx + (r.paced?.non2xx ?? 0)} non-2xx answers, ${r.errors} errors, ${r.requests} requests`,
        );
      }
      // The sealer chains the scenario's audit events after they are written: its work belongs to
      // this scenario's cost, and left running it would slow the next measurement instead.
      const sealing = await sealed(db);
      const cpu = process.cpuUsage(cpuBefore);
      const dbAfter = await postgresCpuMs(embeddedDir);
      // Warm-up and paced requests used CPU too: divide by every request sent.
      const sent = r.requests + r.warmupRequests + (r.paced?.requests ?? 0);
      return {
        name: s.name,
        what,
        reqPerSec: Number(r.reqPerSec.toFixed(1)),
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        errors: r.errors + (r.paced?.errors ?? 0),
        sealingMs: Math.round(sealing),
        ...(r.paced ? { paced: { rate: r.paced.rate, p50Ms: r.paced.p50Ms, p99Ms: r.paced.p99Ms } } : {}),
        serverCpuMs: Number(((cpu.user + cpu.system) / 1000 / sent).toFixed(3)),
        databaseCpuMs:
          dbBefore === null || dbAfter === null ? null : Number(((dbAfter - dbBefore) / sent).toFixed(3)),
        ...(target ? { target } : {}),
      };
    };
    // The bare route is measured again just before each scenario, and the scenario's ratio is to
    // that run: on a shared 2-core machine the bare route's throughput moves with whatever else
    // runs (5,600 to 10,500 req/s between runs an hour apart), and a ratio to a baseline taken
    // minutes earlier measured that drift as much as the scenario.
    const [bare, ...rest] = chosen;
    const results: BenchResult[] = [];
    const first = await measure(bare!);
    results.push({ ...first, ratio: 1, baselineReqPerSec: first.reqPerSec });
    for (const s of rest) {
      const beside = await measure(bare!, { paced: false });
      const r = await measure(s);
      results.push({
        ...r,
        baselineReqPerSec: beside.reqPerSec,
        ratio: Number((r.reqPerSec / beside.reqPerSec).toFixed(3)),
      });
    }

    const version = await db.execute<{ v: string }>(sql`select current_setting('server_version') as v`);
    const report: BenchReport = {
      at: new Date().toISOString(),
      mode: short ? 'short' : 'full',
      machine: {
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        os: `${os.type()} ${os.release()}`,
        node: process.version,
        postgresql: version.rows[0]?.v ?? 'unknown',
        database: options.serverUrl ? 'DATABASE_URL_BENCH' : 'embedded',
        loadAverageBefore: load.map((l) => l.toFixed(1)).join(' '),
        loadAverageAfter: os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' '),
      },
      clinic: { episodes, busyDayEpisodes },
      connections,
      durationSeconds: duration,
      poolSize,
      ...(startup && { startup }),
      results,
      ...(registry && { registry }),
    };
    log('');
    if (startup) {
      log(`start-up (median of ${startup.runs}):`);
      log(`  npm start → first 200 from /api/health   ${String(startup.coldStartMs).padStart(6)} ms`);
      log(`  sijpath serve → first 200                ${String(startup.serveStartMs).padStart(6)} ms`);
      log(`  sijpath --help                           ${String(startup.cliHelpMs).padStart(6)} ms`);
      log(`  sijpath serve --help                     ${String(startup.serveHelpMs).padStart(6)} ms`);
      log('');
    }
    log(
      `${'scenario'.padEnd(44)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'p99 @¼'.padStart(7)} ${'no ans'.padStart(6)} ${'ratio'.padStart(7)} ${'bare'.padStart(6)} ${'target'.padStart(7)} ${'cpu ms/req: node'.padStart(17)} ${'pg'.padStart(6)} ${'sealed +s'.padStart(9)}`,
    );
    for (const r of results) {
      log(
        `${r.name.padEnd(44)} ${r.reqPerSec.toFixed(0).padStart(9)} ${String(r.p50Ms).padStart(7)} ${String(r.p99Ms).padStart(7)} ${String(r.paced?.p99Ms ?? '-').padStart(7)} ${String(r.errors).padStart(6)} ${r.ratio.toFixed(3).padStart(7)} ${r.baselineReqPerSec.toFixed(0).padStart(6)} ${(r.target ? `≥ ${r.target}` : '').padStart(7)} ${r.serverCpuMs.toFixed(2).padStart(17)} ${(r.databaseCpuMs?.toFixed(2) ?? '-').padStart(6)} ${(r.sealingMs / 1000).toFixed(1).padStart(9)}`,
      );
    }
    if (registry) {
      log('');
      for (const line of registryLines(registry)) log(line);
    }
    log(
      `\nMachine: ${report.machine.cores} × ${report.machine.cpu}; load average before ${report.machine.loadAverageBefore}, after ${report.machine.loadAverageAfter}`,
    );
    if (options.out) {
      await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
      log(`Written to ${options.out}`);
    }
    if (options.markdown) {
      await writeFile(options.markdown, markdownReport(report));
      log(`Written to ${options.markdown}`);
    }
    return report;
  } finally {
    for (const step of cleanup.reverse()) await step();
  }
}

/** bench/RESULTS.md: the latest full run, with the machine it ran on. */
export function markdownReport(r: BenchReport): string {
  const rows = r.results.map(
    (x) =>
      `| ${x.name} | ${x.reqPerSec.toFixed(0)} | ${x.p50Ms} | ${x.p99Ms} | ${x.paced ? `${x.paced.p99Ms} (${x.paced.rate}/s)` : '–'} | ${x.errors} | ${x.ratio.toFixed(3)} | ${x.baselineReqPerSec.toFixed(0)} | ${x.target ? `≥ ${x.target}` : ''} | ${x.serverCpuMs.toFixed(2)} | ${x.databaseCpuMs?.toFixed(2) ?? '–'} | ${x.what} |`,
  );
  const m = r.machine;
  const s = r.startup;
  const startup = s
    ? `
## Start-up (median of ${s.runs}, before the scenarios)

| what | ms |
|---|---:|
| \`npm start\` → first 200 from /api/health | ${s.coldStartMs} |
| \`sijpath serve\` → first 200 | ${s.serveStartMs} |
| \`sijpath --help\` | ${s.cliHelpMs} |
| \`sijpath serve --help\` | ${s.serveHelpMs} |
`
    : '';
  return `# Benchmark results

The latest full run of \`npm run bench\` (\`sijpath bench\`), written by it; see README.md for what
each scenario does and how to read the ratios. req/s, p50 and p99 are measured at saturation (a
closed loop of ${r.connections} connections, whose p50 is about ${r.connections} ÷ req/s of queueing); "p99 at ¼ load" is the
same requests sent at a steady quarter of that throughput (the rate in brackets), the latency a
user meets on a busy but not saturated server (target < 50 ms). Each ratio is to the bare route
measured again just before that scenario (its req/s in "bare route beside").

- Run at ${r.at}, ${r.connections} connections, ${r.durationSeconds} s per scenario after a warm-up, pool of ${r.poolSize} database connections.
- Machine: ${m.cores} × ${m.cpu}, ${m.memoryGb} GB, ${m.os}; Node ${m.node}; PostgreSQL ${m.postgresql} (${m.database}).
- Load average (1, 5, 15 min) before the run: ${m.loadAverageBefore}; after: ${m.loadAverageAfter}.
- Clinic: ${r.clinic.episodes} synthetic episodes across every stage, with pain diaries; the busy day has ${r.clinic.busyDayEpisodes} episodes booked.

| scenario | req/s | p50 ms | p99 ms | p99 ms at ¼ load | no answer | ratio | bare route beside, req/s | target | Node CPU ms/req | PostgreSQL CPU ms/req | what it does |
|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|
${rows.join('\n')}
${startup}${r.registry ? registryMarkdown(r.registry) : ''}`;
}

function registryMarkdown(x: RegistryResult): string {
  return `
## Registry scale (bench/registry.ts)

The outcomes dashboard on the synthetic registry of ${x.episodes} episodes and ${x.diaryEntries} diary entries${x.seedSeconds === null ? '' : ` (seeded in ${x.seedSeconds} s)`}, median of ${x.runs}:

| what | ms | × count(*) | target |
|---|---:|---:|---|
| \`count(*)\` of diary_entry (baseline) | ${x.countMs} | 1 | |
| whole dashboard | ${x.dashboardMs} | ${x.dashboardRatio} | ≤ ${x.targets.dashboardRatio} ×, < ${x.targets.dashboardMs} ms |
| a filter changed | ${x.filterMs} | ${x.filterRatio} | < ${x.targets.filterMs} ms |
`;
}
