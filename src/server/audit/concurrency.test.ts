/**
 * The chain under load from two server processes on one database: 2,000 audited reads at once,
 * both processes' sealers running, and two more sealers racing at the end. No lock is taken on the
 * request path, yet every event must end up in its clinic's chain exactly once, in a gap-free
 * sequence that verifies.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { buildPatient } from '../../../test/support/factories.ts';
import { type ServerProcess, startServerProcess } from '../../../test/support/server-process.ts';
import { connect } from '../../db/client.ts';
import { freePort } from '../../db/embedded.ts';
import { sealPending, startSealer } from './sealer.ts';
import { verifyAudit } from './verify.ts';

const key = 'concurrency-test-audit-key-0123456789ab';
let t: TestApp;
let other: ServerProcess;
let here: string;
let dir: string;
let checkpoints: string;

beforeAll(async () => {
  t = await createTestApp();
  dir = await mkdtemp(path.join(os.tmpdir(), 'sijpath-chain-'));
  checkpoints = path.join(dir, 'checkpoints.jsonl');
  other = await startServerProcess({
    databaseUrl: t.url,
    authSecret: 'test-secret-test-secret-test-secret!',
    env: { AUDIT_KEY: key, AUDIT_CHECKPOINT_FILE: checkpoints },
  });
  const port = await freePort();
  await t.app.listen({ port, host: '127.0.0.1' });
  here = `http://127.0.0.1:${port}`;
}, 60_000);
afterAll(async () => {
  await other?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('2,000 audited reads at once on two processes: every event chained once, in order, verified', async () => {
  const patient = await buildPatient(t.db, t.clinic.id);
  const before = await eventsOf(t.clinic.id);
  // This process seals too, into the same checkpoint file, while the other process's sealer runs.
  const sealer = startSealer(t.db, { key, checkpointFile: checkpoints, intervalMs: 50, batch: 200 });
  try {
    const cookie = t.cookies.nurse;
    // All 2,000 issued at once; the client queues them over 50 kept-alive connections per
    // process (as the benchmark's 50 connections), instead of opening 2,000 sockets.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    try {
      const reads = Array.from({ length: 2000 }, (_, i) =>
        get(`${i % 2 ? here : other.baseUrl}/api/patients/${patient.id}`, cookie, agent),
      );
      const statuses = await Promise.all(reads);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    } finally {
      agent.destroy();
    }
  } finally {
    await sealer.stop();
  }
  // Two more sealers from two connections race over whatever is left.
  const second = connect(t.url, 2);
  try {
    await Promise.all([
      sealPending(t.db, { key, checkpointFile: checkpoints }),
      sealPending(second, { key }),
    ]);
  } finally {
    await second.$client.end();
  }
  await expect.poll(async () => pendingOf(t.clinic.id), { timeout: 10_000 }).toBe(0);

  const reads = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_event
    where action = 'patient.read' and record_id = ${patient.id}`);
  expect(reads.rows[0]!.n).toBe(2000);
  const total = await eventsOf(t.clinic.id);
  expect(total - before).toBe(2000);

  const seqs = await t.db.execute<{ n: number; max: number; events: number }>(sql`
    select count(*)::int as n, max(seq)::int as max, count(distinct event_id)::int as events
    from audit_seal where chain = ${t.clinic.id}`);
  expect(seqs.rows[0]).toEqual({ n: total, max: total, events: total });

  const report = await verifyAudit(t.db, { key, checkpointFile: checkpoints });
  expect(report.problems).toEqual([]);
  expect(report.intact).toBe(true);
  const mine = report.chains.find((c) => c.chain === t.clinic.id)!;
  expect(mine).toMatchObject({ sealed: total, pending: 0 });
  expect(mine.checkpointsChecked).toBeGreaterThan(0);
  // Both processes appended to one checkpoint file: every line is whole.
  const lines = (await readFile(checkpoints, 'utf8')).trim().split('\n');
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
}, 180_000);

function get(url: string, cookie: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { cookie } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

async function eventsOf(clinicId: string) {
  const { rows } = await t.db.execute<{ n: number }>(
    sql`select count(*)::int as n from audit_event where clinic_id = ${clinicId}`,
  );
  return rows[0]!.n;
}
async function pendingOf(clinicId: string) {
  const { rows } = await t.db.execute<{ n: number }>(
    sql`select count(*)::int as n from audit_pending where chain = ${clinicId}`,
  );
  return rows[0]!.n;
}
