/**
 * The patient's own pages (`/api/my/...`, patients only, scoped to their own record) and how staff
 * give a patient access (`/api/patients/:id/portal...`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { careTeam, patientOnly, staffRoles } from '../../domain/actor.ts';
import { IdParams } from '../../shared/api/core.ts';
import {
  ChecklistTick,
  InvitationInput,
  MyEpisode,
  MyEpisodes,
  PatientChecklist,
  PortalAccess,
} from '../../shared/api/portal.ts';
import type { Auth } from '../auth/auth.ts';
import { episodeDetail } from '../episodes/read.ts';
import { actor } from '../plugins/access.ts';
import type { RouteDeps } from '../plugins/route-types.ts';
import { invitePatient, portalAccess } from './invitation.ts';
import { myEpisode, myEpisodes, tickChecklist } from './my.ts';
import { checklistOf } from './view.ts';

const tags = ['portal'];

export interface PortalDeps extends RouteDeps {
  auth: Auth;
  baseUrl: string;
  signInMinutes: number;
}

export const portalRoutes: FastifyPluginAsyncZod<PortalDeps> = async (
  app,
  { db, auth, baseUrl, signInMinutes },
) => {
  app.get(
    '/api/my/episodes',
    { config: { access: patientOnly }, schema: { tags, response: { 200: MyEpisodes } } },
    async (request) => {
      const me = actor(request);
      const items = await myEpisodes(db, me, new Date());
      await request.audit({ action: 'portal.episodes', recordType: 'patient', recordId: me.patientId });
      return { items };
    },
  );

  app.get(
    '/api/my/episodes/:id',
    { config: { access: patientOnly }, schema: { tags, params: IdParams, response: { 200: MyEpisode } } },
    async (request) => {
      const me = actor(request);
      const e = await myEpisode(db, me, request.params.id, new Date());
      await request.audit({ action: 'portal.episode', recordType: 'episode', recordId: e.id });
      return e;
    },
  );

  app.put(
    '/api/my/episodes/:id/checklist',
    {
      config: { access: patientOnly },
      schema: { tags, params: IdParams, body: ChecklistTick, response: { 200: PatientChecklist } },
    },
    async (request) => {
      const me = actor(request);
      return request.auditedChange(
        (tx) => tickChecklist(tx, me, request.params.id, request.body, new Date()),
        () => ({ action: 'portal.checklist', recordType: 'episode', recordId: request.params.id }),
      );
    },
  );

  app.get(
    '/api/episodes/:id/patient-checklist',
    {
      config: { access: careTeam },
      schema: { tags, params: IdParams, response: { 200: PatientChecklist } },
    },
    async (request) => {
      const me = actor(request);
      const e = await episodeDetail(db, me, request.params.id);
      await request.audit({ action: 'episode.patient-checklist', recordType: 'episode', recordId: e.id });
      return checklistOf(db, e);
    },
  );

  app.get(
    '/api/patients/:id/portal',
    { config: { access: staffRoles }, schema: { tags, params: IdParams, response: { 200: PortalAccess } } },
    async (request) => {
      const me = actor(request);
      const access = await portalAccess(db, me.clinicId, request.params.id);
      await request.audit({ action: 'patient.portal', recordType: 'patient', recordId: request.params.id });
      return access;
    },
  );

  app.post(
    '/api/patients/:id/invitation',
    {
      config: { access: staffRoles },
      schema: {
        tags,
        params: IdParams,
        body: InvitationInput,
        response: { 201: PortalAccess },
      },
    },
    async (request, reply) => {
      const me = actor(request);
      const access = await db.transaction(async (tx) => {
        await invitePatient(tx, auth, me, request.params.id, request.body, { baseUrl, signInMinutes });
        await request.audit(
          { action: 'patient.invite', recordType: 'patient', recordId: request.params.id },
          tx,
        );
        return portalAccess(tx, me.clinicId, request.params.id);
      });
      return reply.status(201).send(access);
    },
  );
};
