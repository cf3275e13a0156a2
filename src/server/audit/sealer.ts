/**
 * The sealer: chains audit events after they are written, so that the request path takes no
 * lock. Each chain's head row is claimed with FOR UPDATE SKIP LOCKED, so several server
 * processes can run sealers side by side and each chain is extended by one of them at a time.
 */
import { appendFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { roundReporter } from '../../db/unavailable.ts';
import { repeat } from '../jobs/queue.ts';
import { type Checkpoint, type EventFields, eventFieldsSql, GENESIS, link, signCheckpoint } from './chain.ts';

export interface SealOptions {
  key: string;
  /** Where signed checkpoints are appended (one JSON line each); none when unset. */
  checkpointFile?: string | undefined;
  /** Events sealed per transaction. */
  batch?: number;
  now?: () => Date;
}

/** Seals what is pending in every chain; returns how many events were sealed. */
export async function sealPending(db: Database, options: SealOptions): Promise<number> {
  const chains = await db.execute<{ chain: string }>(sql`select distinct chain from audit_pending`);
  let sealed = 0;
  for (const { chain } of chains.rows) {
    for (;;) {
      const n = await sealBatch(db, chain, options);
      sealed += n;
      if (n < (options.batch ?? 1000)) break;
    }
  }
  return sealed;
}

async function sealBatch(db: Database, chain: string, options: SealOptions): Promise<number> {
  const checkpoint = await db.transaction(async (tx) => {
    await tx.execute(
      sql`insert into audit_head (chain, seq, hash) values (${chain}, 0, ${GENESIS}) on conflict do nothing`,
    );
    const head = await tx.execute<{ seq: number; hash: string }>(
      sql`select seq::int as seq, hash from audit_head where chain = ${chain} for update skip locked`,
    );
    if (head.rows.length === 0) return null; // another sealer has this chain
    let { seq, hash } = head.rows[0]!;
    const pending = await tx.execute<EventFields>(
      sql`select ${sql.raw(eventFieldsSql)} from audit_pending p join audit_event e on e.id = p.event_id
        where p.chain = ${chain} order by p.event_id limit ${options.batch ?? 1000}`,
    );
    if (pending.rows.length === 0) return { count: 0 };
    const seals = pending.rows.map((e) => {
      seq += 1;
      const prev = hash;
      hash = link(options.key, chain, seq, prev, e);
      return { eventId: e.id, seq, prev, hash };
    });
    const rows = seals.map((l) => ({ seq: l.seq, event_id: Number(l.eventId), prev: l.prev, hash: l.hash }));
    // Inserting the seals takes their events off the queue (a trigger: drizzle/0011).
    await tx.execute(sql`
      insert into audit_seal (chain, seq, event_id, prev_hash, hash)
      select ${chain}, seq, event_id, prev, hash from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as s(seq bigint, event_id bigint, prev text, hash text)`);
    await tx.execute(
      sql`update audit_head set seq = ${seq}, hash = ${hash}, updated_at = now() where chain = ${chain}`,
    );
    const at = (options.now?.() ?? new Date()).toISOString();
    return { count: seals.length, checkpoint: signCheckpoint(options.key, { chain, seq, hash, at }) };
  });
  if (!checkpoint) return 0;
  if (checkpoint.count > 0 && checkpoint.checkpoint && options.checkpointFile) {
    await writeCheckpoint(options.checkpointFile, checkpoint.checkpoint);
  }
  return checkpoint.count;
}

/** Checkpoints are appended, one line each; a torn last line is ignored by verify. */
async function writeCheckpoint(file: string, c: Checkpoint): Promise<void> {
  await appendFile(file, `${JSON.stringify(c)}\n`, { mode: 0o600 });
}

/** Runs the sealer every `intervalMs` until stopped; errors are logged and retried next round. */
export function startSealer(
  db: Database,
  options: SealOptions & { intervalMs?: number; log?: (message: string) => void },
) {
  // Every interval, even after a round that sealed: a second's events sealed in one batch cost
  // less than each sealed as it comes (reported as no work, so the loop keeps its cadence).
  const loop = repeat(
    () => sealPending(db, options).then(() => 0),
    roundReporter('audit sealer', options.log),
    options.intervalMs ?? 1000,
  );
  return {
    async stop() {
      await loop.stop();
      // A last pass, so nothing written before the stop waits for the next start.
      await sealPending(db, options).catch(() => {});
    },
  };
}
