import { defineConfig } from 'vitest/config';

// Four projects: pure domain rules (no database), the web app's pure helpers (no DOM), API tests
// (one PostgreSQL server per run, a database per test file cloned from a migrated template), and
// browser tests in Chromium.
export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'src/domain/**/*.test.ts',
            'src/shared/**/*.test.ts',
            'src/content/**/*.test.ts',
            'src/fhir/**/*.test.ts',
            'scripts/**/*.test.ts',
            'test/support/**/*.test.ts',
          ],
          env: { TZ: 'UTC' },
        },
      },
      {
        test: {
          name: 'web',
          // What the forms compute before anything is sent: plain functions, so Node is enough.
          include: ['src/web/**/*.test.ts'],
          environment: 'node',
          env: { TZ: 'UTC' },
        },
      },
      {
        test: {
          name: 'api',
          include: ['src/server/**/*.test.ts', 'src/cli/**/*.test.ts', 'src/db/**/*.test.ts'],
          globalSetup: ['test/support/global-database.ts'],
          setupFiles: ['test/support/strict-warnings.ts'],
          env: { TZ: 'UTC' },
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-database.ts'],
          env: { TZ: 'UTC' },
          // A limit against a test that hangs, not a measure of speed: the longest take about a
          // minute on a busy 2-core machine.
          testTimeout: 240_000,
          hookTimeout: 60_000,
          // Two cores: one browser at a time keeps each test's timing honest.
          fileParallelism: false,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/domain/**/*.ts'],
      exclude: ['src/domain/**/*.test.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { branches: 95 },
    },
  },
});
