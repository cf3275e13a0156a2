import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('Give a whole number, 1 or more.');
  return n;
};

export function benchCommand(): Command {
  return new Command('bench')
    .description(
      'Measure what users do (session check, worklist, episode and patient pages, a screening save) against a bare Fastify route in the same run, on a synthetic clinic, and the outcomes dashboard against a count(*) of its diary; writes bench/results.json and bench/RESULTS.md',
    )
    .option(
      '--short',
      'a few seconds on a small clinic: checks the benchmark works, not its numbers (CI); writes nothing unless --out is given',
    )
    .option('--out <file>', 'where to write the results as JSON (default: bench/results.json for a full run)')
    .option('--markdown <file>', 'where to write the report (default: bench/RESULTS.md for a full run)')
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
    .action(
      async (opts: {
        short?: boolean;
        out?: string;
        markdown?: string;
        episodes?: number;
        connections?: number;
        duration?: number;
        pool?: number;
        scenario?: string;
        startup: boolean;
      }) => {
        const short = Boolean(opts.short);
        // Imported when the command runs: the benchmark pulls in autocannon (a dev dependency).
        const { runBench } = await import('../../../bench/run.ts');
        await runBench({
          short,
          // A server to measure on; unset, a throwaway embedded PostgreSQL is started.
          serverUrl: process.env.DATABASE_URL_BENCH,
          out: opts.out ? path.resolve(opts.out) : short ? undefined : path.resolve('bench/results.json'),
          markdown: opts.markdown
            ? path.resolve(opts.markdown)
            : short
              ? undefined
              : path.resolve('bench/RESULTS.md'),
          episodes: opts.episodes,
          connections: opts.connections,
          duration: opts.duration,
          poolSize: opts.pool,
          scenario: opts.scenario,
          startup: opts.startup,
        });
      },
    );
}
