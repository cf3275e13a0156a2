import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('Give a whole number, 1 or more.');
  return n;
};

interface BenchOptions {
  short?: boolean;
  out?: string;
  markdown?: string;
  episodes?: number;
  connections?: number;
  duration?: number;
  pool?: number;
  scenario?: string;
  startup: boolean;
}

/**
 * Where the results go. bench/results.json and bench/RESULTS.md record the latest *full* run: a
 * short, narrowed or resized one writes only where it is told, so it cannot replace the record
 * with part of it.
 */
export function outputsOf(opts: BenchOptions): { out?: string; markdown?: string } {
  const full =
    !opts.short &&
    opts.startup &&
    [opts.scenario, opts.episodes, opts.connections, opts.duration, opts.pool].every((o) => o === undefined);
  const where = (given: string | undefined, recorded: string) =>
    given ? path.resolve(given) : full ? path.resolve(recorded) : undefined;
  return { out: where(opts.out, 'bench/results.json'), markdown: where(opts.markdown, 'bench/RESULTS.md') };
}

export function benchCommand(): Command {
  return new Command('bench')
    .description(
      'Measure what users do (session check, worklist, episode and patient pages, a screening save) against a bare Fastify route in the same run, on a synthetic clinic, and the outcomes dashboard against a count(*) of its diary; a full run writes bench/results.json and bench/RESULTS.md',
    )
    .option(
      '--short',
      'a few seconds on a small clinic: checks the benchmark works, not its numbers (CI); writes nothing unless --out is given',
    )
    .option(
      '--out <file>',
      'where to write the results as JSON (default: bench/results.json for a full run; a narrowed one writes nothing)',
    )
    .option(
      '--markdown <file>',
      'where to write the report (default: bench/RESULTS.md for a full run; a narrowed one writes nothing)',
    )
    .option('--episodes <n>', 'episodes in the synthetic clinic (default 10000; 300 with --short)', positive)
    .option('--connections <n>', 'concurrent connections (default 50; 10 with --short)', positive)
    .option('--duration <seconds>', 'seconds measured per scenario (default 10; 1 with --short)', positive)
    .option('--no-startup', 'skip the start-up measurements (npm start to the first 200, --help)')
    .option('--scenario <text>', 'only the scenarios whose name contains this (the baseline always runs)')
    .option(
      '--pool <n>',
      'database connections in the server’s pool (default 10, as `sijpath serve`)',
      positive,
    )
    .action(async (opts: BenchOptions) => {
      // Imported when the command runs: the benchmark pulls in autocannon (a dev dependency).
      const { runBench } = await import('../../../bench/run.ts');
      await runBench({
        short: Boolean(opts.short),
        // A server to measure on; unset, a throwaway embedded PostgreSQL is started.
        serverUrl: process.env.DATABASE_URL_BENCH,
        ...outputsOf(opts),
        episodes: opts.episodes,
        connections: opts.connections,
        duration: opts.duration,
        poolSize: opts.pool,
        scenario: opts.scenario,
        startup: opts.startup,
      });
    });
}
