/**
 * Every test the hazard log names must exist and have passed: a mitigation whose proof was
 * renamed, deleted or failing would otherwise still read as proven. Reads the vitest JSON report
 * of a full run (CI writes .ci/out/embedded.json) and compares each `file › describe › test`
 * reference with the names vitest reported.
 *
 *   npx tsx scripts/check-hazard-log.ts .ci/out/embedded.json
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Report {
  testResults: {
    name: string;
    assertionResults: { ancestorTitles: string[]; title: string; status: string }[];
  }[];
}

const [reportFile] = process.argv.slice(2);
if (!reportFile) {
  console.error('Usage: tsx scripts/check-hazard-log.ts REPORT.json');
  process.exit(2);
}
const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
const passed = new Set(
  report.testResults.flatMap((file) =>
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
