/**
 * Leaflets over HTTP. Staff read an episode's leaflet as its patient reads it, with every version the
 * patient was given; the patient reads their own (which records the version given), downloads it as
 * a PDF and says whether it helped; admins read every leaflet's document control.
 */
import type { FastifyReply } from 'fastify';
import { patientOnly, staffRoles } from '../../domain/actor.ts';
import { IdParams } from '../../shared/api/core.ts';
import {
  EpisodeLeaflet,
  LeafletFeedback,
  LeafletIssue,
  LeafletList,
  MyLeaflet,
} from '../../shared/api/leaflets.ts';
import { actor } from '../plugins/access.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';
import {
  assertOwnEpisode,
  documentControl,
  episodeLeaflet,
  giveFeedback,
  issuesOf,
  recordIssue,
} from './leaflets.ts';
import { leaflets } from './load.ts';
import { leafletPdf } from './pdf.ts';

const tags = ['leaflets'];

function sendPdf(reply: FastifyReply, pdf: Buffer, reference: string, version: number) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="leaflet-${reference}-v${version}.pdf"`)
    .header('cache-control', 'no-store')
    .send(pdf);
}

export const leafletRoutes: RoutePlugin = async (app, { db }) => {
  // Every leaflet is parsed and checked as the server starts: one that does not parse stops it.
  leaflets();
  app.get(
    '/api/episodes/:id/leaflet',
    { config: { access: staffRoles }, schema: { tags, params: IdParams, response: { 200: EpisodeLeaflet } } },
    async (request) => {
      const me = actor(request);
      const { id } = request.params;
      const { leaflet } = await episodeLeaflet(db, me, id);
      const issues = await issuesOf(db, me, id);
      await request.audit({ action: 'episode.leaflet.read', recordType: 'episode', recordId: id });
      return { leaflet, issues };
    },
  );

  app.get(
    '/api/episodes/:id/leaflet.pdf',
    {
      config: { access: staffRoles },
      schema: { tags, params: IdParams, produces: ['application/pdf'] },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { leaflet, patientName, clinic } = await episodeLeaflet(db, actor(request), id);
      const pdf = await leafletPdf(leaflet, patientName, clinic, new Date());
      await request.audit({ action: 'episode.leaflet.pdf', recordType: 'episode', recordId: id });
      return sendPdf(reply, pdf, leaflet.reference, leaflet.version);
    },
  );

  app.get(
    '/api/my/episodes/:id/leaflet',
    { config: { access: patientOnly }, schema: { tags, params: IdParams, response: { 200: MyLeaflet } } },
    async (request) => {
      const me = actor(request);
      const { id } = request.params;
      await assertOwnEpisode(db, me, id);
      const { leaflet } = await episodeLeaflet(db, me, id);
      const issue = await request.auditedChange(
        (tx) => recordIssue(tx, me, id, leaflet, new Date()),
        () => ({ action: 'episode.leaflet.read', recordType: 'episode', recordId: id }),
      );
      return { leaflet, issue };
    },
  );

  app.get(
    '/api/my/episodes/:id/leaflet.pdf',
    {
      config: { access: patientOnly },
      schema: { tags, params: IdParams, produces: ['application/pdf'] },
    },
    async (request, reply) => {
      const me = actor(request);
      const { id } = request.params;
      await assertOwnEpisode(db, me, id);
      const { leaflet, patientName, clinic } = await episodeLeaflet(db, me, id);
      const pdf = await leafletPdf(leaflet, patientName, clinic, new Date());
      await request.auditedChange(
        (tx) => recordIssue(tx, me, id, leaflet, new Date()),
        () => ({ action: 'episode.leaflet.pdf', recordType: 'episode', recordId: id }),
      );
      return sendPdf(reply, pdf, leaflet.reference, leaflet.version);
    },
  );

  app.post(
    '/api/my/episodes/:id/leaflet/feedback',
    {
      config: { access: patientOnly },
      schema: { tags, params: IdParams, body: LeafletFeedback, response: { 200: LeafletIssue } },
    },
    async (request) => {
      const me = actor(request);
      const { id } = request.params;
      await assertOwnEpisode(db, me, id);
      const { leaflet } = await episodeLeaflet(db, me, id);
      return request.auditedChange(
        (tx) => giveFeedback(tx, me, id, leaflet, request.body.helpful, new Date()),
        () => ({ action: 'episode.leaflet.feedback', recordType: 'episode', recordId: id }),
      );
    },
  );

  app.get(
    '/api/leaflets',
    { config: { access: ['admin'] }, schema: { tags, response: { 200: LeafletList } } },
    async (request) => documentControl(db, actor(request), new Date()),
  );
};
