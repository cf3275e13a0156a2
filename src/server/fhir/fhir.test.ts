/**
 * The FHIR endpoint against the demo clinic: every patient's record exported as a Bundle that the
 * FHIR R4 validator accepts, scoped to the caller's clinic and audited; the pathway's definitions;
 * and referral imports that are idempotent and store nothing from a bad Bundle.
 */
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { and, eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signInTo } from '../../../test/support/api.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { buildClinic, buildUser, testPassword } from '../../../test/support/factories.ts';
import { fhirErrors } from '../../../test/support/fhir.ts';
import type { Database } from '../../db/client.ts';
import { auditEvent, episode, episodeEvent, patient } from '../../db/schema.ts';
import { buildApp } from '../app.ts';
import { demoPassword, demoUsers, seedDemo } from '../demo/demo.ts';

let app: Awaited<ReturnType<typeof buildApp>>;
let db: Database;
const cookies: Record<string, string> = {};
let demoClinicId: string;

const signIn = (email: string, password: string) => signInTo(app, email, password);

const as = (who: string, options: InjectOptions) =>
  app.inject({
    ...options,
    headers: { ...options.headers, ...(cookies[who] ? { cookie: cookies[who] } : {}) },
  });

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  await seedDemo(db);
  app = await buildApp({
    db,
    baseUrl: 'http://localhost:3000',
    authSecret: 'test-secret-test-secret-test-secret!',
  });
  for (const u of demoUsers) cookies[u.role] = await signIn(u.email, demoPassword);
  const [p] = await db.select({ clinicId: patient.clinicId }).from(patient).limit(1);
  demoClinicId = p!.clinicId;
  const other = await buildClinic(db, 'Another Clinic');
  cookies.otherClinic = await signIn((await buildUser(db, other.id, 'clinician')).email, testPassword);
});
afterAll(() => app.close());

const entries = (b: Bundle) => (b.entry ?? []).map((e) => e.resource as Resource);

describe('GET /fhir/Patient/{id}/$everything', () => {
  test('every demo patient exports as a Bundle every resource of which is valid FHIR R4', {
    timeout: 90_000,
  }, async () => {
    const patients = await db
      .select({ id: patient.id })
      .from(patient)
      .where(eq(patient.clinicId, demoClinicId));
    expect(patients.length).toBeGreaterThan(3);
    // The validator does find problems: an element FHIR does not define, a missing status. (It does
    // not check codes against value sets: it has no terminology.)
    expect(fhirErrors({ resourceType: 'Observation', code: { text: 'x' }, bogus: 1 } as never)).toHaveLength(
      2,
    );
    const types = new Set<string>();
    for (const { id } of patients) {
      const res = await as('nurse', { method: 'GET', url: `/fhir/Patient/${id}/$everything` });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(res.headers['content-type']).toContain('application/fhir+json');
      const bundle = res.json() as Bundle;
      expect(bundle.resourceType).toBe('Bundle');
      expect(fhirErrors(bundle)).toEqual([]);
      for (const r of entries(bundle)) {
        types.add(r.resourceType);
        expect(fhirErrors(r), `${r.resourceType}/${r.id}`).toEqual([]);
      }
      const subject = entries(bundle).find((r) => r.resourceType === 'Patient');
      expect(subject?.id).toBe(id);
    }
    // The demo clinic covers the pathway: each kind of resource the export knows shows up.
    for (const type of [
      'Patient',
      'Condition',
      'ServiceRequest',
      'Schedule',
      'Appointment',
      'Procedure',
      'MedicationAdministration',
      'Observation',
      'QuestionnaireResponse',
      'Provenance',
    ]) {
      expect(types, type).toContain(type);
    }
  });

  test('is audited, and another clinic cannot see the patient', async () => {
    const [p] = await db
      .select({ id: patient.id })
      .from(patient)
      .where(eq(patient.clinicId, demoClinicId))
      .limit(1);
    const res = await as('clinician', { method: 'GET', url: `/fhir/Patient/${p!.id}/$everything` });
    expect(res.statusCode).toBe(200);
    const audited = await db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'fhir.patient.everything'), eq(auditEvent.recordId, p!.id)));
    expect(audited.length).toBeGreaterThan(0);
    const other = await as('otherClinic', { method: 'GET', url: `/fhir/Patient/${p!.id}/$everything` });
    expect(other.statusCode).toBe(404);
    expect((other.json() as OperationOutcome).resourceType).toBe('OperationOutcome');
  });
});

describe('the pathway as FHIR', () => {
  test('PlanDefinition, ActivityDefinition, Questionnaire and Library are served, valid, and public', async () => {
    for (const type of ['PlanDefinition', 'ActivityDefinition', 'Questionnaire', 'Library']) {
      const res = await app.inject({ method: 'GET', url: `/fhir/${type}` });
      expect(res.statusCode).toBe(200);
      const found = entries(res.json() as Bundle);
      expect(found.length, type).toBeGreaterThan(0);
      for (const r of found) {
        expect(r.resourceType).toBe(type);
        expect(fhirErrors(r), `${type}/${r.id}`).toEqual([]);
        const one = await app.inject({ method: 'GET', url: `/fhir/${type}/${r.id}` });
        expect(one.json()).toEqual(r);
      }
    }
    const ids = entries((await app.inject({ method: 'GET', url: '/fhir/Questionnaire' })).json()).map(
      (r) => r.id,
    );
    expect(ids).toEqual(expect.arrayContaining(['screening', 'diary', 'symptom-report']));
    const missing = await app.inject({ method: 'GET', url: '/fhir/Questionnaire/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().resourceType).toBe('OperationOutcome');
  });
});

const referralBundle = (nhs = '9434765919') => ({
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    {
      fullUrl: 'urn:uuid:0e0b3a5e-1111-4c1a-9a55-000000000001',
      resource: {
        resourceType: 'Patient',
        identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }],
        name: [{ family: 'Importer', given: ['Iris'] }],
        gender: 'female',
        birthDate: '1968-04-02',
      },
      request: { method: 'POST', url: 'Patient' },
    },
    {
      fullUrl: 'urn:uuid:0e0b3a5e-1111-4c1a-9a55-000000000002',
      resource: {
        resourceType: 'ServiceRequest',
        identifier: [{ system: 'https://gp.example/referrals', value: 'R-1001' }],
        status: 'active',
        intent: 'order',
        subject: { reference: 'urn:uuid:0e0b3a5e-1111-4c1a-9a55-000000000001' },
        authoredOn: '2026-11-20',
        requester: { display: 'Dr Gill Practitioner' },
        reasonCode: [{ text: 'Left buttock pain for six months' }],
        bodySite: [
          {
            coding: [{ system: 'http://snomed.info/sct', code: '39723000' }],
            extension: [
              {
                url: 'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier',
                valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '7771000' }] },
              },
            ],
          },
        ],
      },
      request: { method: 'POST', url: 'ServiceRequest' },
    },
    {
      fullUrl: 'urn:uuid:0e0b3a5e-1111-4c1a-9a55-000000000003',
      resource: {
        resourceType: 'MedicationStatement',
        status: 'active',
        subject: { reference: 'urn:uuid:0e0b3a5e-1111-4c1a-9a55-000000000001' },
        medicationCodeableConcept: { text: 'Apixaban 5 mg' },
        dosage: [{ text: 'twice daily' }],
      },
      request: { method: 'POST', url: 'MedicationStatement' },
    },
  ],
});

const counts = async () => {
  const [p] = await db.select({ n: sql<number>`count(*)::int` }).from(patient);
  const [e] = await db.select({ n: sql<number>`count(*)::int` }).from(episode);
  const [v] = await db.select({ n: sql<number>`count(*)::int` }).from(episodeEvent);
  return { patients: p!.n, episodes: e!.n, events: v!.n };
};

describe('POST /fhir (a referral transaction)', () => {
  const post = (who: string, body: unknown) =>
    as(who, {
      method: 'POST',
      url: '/fhir',
      headers: { 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(body),
    });

  test('creates the patient and the episode once; the same Bundle again changes nothing', async () => {
    const before = await counts();
    const first = await post('nurse', referralBundle());
    expect(first.statusCode, first.body).toBe(200);
    const response = first.json() as Bundle;
    expect(response.type).toBe('transaction-response');
    expect(fhirErrors(response)).toEqual([]);
    const after = await counts();
    expect(after.patients).toBe(before.patients + 1);
    expect(after.episodes).toBe(before.episodes + 1);
    const [created] = await db.select().from(patient).where(eq(patient.nhsNumber, '9434765919'));
    expect(created?.familyName).toBe('Importer');
    const [ep] = await db.select().from(episode).where(eq(episode.patientId, created!.id));
    expect(ep?.stage).toBe('referred');
    const [refer] = await db
      .select()
      .from(episodeEvent)
      .where(and(eq(episodeEvent.episodeId, ep!.id), eq(episodeEvent.event, 'refer')));
    expect(JSON.stringify(refer?.details)).toContain('Apixaban');

    const again = await post('nurse', referralBundle());
    expect(again.statusCode, again.body).toBe(200);
    expect(await counts()).toEqual(after);
    const statuses = (again.json() as Bundle).entry?.map((e) => e.response?.status);
    expect(statuses?.every((s) => s?.startsWith('200'))).toBe(true);
  });

  test('a bad Bundle gets an OperationOutcome naming each problem, and nothing is stored', async () => {
    const bad = referralBundle('9434765870');
    const p = bad.entry[0]!.resource as Record<string, unknown>;
    delete p.birthDate;
    const sr = bad.entry[1]!.resource as Record<string, unknown>;
    sr.subject = { reference: 'urn:uuid:nobody' };
    const before = await counts();
    const res = await post('nurse', bad);
    expect(res.statusCode).toBe(400);
    const outcome = res.json() as OperationOutcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(fhirErrors(outcome)).toEqual([]);
    expect(outcome.issue.length).toBeGreaterThanOrEqual(2);
    const where = outcome.issue.flatMap((i) => i.expression ?? []).join(' ');
    expect(where).toContain('Bundle.entry[0]');
    expect(where).toContain('Bundle.entry[1]');
    expect(await counts()).toEqual(before);

    const notJson = await as('nurse', {
      method: 'POST',
      url: '/fhir',
      headers: { 'content-type': 'application/fhir+json' },
      payload: '{',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().resourceType).toBe('OperationOutcome');
  });

  test('a patient or an anonymous caller cannot import', async () => {
    expect((await post('', referralBundle())).statusCode).toBe(401);
  });
});
