/**
 * The OpenAPI document (/api/openapi.json), kept small and complete. Schemas used by many routes
 * (the episode page, a finding, a step record, the error bodies) are registered once, here, and
 * every use becomes a `$ref` to `#/components/schemas/<id>` (fastify-type-provider-zod's registry
 * support). Every route also lists the errors it can answer, by its access rule and shape: the
 * statuses come from the one error catalogue (plugins/problems.ts), the bodies are the Problem
 * (RFC 9457) or, under /fhir, the OperationOutcome component.
 */
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AssessmentSchema,
  CodedFindingSchema,
  FindingSchema,
  SourceRefSchema,
} from '../domain/clinical/index.ts';
import { Episode, EpisodeDetail, EpisodeEvent, Patient } from '../shared/api/core.ts';
import {
  BookingRecord,
  CheckInRecord,
  DischargeRecord,
  EarlierVersion,
  EpisodeSteps,
  OutcomeReviewRecord,
  ProcedureRecord,
  RecoveryRecord,
  ScreeningRecord,
  StepRecord,
  TriageRecord,
} from '../shared/api/steps.ts';
import type { Access } from './plugins/access.ts';
import { errorCatalogue } from './plugins/problems.ts';

/** An error as every /api route answers it (plugins/problems.ts `problem`). */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(errorCatalogue) as [string, ...string[]]),
    /** For validation_failed: each field at fault and what is wrong with it. */
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .loose()
  .describe('RFC 9457 problem details; `code` is one of the error catalogue (plugins/problems.ts).');

/** What the FHIR endpoint answers an error with (src/server/fhir/routes.ts). */
export const OperationOutcomeSchema = z
  .object({
    resourceType: z.literal('OperationOutcome'),
    issue: z.array(
      z
        .object({
          severity: z.string(),
          code: z.string(),
          details: z.object({ text: z.string() }).optional(),
          expression: z.array(z.string()).optional(),
        })
        .loose(),
    ),
  })
  .loose()
  .describe('FHIR R4 OperationOutcome');

/** The registry of shared schemas: each becomes one component, every use a `$ref`. */
export const apiSchemas = z.registry<{ id: string }>();
for (const [id, schema] of Object.entries({
  Problem: ProblemSchema,
  OperationOutcome: OperationOutcomeSchema,
  SourceRef: SourceRefSchema,
  CodedFinding: CodedFindingSchema,
  Finding: FindingSchema,
  Assessment: AssessmentSchema,
  Patient,
  Episode,
  EpisodeEvent,
  EpisodeDetail,
  EpisodeSteps,
  StepRecord,
  EarlierVersion,
  TriageRecord,
  ScreeningRecord,
  BookingRecord,
  CheckInRecord,
  ProcedureRecord,
  RecoveryRecord,
  DischargeRecord,
  OutcomeReviewRecord,
})) {
  apiSchemas.add(schema, { id });
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** The error statuses a route can answer, from its access rule and what it takes. */
export function errorResponses(route: {
  url: string;
  method: string | string[];
  access: Access | undefined;
  takesInput: boolean;
  hasParams: boolean;
}): Record<string, { description: string; content: Record<string, { schema: object }> }> {
  const fhir = route.url.startsWith('/fhir');
  const body = (schema: object, type = 'application/problem+json') => ({ [type]: { schema } });
  const problem = body(ref('Problem'));
  // The FHIR endpoint answers its own errors as OperationOutcomes; the sign-in gate stays a problem.
  const outcome = fhir ? body(ref('OperationOutcome'), 'application/fhir+json') : problem;
  const methods = [route.method].flat();
  const write = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
  const out: ReturnType<typeof errorResponses> = {};
  const add = (status: number, description: string, content = outcome) => {
    out[String(status)] = { description, content };
  };
  if (route.takesInput) add(400, 'The input does not fit: each field at fault is named (validation_failed).');
  if (route.access && route.access !== 'public') {
    add(
      401,
      route.access === 'cds-client'
        ? 'No valid CDS client JWT (missing, unknown issuer, bad signature, expired or replayed).'
        : 'Not signed in, or the session has ended (unauthenticated).',
      problem,
    );
  }
  if (Array.isArray(route.access) || write) {
    add(
      403,
      'The role may not do this, or the request came from another site (forbidden, cross_origin).',
      problem,
    );
  }
  if (route.hasParams) add(404, "No such record at the caller's clinic (not_found).");
  if (write) {
    add(409, 'The record changed since it was read, or the pathway does not allow this now (see the code).');
    add(422, 'A clinical rule refuses it: a reason, a complete checklist or matching sides is needed.');
  }
  add(429, 'Too many requests (too_many_requests, too_many_sign_ins).', problem);
  add(500, 'The server could not finish the request; nothing was saved (internal).', problem);
  return out;
}

const transformZod = createJsonSchemaTransform({ schemaRegistry: apiSchemas });
const transformDocument = createJsonSchemaTransformObject({ schemaRegistry: apiSchemas });

type TransformInput = Parameters<typeof transformZod>[0];

/** Each route's schemas with shared parts as `$ref`s, and its error answers. */
export function openApiTransform(input: TransformInput) {
  const result = transformZod(input);
  const schema = result.schema as Record<string, unknown> | undefined;
  if (!schema || schema.hide) return result;
  const route = (input as { route?: { method: string | string[]; config?: { access?: Access } } }).route;
  const source = input.schema as Record<string, unknown>;
  const errors = errorResponses({
    url: input.url,
    method: route?.method ?? 'GET',
    access: route?.config?.access,
    takesInput: Boolean(source.body || source.querystring || source.params),
    hasParams: Boolean(source.params) || input.url.includes(':'),
  });
  const response = { ...((schema.response as Record<string, unknown> | undefined) ?? {}) };
  for (const [status, answer] of Object.entries(errors)) response[status] ??= answer;
  return { ...result, schema: { ...schema, response } };
}

/** The document with the registered components, keeping only those something refers to. */
export function openApiDocument(
  input: Parameters<typeof transformDocument>[0],
): ReturnType<typeof transformDocument> {
  const document = transformDocument(input) as ReturnType<typeof transformDocument> & {
    paths?: unknown;
    components?: { schemas?: Record<string, unknown> };
  };
  const schemas = document.components?.schemas ?? {};
  // Each shared schema is emitted twice by the library (as input and output); keep what is used.
  const used = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string') {
          const id = child.replace('#/components/schemas/', '');
          if (!used.has(id) && schemas[id]) {
            used.add(id);
            visit(schemas[id]);
          }
        } else visit(child);
      }
    }
  };
  // Error answers repeat on every route: each distinct one becomes components.responses.<name>.
  const responses: Record<string, unknown> = {};
  const byJson = new Map<string, string>();
  for (const operations of Object.values((document.paths ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const operation of Object.values(operations)) {
      const answers = (operation as { responses?: Record<string, unknown> }).responses ?? {};
      for (const [status, answer] of Object.entries(answers)) {
        if (Number(status) < 400) continue;
        const json = JSON.stringify(answer);
        let name = byJson.get(json);
        if (!name) {
          const fhir = json.includes('application/fhir+json') ? 'Fhir' : '';
          const cds = json.includes('CDS client JWT') ? 'CdsClient' : '';
          name = `Error${status}${fhir}${cds}`;
          while (responses[name]) name = `${name}x`;
          responses[name] = answer;
          byJson.set(json, name);
        }
        answers[status] = { $ref: `#/components/responses/${name}` };
      }
    }
  }
  visit(document.paths);
  visit(responses);
  const kept = Object.fromEntries(Object.entries(schemas).filter(([id]) => used.has(id)));
  return { ...document, components: { ...document.components, schemas: kept, responses } } as ReturnType<
    typeof transformDocument
  >;
}
