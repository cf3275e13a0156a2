/**
 * `sijpath backup` / `restore`: every row of every table comes back as it was, the audit chain
 * still verifies, a changed archive is caught before anything is restored, and a database that
 * holds rows is not overwritten unless asked.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createEmptyDatabase, createTestDatabase } from '../../test/support/database.ts';
import { buildClinic } from '../../test/support/factories.ts';
import { backupDatabase, checkArchive, restoreDatabase, tableChecksums } from '../db/backup.ts';
import { connect, type Database } from '../db/client.ts';
import { sealPending } from '../server/audit/sealer.ts';
import { verifyAudit } from '../server/audit/verify.ts';
import { seedDemo } from '../server/demo/demo.ts';

const key = 'backup-test-audit-key-0123456789abcdef';
let dir: string;
let source: Database;
let archive: string;
let checkpoints: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sijpath-backup-test-'));
  ({ db: source } = await createTestDatabase());
  await seedDemo(source);
  checkpoints = path.join(dir, 'checkpoints.jsonl');
  await sealPending(source, { key, checkpointFile: checkpoints });
  // Two events the sealer has not reached yet: the queue is part of what is restored.
  for (const i of [1, 2])
    await source.execute(sql`insert into audit_event (actor_id, actor_name, role, action, record_type, record_id, client_address, request_id)
      values ('cli', 'Operator', 'admin', 'backup.test', 'clinic', ${`r${i}`}, '127.0.0.1', ${`req-${i}`})`);
  archive = path.join(dir, 'clinic.sijpath-backup.tar.gz');
  await backupDatabase(source, archive);
}, 60_000);

afterAll(async () => {
  for (const c of cleanups) await c();
  await rm(dir, { recursive: true, force: true });
});

/** A new database with nothing in it (no tables), as on a fresh machine. */
async function emptyDatabase(): Promise<Database> {
  const empty = await createEmptyDatabase();
  const db = connect(empty.url, 2);
  cleanups.push(async () => {
    await db.$client.end();
    await empty.drop();
  });
  return db;
}

test('a backup restored into an empty database has every row of every table, and the audit chain verifies', async () => {
  const before = await tableChecksums(source);
  expect(before.patient?.rows).toBeGreaterThan(0);
  expect(before.audit_pending?.rows).toBe(2);
  const { manifest } = await checkArchive(archive);
  expect(manifest.tables.map((t) => t.name)).toEqual(Object.keys(before));

  const target = await emptyDatabase();
  const progress: number[] = [];
  await restoreDatabase(target, archive, { onProgress: (done) => progress.push(done) });
  expect(await tableChecksums(target)).toEqual(before);
  expect(progress.at(-1)).toBe(manifest.tables.reduce((a, t) => a + t.rows, 0));

  const report = await verifyAudit(target, { key, checkpointFile: checkpoints });
  expect(report.problems).toEqual([]);
  expect(report.intact).toBe(true);
  // The sequences carry on where they were: a new event takes the next number, and seals.
  const [{ max }] = (await target.execute<{ max: number }>(sql`select max(id)::int as max from audit_event`))
    .rows as [{ max: number }];
  const [{ id }] = (
    await target.execute<{
      id: number;
    }>(sql`insert into audit_event (actor_id, actor_name, role, action, record_type, record_id, client_address, request_id)
      values ('cli', 'Operator', 'admin', 'after.restore', 'clinic', 'r3', '127.0.0.1', 'req-3') returning id::int`)
  ).rows as [{ id: number }];
  expect(id).toBe(max + 1);
  expect(await sealPending(target, { key, checkpointFile: checkpoints })).toBe(3);
  expect((await verifyAudit(target, { key, checkpointFile: checkpoints })).intact).toBe(true);
  // The append-only guard is back on after the load.
  await expect(target.execute(sql`delete from audit_event`)).rejects.toThrow();
});

test('restore --check finds a changed byte in an archive, and nothing is restored from it', async () => {
  const tar = gunzipSync(await readFile(archive));
  const patientName = (
    (await source.execute<{ family: string }>(sql`select family_name as family from patient limit 1`))
      .rows[0] as {
      family: string;
    }
  ).family;
  const at = tar.indexOf(Buffer.from(`\t${patientName}\t`), tar.indexOf('data/patient.copy'));
  expect(at).toBeGreaterThan(0);
  tar[at + 1] = tar[at + 1] === 0x58 ? 0x59 : 0x58; // one letter of a surname
  const tampered = path.join(dir, 'tampered.tar.gz');
  await writeFile(tampered, gzipSync(tar));
  await expect(checkArchive(tampered)).rejects.toMatchObject({
    message: expect.stringMatching(/damaged or has been changed/),
    problems: [expect.stringMatching(/^patient: the data does not match the manifest/)],
  });
  const target = await emptyDatabase();
  await expect(restoreDatabase(target, tampered)).rejects.toThrow(/damaged or has been changed/);
  expect((await target.$client.query("select to_regclass('public.patient') as t")).rows[0].t).toBeNull();

  const truncated = path.join(dir, 'truncated.tar.gz');
  await writeFile(truncated, gzipSync(tar.subarray(0, Math.floor(tar.length / 2))));
  await expect(checkArchive(truncated)).rejects.toThrow(/ends too early|damaged/);
});

test('a database that holds rows is refused, unless --force, which replaces everything in it', async () => {
  const { db: busy } = await createTestDatabase();
  await buildClinic(busy);
  await expect(restoreDatabase(busy, archive)).rejects.toThrow(/not empty .*--force/);
  await restoreDatabase(busy, archive, { force: true });
  expect(await tableChecksums(busy)).toEqual(await tableChecksums(source));
});
