import { open } from 'node:fs/promises';
import { Command } from 'commander';
import { UsageError } from '../errors.ts';

// The server's modules (and the progress bar's) are imported when the command runs.

/** `sijpath export outcomes`: the de-identified outcomes registry as a file (docs/export-format.md). */
export function exportCommand(): Command {
  const command = new Command('export').description('De-identified exports for research and audit');
  command
    .command('outcomes')
    .description(
      'Every episode of a clinic, de-identified (study ids, shifted dates, age bands, no names, identifiers or free text), as CSV or Parquet; the export is audited',
    )
    .requiredOption('--out <file>', 'the file to write (replaced if it exists)')
    .option('--format <format>', 'csv or parquet (docs/export-format.md)', 'csv')
    .option('--clinic <id>', 'the clinic to export (needed only when the database holds more than one)')
    .action(async (opts: { out: string; format: string; clinic?: string }) => {
      if (opts.format !== 'csv' && opts.format !== 'parquet') {
        throw new UsageError(
          `--format ${opts.format} is not available: csv or parquet (docs/export-format.md).`,
        );
      }
      const format = opts.format;
      const { loadConfig, openRuntime } = await import('../../server/runtime.ts');
      const { exportOutcomes } = await import('../../server/export/outcomes.ts');
      const { commandLineActor } = await import('../../server/audit/command-line.ts');
      const { progressBar } = await import('../progress.ts');
      const runtime = await openRuntime(await loadConfig(), () => {}, { share: true });
      try {
        const clinicId = await chooseClinic(runtime.db, opts.clinic);
        // Opened before anything is read, so a bad path fails at once; each batch is written in turn.
        const out = await open(opts.out, 'w').catch((error: Error) => {
          throw new UsageError(`Cannot write ${opts.out}: ${error.message}`);
        });
        const bar = progressBar('Exporting outcomes');
        try {
          const { episodes } = await exportOutcomes(runtime.db, {
            clinicId,
            format,
            actor: { ...commandLineActor(clinicId, 'export outcomes'), role: 'command-line' },
            write: async (chunk) => {
              await (typeof chunk === 'string' ? out.write(chunk) : out.write(chunk));
            },
            onProgress: (done, total) => bar.update(done, total),
          });
          bar.stop();
          console.log(`Wrote ${episodes} episode${episodes === 1 ? '' : 's'} to ${opts.out}.`);
        } finally {
          bar.stop();
          await out.close();
        }
      } finally {
        await runtime.close();
      }
    });
  return command;
}

async function chooseClinic(
  db: import('../../db/client.ts').Database,
  requested: string | undefined,
): Promise<string> {
  const { clinic } = await import('../../db/schema.ts');
  const clinics = await db.select({ id: clinic.id, name: clinic.name }).from(clinic);
  if (requested) {
    if (!clinics.some((c) => c.id === requested)) throw new UsageError(`No clinic ${requested}.`);
    return requested;
  }
  if (clinics.length === 1) return clinics[0]!.id;
  if (clinics.length === 0) throw new UsageError('The database holds no clinic: nothing to export.');
  throw new UsageError(
    `The database holds ${clinics.length} clinics: choose one with --clinic (${clinics.map((c) => `${c.id} ${c.name}`).join('; ')}).`,
  );
}
