/**
 * Every read and write of patient data leaves an audit event: who, role, clinic, action, record,
 * when, from where and with which request. Writes pass their transaction so the event commits
 * with the change; a page read can carry its event in its own statement (`auditSql`), so that
 * reading and auditing cost one round trip. Inserting takes no lock: the sealer chains events
 * afterwards (src/server/audit/sealer.ts), and a trigger queues each one for it, so none can be
 * skipped. Both forms take the event's fields from here, and nowhere else.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database, Tx } from '../../db/client.ts';
import { auditEvent } from '../../db/schema.ts';
import type { AuditAction } from '../../shared/api/audit-actions.ts';

type Executor = Pick<Database, 'insert'>;

export interface AuditEntry {
  /** In words on the audit page (src/shared/api/audit-actions.ts). */
  action: AuditAction;
  recordType: string;
  recordId?: string | null;
  /** Set when the answer is not a success but still carries patient data (e.g. a 409 with the record). */
  status?: number;
  /**
   * Who called, when it is not a signed-in person: a system authenticated otherwise (a CDS Hooks
   * client, by its signed JWT). Defaults to the request's actor.
   */
  by?: { clinicId: string; id: string; name: string; role: string };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Writes the event: in `tx` when given (with the write it records), else on its own. */
    audit(entry: AuditEntry, tx?: Executor): Promise<void>;
    /**
     * The event as an INSERT for a read to run in its own statement (`with audit as (…) select …`),
     * written only if `when` holds — e.g. the record exists at the reader's clinic.
     */
    auditSql(entry: AuditEntry, when?: SQL): SQL;
    /**
     * A change and its audit events in one transaction, so both are stored or neither: runs the
     * change, then writes the events named from what it returned (a new record's id, say).
     */
    auditedChange<T>(
      change: (tx: Tx) => Promise<T>,
      entries: (result: T) => AuditEntry | AuditEntry[],
    ): Promise<T>;
  }
}

function eventOf(request: FastifyRequest, entry: AuditEntry) {
  const actor = entry.by ?? request.actor;
  return {
    clinicId: actor?.clinicId ?? null,
    actorId: actor?.id ?? null,
    actorName: actor?.name ?? null,
    role: actor?.role ?? 'anonymous',
    action: entry.action,
    recordType: entry.recordType,
    recordId: entry.recordId ?? null,
    status: entry.status ?? null,
    clientAddress: request.ip,
    requestId: request.id,
  };
}

/** The columns in the order eventOf lists them. */
const insertText = `insert into audit_event (clinic_id, actor_id, actor_name, role, action, record_type,
  record_id, status, client_address, request_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

export const auditPlugin = fp(async (app: FastifyInstance, { db }: { db: Database }) => {
  app.decorateRequest('audit', async function (this: FastifyRequest, entry: AuditEntry, tx: Executor = db) {
    const event = eventOf(this, entry);
    if (tx !== db) {
      await tx.insert(auditEvent).values(event);
      return;
    }
    // On its own: one prepared statement, planned once per connection.
    await db.$client.query({ name: 'sijpath_audit_insert', text: insertText, values: Object.values(event) });
  });

  app.decorateRequest('auditedChange', function <
    T,
  >(this: FastifyRequest, change: (tx: Tx) => Promise<T>, entries: (result: T) => AuditEntry | AuditEntry[]): Promise<T> {
    return db.transaction(async (tx) => {
      const result = await change(tx);
      for (const entry of [entries(result)].flat()) await this.audit(entry, tx);
      return result;
    });
  });

  app.decorateRequest('auditSql', function (this: FastifyRequest, entry: AuditEntry, when?: SQL) {
    const e = eventOf(this, entry);
    return sql`insert into audit_event (clinic_id, actor_id, actor_name, role, action, record_type,
      record_id, status, client_address, request_id)
      select ${e.clinicId}::uuid, ${e.actorId}::text, ${e.actorName}::text, ${e.role}::text,
        ${e.action}::text, ${e.recordType}::text, ${e.recordId}::text, ${e.status}::smallint,
        ${e.clientAddress}::text, ${e.requestId}::text
      where ${when ?? sql`true`}`;
  });
});
