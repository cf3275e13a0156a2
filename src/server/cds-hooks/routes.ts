/**
 * CDS Hooks 2.0 services, mounted at /cds-services (the spec fixes the path): discovery (public:
 * it holds no patient data), the order-sign and order-select screening, the patient-view summary
 * and the feedback endpoint. Each service call is authenticated by the calling client's signed
 * JWT (clients.ts), answers for that client's clinic, and is audited. The mapping between the
 * request and the clinical core is pure: src/fhir/cds.ts.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { cdsFeedback, episode, patient, stepRecord } from '../../db/schema.ts';
import {
  CDS_SERVICE_IDS,
  type CdsServiceId,
  cdsServices,
  type InjectionSummary,
  injectionSummaryCard,
  nhsNumberOf,
  orderCards,
  siJointOrders,
} from '../../fhir/cds.ts';
import type { CdsHook } from '../../shared/api/audit-actions.ts';
import { clinicSettings } from '../clinic/settings.ts';
import { recordedInjectionsByNhsNumber } from '../episodes/steps/recorded-injections.ts';
import { DomainError } from '../errors.ts';
import type { CdsClient, CdsClientVerifier, VerifiedClient } from './clients.ts';

const tags = ['cds-hooks'];

const Coding = z.looseObject({
  system: z.string().max(500).optional(),
  code: z.string().max(200).optional(),
  display: z.string().max(500).optional(),
});

const CodingOut = z.object({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});

/** A hook call (spec "Calling a CDS Service"): the context and prefetch are read by src/fhir/cds.ts. */
const HookRequest = z.looseObject({
  hook: z.string().min(1).max(100),
  hookInstance: z.string().min(1).max(100),
  fhirServer: z.url().optional(),
  fhirAuthorization: z.looseObject({}).optional(),
  context: z.looseObject({
    userId: z.string().max(200).optional(),
    patientId: z.string().min(1).max(200),
  }),
  prefetch: z.record(z.string().max(100), z.unknown()).optional(),
});

const Card = z.object({
  uuid: z.string(),
  summary: z.string().max(139),
  detail: z.string().optional(),
  indicator: z.enum(['info', 'warning', 'critical']),
  source: z.object({ label: z.string(), url: z.string().optional(), topic: CodingOut.optional() }),
  suggestions: z
    .array(
      z.object({
        label: z.string(),
        uuid: z.string().optional(),
        isRecommended: z.boolean().optional(),
        actions: z
          .array(
            z.object({
              type: z.enum(['create', 'update', 'delete']),
              description: z.string(),
              resource: z.record(z.string(), z.unknown()).optional(),
              resourceId: z.string().optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
  overrideReasons: z.array(CodingOut).optional(),
});
const Cards = z.object({ cards: z.array(Card) });

const Discovery = z.object({
  services: z.array(
    z.object({
      hook: z.string(),
      title: z.string().optional(),
      description: z.string(),
      id: z.string(),
      prefetch: z.record(z.string(), z.string()).optional(),
      usageRequirements: z.string().optional(),
    }),
  ),
});

/** Spec "Feedback": what the clinician did with each card. */
const Feedback = z.object({
  feedback: z
    .array(
      z.object({
        card: z.string().min(1).max(100),
        outcome: z.enum(['accepted', 'overridden']),
        acceptedSuggestions: z
          .array(z.object({ id: z.string().min(1).max(100) }))
          .max(20)
          .optional(),
        overrideReason: z
          .object({ reason: Coding.optional(), userComment: z.string().max(2000).optional() })
          .optional(),
        outcomeTimestamp: z.iso.datetime({ offset: true }),
      }),
    )
    .min(1)
    .max(100),
});

export type CdsRoutePlugin = FastifyPluginAsyncZod<{
  db: Database;
  verifier: CdsClientVerifier;
  /** The app's public address: the JWT's `aud` is a URL under it. */
  baseUrl: string;
  canonicalBase: string;
}>;

declare module 'fastify' {
  interface FastifyRequest {
    cdsClient: VerifiedClient | null;
  }
}

const HOOK: Record<CdsServiceId, CdsHook> = {
  'sij-order-sign': 'order-sign',
  'sij-order-select': 'order-select',
  'sij-patient-view': 'patient-view',
};

export const cdsHooksRoutes: CdsRoutePlugin = async (app, { db, verifier, baseUrl, canonicalBase }) => {
  const base = baseUrl.replace(/\/$/, '');
  app.decorateRequest('cdsClient', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.access !== 'cds-client') return;
    const path = request.url.split('?')[0]!;
    // `aud` is the endpoint being called; for feedback, the service's own URL is accepted too.
    const audience = [`${base}${path}`, `${base}${path.replace(/\/feedback$/, '')}`];
    request.cdsClient = await verifier.verify(request.headers.authorization, audience);
  });
  const client = (request: { cdsClient: VerifiedClient | null }): VerifiedClient => {
    if (!request.cdsClient) throw new DomainError('unauthenticated', 'A CDS client JWT is needed.');
    return request.cdsClient;
  };
  const sameHook = (id: CdsServiceId, hook: string) => {
    if (hook !== HOOK[id])
      throw new DomainError('validation_failed', `${id} answers the ${HOOK[id]} hook, not ${hook}.`, {
        errors: [{ field: 'hook', message: `Expected ${HOOK[id]}` }],
      });
  };

  app.get(
    '/cds-services',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'CDS Hooks discovery: the services and what each asks to prefetch',
        response: { 200: Discovery },
      },
    },
    async () => ({ services: cdsServices() }),
  );

  for (const id of ['sij-order-sign', 'sij-order-select'] as const) {
    app.post(
      `/cds-services/${id}`,
      {
        config: { access: 'cds-client', extraFields: 'ignored' },
        schema: {
          tags,
          summary: `CDS Hooks ${HOOK[id]}: safety screening cards for a draft SI joint injection order`,
          body: HookRequest,
          response: { 200: Cards },
        },
      },
      async (request) => {
        const { client: registered, by } = client(request);
        sameHook(id, request.body.hook);
        const { settings } = await clinicSettings(db, registered.clinicId);
        const selectedOnly = id === 'sij-order-select';
        // Only an SI joint injection order reads the injections recorded here for a patient the
        // clinic knows by the NHS number; any other order reads nothing of theirs.
        const ordering = siJointOrders(request.body.context, canonicalBase, selectedOnly).length > 0;
        const nhsNumber = ordering ? nhsNumberOf(request.body.prefetch) : undefined;
        // The prefetched record is patient data read by the service, and so are the injections
        // recorded here: audited, by the client.
        const known = await db.transaction(async (tx) => {
          const found = nhsNumber
            ? await recordedInjectionsByNhsNumber(tx, registered.clinicId, nhsNumber)
            : undefined;
          const about = found
            ? { recordType: 'patient', recordId: found.patientId }
            : { recordType: 'cds-hook', recordId: request.body.hookInstance };
          await request.audit({ action: `cds.${HOOK[id]}`, ...about, by }, tx);
          return found;
        });
        const cards = orderCards({
          context: request.body.context,
          prefetch: request.body.prefetch,
          settings,
          now: new Date(),
          canonicalBase,
          selectedOnly,
          newId: randomUUID,
          recordedInjections: known?.injections ?? [],
        });
        return { cards };
      },
    );
  }

  app.post(
    '/cds-services/sij-patient-view',
    {
      config: { access: 'cds-client', extraFields: 'ignored' },
      schema: {
        tags,
        summary: 'CDS Hooks patient-view: SI joint injections and steroid dose in the last 12 months',
        body: HookRequest,
        response: { 200: Cards },
      },
    },
    async (request) => {
      const { client: registered, by } = client(request);
      sameHook('sij-patient-view', request.body.hook);
      const nhsNumber = nhsNumberOf(request.body.prefetch);
      if (!nhsNumber) return { cards: [] };
      const now = new Date();
      const since = new Date(now);
      since.setUTCFullYear(since.getUTCFullYear() - 1);
      const found = await db.transaction(async (tx) => {
        const [p] = await tx
          .select({ id: patient.id })
          .from(patient)
          .where(and(eq(patient.clinicId, registered.clinicId), eq(patient.nhsNumber, nhsNumber)));
        if (!p) return undefined;
        const rows = await tx
          .select({ facts: stepRecord.facts })
          .from(stepRecord)
          .innerJoin(episode, eq(episode.id, stepRecord.episodeId))
          .where(
            and(
              eq(stepRecord.clinicId, registered.clinicId),
              eq(episode.clinicId, registered.clinicId),
              eq(episode.patientId, p.id),
              eq(stepRecord.step, 'procedure'),
              isNull(stepRecord.supersededAt),
              sql`(${stepRecord.facts} -> 'record' ->> 'performedAt')::timestamptz >= ${since.toISOString()}::timestamptz`,
            ),
          );
        await request.audit({ action: 'cds.patient-view', recordType: 'patient', recordId: p.id, by }, tx);
        return rows;
      });
      if (!found) return { cards: [] };
      return { cards: injectionSummaryCard(summarise(found, now), canonicalBase, randomUUID) };
    },
  );

  app.post(
    '/cds-services/:id/feedback',
    {
      config: { access: 'cds-client', extraFields: 'ignored' },
      schema: {
        tags,
        summary: 'CDS Hooks feedback: a card accepted or overridden (and why)',
        params: z.object({ id: z.enum(CDS_SERVICE_IDS) }),
        body: Feedback,
        response: { 200: z.object({}) },
      },
    },
    async (request) => {
      const { client: registered, by } = client(request);
      await db.transaction(async (tx) => {
        const rows = await tx
          .insert(cdsFeedback)
          .values(
            request.body.feedback.map((f) => ({
              clinicId: registered.clinicId,
              client: registered.iss,
              service: request.params.id,
              card: f.card,
              outcome: f.outcome,
              acceptedSuggestions: (f.acceptedSuggestions ?? []).map((s) => s.id),
              overrideReason: f.overrideReason ?? null,
              outcomeAt: new Date(f.outcomeTimestamp),
            })),
          )
          .returning({ id: cdsFeedback.id, outcome: cdsFeedback.outcome });
        for (const row of rows) {
          await request.audit(
            { action: `cds.feedback.${row.outcome}`, recordType: 'cds-feedback', recordId: row.id, by },
            tx,
          );
        }
      });
      return {};
    },
  );
};

type ProcedureFacts = {
  record?: {
    performedAt?: string;
    side?: 'left' | 'right' | 'both';
    drugs?: Array<{ kind?: string; agent?: string; doseMg?: number }>;
  };
};

/** The procedure records as the patient-view card's input, newest first. */
function summarise(rows: Array<{ facts: unknown }>, now: Date): InjectionSummary {
  let dosesMissing = 0;
  const injections = rows
    .map((r) => (r.facts as ProcedureFacts).record)
    .filter((r): r is NonNullable<ProcedureFacts['record']> => Boolean(r?.performedAt && r.side))
    .filter((r) => new Date(r.performedAt!) <= now)
    .map((r) => {
      const steroids = (r.drugs ?? []).filter((d) => d.kind === 'steroid');
      const missing = steroids.filter((d) => d.doseMg === undefined).length;
      dosesMissing += missing;
      const mg = steroids.reduce((sum, d) => sum + (d.doseMg ?? 0), 0);
      return {
        performedAt: r.performedAt!,
        side: r.side!,
        steroidMg: steroids.length > 0 && missing < steroids.length ? mg : null,
        steroid:
          steroids
            .map((d) => d.agent)
            .filter(Boolean)
            .join(' + ') || null,
      };
    })
    .sort((a, b) => b.performedAt.localeCompare(a.performedAt));
  return { injections, dosesMissing };
}

export type { CdsClient };
