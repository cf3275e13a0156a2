import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { type AssessJsonResult, assessJson } from '../../domain/clinical/index.ts';

/** The pure function behind the command (JSON text in, output and exit code out). */
export const runAssess: (text: string) => AssessJsonResult = assessJson;

/** `sijpath assess [FILE]`: read a request from FILE or stdin, print the assessment as JSON. */
export function assessCommand(): Command {
  return new Command('assess')
    .description(
      'Assess an SI joint injection episode from a JSON request (FILE or stdin); print the assessment',
    )
    .argument('[file]', 'request JSON file; reads stdin when absent')
    .action((file?: string) => {
      const out = runAssess(readFileSync(file ?? 0, 'utf8'));
      process.stdout.write(out.stdout);
      process.stderr.write(out.stderr);
      process.exitCode = out.exitCode;
    });
}
