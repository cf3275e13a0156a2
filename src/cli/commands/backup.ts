import { Command } from 'commander';
import { fileTrouble, isFileError, UsageError } from '../errors.ts';

// The database modules (and the progress bar's) are imported when a command runs, not when the CLI
// starts.

/** `sijpath backup FILE`: one consistent snapshot of the whole database, with a checksum manifest. */
export function backupCommand(): Command {
  return new Command('backup')
    .description(
      'Write a backup of the whole database to FILE (a gzipped tar: one file per table and a manifest with row counts and SHA-256 checksums). Needs no pg_dump; the server may keep running.',
    )
    .argument('<file>', 'the archive to write, e.g. sijpath-2026-12-02.tar.gz')
    .action(async (file: string) => {
      const { loadConfig, openRuntime } = await import('../../server/runtime.ts');
      const { backupDatabase } = await import('../../db/backup.ts');
      const { progressBar } = await import('../progress.ts');
      const runtime = await openRuntime(await loadConfig(), () => {}, { migrate: false, share: true });
      const bar = progressBar('Backing up');
      try {
        const manifest = await backupDatabase(runtime.db, file, {
          onProgress: (d, t) => bar.update(d, t),
        }).catch((error: unknown) => {
          if (isFileError(error))
            throw new UsageError(`Cannot write the backup to ${file}: ${fileTrouble(error)}.`);
          throw error;
        });
        bar.stop();
        const rows = manifest.tables.reduce((a, t) => a + t.rows, 0);
        console.log(
          `Wrote ${file}: ${manifest.tables.length} tables, ${rows} rows, at migration ${manifest.migrations.last}.`,
        );
        console.log(
          'Keep AUDIT_KEY (and the audit checkpoint file) safe beside it, not in it: without the key the audit chain of a restored database cannot be verified.',
        );
      } finally {
        bar.stop();
        await runtime.close();
      }
    });
}

/** `sijpath restore FILE`: into an empty database; `--check` only verifies the archive. */
export function restoreCommand(): Command {
  return new Command('restore')
    .description(
      'Restore a backup made by `sijpath backup` into an empty database (stop the server first). Every table is checked against the manifest before and after loading; nothing is changed if any check fails.',
    )
    .argument('<file>', 'the archive')
    .option(
      '--check',
      'only verify the archive (every table present, row counts and checksums as recorded); exit 1 if not',
    )
    .option('--force', 'replace everything in a database that already holds rows')
    .action(async (file: string, opts: { check?: boolean; force?: boolean }) => {
      const { BackupError, checkArchive, restoreDatabase } = await import('../../db/backup.ts');
      const { progressBar } = await import('../progress.ts');
      const { rm } = await import('node:fs/promises');
      const bar = progressBar(opts.check ? 'Checking' : 'Restoring');
      try {
        if (opts.check) {
          const { manifest, dir } = await checkArchive(file, { onProgress: (d, t) => bar.update(d, t) });
          await rm(dir, { recursive: true, force: true });
          bar.stop();
          const rows = manifest.tables.reduce((a, t) => a + t.rows, 0);
          console.log(
            `The archive is intact: ${manifest.tables.length} tables, ${rows} rows, made ${manifest.createdAt} at migration ${manifest.migrations.last} (PostgreSQL ${manifest.postgres}).`,
          );
          return;
        }
        const { loadConfig, openRuntime } = await import('../../server/runtime.ts');
        const runtime = await openRuntime(await loadConfig(), () => {}, { migrate: false });
        try {
          const manifest = await restoreDatabase(runtime.db, file, {
            force: opts.force ?? false,
            onProgress: (d, t) => bar.update(d, t),
          });
          bar.stop();
          const rows = manifest.tables.reduce((a, t) => a + t.rows, 0);
          console.log(
            `Restored ${manifest.tables.length} tables, ${rows} rows, from ${file} (made ${manifest.createdAt}); every table reads back as it was saved.`,
          );
          console.log('Check the audit chain with: sijpath audit verify');
        } finally {
          await runtime.close();
        }
      } catch (error) {
        bar.stop();
        if (isFileError(error))
          throw new UsageError(`Cannot read the backup ${file}: ${fileTrouble(error)}.`);
        if (error instanceof BackupError) {
          console.error(error.message);
          for (const p of error.problems) console.error(`  ${p}`);
          process.exitCode = 1;
          return;
        }
        throw error;
      }
    });
}
