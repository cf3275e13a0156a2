// Adds up the vitest JSON reports of every run and prints the closing line CI reads.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const total = { passed: 0, failed: 0, skipped: 0 };
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // A test file that failed to load has no failed test of its own: count it as one failure.
  const brokenFiles = report.testResults.filter(
    (r) => r.status === 'failed' && !r.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  const run = {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
  };
  console.log(
    `  run ${path.basename(file, '.json')}: ${run.passed} tests passed, ${run.failed} failed, ${run.skipped} skipped`,
  );
  for (const key of Object.keys(total)) total[key] += run[key];
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
