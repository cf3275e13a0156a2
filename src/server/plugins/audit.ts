/**
 * Every read and write of patient data leaves an audit event: who, role, clinic, action, record,
 * when, from where and with which request. Writes pass their transaction so the event commits
 * with the change. Inserting takes no lock: the sealer chains events afterwards
 * (src/server/audit/sealer.ts), and a trigger queues each one for it, so none can be skipped.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../../db/client.ts';
import { auditEvent } from '../../db/schema.ts';

type Executor = Pick<Database, 'insert'>;

export interface AuditEntry {
  action: string;
  recordType: string;
  recordId?: string | null;
  /** Set when the answer is not a success but still carries patient data (e.g. a 409 with the record). */
  status?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    audit(entry: AuditEntry, tx?: Executor): Promise<void>;
  }
}

export const auditPlugin = fp(async (app: FastifyInstance, { db }: { db: Database }) => {
  app.decorateRequest('audit', async function (this: FastifyRequest, entry: AuditEntry, tx: Executor = db) {
    const actor = this.actor;
    await tx.insert(auditEvent).values({
      clinicId: actor?.clinicId ?? null,
      actorId: actor?.id ?? null,
      actorName: actor?.name ?? null,
      role: actor?.role ?? 'anonymous',
      action: entry.action,
      recordType: entry.recordType,
      recordId: entry.recordId ?? null,
      status: entry.status ?? null,
      clientAddress: this.ip,
      requestId: this.id,
    });
  });
});
