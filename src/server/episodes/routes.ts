import type { z } from 'zod';
import { careTeam, staffRoles } from '../../domain/actor.ts';
import {
  Episode,
  EpisodeDetail,
  IdParams,
  LeftOpen,
  MoveInput,
  OutcomeNow,
  RecordedInjections,
  Worklist,
  WorklistQuery,
} from '../../shared/api/core.ts';
import { actor } from '../plugins/access.ts';
import { jsonText } from '../plugins/responses.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';
import { moveEpisode } from './episodes.ts';
import { leftOpen } from './left-open.ts';
import { episodePage, worklist } from './read.ts';
import { outcomeNow } from './steps/outcome-review.ts';
import { recordedInjectionsOf } from './steps/recorded-injections.ts';

const tags = ['episodes'];

export const episodeRoutes: RoutePlugin = async (app, { db }) => {
  app.get(
    '/api/episodes',
    {
      config: { access: staffRoles, trustedResponse: true },
      schema: { tags, querystring: WorklistQuery, response: { 200: Worklist } },
    },
    async (request) => {
      const me = actor(request);
      // The list and its audit event in one statement; its JSON is sent as PostgreSQL wrote it.
      const text = await worklist(db, me.clinicId, request.query, (when) =>
        request.auditSql({ action: 'episode.list', recordType: 'episode', recordId: null }, when),
      );
      return jsonText<z.infer<typeof Worklist>>(text);
    },
  );

  /** The bookings whose day passed with nothing recorded: the worklist names them to close. */
  app.get(
    '/api/episodes/left-open',
    {
      config: { access: staffRoles },
      schema: { tags, response: { 200: LeftOpen } },
    },
    async (request) => {
      const found = await leftOpen(db, actor(request).clinicId, new Date());
      // Patients are named only when there are any: an empty answer reads no one's record.
      if (found.total > 0)
        await request.audit({ action: 'episode.list', recordType: 'episode', recordId: null });
      return found;
    },
  );

  app.get(
    '/api/episodes/:id',
    {
      config: { access: staffRoles, trustedResponse: true },
      schema: { tags, params: IdParams, response: { 200: EpisodeDetail } },
    },
    async (request) => {
      const { id } = request.params;
      // The page and its audit event in one statement (the event only if the episode is there).
      const text = await episodePage(db, actor(request), id, (when) =>
        request.auditSql({ action: 'episode.read', recordType: 'episode', recordId: id }, when),
      );
      return jsonText<z.infer<typeof EpisodeDetail>>(text);
    },
  );

  /** The clinical core's outcome for the episode now: block, diary, responder, next-step options. */
  app.get(
    '/api/episodes/:id/outcome',
    {
      config: { access: staffRoles },
      schema: { tags, params: IdParams, response: { 200: OutcomeNow } },
    },
    async (request) => {
      const outcome = await outcomeNow(db, actor(request), request.params.id, new Date());
      await request.audit({
        action: 'episode.outcome.read',
        recordType: 'episode',
        recordId: request.params.id,
      });
      return { outcome: outcome ?? null };
    },
  );

  /** For the screening form's live verdict: what the save will count besides what the call lists. */
  app.get(
    '/api/episodes/:id/recorded-injections',
    {
      config: { access: staffRoles },
      schema: { tags, params: IdParams, response: { 200: RecordedInjections } },
    },
    async (request) => {
      const rows = await recordedInjectionsOf(db, actor(request), request.params.id);
      await request.audit({
        action: 'episode.recorded-injections.read',
        recordType: 'episode',
        recordId: request.params.id,
      });
      return { recordedInjections: rows };
    },
  );

  /** A move no step form makes (defer, withdraw, start follow-up, close). */
  app.post(
    '/api/episodes/:id/moves',
    {
      config: { access: careTeam },
      schema: { tags, params: IdParams, body: MoveInput, response: { 200: Episode } },
    },
    async (request) => {
      const me = actor(request);
      return request.auditedChange(
        (tx) => moveEpisode(tx, me, request.params.id, request.body),
        (moved) => ({ action: `episode.${request.body.move}`, recordType: 'episode', recordId: moved.id }),
      );
    },
  );
};
