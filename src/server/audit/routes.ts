import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { alert, auditEvent, auditSeal, episode } from '../../db/schema.ts';
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
      const { cursor, limit, patient } = request.query;
      const rows = await db
        .select({ event: auditEvent, seq: auditSeal.seq, hash: auditSeal.hash })
        .from(auditEvent)
        .leftJoin(auditSeal, eq(auditSeal.eventId, auditEvent.id))
        .where(
          and(
            eq(auditEvent.clinicId, me.clinicId),
            cursor ? lt(auditEvent.id, Number(cursor)) : undefined,
            patient ? aboutPatient(me.clinicId, patient) : undefined,
          ),
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

/**
 * The events about one patient ("who has read this record?"): the patient's own record, each of
 * their episodes, and the alerts raised on those episodes. A list that names many patients (the
 * worklist, a procedure list, an export) is in the whole trail, not here.
 */
function aboutPatient(clinicId: string, patientId: string) {
  const theirEpisodes = sql`select e.id from ${episode} e where e.clinic_id = ${clinicId} and e.patient_id = ${patientId}`;
  return or(
    and(eq(auditEvent.recordType, 'patient'), eq(auditEvent.recordId, patientId)),
    and(
      eq(auditEvent.recordType, 'episode'),
      sql`${auditEvent.recordId} in (select id::text from (${theirEpisodes}) theirs)`,
    ),
    and(
      eq(auditEvent.recordType, 'alert'),
      sql`${auditEvent.recordId} in (select a.id::text from ${alert} a where a.episode_id in (${theirEpisodes}))`,
    ),
  );
}
