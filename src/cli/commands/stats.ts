import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { UsageError } from '../errors.ts';

/** `sijpath stats`: the registry's statistics on a file, as JSON to check against R. */
export function statsCommand(): Command {
  const stats = new Command('stats').description(
    'Outcome statistics on a file, printed as JSON to check against R (docs/statistics.md)',
  );
  stats
    .command('km')
    .description(
      'Kaplan–Meier table, median with its 95% CI per group and, with groups, the log-rank test, from a CSV ' +
        'with a header naming time, event (1 = the event happened, 0 = censored) and optionally group',
    )
    .argument('<file>', 'CSV file (time,event[,group]); times in any unit, kept as given')
    .action(async (file: string) => {
      const { survivalCsvReport } = await import('../../domain/statistics/survival-csv.ts');
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
      }
      const out = survivalCsvReport(text);
      process.stdout.write(out.stdout);
      process.stderr.write(out.stderr);
      process.exitCode = out.exitCode;
    });
  return stats;
}
