/**
 * The episode's steps over HTTP, one route per registry entry. Every write carries the episode's
 * version and answers the whole episode as its page shows it; a stale version gets 409 with the
 * episode as it is now, so the form can show both versions and keep what was typed.
 */
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database, Tx } from '../../../db/client.ts';
import { type Actor, clinicianOnly, staffRoles } from '../../../domain/actor.ts';
import { stepNames } from '../../../domain/pathway.ts';
import { stepRules } from '../../../domain/steps.ts';
import { EpisodeDetail, IdParams, ReferralAmendment } from '../../../shared/api/core.ts';
import { OverrideInput, type StepInput, type StepRoute, stepRoute } from '../../../shared/api/steps.ts';
import { DomainError } from '../../errors.ts';
import { actor } from '../../plugins/access.ts';
import type { RoutePlugin } from '../../plugins/route-types.ts';
import { amendReferral } from '../episodes.ts';
import { dischargeSummaryPdf } from '../pdf/discharge-summary-data.ts';
import { instructionsLetterPdf } from '../pdf/instructions-letter.ts';
import { episodeDetail } from '../read.ts';
import { openStep } from './context.ts';
import { runStep } from './registry.ts';
import { overrideScreening } from './screening.ts';

const tags = ['episode steps'];

/**
 * Runs a step and answers the episode as it is now, in one transaction: the page is read after
 * the step's writes, and carries the save's audit event in its own statement (one round trip
 * fewer than a separate insert, and the event still commits with the write or not at all).
 */
async function saveStep(
  db: Database,
  request: FastifyRequest,
  id: string,
  action: StepRoute['path'] | 'screening.override' | 'referral.amend',
  run: (tx: Tx, me: Actor, now: Date) => Promise<void>,
) {
  const me = actor(request);
  try {
    // Not kept as a page to send again (read.ts episodePage): a page kept from every save would
    // outlive the young heap it died in before, and the next read builds it anyway.
    return await db.transaction(async (tx) => {
      await run(tx, me, new Date());
      return episodeDetail(tx, me, id, (when) =>
        request.auditSql({ action: `episode.${action}`, recordType: 'episode', recordId: id }, when),
      );
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'version_conflict') {
      const current = await episodeDetail(db, me, id);
      await request.audit({ action: 'episode.read', recordType: 'episode', recordId: id, status: 409 });
      throw new DomainError(error.code, error.detail, { current });
    }
    throw error;
  }
}

export const stepRoutesPlugin: RoutePlugin = async (app, { db }) => {
  const response = { 200: EpisodeDetail };

  for (const step of stepNames) {
    const { method, path, input } = stepRoute(step);
    app.withTypeProvider<ZodTypeProvider>().route({
      method,
      url: `/api/episodes/:id/${path}`,
      config: { access: stepRules[step].recordedBy, trustedResponse: true },
      schema: { tags, params: IdParams, body: input, response },
      handler: (request) =>
        saveStep(db, request, request.params.id, path, (tx, me, now) =>
          runStep(tx, me, request.params.id, step, request.body as StepInput<typeof step>, now),
        ),
    });
  }

  app.post(
    '/api/episodes/:id/screenings/:screeningId/override',
    {
      config: { access: clinicianOnly, trustedResponse: true },
      schema: {
        tags,
        params: IdParams.extend({ screeningId: z.uuid({ message: 'Not a record id' }) }),
        body: OverrideInput,
        response,
      },
    },
    (request) =>
      saveStep(db, request, request.params.id, 'screening.override', async (tx, me, now) =>
        overrideScreening(
          await openStep(tx, me, request.params.id, 'screening', { version: request.body.version }, now),
          request.params.screeningId,
          request.body.reason,
        ),
      ),
  );

  // The referral's details are the episode's own (no step record): amended as a step is, with a
  // reason, and answered with the page.
  app.put(
    '/api/episodes/:id/referral',
    {
      config: { access: staffRoles, trustedResponse: true },
      schema: { tags, params: IdParams, body: ReferralAmendment, response },
    },
    (request) =>
      saveStep(db, request, request.params.id, 'referral.amend', (tx, me, now) =>
        amendReferral(tx, me, request.params.id, request.body, now),
      ),
  );

  app.get(
    '/api/episodes/:id/instructions.pdf',
    {
      config: { access: staffRoles },
      schema: { tags, params: IdParams, produces: ['application/pdf'] },
    },
    async (request, reply) => {
      const { id } = request.params;
      const pdf = await instructionsLetterPdf(db, actor(request), id, new Date());
      await request.audit({ action: 'episode.instructions-letter', recordType: 'episode', recordId: id });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="preparation-letter-${id.slice(0, 8)}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.get(
    '/api/episodes/:id/discharge-summary.pdf',
    {
      config: { access: staffRoles },
      schema: {
        tags,
        params: IdParams,
        querystring: z.object({ copy: z.enum(['patient', 'referrer']).default('patient') }),
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
      const name = copy === 'referrer' ? 'letter-to-referrer' : 'discharge-summary';
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${name}-${id.slice(0, 8)}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
};
