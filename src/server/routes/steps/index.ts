/**
 * The episode's steps, from triage to discharge. Every write carries the episode's version and
 * answers the whole episode as its page shows it; a stale version gets 409 with the episode as
 * it is now, so the form can show both versions and keep what was typed.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../../db/client.ts';
import { EpisodeDetail, IdParams } from '../../../shared/api/core.ts';
import {
  BookingInput,
  CheckInInput,
  DischargeInput,
  OverrideInput,
  ProcedureInput,
  RecoveryInput,
  ScreeningInput,
  TriageInput,
} from '../../../shared/api/steps.ts';
import { ApiError } from '../../errors.ts';
import { type Actor, actor, careTeam, staff } from '../../plugins/access.ts';
import { dischargeSummaryPdf } from '../../use-cases/discharge-summary.ts';
import { episodeDetail } from '../../use-cases/episode-detail.ts';
import type { Tx } from '../../use-cases/episodes.ts';
import {
  bookEpisode,
  discharge,
  overrideScreening,
  recordCheckIn,
  recordProcedure,
  recordRecovery,
  recordScreening,
  recordTriage,
} from '../../use-cases/steps.ts';
import type { RoutePlugin } from '../types.ts';

const tags = ['episode steps'];
const clinicianOnly = ['clinician'] as const;

/** Runs a step in one transaction with its audit event, then answers the episode as it is now. */
async function saveStep(
  db: Database,
  request: FastifyRequest,
  id: string,
  action: string,
  step: (tx: Tx, me: Actor, now: Date) => Promise<void>,
) {
  const me = actor(request);
  try {
    await db.transaction(async (tx) => {
      await step(tx, me, new Date());
      await request.audit({ action: `episode.${action}`, recordType: 'episode', recordId: id }, tx);
    });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'version_conflict') {
      throw new ApiError(error.code, error.detail, { current: await episodeDetail(db, me, id) });
    }
    throw error;
  }
  return episodeDetail(db, me, id);
}

export const stepRoutes: RoutePlugin = async (app, { db }) => {
  const response = { 200: EpisodeDetail };

  app.put(
    '/api/episodes/:id/triage',
    { config: { access: clinicianOnly }, schema: { tags, params: IdParams, body: TriageInput, response } },
    (request) =>
      saveStep(db, request, request.params.id, 'triage', (tx, me, now) =>
        recordTriage(tx, me, request.params.id, request.body, now),
      ),
  );

  app.post(
    '/api/episodes/:id/screenings',
    { config: { access: careTeam }, schema: { tags, params: IdParams, body: ScreeningInput, response } },
    (request) =>
      saveStep(db, request, request.params.id, 'screening', (tx, me, now) =>
        recordScreening(tx, me, request.params.id, request.body, now),
      ),
  );

  app.post(
    '/api/episodes/:id/screenings/:screeningId/override',
    {
      config: { access: clinicianOnly },
      schema: {
        tags,
        params: IdParams.extend({ screeningId: z.uuid({ message: 'Not a record id' }) }),
        body: OverrideInput,
        response,
      },
    },
    (request) =>
      saveStep(db, request, request.params.id, 'screening.override', (tx, me, now) =>
        overrideScreening(tx, me, request.params.id, request.params.screeningId, request.body, now),
      ),
  );

  app.put(
    '/api/episodes/:id/booking',
    { config: { access: careTeam }, schema: { tags, params: IdParams, body: BookingInput, response } },
    (request) =>
      saveStep(db, request, request.params.id, 'booking', (tx, me, now) =>
        bookEpisode(tx, me, request.params.id, request.body, now),
      ),
  );

  app.put(
    '/api/episodes/:id/check-in',
    { config: { access: careTeam }, schema: { tags, params: IdParams, body: CheckInInput, response } },
    (request) =>
      saveStep(db, request, request.params.id, 'check-in', (tx, me, now) =>
        recordCheckIn(tx, me, request.params.id, request.body, now),
      ),
  );

  app.put(
    '/api/episodes/:id/procedure',
    { config: { access: clinicianOnly }, schema: { tags, params: IdParams, body: ProcedureInput, response } },
    (request) =>
      saveStep(db, request, request.params.id, 'procedure', (tx, me, now) =>
        recordProcedure(tx, me, request.params.id, request.body, now),
      ),
  );

  app.put(
    '/api/episodes/:id/recovery',
    { config: { access: careTeam }, schema: { tags, params: IdParams, body: RecoveryInput, response } },
    (request) =>
      saveStep(db, request, request.params.id, 'recovery', (tx, me, now) =>
        recordRecovery(tx, me, request.params.id, request.body, now),
      ),
  );

  app.post(
    '/api/episodes/:id/discharge',
    { config: { access: careTeam }, schema: { tags, params: IdParams, body: DischargeInput, response } },
    (request) =>
      saveStep(db, request, request.params.id, 'discharge', (tx, me, now) =>
        discharge(tx, me, request.params.id, request.body, now),
      ),
  );

  app.get(
    '/api/episodes/:id/discharge-summary.pdf',
    {
      config: { access: staff },
      schema: {
        tags,
        params: IdParams,
        querystring: z.object({ copy: z.enum(['patient', 'gp']).default('patient') }),
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { copy } = request.query;
      const pdf = await dischargeSummaryPdf(db, actor(request), id, copy, new Date());
      await request.audit({
        action: `episode.discharge-summary.${copy}`,
        recordType: 'episode',
        recordId: id,
      });
      const name = copy === 'gp' ? 'discharge-letter' : 'discharge-summary';
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${name}-${id.slice(0, 8)}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
};
