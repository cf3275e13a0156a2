/**
 * The episode's steps, from triage to discharge. Every write carries the episode's version and
 * answers the whole episode as its page shows it; a stale version gets 409 with the episode as
 * it is now, so the form can show both versions and keep what was typed.
 */
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import { type Actor, actor, careTeam, type Role, staff } from '../../plugins/access.ts';
import type { RoutePlugin } from '../../plugins/route-types.ts';
import type { Tx } from '../episodes.ts';
import { dischargeSummaryPdf } from '../pdf/discharge-summary-data.ts';
import { episodeDetail } from '../read.ts';
import {
  bookEpisode,
  discharge,
  overrideScreening,
  recordCheckIn,
  recordProcedure,
  recordRecovery,
  recordScreening,
  recordTriage,
} from './steps.ts';

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

  /** One step's route: validate the body, run the use case with the episode id, answer the episode. */
  function step<Body extends z.ZodType>(
    method: 'PUT' | 'POST',
    path: string,
    access: readonly Role[],
    body: Body,
    run: (tx: Tx, me: Actor, id: string, input: z.infer<Body>, now: Date) => Promise<void>,
  ) {
    app.withTypeProvider<ZodTypeProvider>().route({
      method,
      url: `/api/episodes/:id/${path}`,
      config: { access },
      schema: { tags, params: IdParams, body, response },
      handler: (request) =>
        saveStep(db, request, request.params.id, path, (tx, me, now) =>
          run(tx, me, request.params.id, request.body as z.infer<Body>, now),
        ),
    });
  }

  step('PUT', 'triage', clinicianOnly, TriageInput, recordTriage);
  step('POST', 'screenings', careTeam, ScreeningInput, recordScreening);
  step('PUT', 'booking', careTeam, BookingInput, bookEpisode);
  step('PUT', 'check-in', careTeam, CheckInInput, recordCheckIn);
  step('PUT', 'procedure', clinicianOnly, ProcedureInput, recordProcedure);
  step('PUT', 'recovery', careTeam, RecoveryInput, recordRecovery);
  step('POST', 'discharge', careTeam, DischargeInput, discharge);

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
