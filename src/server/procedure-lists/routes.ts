import { z } from 'zod';
import { staffRoles } from '../../domain/actor.ts';
import { IdParams } from '../../shared/api/core.ts';
import {
  ProcedureList,
  ProcedureListCancel,
  ProcedureListCancelled,
  ProcedureListChange,
  ProcedureListDetail,
  ProcedureListInput,
  ProcedureListQuery,
} from '../../shared/api/steps.ts';
import { PATIENT_HOME } from '../auth/auth.ts';
import { clinicSettings } from '../clinic/settings.ts';
import { actor } from '../plugins/access.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';
import { cancelProcedureList } from './cancel.ts';
import { changeProcedureList } from './change.ts';
import { listCsv, listsBetween, listWithBookings, planProcedureList } from './lists.ts';

const tags = ['scheduling'];

/**
 * Procedure lists: a day's session with its operator, room and number of places. The base URL is
 * for the link in the messages a list's patients are sent when it is cancelled or changes room.
 */
export const procedureListRoutes: RoutePlugin<{ baseUrl: string }> = async (app, { db, baseUrl }) => {
  const portalUrl = new URL(PATIENT_HOME, baseUrl).toString();
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

  app.get(
    '/api/procedure-lists/:id',
    {
      config: { access: staffRoles },
      schema: { tags, params: IdParams, response: { 200: ProcedureListDetail } },
    },
    async (request) => {
      const me = actor(request);
      const detail = await listWithBookings(db, me.clinicId, request.params.id);
      await request.audit({
        action: 'procedure-list.read',
        recordType: 'procedure-list',
        recordId: detail.list.id,
      });
      return detail;
    },
  );

  app.get(
    '/api/procedure-lists/:id/list.csv',
    {
      config: { access: staffRoles },
      schema: { tags, params: IdParams, produces: ['text/csv'] },
    },
    async (request, reply) => {
      const me = actor(request);
      const { list, entries } = await listWithBookings(db, me.clinicId, request.params.id);
      const { settings } = await clinicSettings(db, me.clinicId);
      await request.audit({
        action: 'procedure-list.export',
        recordType: 'procedure-list',
        recordId: list.id,
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="procedure-list-${list.date}-${list.room.replace(/[^\w-]+/g, '-')}.csv"`,
        )
        .send(listCsv(entries, settings.clinic.timeZone));
    },
  );

  app.post(
    '/api/procedure-lists',
    {
      config: { access: staffRoles },
      schema: { tags, body: ProcedureListInput, response: { 201: ProcedureList } },
    },
    async (request, reply) => {
      const created = await request.auditedChange(
        (tx) => planProcedureList(tx, actor(request), request.body, new Date()),
        (list) => ({ action: 'procedure-list.create', recordType: 'procedure-list', recordId: list.id }),
      );
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/procedure-lists/:id',
    {
      config: { access: staffRoles },
      schema: { tags, params: IdParams, body: ProcedureListChange, response: { 200: ProcedureList } },
    },
    async (request) =>
      request.auditedChange(
        (tx) =>
          changeProcedureList(tx, actor(request), request.params.id, request.body, {
            now: new Date(),
            portalUrl,
          }),
        (list) => ({ action: 'procedure-list.update', recordType: 'procedure-list', recordId: list.id }),
      ),
  );

  app.post(
    '/api/procedure-lists/:id/cancel',
    {
      config: { access: staffRoles },
      schema: {
        tags,
        params: IdParams,
        body: ProcedureListCancel,
        response: { 200: ProcedureListCancelled },
      },
    },
    async (request) =>
      request.auditedChange(
        (tx) =>
          cancelProcedureList(tx, actor(request), request.params.id, request.body, {
            now: new Date(),
            portalUrl,
          }),
        ({ list, told, notTold }) => [
          { action: 'procedure-list.cancel', recordType: 'procedure-list', recordId: list.id },
          // Each booking it ended, as a booking cancelled on its own page is audited.
          ...[...told, ...notTold].map((p) => ({
            action: 'episode.cancel-booking' as const,
            recordType: 'episode',
            recordId: p.episodeId,
          })),
        ],
      ),
  );
};
