import path from 'node:path';
import { Command } from 'commander';

export function benchCommand(): Command {
  return new Command('bench')
    .description(
      'Measure start-up, and the API against a bare Fastify route in one run; writes bench/results.json',
    )
    .option('--short', 'a few seconds only: checks the benchmark works (CI)')
    .option('--out <file>', 'where to write the results', 'bench/results.json')
    .option('--no-startup', 'skip the start-up measurements (npm start to the first 200, --help)')
    .action(async (opts: { short?: boolean; out: string; startup: boolean }) => {
      // Imported when the command runs: the benchmark pulls in autocannon (a dev dependency).
      const { runBench } = await import('../../../bench/run.ts');
      await runBench({
        short: Boolean(opts.short),
        // A server to measure on; unset, a throwaway embedded PostgreSQL is started.
        serverUrl: process.env.DATABASE_URL_BENCH,
        out: path.resolve(opts.out),
        startup: opts.startup,
      });
    });
}
