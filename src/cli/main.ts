/** `sijpath`: the command line. Each command is a thin shell over the use cases the API shares. */
import { Command } from 'commander';
import { assessCommand } from './commands/assess.ts';
import { auditCommand } from './commands/audit.ts';
import { backupCommand, restoreCommand } from './commands/backup.ts';
import { benchCommand } from './commands/bench.ts';
import { clinicCommand } from './commands/clinic.ts';
import { migrateCommand, seedCommand } from './commands/database.ts';
import { exportCommand } from './commands/export.ts';
import { exportFhirCommand, importCommand } from './commands/fhir.ts';
import { serveCommand } from './commands/serve.ts';
import { statsCommand } from './commands/stats.ts';
import { userCommand } from './commands/user.ts';
import { UsageError } from './errors.ts';

const program = new Command('sijpath')
  .description('SIJ Pathway: the SI joint injection pathway, from referral to outcome')
  .showHelpAfterError();

for (const command of [
  serveCommand(),
  migrateCommand(),
  seedCommand(),
  clinicCommand(),
  userCommand(),
  assessCommand(),
  auditCommand(),
  backupCommand(),
  restoreCommand(),
  benchCommand(),
  statsCommand(),
  exportCommand().addCommand(exportFhirCommand()),
  importCommand(),
])
  program.addCommand(command);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(describe(error));
  process.exit(error instanceof UsageError ? error.exitCode : 1);
});

/** The message and its causes: "Failed query: …" alone would hide "connection refused". */
function describe(error: unknown): string {
  const lines: string[] = [];
  for (let e = error; e; e = (e as { cause?: unknown }).cause) {
    lines.push(e instanceof Error ? e.message : String(e));
    if (!(e instanceof Error)) break;
  }
  return lines.join('\n  because: ');
}
