import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { fileTrouble, UsageError } from '../errors.ts';

/** `sijpath assess [FILE]`: read a request from FILE or stdin, print the assessment as JSON. */
export function assessCommand(): Command {
  return new Command('assess')
    .description(
      'Assess an SI joint injection episode from a JSON request (FILE or stdin); print the assessment',
    )
    .argument('[file]', 'request JSON file; reads stdin when absent')
    .action(async (file?: string) => {
      // Imported when the command runs, not when the CLI starts (every command's help stays quick).
      const { assessJson } = await import('../../domain/clinical/index.ts');
      const out = assessJson(readRequest(file));
      process.stdout.write(out.stdout);
      process.stderr.write(out.stderr);
      process.exitCode = out.exitCode;
    });
}

/** The request's text, from FILE or stdin; a file that cannot be read is named, in words. */
function readRequest(file: string | undefined): string {
  try {
    return readFileSync(file ?? 0, 'utf8');
  } catch (error) {
    const from = file === undefined ? 'from stdin' : `file ${file}`;
    throw new UsageError(`Cannot read the request ${from}: ${fileTrouble(error)}.`);
  }
}
