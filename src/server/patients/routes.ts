import { z } from 'zod';
import { staffRoles as staff } from '../../domain/actor.ts';
import {
  Episode,
  IdParams,
  Patient,
  PatientChanges,
  PatientInput,
  PatientSearch,
  Referral,
} from '../../shared/api/core.ts';
import { referPatient } from '../episodes/episodes.ts';
import { patientPage } from '../episodes/read.ts';
import { DomainError } from '../errors.ts';
import { actor } from '../plugins/access.ts';
import { jsonText } from '../plugins/responses.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';
import { createPatient, refusePossibleDuplicate, searchPatients, updatePatient } from './patients.ts';

/** The patient page: the patient and their episodes. */
const PatientPage = Patient.extend({ episodes: z.array(Episode) });

const tags = ['patients'];

export const patientRoutes: RoutePlugin = async (app, { db }) => {
  app.get(
    '/api/patients',
    {
      config: { access: staff },
      schema: { tags, querystring: PatientSearch, response: { 200: z.object({ items: z.array(Patient) }) } },
    },
    async (request) => {
      const me = actor(request);
      const items = await searchPatients(db, me.clinicId, request.query);
      await request.audit({ action: 'patient.search', recordType: 'patient', recordId: null });
      return { items };
    },
  );

  app.post(
    '/api/patients',
    { config: { access: staff }, schema: { tags, body: PatientInput, response: { 201: Patient } } },
    async (request, reply) => {
      const me = actor(request);
      const created = await request
        .auditedChange(
          async (tx) => {
            await refusePossibleDuplicate(tx, me.clinicId, request.body);
            return createPatient(tx, me.clinicId, request.body);
          },
          (p) => ({ action: 'patient.create', recordType: 'patient', recordId: p.id }),
        )
        .catch(async (error: unknown) => {
          // The answer names the patients it may duplicate: each is read, as a search would be.
          if (error instanceof DomainError && error.code === 'possible_duplicate') {
            for (const p of error.extra.matches as Patient[])
              await request.audit({
                action: 'patient.read',
                recordType: 'patient',
                recordId: p.id,
                status: 409,
              });
          }
          throw error;
        });
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/patients/:id',
    {
      config: { access: staff, trustedResponse: true },
      schema: { tags, params: IdParams, response: { 200: PatientPage } },
    },
    async (request) => {
      const me = actor(request);
      const { id } = request.params;
      // The page and its audit event in one statement (the event only if the patient is there);
      // its JSON is sent as PostgreSQL wrote it.
      const text = await patientPage(db, me.clinicId, id, (when) =>
        request.auditSql({ action: 'patient.read', recordType: 'patient', recordId: id }, when),
      );
      return jsonText<z.infer<typeof PatientPage>>(text);
    },
  );

  app.patch(
    '/api/patients/:id',
    {
      config: { access: staff },
      schema: { tags, params: IdParams, body: PatientChanges, response: { 200: Patient } },
    },
    async (request) => {
      const me = actor(request);
      return request.auditedChange(
        (tx) => updatePatient(tx, me.clinicId, request.params.id, request.body),
        (updated) => ({ action: 'patient.update', recordType: 'patient', recordId: updated.id }),
      );
    },
  );

  app.post(
    '/api/patients/:id/episodes',
    {
      config: { access: staff },
      schema: { tags: ['episodes'], params: IdParams, body: Referral, response: { 201: Episode } },
    },
    async (request, reply) => {
      const me = actor(request);
      const created = await request.auditedChange(
        (tx) => referPatient(tx, me, request.params.id, request.body),
        (e) => ({ action: 'episode.refer', recordType: 'episode', recordId: e.id }),
      );
      return reply.status(201).send(created);
    },
  );
};
