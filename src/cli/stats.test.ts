import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/sijpath.mjs');

async function sijpath(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      // The TypeScript sources, as every test here runs them (src/cli/cli.test.ts).
      env: { ...process.env, SIJPATH_FROM: 'source', LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each call starts a Node process that loads the CLI: give it room on a busy two-core machine.
const SLOW = 120_000;

describe('sijpath stats km', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sijpath-stats-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test(
    'prints the Kaplan–Meier tables, medians and log-rank test of a CSV as R computes them',
    async () => {
      // Relief lasting (weeks) after ultrasound- or fluoroscopy-guided injections: the numbers are
      // R's survival::aml, so survfit/survdiff give the expected values (tests/doaml.Rout.save).
      const rows = [
        ...[9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161].map(
          (t, i) => `${t},${[1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0][i]},ultrasound`,
        ),
        ...[5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45].map((t, i) => `${t},${i === 5 ? 0 : 1},fluoroscopy`),
      ];
      const file = path.join(dir, 'relief.csv');
      await writeFile(file, `time,event,group\n${rows.join('\n')}\n`);
      const { code, stdout, stderr } = await sijpath(['stats', 'km', file]);
      expect(code, stderr).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.groups.map((g: { group: string; median: unknown }) => [g.group, g.median])).toEqual([
        ['ultrasound', { time: 31, lower: 18, upper: null }],
        ['fluoroscopy', { time: 23, lower: 8, upper: null }],
      ]);
      expect(report.groups[0].table[3]).toEqual({
        time: 23,
        atRisk: 7,
        events: 1,
        censored: 0,
        survival: expect.closeTo(0.6136363636363635, 14),
        se: expect.closeTo(0.152632331027312, 14),
        lower: expect.closeTo(0.3768670595016798, 14),
        upper: expect.closeTo(0.999157600228473, 14),
      });
      expect(report.logRank.df).toBe(1);
      expect(report.logRank.chisq).toBeCloseTo(3.3963886989776, 12);
      expect(report.logRank.p).toBeCloseTo(0.0653393220405051, 12);
    },
    SLOW,
  );

  test(
    'a bad line exits 2 with a sentence naming it; an unreadable file exits 2',
    async () => {
      const file = path.join(dir, 'bad.csv');
      await writeFile(file, 'time,event\n3,1\n4,censored\n');
      const bad = await sijpath(['stats', 'km', file]);
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toBe(
        'line 3: event "censored" is not 0 or 1 (1 = the event happened, 0 = censored)\n',
      );
      const missing = await sijpath(['stats', 'km', path.join(dir, 'absent.csv')]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('Cannot read');
    },
    SLOW,
  );

  test(
    '`stats km --help` explains itself',
    async () => {
      const { code, stdout } = await sijpath(['stats', 'km', '--help']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: sijpath stats km/);
    },
    SLOW,
  );
});
