/**
 * The benchmark: autocannon against the real server on PostgreSQL, in one run, each result as a
 * ratio to a baseline measured in the same run — a bare Fastify route in the same process.
 * Absolute numbers vary from machine to machine; the ratios say what our stack costs.
 * First, on an otherwise idle machine, start-up: `npm start` to the first 200, and `--help`
 * (bench/cold-start.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { eq } from 'drizzle-orm';
import Fastify from 'fastify';
import pg from 'pg';
import { connect, withDatabase } from '../src/db/client.ts';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { episode } from '../src/db/schema.ts';
import { buildApp } from '../src/server/app.ts';
import { demoPassword, demoUsers, seedDemo } from '../src/server/demo/demo.ts';
import { measureStartup, type StartupResult } from './cold-start.ts';

export interface BenchResult {
  name: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  ratio: number;
}

/** What bench/results.json holds. */
export interface BenchReport {
  /** Absent when the run skipped it (--no-startup). */
  startup?: StartupResult;
  scenarios: BenchResult[];
}

export interface BenchOptions {
  /** A few seconds in all: proves the benchmark works, says nothing about speed. */
  short: boolean;
  /** A PostgreSQL server to use; unset: a throwaway embedded one. */
  serverUrl?: string | undefined;
  out: string;
  /** Measure start-up (cold start, --help) first; default true. */
  startup?: boolean;
  log?: (line: string) => void;
}

export async function runBench({
  short,
  serverUrl,
  out,
  startup: measureStart = true,
  log = console.log,
}: BenchOptions): Promise<BenchReport> {
  const duration = short ? 1 : 10;
  const connections = short ? 2 : 10;
  // Before anything else runs, so that nothing competes with the starting server for the CPU.
  const startup = measureStart ? await measureStartup({ runs: short ? 1 : 3, log }) : undefined;
  // Undone in reverse: the servers close before the pool ends, the pool before its database goes.
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    if (!serverUrl) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'sijpath-bench-'));
      const embedded = await startEmbeddedPostgres({ dataDir: dir, persistent: false });
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
    const db = connect(withDatabase(serverUrl, dbName), 20);
    cleanup.push(() => db.$client.end());
    log('Preparing the database (migrations, demo clinic) ...');
    await migrateDatabase(db);
    await seedDemo(db);

    const bare = Fastify();
    bare.get('/bare', async () => ({ status: 'ok' }));
    const barePort = await freePort();
    await bare.listen({ port: barePort, host: '127.0.0.1' });
    cleanup.push(() => bare.close());

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const app = await buildApp({ db, baseUrl, authSecret: 'bench-secret-bench-secret-bench-secret' });
    await app.listen({ port, host: '127.0.0.1' });
    cleanup.push(() => app.close());

    const clinician = demoUsers.find((u) => u.role === 'clinician')!;
    const signIn = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl },
      body: JSON.stringify({ email: clinician.email, password: demoPassword }),
    });
    if (!signIn.ok) throw new Error(`Could not sign in for the benchmark: ${signIn.status}`);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const [target] = await db
      .select({ id: episode.id })
      .from(episode)
      .where(eq(episode.stage, 'following-up'));

    const scenarios = [
      { name: 'bare Fastify route (baseline)', url: `http://127.0.0.1:${barePort}/bare`, headers: {} },
      { name: 'health (one SQL round trip)', url: `${baseUrl}/api/health`, headers: {} },
      { name: 'signed-in session check (/api/me)', url: `${baseUrl}/api/me`, headers: { cookie } },
      {
        name: 'signed-in episode read (audited)',
        url: `${baseUrl}/api/episodes/${target!.id}`,
        headers: { cookie },
      },
    ];
    const results: BenchResult[] = [];
    for (const s of scenarios) {
      log(`Measuring ${s.name} for ${duration} s with ${connections} connections ...`);
      const r = await autocannon({ url: s.url, headers: s.headers, duration, connections });
      if (r.non2xx > 0 || r.errors > 0)
        throw new Error(`${s.name}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      results.push({
        name: s.name,
        reqPerSec: r.requests.average,
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        ratio: 0,
      });
    }
    const baseline = results[0]!.reqPerSec;
    for (const r of results) r.ratio = Number((r.reqPerSec / baseline).toFixed(3));
    const report: BenchReport = { ...(startup && { startup }), scenarios: results };
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
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
      `${'scenario'.padEnd(36)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'ratio'.padStart(7)}`,
    );
    for (const r of results) {
      log(
        `${r.name.padEnd(36)} ${r.reqPerSec.toFixed(0).padStart(9)} ${String(r.p50Ms).padStart(7)} ${String(r.p99Ms).padStart(7)} ${r.ratio.toFixed(3).padStart(7)}`,
      );
    }
    log(`\nWritten to ${out}`);
    return report;
  } finally {
    for (const step of cleanup.reverse()) await step();
  }
}
