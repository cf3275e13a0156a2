/**
 * The audit chain's arithmetic (docs/adr/0003-audit-chain.md): each clinic's events in a
 * gap-free sequence, each link an HMAC-SHA256 over the previous link and every field of its
 * event, keyed with a secret kept outside the database. Without the key, rewriting the chain
 * with the database login alone cannot produce matching links; checkpoints written outside the
 * database catch even a rewrite by someone who holds the key.
 */
import { createHmac } from 'node:crypto';

/** Every field of an audit event, as text exactly as the database holds it. */
export type EventFields = {
  id: string;
  clinicId: string | null;
  /** UTC with microseconds, e.g. 2026-12-02T10:00:00.123456Z (what PostgreSQL stores). */
  at: string;
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  action: string;
  recordType: string;
  recordId: string | null;
  status: number | null;
  clientAddress: string | null;
  requestId: string | null;
};

/** The link before the first event of a chain. */
export const GENESIS = '0'.repeat(64);

/** The chain an event belongs to: its clinic, or `system` for events with none. */
export const chainOf = (clinicId: string | null) => clinicId ?? 'system';

/** A link: the HMAC of the chain, position, previous link and event, in a fixed canonical order. */
export function link(key: string, chain: string, seq: number, prevHash: string, e: EventFields): string {
  const canonical = JSON.stringify([
    'sijpath-audit-v1',
    chain,
    seq,
    prevHash,
    e.id,
    e.clinicId,
    e.at,
    e.actorId,
    e.actorName,
    e.role,
    e.action,
    e.recordType,
    e.recordId,
    e.status,
    e.clientAddress,
    e.requestId,
  ]);
  return createHmac('sha256', key).update(canonical).digest('hex');
}

/** A checkpoint: the head of a chain at a moment, signed, kept outside the database. */
export interface Checkpoint {
  chain: string;
  seq: number;
  hash: string;
  at: string;
  mac: string;
}

export function signCheckpoint(key: string, c: Omit<Checkpoint, 'mac'>): Checkpoint {
  const mac = createHmac('sha256', key)
    .update(JSON.stringify(['sijpath-checkpoint-v1', c.chain, c.seq, c.hash, c.at]))
    .digest('hex');
  return { ...c, mac };
}

export const checkpointValid = (key: string, c: Checkpoint) => signCheckpoint(key, c).mac === c.mac;

/** SQL that selects every field of audit_event `e` as the text the links are computed over. */
export const eventFieldsSql = `
  e.id::text as id, e.clinic_id::text as "clinicId",
  to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
  e.actor_id as "actorId", e.actor_name as "actorName", e.role, e.action,
  e.record_type as "recordType", e.record_id as "recordId", e.status::int as status,
  e.client_address as "clientAddress", e.request_id as "requestId"`;
