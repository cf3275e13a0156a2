/**
 * Every read and write of patient data leaves an audit event: who, role, site, action, record,
 * when and from where. Writes pass their transaction so the event commits with the change.
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
      siteId: actor?.siteId ?? null,
      actorId: actor?.id ?? null,
      actorName: actor?.name ?? null,
      role: actor?.role ?? 'anonymous',
      action: entry.action,
      recordType: entry.recordType,
      recordId: entry.recordId ?? null,
      clientAddress: this.ip,
    });
  });
});
