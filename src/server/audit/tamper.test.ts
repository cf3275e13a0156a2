/**
 * Tampering with the audit trail as the database superuser would, triggers off
 * (session_replication_role = replica), each on its own copy of a sealed trail (a fresh test
 * database): verifyAudit must name the first bad event and what was done to it, and
 * `sijpath audit verify` must exit 1.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { buildClinic } from '../../../test/support/factories.ts';
import type { Database } from '../../db/client.ts';
import { type EventFields, eventFieldsSql, GENESIS, link } from './chain.ts';
import { sealPending } from './sealer.ts';
import { type Problem, verifyAudit } from './verify.ts';

const key = 'tamper-test-audit-key-0123456789abcdef';
const wrongKey = 'not-the-audit-key-but-long-enough-0123';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sijpath-tamper-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Trail {
  db: Database;
  url: string;
  chain: string;
  checkpoints: string;
  /** Event id at each link, 1-based. */
  events: string[];
  /** Runs SQL as the superuser with every trigger off, as an intruder with the database login would. */
  tamper(text: string, values?: unknown[]): Promise<void>;
  verify(withCheckpoints?: boolean): Promise<Problem | undefined>;
}

/** A clinic's trail of `n` events, sealed five at a time (a checkpoint after each batch). */
async function sealedTrail(n = 20): Promise<Trail> {
  const { db, url } = await createTestDatabase();
  const clinic = await buildClinic(db);
  for (let i = 0; i < n; i++) {
    await db.execute(sql`insert into audit_event (clinic_id, actor_id, actor_name, role, action, record_type,
        record_id, status, client_address, request_id)
      values (${clinic.id}, ${`user-${i % 3}`}, ${`Nurse ${i % 3}`}, 'nurse', 'episode.read', 'episode',
        ${`record-${i}`}, ${i % 7 === 0 ? 409 : null}, '10.0.0.1', ${`req-${i}`})`);
  }
  const checkpoints = path.join(dir, `${clinic.id}.jsonl`);
  expect(await sealPending(db, { key, checkpointFile: checkpoints, batch: 5 })).toBe(n);
  const { rows } = await db.execute<{ event_id: string }>(
    sql`select event_id::text from audit_seal where chain = ${clinic.id} order by seq`,
  );
  const trail: Trail = {
    db,
    url,
    chain: clinic.id,
    checkpoints,
    events: rows.map((r) => r.event_id),
    async tamper(text, values = []) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('set session_replication_role = replica');
        await client.query(text, values);
      } finally {
        await client.end();
      }
    },
    async verify(withCheckpoints = true) {
      const report = await verifyAudit(db, {
        key,
        checkpointFile: withCheckpoints ? checkpoints : undefined,
      });
      expect(report.intact).toBe(report.problems.length === 0);
      return report.problems[0];
    },
  };
  expect(await trail.verify()).toBeUndefined();
  return trail;
}

/** Recomputes every link from `from` on with `withKey`, consistently, as a rewrite would. */
async function relink(t: Trail, from: number, withKey: string) {
  const { rows } = await t.db.execute<EventFields & { seq: number; prev_hash: string }>(sql`
    select s.seq::int as seq, s.prev_hash, ${sql.raw(eventFieldsSql)}
    from audit_seal s join audit_event e on e.id = s.event_id where s.chain = ${t.chain} order by s.seq`);
  let prev = rows.find((r) => r.seq === from)?.prev_hash ?? GENESIS;
  for (const r of rows.filter((x) => x.seq >= from)) {
    const hash = link(withKey, t.chain, r.seq, prev, r);
    await t.tamper('update audit_seal set prev_hash = $1, hash = $2 where chain = $3 and seq = $4', [
      prev,
      hash,
      t.chain,
      r.seq,
    ]);
    prev = hash;
  }
  await t.tamper('update audit_head set hash = $1 where chain = $2', [prev, t.chain]);
}

describe('a trail left alone', () => {
  test('verifies, with every checkpoint checked', async () => {
    const t = await sealedTrail(12);
    const report = await verifyAudit(t.db, { key, checkpointFile: t.checkpoints });
    expect(report.intact).toBe(true);
    expect(report.chains).toEqual([{ chain: t.chain, sealed: 12, pending: 0, checkpointsChecked: 3 }]);
    // One JSON line per sealed batch, each naming its chain's head.
    const lines = (await readFile(t.checkpoints, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((c: { seq: number }) => c.seq)).toEqual([5, 10, 12]);
  });
});

describe('tampering is found, with the first bad event and what was done', () => {
  const fields = [
    ['at', "at + interval '1 second'"],
    ['actor_id', "'someone-else'"],
    ['actor_name', "'Someone Else'"],
    ['role', "'admin'"],
    ['action', "'episode.list'"],
    ['record_type', "'patient'"],
    ['record_id', "'record-999'"],
    ['status', '200'],
    ['client_address', "'192.0.2.7'"],
    ['request_id', "'req-forged'"],
    ['clinic_id', '(select id from clinic limit 1 offset 1)'],
  ] as const;

  test('a change to any field of a sealed event: modified', async () => {
    const t = await sealedTrail();
    await buildClinic(t.db, 'Another clinic'); // somewhere to move an event to
    const target = t.events[6]!; // link 7
    const { rows } = await t.db.execute(sql`select * from audit_event where id = ${target}`);
    const original = rows[0] as Record<string, unknown>;
    for (const [field, value] of fields) {
      await t.tamper(`update audit_event set ${field} = ${value} where id = $1`, [target]);
      expect(await t.verify(), field).toMatchObject({ kind: 'modified', seq: 7, eventId: target });
      await t.tamper(`update audit_event set ${field} = $1 where id = $2`, [original[field], target]);
      expect(await t.verify(), `${field} restored`).toBeUndefined();
    }
  });

  test('an event deleted: removed (its link left dangling, or taken out and the rest renumbered)', async () => {
    const t = await sealedTrail();
    await t.tamper('delete from audit_event where id = $1', [t.events[4]]);
    expect(await t.verify()).toMatchObject({ kind: 'removed', seq: 5, eventId: t.events[4] });

    const u = await sealedTrail();
    await u.tamper('delete from audit_seal where event_id = $1', [u.events[4]]);
    await u.tamper('delete from audit_event where id = $1', [u.events[4]]);
    expect(await u.verify(false)).toMatchObject({ kind: 'removed', seq: 5 });
    await u.tamper('update audit_seal set seq = seq - 1 where chain = $1 and seq > 5', [u.chain]);
    expect(await u.verify(false)).toMatchObject({ kind: 'removed', seq: 5, eventId: u.events[5] });
  });

  test('an event inserted: outside the queue, or slipped into the chain', async () => {
    const t = await sealedTrail();
    await t.tamper(
      `insert into audit_event (clinic_id, actor_id, actor_name, role, action, record_type, record_id)
      values ($1, 'intruder', 'Intruder', 'admin', 'patient.read', 'patient', 'p-1')`,
      [t.chain],
    );
    const [{ id }] = (await t.db.execute<{ id: string }>(sql`select max(id)::text as id from audit_event`))
      .rows as [{ id: string }];
    expect(await t.verify()).toMatchObject({ kind: 'inserted', eventId: id });

    const u = await sealedTrail();
    await u.tamper(
      `insert into audit_event (clinic_id, actor_id, actor_name, role, action, record_type, record_id)
      values ($1, 'intruder', 'Intruder', 'admin', 'patient.read', 'patient', 'p-1')`,
      [u.chain],
    );
    const [{ id: slipped }] = (
      await u.db.execute<{ id: string }>(sql`select max(id)::text as id from audit_event`)
    ).rows as [{ id: string }];
    await u.tamper('update audit_seal set seq = seq + 100 where chain = $1 and seq >= 8', [u.chain]);
    await u.tamper('update audit_seal set seq = seq - 99 where chain = $1 and seq >= 108', [u.chain]);
    await u.tamper(
      `insert into audit_seal (chain, seq, event_id, prev_hash, hash)
      select $1, 8, $2, hash, repeat('0', 64) from audit_seal where chain = $1 and seq = 7`,
      [u.chain, slipped],
    );
    expect(await u.verify(false)).toMatchObject({ kind: 'inserted', seq: 8, eventId: slipped });
  });

  test('two events swapped: reordered, at the first of them', async () => {
    const t = await sealedTrail();
    const [a, b] = [t.events[4]!, t.events[5]!];
    await t.tamper('update audit_seal set event_id = -1 where event_id = $1', [a]);
    await t.tamper('update audit_seal set event_id = $1 where event_id = $2', [a, b]);
    await t.tamper('update audit_seal set event_id = $1 where event_id = -1', [b]);
    expect(await t.verify()).toMatchObject({ kind: 'reordered', seq: 5, eventId: b });
  });

  test('the trail truncated, or its last events cut off: the checkpoints say how far it went', async () => {
    const t = await sealedTrail();
    await t.tamper('truncate audit_event, audit_seal, audit_pending, audit_head');
    expect(await t.verify()).toMatchObject({ kind: 'truncated', chain: t.chain });

    const u = await sealedTrail();
    await u.tamper('delete from audit_seal where chain = $1 and seq > 17', [u.chain]);
    await u.tamper('delete from audit_event where id = any($1::bigint[])', [u.events.slice(17)]);
    await u.tamper(
      'update audit_head set seq = 17, hash = (select hash from audit_seal where chain = $1 and seq = 17) where chain = $1',
      [u.chain],
    );
    expect(await u.verify()).toMatchObject({ kind: 'truncated', seq: 20 });
    // Without the checkpoint file nothing in the database contradicts it: keep a copy elsewhere.
    expect(await u.verify(false)).toBeUndefined();
  });

  test('the chain rewritten consistently from an event on without the key: rewritten, from that event', async () => {
    const t = await sealedTrail();
    await t.tamper(`update audit_event set action = 'nothing.to.see' where id = $1`, [t.events[9]]);
    await relink(t, 10, wrongKey);
    expect(await t.verify(false)).toMatchObject({ kind: 'rewritten', seq: 10, eventId: t.events[9] });
  });

  test('the chain rewritten consistently with the key itself: only the checkpoint file catches it', async () => {
    const t = await sealedTrail();
    await t.tamper(`update audit_event set action = 'nothing.to.see' where id = $1`, [t.events[11]]);
    await relink(t, 12, key);
    expect(await t.verify(false)).toBeUndefined();
    const problem = await t.verify();
    // The checkpoints after links 5 and 10 still hold; the one after 15 does not.
    expect(problem).toMatchObject({ kind: 'rewritten', seq: 15 });
    expect(problem?.message).toMatch(/after link 10 .* at or before link 15/);
  });

  test('an altered checkpoint file is reported, not trusted', async () => {
    const t = await sealedTrail(6);
    const text = await readFile(t.checkpoints, 'utf8');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(t.checkpoints, text.replace(/"seq":5/, '"seq":4'));
    expect(await t.verify()).toMatchObject({ kind: 'rewritten', seq: 4 });
  });
});

describe('sijpath audit verify', () => {
  const bin = path.resolve(import.meta.dirname, '../../../bin/sijpath.mjs');
  const run = (env: Record<string, string>) =>
    promisify(execFile)(process.execPath, [bin, 'audit', 'verify'], {
      env: { ...process.env, AUTH_SECRET: 'x'.repeat(32), AUDIT_KEY: key, LOG_LEVEL: 'silent', ...env },
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );

  test('exits 0 on an intact trail and 1 on a tampered one, naming what it found', async () => {
    const t = await sealedTrail(8);
    const env = { DATABASE_URL: t.url, AUDIT_CHECKPOINT_FILE: t.checkpoints };
    const intact = await run(env);
    expect(intact.code, intact.stdout).toBe(0);
    expect(intact.stdout).toContain('8 events sealed');
    expect(intact.stdout).toContain('The audit chain is intact.');
    await t.tamper(`update audit_event set actor_name = 'Nobody' where id = $1`, [t.events[2]]);
    const broken = await run(env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('BROKEN (modified)');
    expect(broken.stdout).toContain(`Event ${t.events[2]} (link 3`);
  }, 60_000);
});
