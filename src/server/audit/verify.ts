/**
 * Walks each audit chain and reports the first event that was modified, removed, inserted or
 * reordered, and any signed checkpoint the chain no longer matches (`sijpath audit verify`).
 */
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  type Checkpoint,
  checkpointValid,
  type EventFields,
  eventFieldsSql,
  GENESIS,
  link,
} from './chain.ts';

export type ProblemKind = 'modified' | 'removed' | 'inserted' | 'reordered' | 'rewritten' | 'truncated';

export interface Problem {
  chain: string;
  kind: ProblemKind;
  seq?: number;
  eventId?: string;
  message: string;
}

export interface ChainReport {
  chain: string;
  /** Events sealed in the chain. */
  sealed: number;
  /** Events written but not yet sealed (the sealer has not run since). */
  pending: number;
  checkpointsChecked: number;
}

export interface VerifyReport {
  intact: boolean;
  chains: ChainReport[];
  problems: Problem[];
}

export interface VerifyOptions {
  key: string;
  /** Only this chain (a clinic id, or `system`). */
  chain?: string | undefined;
  /** Signed checkpoints to check the chains against (JSON lines). */
  checkpointFile?: string | undefined;
  onProgress?: (done: number, total: number) => void;
  pageSize?: number;
}

type SealRow = Partial<EventFields> & {
  seq: number;
  sealEventId: string;
  prevHash: string;
  hash: string;
  present: boolean;
};

export async function verifyAudit(db: Database, options: VerifyOptions): Promise<VerifyReport> {
  const checkpoints = await readCheckpoints(options.checkpointFile);
  const problems: Problem[] = [];
  for (const c of checkpoints) {
    if (!checkpointValid(options.key, c)) {
      problems.push({
        chain: c.chain,
        kind: 'rewritten',
        seq: c.seq,
        message: `A checkpoint for ${c.chain} at ${c.seq} does not carry a valid signature: the checkpoint file was altered.`,
      });
    }
  }
  const only = options.chain;
  const chainsFound = await db.execute<{ chain: string; sealed: number; pending: number }>(sql`
    select chain, sum(sealed)::int as sealed, sum(pending)::int as pending from (
      select chain, count(*) as sealed, 0 as pending from audit_seal group by chain
      union all select chain, 0, count(*) from audit_pending group by chain
      union all select coalesce(clinic_id::text, 'system'), 0, 0 from audit_event group by 1
      union all select chain, 0, 0 from audit_head
    ) x ${only ? sql`where chain = ${only}` : sql``} group by chain order by chain`);
  const names = new Set(chainsFound.rows.map((r) => r.chain));
  for (const c of checkpoints) if (!only || c.chain === only) names.add(c.chain);
  const total = chainsFound.rows.reduce((n, r) => n + r.sealed, 0);
  let done = 0;
  const chains: ChainReport[] = [];
  for (const chain of [...names].sort()) {
    const counts = chainsFound.rows.find((r) => r.chain === chain) ?? { sealed: 0, pending: 0 };
    const walked = await walkChain(db, chain, options, (n) => {
      done += n;
      options.onProgress?.(done, total);
    });
    const mine = checkpoints.filter((c) => c.chain === chain && checkpointValid(options.key, c));
    const found =
      walked.problem ?? (await againstCheckpoints(db, chain, mine)) ?? (await againstHead(db, chain, walked));
    if (found) problems.push(found);
    else {
      const inserted = await unsealedInserts(db, chain);
      if (inserted) problems.push(inserted);
    }
    chains.push({ chain, sealed: counts.sealed, pending: counts.pending, checkpointsChecked: mine.length });
  }
  return { intact: problems.length === 0, chains, problems };
}

/** The chain in sequence order, page by page: the first link that does not hold, or its end. */
async function walkChain(
  db: Database,
  chain: string,
  options: VerifyOptions,
  progress: (n: number) => void,
): Promise<{ problem: Problem } | { problem: null; seq: number; hash: string }> {
  const pageSize = options.pageSize ?? 5000;
  let expectedSeq = 1;
  let prev = GENESIS;
  for (;;) {
    const page = await db.execute<SealRow>(sql`
      select s.seq::int as seq, s.event_id::text as "sealEventId", s.prev_hash as "prevHash", s.hash,
        e.id is not null as present, ${sql.raw(eventFieldsSql)}
      from audit_seal s left join audit_event e on e.id = s.event_id
      where s.chain = ${chain} and s.seq >= ${expectedSeq}
      order by s.seq limit ${pageSize}`);
    for (const s of page.rows) {
      if (s.seq !== expectedSeq) {
        return {
          problem: {
            chain,
            kind: 'removed',
            seq: expectedSeq,
            message: `Link ${expectedSeq} of ${chain} is missing (the next is ${s.seq}): a sealed event was removed.`,
          },
        };
      }
      if (!s.present) {
        return {
          problem: {
            chain,
            kind: 'removed',
            seq: s.seq,
            eventId: s.sealEventId,
            message: `Event ${s.sealEventId} (link ${s.seq} of ${chain}) was removed from the trail.`,
          },
        };
      }
      const event = s as EventFields & SealRow;
      const expected = link(options.key, chain, s.seq, prev, event);
      if (expected !== s.hash || s.prevHash !== prev) {
        return { problem: await describeBreak(db, chain, event, prev, options.key) };
      }
      prev = s.hash;
      expectedSeq += 1;
    }
    progress(page.rows.length);
    if (page.rows.length < pageSize) return { problem: null, seq: expectedSeq - 1, hash: prev };
  }
}

/**
 * A link that does not verify, described by what the links around it say:
 * - its event verifies at another link: the events were put in another order (reordered);
 * - its event verifies one link further on: one before it was taken out (removed);
 * - the next event verifies at this link: an event was slipped in before it (inserted);
 * - its own link holds with the link it names, but that is not the one before it (re-linked);
 * - the next link still verifies: this one event was changed (modified);
 * - the next ones fail too: the chain was recomputed from here without the key (rewritten).
 */
async function describeBreak(
  db: Database,
  chain: string,
  event: EventFields & SealRow,
  prev: string,
  key: string,
): Promise<Problem> {
  const at = { chain, seq: event.seq, eventId: event.id };
  const seals = (
    await db.execute<{ seq: number; prevHash: string; hash: string }>(sql`
      select seq::int as seq, prev_hash as "prevHash", hash from audit_seal where chain = ${chain}`)
  ).rows;
  const home = seals.find(
    (s) => s.seq !== event.seq && link(key, chain, s.seq, s.prevHash, event) === s.hash,
  );
  if (home) {
    return {
      ...at,
      kind: 'reordered',
      message: `Event ${event.id} sits at link ${event.seq} of ${chain} but was sealed at link ${home.seq}: the trail was reordered.`,
    };
  }
  if (link(key, chain, event.seq + 1, event.prevHash, event) === event.hash) {
    return {
      ...at,
      seq: event.seq,
      kind: 'removed',
      message: `Event ${event.id} was sealed at link ${event.seq + 1} of ${chain} but sits at ${event.seq}: the event before it was removed and the links renumbered.`,
    };
  }
  const [next] = (
    await db.execute<EventFields & SealRow>(sql`
      select s.seq::int as seq, s.event_id::text as "sealEventId", s.prev_hash as "prevHash", s.hash,
        e.id is not null as present, ${sql.raw(eventFieldsSql)}
      from audit_seal s join audit_event e on e.id = s.event_id
      where s.chain = ${chain} and s.seq = ${event.seq + 1}`)
  ).rows;
  if (next && link(key, chain, event.seq, prev, next) === next.hash) {
    return {
      ...at,
      kind: 'inserted',
      message: `Event ${event.id} at link ${event.seq} of ${chain} was never sealed there: it was inserted, and the events after it moved down.`,
    };
  }
  if (link(key, chain, event.seq, event.prevHash, event) === event.hash && event.prevHash !== prev) {
    return {
      ...at,
      kind: 'reordered',
      message: `Link ${event.seq} of ${chain} (event ${event.id}) does not follow the link before it: the chain was re-linked.`,
    };
  }
  if (!next || link(key, chain, next.seq, next.prevHash, next) === next.hash) {
    return {
      ...at,
      kind: 'modified',
      message: `Event ${event.id} (link ${event.seq} of ${chain}) was modified after it was sealed: its fields no longer match its link.`,
    };
  }
  return {
    ...at,
    kind: 'rewritten',
    message: `From link ${event.seq} of ${chain} (event ${event.id}) on, the links were recomputed by someone without the audit key: the chain was rewritten from there.`,
  };
}

/** The chain's recorded head (the sealer's) must be where the walk ended. */
async function againstHead(db: Database, chain: string, end: { seq: number; hash: string }) {
  const [head] = (
    await db.execute<{ seq: number; hash: string }>(
      sql`select seq::int as seq, hash from audit_head where chain = ${chain}`,
    )
  ).rows;
  if (!head || head.seq === 0) return null;
  if (head.seq > end.seq) {
    return {
      chain,
      kind: 'truncated' as const,
      seq: end.seq + 1,
      message: `The sealer last sealed link ${head.seq} of ${chain}, but the chain ends at ${end.seq}: the last events were removed.`,
    };
  }
  if (head.seq === end.seq && head.hash !== end.hash) {
    return {
      chain,
      kind: 'rewritten' as const,
      seq: end.seq,
      message: `The last link of ${chain} differs from the one the sealer recorded: the chain was rewritten.`,
    };
  }
  return null;
}

/**
 * Every signed checkpoint must still be a link of the chain, with the same hash. Checked oldest
 * first: the first that differs bounds where a rewrite began (after the last that still held).
 */
async function againstCheckpoints(db: Database, chain: string, checkpoints: Checkpoint[]) {
  if (checkpoints.length === 0) return null;
  const [head] = (
    await db.execute<{ seq: number }>(
      sql`select coalesce(max(seq), 0)::int as seq from audit_seal where chain = ${chain}`,
    )
  ).rows;
  let held = 0;
  for (const c of [...checkpoints].sort((a, b) => a.seq - b.seq)) {
    if (c.seq > (head?.seq ?? 0)) {
      return {
        chain,
        kind: 'truncated' as const,
        seq: c.seq,
        message: `A checkpoint of ${c.at} says ${chain} had ${c.seq} links; it now has ${head?.seq ?? 0}: events were removed or the trail truncated.`,
      };
    }
    const [at] = (
      await db.execute<{ hash: string; eventId: string }>(
        sql`select hash, event_id::text as "eventId" from audit_seal where chain = ${chain} and seq = ${c.seq}`,
      )
    ).rows;
    if (at?.hash !== c.hash) {
      return {
        chain,
        kind: 'rewritten' as const,
        seq: c.seq,
        ...(at ? { eventId: at.eventId } : {}),
        message: `Link ${c.seq} of ${chain} differs from the checkpoint of ${c.at}: the chain was rewritten after link ${held} (the last checkpoint that still holds) and at or before link ${c.seq}.`,
      };
    }
    held = c.seq;
  }
  return null;
}

/** An event neither sealed nor waiting to be: it did not come through the application. */
async function unsealedInserts(db: Database, chain: string): Promise<Problem | null> {
  const [row] = (
    await db.execute<{ id: string }>(sql`
      select e.id::text as id from audit_event e
      where coalesce(e.clinic_id::text, 'system') = ${chain}
        and not exists (select 1 from audit_seal s where s.event_id = e.id)
        and not exists (select 1 from audit_pending p where p.event_id = e.id)
      order by e.id limit 1`)
  ).rows;
  if (!row) return null;
  return {
    chain,
    kind: 'inserted',
    eventId: row.id,
    message: `Event ${row.id} is in the trail of ${chain} but was never sealed or queued to be: it was inserted outside the application.`,
  };
}

async function readCheckpoints(file: string | undefined): Promise<Checkpoint[]> {
  if (!file) return [];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: Checkpoint[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as Checkpoint);
    } catch {
      // A torn last line from a crash mid-append: the lines before it still count.
    }
  }
  // The newest checkpoint of each chain is the strongest test; older ones are checked too.
  return out;
}
