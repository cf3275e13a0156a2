/**
 * The FHIR R4 endpoint, mounted at /fhir: a patient's record (`$everything`, staff), a referral
 * transaction (`POST /fhir`, staff) and the pathway's definitions (public: they hold no patient
 * data). The app's API conventions apply (access rule per route, clinic scoping, audit); answers
 * are application/fhir+json and errors are OperationOutcomes, except the sign-in gate's 401 and
 * 403, which stay the app's problem details like on every other route.
 */
import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffRoles } from '../../domain/actor.ts';
import { TEXT } from '../../domain/limits.ts';
import { DEFINITIONS_VERSION, type FhirContext } from '../../fhir/context.ts';
import { DEFINITION_TYPES, type DefinitionType, definitions } from '../../fhir/definitions.ts';
import { patientResources, searchsetBundle } from '../../fhir/export.ts';
import { operationOutcome, outcomeOf, readReferralBundle, transactionResponse } from '../../fhir/import.ts';
import type { DomainError } from '../errors.ts';
import { DomainError as DomainErrorClass } from '../errors.ts';
import { actor } from '../plugins/access.ts';
import { problem, statusOf } from '../plugins/problems.ts';
import type { RouteDeps } from '../plugins/route-types.ts';
import { patientExport } from './collect.ts';
import { importReferrals } from './import.ts';

export const FHIR_JSON = 'application/fhir+json';

export type FhirRoutePlugin = FastifyPluginAsyncZod<
  RouteDeps & {
    /** Where our definitions live and the addresses links use (src/fhir/context.ts). */
    fhir: Omit<FhirContext, 'billingCodes'>;
  }
>;

const issueCode: Partial<Record<DomainError['code'], string>> = {
  not_found: 'not-found',
  validation_failed: 'invalid',
  duplicate_identifier: 'duplicate',
  version_conflict: 'conflict',
};

const tags = ['fhir'];

export const fhirRoutes: FhirRoutePlugin = async (app, { db, fhir }) => {
  const ctx: FhirContext = fhir;
  const published = definitions(ctx);

  app.addContentTypeParser(FHIR_JSON, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      const error = new Error('The body is not valid JSON.') as FastifyError;
      error.statusCode = 400;
      done(error, undefined);
    }
  });

  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    if (error instanceof DomainErrorClass) {
      if (error.code === 'unauthenticated' || error.code === 'forbidden') {
        // The gate answers like on every route of the app, so one sign-in handling fits all.
        const body = problem(error.code, error.detail, error.extra);
        return reply.status(body.status).type('application/problem+json').send(body);
      }
      const expression = typeof error.extra.expression === 'string' ? [error.extra.expression] : undefined;
      return reply
        .status(statusOf(error))
        .type(FHIR_JSON)
        .send({
          resourceType: 'OperationOutcome',
          issue: [
            {
              severity: 'error',
              code: issueCode[error.code] ?? 'processing',
              details: { text: error.detail },
              ...(expression ? { expression } : {}),
            },
          ],
        });
    }
    if (error.statusCode && error.statusCode < 500) {
      const code = error.statusCode === 413 ? 'too-costly' : 'invalid';
      return reply.status(error.statusCode).type(FHIR_JSON).send(outcomeOf(code, error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .type(FHIR_JSON)
      .send(
        outcomeOf(
          'exception',
          'The server could not finish this request. Nothing was saved; please try again.',
        ),
      );
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .type(FHIR_JSON)
      .send(outcomeOf('not-supported', `There is nothing at ${request.method} ${request.url}.`)),
  );

  app.get(
    '/metadata',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'The CapabilityStatement of this FHIR endpoint' },
    },
    async (_request, reply) =>
      reply.type(FHIR_JSON).send({
        resourceType: 'CapabilityStatement',
        status: 'active',
        date: '2026-01-01',
        kind: 'instance',
        software: { name: 'SIJ Pathway', version: DEFINITIONS_VERSION },
        implementation: { description: 'SIJ Pathway FHIR R4 endpoint', url: ctx.serverBase },
        fhirVersion: '4.0.1',
        format: ['json'],
        rest: [
          {
            mode: 'server',
            interaction: [{ code: 'transaction' }],
            resource: [
              {
                type: 'Patient',
                interaction: [],
                operation: [
                  {
                    name: 'everything',
                    definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
                  },
                ],
              },
              ...DEFINITION_TYPES.map((type) => ({
                type,
                interaction: [{ code: 'read' as const }, { code: 'search-type' as const }],
                searchParam: [{ name: 'url', type: 'uri' as const }],
              })),
            ],
          },
        ],
      }),
  );

  app.get(
    '/Patient/:id/$everything',
    {
      config: { access: staffRoles },
      schema: {
        tags,
        summary: "A patient's record as a FHIR Bundle: every episode, its steps, diary and reports",
        params: z.object({ id: z.uuid({ message: 'Not a record id' }) }),
      },
    },
    async (request, reply) => {
      const me = actor(request);
      const input = await patientExport(db, me, request.params.id);
      await request.audit({
        action: 'fhir.patient.everything',
        recordType: 'patient',
        recordId: input.patient.id,
      });
      return reply.type(FHIR_JSON).send(searchsetBundle(patientResources(input, ctx), ctx));
    },
  );

  app.post(
    '',
    {
      config: { access: staffRoles },
      bodyLimit: 1024 * 1024,
      schema: {
        tags,
        summary:
          'Import a referral: a transaction Bundle of Patient, ServiceRequest, Condition and MedicationStatement',
      },
    },
    async (request, reply) => {
      const me = actor(request);
      const read = readReferralBundle(request.body, ctx.canonicalBase);
      if (!read.ok) {
        await request.audit({ action: 'fhir.import', recordType: 'bundle', recordId: null, status: 400 });
        return reply.status(400).type(FHIR_JSON).send(operationOutcome(read.issues));
      }
      const results = await db.transaction(async (tx) => {
        const imported = await importReferrals(
          tx,
          me,
          read.referrals,
          ctx.canonicalBase,
          new Date(),
          read.resources,
        );
        for (const r of imported) {
          await request.audit(
            { action: `fhir.import.${r.episode}`, recordType: 'episode', recordId: r.episodeId },
            tx,
          );
        }
        return imported;
      });
      return reply.type(FHIR_JSON).send(transactionResponse(request.body, results));
    },
  );

  for (const type of DEFINITION_TYPES) {
    const all = published[type as DefinitionType];
    app.get(
      `/${type}`,
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: `Our ${type} resources (no patient data)`,
          querystring: z.object({ url: z.string().max(TEXT.url).optional() }),
        },
      },
      async (request, reply) => {
        const { url } = request.query;
        const found = url ? all.filter((r) => (r as { url?: string }).url === url.split('|')[0]) : all;
        return reply.type(FHIR_JSON).send(searchsetBundle(found, ctx));
      },
    );
    app.get(
      `/${type}/:resourceId`,
      {
        // Definitions, not a clinic's records: the same for every clinic, hence public.
        config: { access: 'public' },
        schema: { tags, summary: `One ${type} by id`, params: z.object({ resourceId: z.string().max(64) }) },
      },
      async (request, reply) => {
        const found = all.find((r) => r.id === request.params.resourceId);
        if (!found)
          throw new DomainErrorClass('not_found', `No ${type} with id "${request.params.resourceId}".`);
        return reply.type(FHIR_JSON).send(found);
      },
    );
  }
};
