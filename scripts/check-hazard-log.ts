/**
 * Every test the hazard log names must exist and have passed: a mitigation whose proof was
 * renamed, deleted or failing would otherwise still read as proven. Reads the vitest JSON reports
 * that together make a full run (CI writes .ci/out/embedded-unit.json and embedded.json) and
 * compares each `file › describe › test` reference with the names vitest reported.
 *
 *   npx tsx scripts/check-hazard-log.ts .ci/out/embedded-unit.json .ci/out/embedded.json
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Report {
  testResults: {
    name: string;
    assertionResults: { ancestorTitles: string[]; title: string; status: string }[];
  }[];
}

const reportFiles = process.argv.slice(2);
if (reportFiles.length === 0) {
  console.error('Usage: tsx scripts/check-hazard-log.ts REPORT.json [REPORT.json ...]');
  process.exit(2);
}
const reports = reportFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Report);
const passed = new Set(
  reports
    .flatMap((r) => r.testResults)
    .flatMap((file) =>
      file.assertionResults
        .filter((a) => a.status === 'passed')
        .map((a) => [path.basename(file.name), ...a.ancestorTitles, a.title].join(' › ')),
    ),
);

const log = readFileSync(path.resolve(import.meta.dirname, '../docs/safety/hazard-log.md'), 'utf8');
const references = [...log.matchAll(/`([^`]+\.test\.ts › [^`]+)`/g)].map((m) => m[1]!);
// A reference may name a whole describe block: then some passed test must sit under it.
const missing = references.filter(
  (ref) => ![...passed].some((name) => name === ref || name.startsWith(`${ref} › `)),
);

if (missing.length > 0) {
  console.error(`The hazard log names ${missing.length} test(s) that did not pass in this run:`);
  for (const ref of missing) console.error(`  - ${ref}`);
  process.exit(1);
}
console.log(`hazard log: all ${references.length} named tests passed`);
