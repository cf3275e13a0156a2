import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { z } from 'zod';
import { procedureList } from '../../db/schema.ts';
import { ProcedureList, ProcedureListInput, ProcedureListQuery } from '../../shared/api/steps.ts';
import { bookedOn, createProcedureList, presentList } from '../episodes/steps/steps.ts';
import { actor, staff } from '../plugins/access.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';

const tags = ['scheduling'];

/** Procedure lists: a day's session with its operator, room and number of places. */
export const procedureListRoutes: RoutePlugin = async (app, { db }) => {
  app.get(
    '/api/procedure-lists',
    {
      config: { access: staff },
      schema: {
        tags,
        querystring: ProcedureListQuery,
        response: { 200: z.object({ items: z.array(ProcedureList) }) },
      },
    },
    async (request) => {
      const me = actor(request);
      const { from, to } = request.query;
      const rows = await db
        .select()
        .from(procedureList)
        .where(
          and(
            eq(procedureList.siteId, me.siteId),
            from ? gte(procedureList.date, from) : undefined,
            to ? lte(procedureList.date, to) : undefined,
          ),
        )
        .orderBy(asc(procedureList.date), asc(procedureList.startTime))
        .limit(200);
      const items = await Promise.all(
        rows.map(async (r) => ({ ...presentList(r), booked: await bookedOn(db, r.id) })),
      );
      return { items };
    },
  );

  app.post(
    '/api/procedure-lists',
    {
      config: { access: staff },
      schema: { tags, body: ProcedureListInput, response: { 201: ProcedureList } },
    },
    async (request, reply) => {
      const created = await createProcedureList(db, actor(request), request.body);
      await request.audit({
        action: 'procedure-list.create',
        recordType: 'procedure-list',
        recordId: created.id,
      });
      return reply.status(201).send(created);
    },
  );
};
