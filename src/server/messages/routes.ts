import { and, desc, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client.ts';
import { message } from '../../db/schema.ts';
import { Outbox, OutboxQuery, OutboxStamp } from '../../shared/api/messages.ts';
import { actor } from '../plugins/access.ts';
import type { RouteDeps } from '../plugins/route-types.ts';

/**
 * Admins read their clinic's outbox, newest first: with no mail server this is how a patient's
 * invitation or sign-in code reaches them (an admin passes it on), and with one it shows what went.
 */
export const messageRoutes: FastifyPluginAsyncZod<RouteDeps & { delivery: 'email' | 'outbox' }> = async (
  app,
  { db, delivery },
) => {
  app.get(
    '/api/messages/stamp',
    { config: { access: ['admin'] }, schema: { tags: ['messages'], response: { 200: OutboxStamp } } },
    async (request) => ({ stamp: await outboxStamp(db, actor(request).clinicId) }),
  );

  app.get(
    '/api/messages',
    {
      config: { access: ['admin'] },
      schema: { tags: ['messages'], querystring: OutboxQuery, response: { 200: Outbox } },
    },
    async (request) => {
      const me = actor(request);
      const { cursor, limit } = request.query;
      // Before the messages: one that comes in between is then newer than the stamp, and the page
      // asks again (after, it would be in the stamp and not on the page).
      const stamp = cursor ? undefined : await outboxStamp(db, me.clinicId);
      const rows = await db
        .select()
        .from(message)
        .where(
          and(
            eq(message.clinicId, me.clinicId),
            // After the cursor's message in (time, id) order, at the database's own precision.
            cursor
              ? sql`(${message.createdAt}, ${message.id}) < (select m.created_at, m.id from message m where m.id = ${cursor} and m.clinic_id = ${me.clinicId})`
              : undefined,
          ),
        )
        .orderBy(desc(message.createdAt), desc(message.id))
        .limit(limit + 1);
      // Messages carry patients' names, appointments and sign-in codes: reading them is audited.
      await request.audit({ action: 'message.list', recordType: 'message', recordId: null });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        delivery,
        items: page.map((m) => ({
          id: m.id,
          createdAt: m.createdAt.toISOString(),
          channel: m.channel,
          to: m.to,
          subject: m.subject,
          text: m.text,
          kind: m.kind,
          episodeId: m.episodeId,
          status: m.status,
          attempts: m.attempts,
          lastError: m.lastError,
          sentAt: m.sentAt?.toISOString() ?? null,
        })),
        nextCursor: rows.length > limit && last ? last.id : null,
        ...(stamp === undefined ? {} : { stamp }),
      };
    },
  );
};

/**
 * What changes when the outbox does: a new message adds one to the count, a delivery tried or
 * done changes the attempts or the sent count. Counts and a time only: no patient's data.
 */
async function outboxStamp(db: Database, clinicId: string): Promise<string> {
  const [row] = await db
    .select({
      messages: sql<number>`count(*)::int`,
      sent: sql<number>`(count(*) filter (where ${message.status} = 'sent'))::int`,
      attempts: sql<number>`coalesce(sum(${message.attempts}), 0)::int`,
      newest: sql<string | null>`max(${message.createdAt})::text`,
    })
    .from(message)
    .where(eq(message.clinicId, clinicId));
  return [row!.messages, row!.sent, row!.attempts, row!.newest ?? ''].join('/');
}
