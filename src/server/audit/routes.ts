import { and, desc, eq, lt } from 'drizzle-orm';
import { auditEvent, auditSeal } from '../../db/schema.ts';
import { AuditPage, AuditQuery } from '../../shared/api/core.ts';
import { actor } from '../plugins/access.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';

/** Admins page through their clinic's audit trail, newest first. */
export const auditRoutes: RoutePlugin = async (app, { db }) => {
  app.get(
    '/api/audit',
    {
      config: { access: ['admin'] },
      schema: { tags: ['audit'], querystring: AuditQuery, response: { 200: AuditPage } },
    },
    async (request) => {
      const me = actor(request);
      const { cursor, limit } = request.query;
      const rows = await db
        .select({ event: auditEvent, seq: auditSeal.seq, hash: auditSeal.hash })
        .from(auditEvent)
        .leftJoin(auditSeal, eq(auditSeal.eventId, auditEvent.id))
        .where(
          and(eq(auditEvent.clinicId, me.clinicId), cursor ? lt(auditEvent.id, Number(cursor)) : undefined),
        )
        .orderBy(desc(auditEvent.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      return {
        items: page.map(({ event: r, seq, hash }) => ({
          id: String(r.id),
          at: r.at.toISOString(),
          actorName: r.actorName,
          role: r.role,
          action: r.action,
          recordType: r.recordType,
          recordId: r.recordId,
          status: r.status,
          clientAddress: r.clientAddress,
          seq,
          hash,
        })),
        nextCursor: rows.length > limit ? String(page.at(-1)!.event.id) : null,
      };
    },
  );
};
