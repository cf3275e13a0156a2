import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { createTestDatabase } from '../../test/support/database.ts';
import { buildClinic, buildReferralBundle } from '../../test/support/factories.ts';
import { seedDemo } from '../server/demo/demo.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/sijpath.mjs');

// The tests run the TypeScript sources, like every other test here (SIJPATH_FROM=source), whether or
// not dist/ holds a build; CI checks the compiled CLI separately (.ci/run).

async function sijpath(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: {
        ...process.env,
        SIJPATH_FROM: 'source',
        AUTH_SECRET: 'x'.repeat(32),
        LOG_LEVEL: 'silent',
        ...env,
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('sijpath', () => {
  test('`--help` lists every command', async () => {
    const { code, stdout } = await sijpath(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: sijpath /);
    for (const command of [
      'serve',
      'migrate',
      'seed',
      'clinic',
      'user',
      'assess',
      'audit',
      'bench',
      'stats',
      'export',
      'import',
    ]) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  test.each(['serve', 'migrate', 'seed', 'clinic add', 'user add', 'bench', 'export outcomes'])(
    '`%s --help` explains itself',
    async (command) => {
      const { code, stdout } = await sijpath([...command.split(' '), '--help']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: sijpath /);
    },
  );

  test('`assess` and `restore` name a file they cannot read, and exit 2', async () => {
    const missing = await sijpath(['assess', '/nonexistent/request.json']);
    expect(missing).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'Cannot read the request file /nonexistent/request.json: there is no such file or folder.\n',
    });
    expect((await sijpath(['assess', tmpdir()])).stderr).toContain(': it is a folder.');
    const restore = await sijpath(['restore', '--check', '/nonexistent/backup.tar.gz']);
    expect(restore).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'Cannot read the backup /nonexistent/backup.tar.gz: there is no such file or folder.',
      ),
    });
  });

  test('migrate, seed (once only) and user add work on the database DATABASE_URL names', async () => {
    const { url } = await createTestDatabase();
    const env = { DATABASE_URL: url };
    const migrated = await sijpath(['migrate'], env);
    expect(migrated.stdout, migrated.stderr).toContain('The database is up to date.');
    expect((await sijpath(['seed'], env)).stdout).toContain('Seeded the demo clinic.');
    expect((await sijpath(['seed'], env)).stdout).toContain('nothing was seeded');

    const add = [
      'user',
      'add',
      '--email',
      'New.Nurse@Clinic.example',
      '--name',
      'New Nurse',
      '--role',
      'nurse',
    ];
    const added = await sijpath([...add, '--password', 'a-long-password'], env);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/Added nurse new\.nurse@clinic\.example/);
    const again = await sijpath([...add, '--password', 'a-long-password'], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    const weak = await sijpath([...add, '--password', 'short'], env);
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('at least 10 characters');
    const badRole = await sijpath(
      ['user', 'add', '--email', 'a@b.c', '--name', 'A', '--role', 'surgeon'],
      env,
    );
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toMatch(/Allowed choices are admin, clinician, nurse/);
  }, 300_000); // eight CLI starts, each 10–20 s (measured) on a loaded two-core machine

  // A real clinic runs without the demo (DEMO=false in production): nothing made a clinic, and
  // `user add` answered "There is no clinic yet: run `sijpath seed` or start the app once", where
  // seed makes the demo and a start makes nothing.
  test('a real clinic starts empty: `clinic add`, then its first admin with `user add`', async () => {
    const { db, url } = await createTestDatabase();
    const env = { DATABASE_URL: url };
    const admin = [
      'user',
      'add',
      '--email',
      'lead@riverside.example',
      '--name',
      'Dr Lead',
      '--role',
      'admin',
    ];
    const tooSoon = await sijpath([...admin, '--password', 'a-long-password'], env);
    expect(tooSoon.code).toBe(2);
    expect(tooSoon.stderr).toContain('sijpath clinic add');

    const clinicArgs = (timeZone: string) => [
      'clinic',
      'add',
      '--name',
      'Riverside Pain Service',
      '--time-zone',
      timeZone,
      '--phone',
      '01632 960 100',
      '--urgent-phone',
      '01632 960 199',
      '--out-of-hours',
      'When we are closed, call NHS 111; in an emergency call 999.',
    ];
    const badZone = await sijpath(clinicArgs('Europe/Riverside'), env);
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toMatch(/time zone/i);
    const added = await sijpath(clinicArgs('Europe/London'), env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^Added the clinic Riverside Pain Service \([0-9a-f-]{36}\)/);
    expect(added.stdout).toContain('sijpath user add --role admin');

    const first = await sijpath([...admin, '--password', 'a-long-password'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Added admin lead@riverside.example');
    const rows = await db.execute<{ name: string; role: string; version: number; profile: string }>(sql`
      select c.name, u.role, v.version, v.settings->'protocol'->>'profile' as profile
      from "user" u join clinic c on c.id = u.clinic_id join clinic_settings_version v on v.clinic_id = c.id`);
    expect(rows.rows).toEqual([
      { name: 'Riverside Pain Service', role: 'admin', version: 1, profile: 'lcd-2023' },
    ]);
    // Both are in the clinic's audit trail, as the command line's.
    const audited = await db.execute<{ action: string; actor_name: string }>(
      sql`select action, actor_name from audit_event order by id`,
    );
    expect(audited.rows).toEqual([
      { action: 'clinic.create', actor_name: `sijpath clinic add (command line, ${userInfo().username})` },
      { action: 'user.create', actor_name: `sijpath user add (command line, ${userInfo().username})` },
    ]);
  }, 300_000);

  test('export outcomes writes the de-identified CSV or Parquet to --out; another format exits 2', async () => {
    const { db, url } = await createTestDatabase();
    await seedDemo(db);
    const dir = await mkdtemp(path.join(tmpdir(), 'sijpath-export-'));
    try {
      const out = path.join(dir, 'outcomes.csv');
      const done = await sijpath(['export', 'outcomes', '--format', 'csv', '--out', out], {
        DATABASE_URL: url,
      });
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toMatch(/^Wrote \d+ episodes to /);
      const csv = await readFile(out, 'utf8');
      expect(csv).toMatch(/^study_id,episode,age_band,sex,stage,referred_on,/);
      expect(csv).not.toContain('Whitfield');
      const parquetOut = path.join(dir, 'outcomes.parquet');
      const parquet = await sijpath(['export', 'outcomes', '--format', 'parquet', '--out', parquetOut], {
        DATABASE_URL: url,
      });
      expect(parquet.code, parquet.stderr).toBe(0);
      const bytes = await readFile(parquetOut);
      expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
      expect(bytes.subarray(-4).toString()).toBe('PAR1');
      const xlsx = await sijpath(['export', 'outcomes', '--format', 'xlsx', '--out', out], {
        DATABASE_URL: url,
      });
      expect(xlsx.code).toBe(2);
      expect(xlsx.stderr).toContain('csv or parquet');
      const nowhere = path.join(dir, 'no-such-folder', 'outcomes.csv');
      const unwritable = await sijpath(['export', 'outcomes', '--out', nowhere], { DATABASE_URL: url });
      expect(unwritable.code).toBe(2);
      expect(unwritable.stderr).toContain(`Cannot write ${nowhere}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000); // four CLI starts and a demo seed: slow on a loaded two-core machine

  test('export fhir writes every patient as NDJSON; import fhir takes a referral once and refuses a bad one', async () => {
    const { url } = await createTestDatabase();
    const env = { DATABASE_URL: url };
    await sijpath(['migrate'], env);
    await sijpath(['seed'], env);
    const dir = await mkdtemp(path.join(tmpdir(), 'sijpath-fhir-'));
    const out = path.join(dir, 'export.ndjson');
    const exported = await sijpath(['export', 'fhir', '--out', out], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/Exported \d+ patients of .* \(\d+ resources\)/);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    const types = new Set(lines.map((l) => (JSON.parse(l) as { resourceType: string }).resourceType));
    expect(types).toContain('Patient');
    expect(types).toContain('Procedure');

    const bundle = path.join(dir, 'referral.json');
    await writeFile(bundle, JSON.stringify(referral));
    const first = await sijpath(['import', 'fhir', bundle], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Patient \S+ created; episode \S+ created\./);
    const again = await sijpath(['import', 'fhir', bundle], env);
    expect(again.stdout).toMatch(/Patient \S+ unchanged; episode \S+ unchanged\./);
    // A name with a right-to-left override (as a JSON escape) is the same name: the control goes,
    // as it does over HTTP, so it never reads reversed on a screen.
    await writeFile(bundle, JSON.stringify(referral).replace('"Command"', '"Com\\u202Emand"'));
    const spoofed = await sijpath(['import', 'fhir', bundle], env);
    expect(spoofed.stdout, spoofed.stderr).toMatch(/Patient \S+ unchanged; episode \S+ unchanged\./);

    await writeFile(bundle, JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: [] }));
    const bad = await sijpath(['import', 'fhir', bundle], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Bundle.type');
    expect(bad.stderr).toContain('Nothing was imported');
  }, 240_000);

  test("import fhir takes a clinic's NDJSON export into an empty clinic: every patient, episode and stage, and again changes nothing", async () => {
    const from = await createTestDatabase();
    await seedDemo(from.db);
    const dir = await mkdtemp(path.join(tmpdir(), 'sijpath-ndjson-'));
    const out = path.join(dir, 'clinic.ndjson');
    const exported = await sijpath(['export', 'fhir', '--out', out], { DATABASE_URL: from.url });
    expect(exported.code, exported.stderr).toBe(0);

    // The receiving clinic: no patients, the sending clinic's protocol and rules.
    const to = await createTestDatabase();
    const { id } = await buildClinic(to.db, 'Receiving Clinic');
    const [sending] = (await from.db.execute(sql`select settings from clinic`)).rows as {
      settings: unknown;
    }[];
    await to.db.execute(
      sql`update clinic set settings = ${JSON.stringify(sending!.settings)}::jsonb where id = ${id}`,
    );
    const env = { DATABASE_URL: to.url };
    const first = await sijpath(['import', 'fhir', out], env);
    expect(first.code, first.stderr.slice(0, 2000)).toBe(0);
    const stages = async (db: typeof from.db) =>
      (
        (await db.execute(sql`select stage, count(*)::int as n from episode group by stage order by stage`))
          .rows as { stage: string; n: number }[]
      ).map((r) => `${r.stage} ${r.n}`);
    expect(await stages(to.db)).toEqual(await stages(from.db));
    const count = async (db: typeof from.db, table: string) =>
      ((await db.execute(sql.raw(`select count(*)::int as n from ${table}`))).rows[0] as { n: number }).n;
    for (const table of ['patient', 'step_record', 'booking', 'diary_entry', 'symptom_report']) {
      expect(await count(to.db, table), table).toBe(await count(from.db, table));
    }

    const again = await sijpath(['import', 'fhir', out], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toMatch(/ (created|updated)/);
    expect(await count(to.db, 'step_record')).toBe(await count(from.db, 'step_record'));

    // A broken line is named, and nothing is imported.
    const lines = (await readFile(out, 'utf8')).split('\n');
    await writeFile(out, [...lines.slice(0, 3), '{"resourceType":', ...lines.slice(3)].join('\n'));
    const bad = await sijpath(['import', 'fhir', out], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('line 4');
    await rm(dir, { recursive: true });
  }, 300_000);
});

const referral = buildReferralBundle({
  nhsNumber: '9434765919',
  family: 'Command',
  given: 'Line',
  gender: 'male',
  birthDate: '1961-07-30',
  referralId: 'CLI-1',
  authoredOn: '2026-11-02',
  reason: 'Right buttock pain',
});
