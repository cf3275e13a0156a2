import {
  Episode,
  EpisodeDetail,
  IdParams,
  Transition,
  Worklist,
  WorklistQuery,
} from '../../shared/api/core.ts';
import { actor, careTeam, staff } from '../plugins/access.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';
import { transitionEpisode, worklist } from './episodes.ts';
import { episodeDetail } from './read.ts';

const tags = ['episodes'];

export const episodeRoutes: RoutePlugin = async (app, { db }) => {
  app.get(
    '/api/episodes',
    { config: { access: staff }, schema: { tags, querystring: WorklistQuery, response: { 200: Worklist } } },
    async (request) => {
      const me = actor(request);
      const list = await worklist(db, me.siteId, request.query);
      await request.audit({ action: 'episode.list', recordType: 'episode', recordId: null });
      return list;
    },
  );

  app.get(
    '/api/episodes/:id',
    { config: { access: staff }, schema: { tags, params: IdParams, response: { 200: EpisodeDetail } } },
    async (request) => {
      const detail = await episodeDetail(db, actor(request), request.params.id);
      await request.audit({ action: 'episode.read', recordType: 'episode', recordId: detail.id });
      return detail;
    },
  );

  app.post(
    '/api/episodes/:id/transitions',
    {
      config: { access: careTeam },
      schema: { tags, params: IdParams, body: Transition, response: { 200: Episode } },
    },
    async (request) => {
      const me = actor(request);
      return db.transaction(async (tx) => {
        const updated = await transitionEpisode(tx, me, request.params.id, request.body);
        await request.audit(
          { action: `episode.${request.body.action}`, recordType: 'episode', recordId: updated.id },
          tx,
        );
        return updated;
      });
    },
  );
};
