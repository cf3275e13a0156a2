/** `sijpath`: the command line. Each command is a thin shell over the use cases the API shares. */
import { Command } from 'commander';
import { benchCommand } from './commands/bench.ts';
import { migrateCommand, seedCommand } from './commands/database.ts';
import { serveCommand } from './commands/serve.ts';
import { userCommand } from './commands/user.ts';

const program = new Command('sijpath')
  .description('SIJ Pathway: the SI joint injection pathway, from referral to outcome')
  .showHelpAfterError();

for (const command of [serveCommand(), migrateCommand(), seedCommand(), userCommand(), benchCommand()])
  program.addCommand(command);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
