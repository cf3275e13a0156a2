import { Command } from 'commander';
import { fileTrouble, UsageError } from '../errors.ts';

// The server's modules (and the progress bar's) are imported when a command runs, not when the CLI
// starts.

type Db = import('../../db/client.ts').Database;

/** The clinic a command works for: the one named, or the only one there is. */
async function pickClinic(db: Db, named: string | undefined): Promise<{ id: string; name: string }> {
  const { clinic } = await import('../../db/schema.ts');
  const clinics = await db.select({ id: clinic.id, name: clinic.name }).from(clinic);
  if (named) {
    const found = clinics.find((c) => c.id === named);
    if (!found)
      throw new UsageError(
        `No clinic with id ${named}. Clinics: ${clinics.map((c) => `${c.id} (${c.name})`).join(', ') || 'none'}.`,
      );
    return found;
  }
  if (clinics.length === 1) return clinics[0]!;
  throw new UsageError(
    clinics.length === 0
      ? 'There is no clinic yet: run `sijpath seed` or create one first.'
      : `There are ${clinics.length} clinics: name one with --clinic <id> (${clinics.map((c) => `${c.id} ${c.name}`).join('; ')}).`,
  );
}

async function fhirContext(baseUrl: string, canonicalBase: string | undefined) {
  const { DEFAULT_CANONICAL_BASE } = await import('../../fhir/context.ts');
  const appUrl = baseUrl.replace(/\/$/, '');
  return {
    canonicalBase: (canonicalBase ?? DEFAULT_CANONICAL_BASE).replace(/\/$/, ''),
    serverBase: `${appUrl}/fhir`,
    appUrl,
  };
}

/** `sijpath export fhir --out FILE`: every patient of a clinic as FHIR R4, one resource a line. */
export function exportFhirCommand(): Command {
  return new Command('fhir')
    .description(
      'Every patient of the clinic and all their episodes as FHIR R4 resources, one JSON resource per line (NDJSON, as in FHIR Bulk Data). Each patient exported is audited.',
    )
    .requiredOption('--out <file>', 'where to write the NDJSON ("-" for standard output)')
    .option('--clinic <id>', 'the clinic (needed when the database holds more than one)')
    .action(async (opts: { out: string; clinic?: string }) => {
      const { createWriteStream } = await import('node:fs');
      const { once } = await import('node:events').then((m) => m.default);
      const { loadConfig, openRuntime } = await import('../../server/runtime.ts');
      const { progressBar } = await import('../progress.ts');
      const { patientResources } = await import('../../fhir/export.ts');
      const [{ patientExport, clinicPatientIds }, { commandLineActor, auditCommandLine }] = await Promise.all(
        [import('../../server/fhir/collect.ts'), import('../../server/audit/command-line.ts')],
      );
      const config = await loadConfig();
      const runtime = await openRuntime(config, () => {}, { share: true });
      const bar = progressBar('Exporting patients');
      try {
        const site = await pickClinic(runtime.db, opts.clinic);
        const ctx = await fhirContext(config.baseUrl, config.FHIR_CANONICAL_BASE);
        const actor = commandLineActor(site.id, 'export fhir');
        const ids = await clinicPatientIds(runtime.db, site.id);
        const out = opts.out === '-' ? process.stdout : createWriteStream(opts.out);
        let resources = 0;
        for (const [i, id] of ids.entries()) {
          await runtime.db.transaction(async (tx) => {
            const input = await patientExport(tx as unknown as Db, actor, id);
            await auditCommandLine(tx, actor, { action: 'fhir.export', recordType: 'patient', recordId: id });
            for (const resource of patientResources(input, ctx)) {
              if (!out.write(`${JSON.stringify(resource)}\n`)) await once(out, 'drain');
              resources++;
            }
          });
          bar.update(i + 1, ids.length);
        }
        bar.stop();
        if (out !== process.stdout) {
          (out as import('node:fs').WriteStream).end();
          await once(out, 'finish');
        }
        console.error(
          `Exported ${ids.length} patient${ids.length === 1 ? '' : 's'} of ${site.name} (${resources} resources) to ${opts.out}.`,
        );
      } finally {
        bar.stop();
        await runtime.close();
      }
    });
}

/**
 * `sijpath import fhir FILE`: a transaction Bundle, as `POST /fhir` takes it (a referral, or a
 * patient's export with its record), or a clinic's NDJSON export, each patient's part imported as
 * such a Bundle. All of the file in one transaction: a problem anywhere stores nothing.
 */
export function importCommand(): Command {
  const imp = new Command('import').description('Import records from another system');
  imp
    .command('fhir')
    .description(
      "Import a referral, or records exported by SIJ Pathway: a FHIR R4 transaction Bundle (Patient, ServiceRequest, Condition and MedicationStatement, and an episode's record as our export writes it; the same as POST /fhir), or the NDJSON `sijpath export fhir` writes, each patient's resources imported together. Importing the same file again changes nothing; a file with any problem stores nothing, and each problem is listed.",
    )
    .argument('<file>', 'the Bundle, as JSON, or an NDJSON export')
    .option('--clinic <id>', 'the clinic (needed when the database holds more than one)')
    .action(async (file: string, opts: { clinic?: string }) => {
      const { readFile } = await import('node:fs/promises');
      const { patientParts } = await import('../../fhir/ndjson.ts');
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new UsageError(`Cannot read ${file}: ${fileTrouble(error)}.`);
      }
      // One JSON Bundle, or else one resource a line.
      let parts: { bundle: unknown; lines: number[] | null }[];
      let whole: unknown;
      try {
        whole = JSON.parse(text);
      } catch {
        whole = undefined;
      }
      if ((whole as { resourceType?: string } | undefined)?.resourceType === 'Bundle') {
        parts = [{ bundle: whole, lines: null }];
      } else {
        const read = patientParts(text);
        if (!read.ok)
          throw new UsageError(
            `Cannot read ${file} as a Bundle or as NDJSON: line ${read.line} is ${read.problem}.`,
          );
        parts = read.parts;
      }
      // As over HTTP (the input guard): bidi override and isolate controls never reach a record.
      const { withoutBidiControls } = await import('../../server/plugins/input-guard.ts');
      for (const part of parts) part.bundle = withoutBidiControls(part.bundle);
      /** `Bundle.entry[3].resource.x` as the file's line, when the file is NDJSON. */
      const where = (part: (typeof parts)[number], expression: string) => {
        const m = /^Bundle\.entry\[(\d+)\](?:\.resource)?\.?(.*)$/.exec(expression);
        const line = m && part.lines ? part.lines[Number(m[1])] : undefined;
        return line === undefined ? expression : `line ${line}${m?.[2] ? ` (${m[2]})` : ''}`;
      };
      const { loadConfig, openRuntime } = await import('../../server/runtime.ts');
      const { readReferralBundle } = await import('../../fhir/import.ts');
      const { importReferrals } = await import('../../server/fhir/import.ts');
      const { DomainError } = await import('../../server/errors.ts');
      const { commandLineActor, auditCommandLine } = await import('../../server/audit/command-line.ts');
      const { progressBar } = await import('../progress.ts');
      const config = await loadConfig();
      const runtime = await openRuntime(config, () => {}, { share: true });
      const bar = progressBar('Importing patients');
      try {
        const site = await pickClinic(runtime.db, opts.clinic);
        const ctx = await fhirContext(config.baseUrl, config.FHIR_CANONICAL_BASE);
        const reads = parts.map((part) => ({
          part,
          read: readReferralBundle(part.bundle, ctx.canonicalBase),
        }));
        const problems = reads.flatMap(({ part, read }) =>
          read.ok ? [] : read.issues.map((issue) => `${where(part, issue.expression)}: ${issue.text}`),
        );
        if (problems.length > 0) {
          for (const problem of problems) console.error(problem);
          console.error(
            `Nothing was imported: ${problems.length} problem${problems.length === 1 ? '' : 's'}.`,
          );
          process.exitCode = 1;
          return;
        }
        // An export's record holds clinicians' steps (triage, the procedure, the outcome review),
        // which only a clinician may record: the operator importing it answers for them as one.
        const actor = commandLineActor(site.id, 'import fhir', 'clinician');
        const results = await runtime.db.transaction(async (tx) => {
          const all = [];
          for (const [i, { part, read }] of reads.entries()) {
            if (!read.ok) continue;
            const imported = await importReferrals(
              tx,
              actor,
              read.referrals,
              ctx.canonicalBase,
              new Date(),
              read.resources,
            ).catch((error: unknown) => {
              if (error instanceof DomainError && typeof error.extra.expression === 'string') {
                throw new DomainError(error.code, `${where(part, error.extra.expression)}: ${error.detail}`);
              }
              throw error;
            });
            for (const r of imported) {
              await auditCommandLine(tx, actor, {
                action: `fhir.import.${r.episode}`,
                recordType: 'episode',
                recordId: r.episodeId,
              });
            }
            all.push(...imported);
            bar.update(i + 1, reads.length);
          }
          return all;
        });
        bar.stop();
        for (const r of results) {
          console.log(`Patient ${r.patientId} ${r.patient}; episode ${r.episodeId} ${r.episode}.`);
          if (r.warning) console.log(`  Not applied: ${r.warning}`);
        }
      } catch (error) {
        bar.stop();
        if (!(error instanceof DomainError)) throw error;
        console.error(error.detail);
        console.error('Nothing was imported.');
        process.exitCode = 1;
      } finally {
        bar.stop();
        await runtime.close();
      }
    });
  return imp;
}
