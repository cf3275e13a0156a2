import { Command } from 'commander';

// The server's modules (and the progress bar's) are imported when a command runs, not when the CLI
// starts.

/** `sijpath audit verify` and `sijpath audit seal`: the audit chain from the command line. */
export function auditCommand(): Command {
  const audit = new Command('audit').description('The audit trail: seal it, verify it');
  audit
    .command('verify')
    .description(
      'Walk the audit chain and report the first event that was modified, removed, inserted or reordered. Exit code 0 when intact, 1 when not.',
    )
    .option('--clinic <id>', 'only this clinic’s chain (or "system")')
    .option('--checkpoints <file>', 'signed checkpoints to check against (default: AUDIT_CHECKPOINT_FILE)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { clinic?: string; checkpoints?: string; json?: boolean }) => {
      const { loadConfig, openRuntime } = await import('../../server/runtime.ts');
      const { progressBar } = await import('../progress.ts');
      const config = await loadConfig();
      const runtime = await openRuntime(config, () => {}, { share: true });
      const { verifyAudit } = await import('../../server/audit/verify.ts');
      const bar = opts.json ? null : progressBar('Verifying the audit chain');
      try {
        const report = await verifyAudit(runtime.db, {
          key: config.auditKey,
          chain: opts.clinic,
          checkpointFile: opts.checkpoints ?? config.auditCheckpointFile,
          onProgress: (done, total) => bar?.update(done, total),
        });
        bar?.stop();
        if (opts.json) console.log(JSON.stringify(report, null, 2));
        else {
          for (const c of report.chains) {
            const pending = c.pending ? `, ${c.pending} waiting to be sealed` : '';
            console.log(
              `${c.chain}: ${c.sealed} events sealed${pending}; ${c.checkpointsChecked} checkpoints checked`,
            );
          }
          for (const p of report.problems) console.log(`BROKEN (${p.kind}): ${p.message}`);
          console.log(report.intact ? 'The audit chain is intact.' : 'The audit chain is NOT intact.');
        }
        process.exitCode = report.intact ? 0 : 1;
      } finally {
        bar?.stop();
        await runtime.close();
      }
    });
  audit
    .command('seal')
    .description('Chain every audit event written since the last seal (the server does this every second)')
    .action(async () => {
      const { loadConfig, openRuntime } = await import('../../server/runtime.ts');
      const config = await loadConfig();
      const runtime = await openRuntime(config, () => {}, { share: true });
      const { sealPending } = await import('../../server/audit/sealer.ts');
      try {
        const n = await sealPending(runtime.db, {
          key: config.auditKey,
          checkpointFile: config.auditCheckpointFile,
        });
        console.log(`Sealed ${n} audit event${n === 1 ? '' : 's'}.`);
      } finally {
        await runtime.close();
      }
    });
  return audit;
}
