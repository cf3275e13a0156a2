// Adds up the vitest JSON reports of every run in the output directory, and the steps that failed
// outside any test, and prints the closing line CI reads.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
const total = { passed: 0, failed: 0, skipped: 0 };
const failedTests = new Map();
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
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
  failedTests.set(path.basename(file, '.json'), run.failed);
}
// A run that exits non-zero with every test passed failed on something else (a coverage threshold,
// an error thrown between tests), as did the hazard log or the bench: each counts as one failure,
// so the line never reads "0 failed" when CI failed.
const stepsFile = path.join(dir, 'failed-steps');
const steps = (existsSync(stepsFile) ? readFileSync(stepsFile, 'utf8').split('\n') : [])
  .filter(Boolean)
  // A run that exited non-zero because tests failed is counted by its tests already.
  .filter((step) => !(failedTests.get(/^run (\S+) exited/.exec(step)?.[1]) > 0));
for (const step of steps) console.log(`  failed outside a test: ${step} (its log above says why)`);
total.failed += steps.length;
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
