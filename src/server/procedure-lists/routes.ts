import { z } from 'zod';
import { staffRoles } from '../../domain/actor.ts';
import { ProcedureList, ProcedureListInput, ProcedureListQuery } from '../../shared/api/steps.ts';
import { actor } from '../plugins/access.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';
import { createProcedureList, listsBetween } from './lists.ts';

const tags = ['scheduling'];

/** Procedure lists: a day's session with its operator, room and number of places. */
export const procedureListRoutes: RoutePlugin = async (app, { db }) => {
  app.get(
    '/api/procedure-lists',
    {
      config: { access: staffRoles },
      schema: {
        tags,
        querystring: ProcedureListQuery,
        response: { 200: z.object({ items: z.array(ProcedureList) }) },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return { items: await listsBetween(db, actor(request).clinicId, from, to) };
    },
  );

  app.post(
    '/api/procedure-lists',
    {
      config: { access: staffRoles },
      schema: { tags, body: ProcedureListInput, response: { 201: ProcedureList } },
    },
    async (request, reply) => {
      const created = await db.transaction(async (tx) => {
        const list = await createProcedureList(tx, actor(request), request.body);
        await request.audit(
          { action: 'procedure-list.create', recordType: 'procedure-list', recordId: list.id },
          tx,
        );
        return list;
      });
      return reply.status(201).send(created);
    },
  );
};
