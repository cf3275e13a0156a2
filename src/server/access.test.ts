/**
 * Walks every registered route for every kind of caller: anonymous, patient, nurse, clinician,
 * admin, and a clinician of another clinic. A route missing from the table below fails the test,
 * so a new route cannot ship without its access rule being exercised.
 */
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Caller, callers, createTestApp, type TestApp } from '../../test/support/api.ts';
import { buildNhsNumber, buildPatient } from '../../test/support/factories.ts';
import type { Actor } from '../domain/actor.ts';
import { RULE_DEFAULTS } from '../domain/clinical/index.ts';
import { procedureFacts } from './demo/payloads.ts';
import { referPatient } from './episodes/episodes.ts';
import type { Access } from './plugins/access.ts';

let t: TestApp;
let patientId: string;
let episodeId: string;
/** An episode of the signed-in patient's own record (t.patientRecord). */
let myEpisodeId: string;

const referral = {
  referrer: 'Dr GP',
  referredOn: '2026-10-01',
  reason: 'Buttock pain',
  side: 'left' as const,
};

async function freshEpisode(forPatient?: string): Promise<{ id: string; version: number }> {
  const clinician: Actor = {
    id: t.users.clinician.id,
    name: 'Test clinician',
    email: t.users.clinician.email,
    role: 'clinician',
    clinicId: t.clinic.id,
    patientId: null,
  };
  return t.db.transaction((tx) => referPatient(tx, clinician, forPatient ?? patientId, referral));
}

const staff = ['admin', 'clinician', 'nurse'] as const;

let listId: string | undefined;
/** A procedure list of the first clinic (made once). */
async function aList(): Promise<string> {
  if (listId) return listId;
  const res = await t.as('nurse', {
    method: 'POST',
    url: '/api/procedure-lists',
    payload: { date: '2026-12-20', startTime: '08:30', operator: 'Dr A', room: 'Theatre 1', capacity: 4 },
  });
  listId = res.json().id as string;
  return listId;
}
const careTeam = ['clinician', 'nurse'] as const;
const clinicianOnly = ['clinician'] as const;
type Example = [Access, () => Promise<InjectOptions> | InjectOptions];

/**
 * Who may call each route (the specification, written out here rather than read from the app),
 * with one example request; `:id` routes address a record of the first site.
 */
const examples: Record<string, Example> = {
  'GET /api/health': ['public', () => ({ method: 'GET', url: '/api/health' })],
  // The test app is a real clinic, not the demo: the answer is 404 for everyone.
  'GET /api/demo': ['public', () => ({ method: 'GET', url: '/api/demo' })],
  'GET /api/openapi.json': ['public', () => ({ method: 'GET', url: '/api/openapi.json' })],
  'GET /api/auth/*': ['public', () => ({ method: 'GET', url: '/api/auth/get-session' })],
  'POST /api/auth/*': [
    'public',
    () => ({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'x@y.z', password: 'wrong-password' },
    }),
  ],
  'GET /api/me': ['signed-in', () => ({ method: 'GET', url: '/api/me' })],
  'GET /api/patients': [staff, () => ({ method: 'GET', url: '/api/patients?q=Jane' })],
  'POST /api/patients': [
    staff,
    () => ({
      method: 'POST',
      url: '/api/patients',
      payload: {
        givenName: 'Ann',
        familyName: 'Other',
        birthDate: '1980-01-01',
        sex: 'female',
        nhsNumber: buildNhsNumber(),
      },
    }),
  ],
  'GET /api/patients/:id': [staff, () => ({ method: 'GET', url: `/api/patients/${patientId}` })],
  'PATCH /api/patients/:id': [
    staff,
    () => ({
      method: 'PATCH',
      url: `/api/patients/${patientId}`,
      payload: { version: 999, phone: '01632 960 555' },
    }),
  ],
  'POST /api/patients/:id/episodes': [
    staff,
    () => ({ method: 'POST', url: `/api/patients/${patientId}/episodes`, payload: referral }),
  ],
  'GET /api/episodes': [staff, () => ({ method: 'GET', url: '/api/episodes' })],
  'GET /api/episodes/:id': [staff, () => ({ method: 'GET', url: `/api/episodes/${episodeId}` })],
  'GET /api/episodes/:id/outcome': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${episodeId}/outcome` }),
  ],
  'POST /api/episodes/:id/moves': [
    careTeam,
    async () => {
      const e = await freshEpisode();
      const payload = { move: 'withdraw', reason: 'Moved away', version: e.version };
      return { method: 'POST', url: `/api/episodes/${e.id}/moves`, payload };
    },
  ],
  'GET /api/audit': [['admin'], () => ({ method: 'GET', url: '/api/audit' })],
  'GET /api/clinic/settings': [staff, () => ({ method: 'GET', url: '/api/clinic/settings' })],
  'GET /api/clinic': [['admin'], () => ({ method: 'GET', url: '/api/clinic' })],
  'PUT /api/clinic': [
    ['admin'],
    () => ({
      method: 'PUT',
      url: '/api/clinic',
      payload: {
        version: 999,
        reason: 'Access test',
        clinic: {
          name: 'Test Pain Clinic',
          timeZone: 'Europe/London',
          locale: 'en-GB',
          contacts: { phone: '01632 960 100', urgentPhone: '01632 960 101', outOfHours: 'Call 111' },
        },
        protocol: { profile: 'lcd-2023', overrides: {} },
        rules: RULE_DEFAULTS,
      },
    }),
  ],
  'GET /api/clinic/settings/versions': [
    ['admin'],
    () => ({ method: 'GET', url: '/api/clinic/settings/versions' }),
  ],
  'GET /api/users': [['admin'], () => ({ method: 'GET', url: '/api/users' })],
  'POST /api/users': [
    ['admin'],
    () => ({
      method: 'POST',
      url: '/api/users',
      payload: {
        name: 'New Nurse',
        email: `new-nurse-${buildNhsNumber()}@clinic.example`,
        role: 'nurse',
        password: 'a-long-password',
      },
    }),
  ],
  'PATCH /api/users/:id': [
    ['admin'],
    () => ({
      method: 'PATCH',
      url: `/api/users/${t.users.nurse.id}`,
      payload: { version: 999, role: 'nurse' },
    }),
  ],
  'POST /api/users/:id/password': [
    ['admin'],
    () => ({
      method: 'POST',
      url: `/api/users/${t.users.nurse.id}/password`,
      payload: { version: 999, password: 'a-long-password' },
    }),
  ],
  'GET /api/messages': [['admin'], () => ({ method: 'GET', url: '/api/messages' })],
  // The patient caller's own record has no episode: another patient's episode is not found (404).
  'GET /api/my/episodes': [['patient'], () => ({ method: 'GET', url: '/api/my/episodes' })],
  'GET /api/my/episodes/:id': [['patient'], () => ({ method: 'GET', url: `/api/my/episodes/${episodeId}` })],
  'PUT /api/my/episodes/:id/checklist': [
    ['patient'],
    () => ({
      method: 'PUT',
      url: `/api/my/episodes/${episodeId}/checklist`,
      payload: { item: 'escort', checked: true },
    }),
  ],
  'GET /api/episodes/:id/patient-checklist': [
    careTeam,
    () => ({ method: 'GET', url: `/api/episodes/${episodeId}/patient-checklist` }),
  ],
  'GET /api/patients/:id/portal': [
    staff,
    () => ({ method: 'GET', url: `/api/patients/${patientId}/portal` }),
  ],
  // A stale version with a new email: a permitted caller meets the version check (409).
  'POST /api/patients/:id/invitation': [
    staff,
    () => ({
      method: 'POST',
      url: `/api/patients/${patientId}/invitation`,
      payload: { email: 'someone.new@example.test', version: 999 },
    }),
  ],
  'GET /api/procedure-lists': [staff, () => ({ method: 'GET', url: '/api/procedure-lists' })],
  'GET /api/procedure-lists/:id': [
    staff,
    async () => ({ method: 'GET', url: `/api/procedure-lists/${await aList()}` }),
  ],
  'GET /api/procedure-lists/:id/list.csv': [
    staff,
    async () => ({ method: 'GET', url: `/api/procedure-lists/${await aList()}/list.csv` }),
  ],
  'POST /api/procedure-lists': [
    staff,
    () => ({
      method: 'POST',
      url: '/api/procedure-lists',
      payload: { date: '2026-12-01', startTime: '08:30', operator: 'Dr A', room: 'Theatre 1', capacity: 4 },
    }),
  ],
  // Step writes with a stale version: a permitted caller meets the version check (409), never the gate.
  ...stepWrite('PUT', 'triage', clinicianOnly, {
    purpose: 'diagnostic',
    facts: {},
    decision: 'accept',
  }),
  ...stepWrite('POST', 'screenings', careTeam, { patient: {}, screening: {}, plan: {} }),
  ...stepWrite('PUT', 'booking', careTeam, {
    procedureListId: '00000000-0000-4000-8000-000000000000',
    time: '09:00',
  }),
  ...stepWrite('PUT', 'check-in', careTeam, {
    consentConfirmed: true,
    sideMarked: 'left',
    escortPresent: true,
    fastingAsInstructed: true,
  }),
  ...stepWrite('PUT', 'recovery', careTeam, {
    baselinePain: 5,
    discharge: {
      walkingChecked: true,
      legNumbnessOrWeakness: false,
      passedUrine: true,
      escortPresent: true,
      adviceGiven: true,
    },
  }),
  ...stepWrite('POST', 'discharge', careTeam, {}),
  ...stepWrite('PUT', 'outcome-review', clinicianOnly, {
    decision: 'physiotherapy',
    reason: 'Partial relief',
  }),
  'PUT /api/episodes/:id/procedure': [
    clinicianOnly,
    () => ({ method: 'PUT', url: `/api/episodes/${episodeId}/procedure`, payload: procedurePayload }),
  ],
  'POST /api/episodes/:id/screenings/:screeningId/override': [
    clinicianOnly,
    () => ({
      method: 'POST',
      url: `/api/episodes/${episodeId}/screenings/00000000-0000-4000-8000-000000000000/override`,
      payload: { reason: 'Reviewed', version: 999 },
    }),
  ],
  // The follow-up. A patient's routes address the episode of another patient (Jane, not the test's
  // patient): permitted by role, and then "not found" — a patient never reaches anyone else's diary.
  'GET /api/my/follow-up': [['patient'], () => ({ method: 'GET', url: '/api/my/follow-up' })],
  'GET /api/my/episodes/:id/diary': [
    ['patient'],
    () => ({ method: 'GET', url: `/api/my/episodes/${episodeId}/diary` }),
  ],
  'POST /api/my/episodes/:id/diary': [
    ['patient'],
    () => ({ method: 'POST', url: `/api/my/episodes/${episodeId}/diary`, payload: { pain: 3 } }),
  ],
  'POST /api/my/episodes/:id/symptom-reports': [
    ['patient'],
    () => ({
      method: 'POST',
      url: `/api/my/episodes/${episodeId}/symptom-reports`,
      payload: { symptoms: ['pain-flare'] },
    }),
  ],
  'GET /api/episodes/:id/diary': [staff, () => ({ method: 'GET', url: `/api/episodes/${episodeId}/diary` })],
  'POST /api/episodes/:id/diary': [
    careTeam,
    () => ({ method: 'POST', url: `/api/episodes/${episodeId}/diary`, payload: { pain: 3 } }),
  ],
  'GET /api/episodes/:id/symptom-reports': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${episodeId}/symptom-reports` }),
  ],
  'GET /api/alerts': [staff, () => ({ method: 'GET', url: '/api/alerts' })],
  'POST /api/alerts/:id/acknowledge': [
    clinicianOnly,
    () => ({
      method: 'POST',
      url: '/api/alerts/00000000-0000-4000-8000-000000000000/acknowledge',
      payload: { note: 'Called the patient', version: 1 },
    }),
  ],
  'GET /api/episodes/:id/outcome-letter.pdf': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${episodeId}/outcome-letter.pdf` }),
  ],
  'POST /api/episodes/:id/repeat': [
    clinicianOnly,
    () => ({ method: 'POST', url: `/api/episodes/${episodeId}/repeat`, payload: { version: 999 } }),
  ],
  'GET /api/episodes/:id/instructions.pdf': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${episodeId}/instructions.pdf` }),
  ],
  'GET /api/episodes/:id/leaflet': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${episodeId}/leaflet` }),
  ],
  'GET /api/episodes/:id/leaflet.pdf': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${episodeId}/leaflet.pdf` }),
  ],
  'GET /api/my/episodes/:id/leaflet': [
    ['patient'],
    () => ({ method: 'GET', url: `/api/my/episodes/${myEpisodeId}/leaflet` }),
  ],
  'GET /api/my/episodes/:id/leaflet.pdf': [
    ['patient'],
    () => ({ method: 'GET', url: `/api/my/episodes/${myEpisodeId}/leaflet.pdf` }),
  ],
  'POST /api/my/episodes/:id/leaflet/feedback': [
    ['patient'],
    () => ({
      method: 'POST',
      url: `/api/my/episodes/${myEpisodeId}/leaflet/feedback`,
      payload: { helpful: true },
    }),
  ],
  'GET /api/leaflets': [['admin'], () => ({ method: 'GET', url: '/api/leaflets' })],
  'GET /api/episodes/:id/discharge-summary.pdf': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${episodeId}/discharge-summary.pdf?copy=referrer` }),
  ],
  // The FHIR endpoint (src/server/fhir): patient data for staff; the pathway's definitions for all.
  'GET /fhir/metadata': ['public', () => ({ method: 'GET', url: '/fhir/metadata' })],
  'GET /fhir/Patient/:id/$everything': [
    staff,
    () => ({ method: 'GET', url: `/fhir/Patient/${patientId}/$everything` }),
  ],
  'POST /fhir': [
    staff,
    () => ({
      method: 'POST',
      url: '/fhir',
      headers: { 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(fhirReferral),
    }),
  ],
  // CDS Hooks (src/server/cds-hooks): discovery for all; the services only for a CDS client's signed
  // JWT, which no session carries, so every caller here is refused with 401 (cds-hooks.test.ts signs one).
  'GET /cds-services': ['public', () => ({ method: 'GET', url: '/cds-services' })],
  ...Object.fromEntries(
    ['sij-order-sign', 'sij-order-select', 'sij-patient-view'].map((id) => [
      `POST /cds-services/${id}`,
      [
        'cds-client',
        () => ({ method: 'POST', url: `/cds-services/${id}`, payload: cdsRequest }),
      ] satisfies Example,
    ]),
  ),
  'POST /cds-services/:id/feedback': [
    'cds-client',
    () => ({
      method: 'POST',
      url: '/cds-services/sij-order-sign/feedback',
      payload: { feedback: [{ card: 'c1', outcome: 'accepted', outcomeTimestamp: '2026-10-01T10:00:00Z' }] },
    }),
  ],
  ...Object.fromEntries(
    ['PlanDefinition', 'ActivityDefinition', 'Questionnaire', 'Library'].flatMap((type) => [
      [`GET /fhir/${type}`, ['public', () => ({ method: 'GET', url: `/fhir/${type}` })] satisfies Example],
      [
        `GET /fhir/${type}/:resourceId`,
        [
          'public',
          () => ({ method: 'GET', url: `/fhir/${type}/${type === 'Questionnaire' ? 'diary' : 'x'}` }),
        ] satisfies Example,
      ],
    ]),
  ),
};

/** A CDS Hooks call (spec example shape): a patient-view, the same body for each service. */
const cdsRequest = {
  hook: 'patient-view',
  hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
  context: { userId: 'Practitioner/example', patientId: '1288992' },
  prefetch: { patient: { resourceType: 'Patient', id: '1288992' } },
};

/** A referral as another system sends it (src/fhir/import.ts): one patient, one request. */
const fhirReferral = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    {
      fullUrl: 'urn:uuid:6f1c2a10-0000-4000-8000-000000000001',
      resource: {
        resourceType: 'Patient',
        identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: buildNhsNumber() }],
        name: [{ family: 'Referral', given: ['Fhir'] }],
        gender: 'male',
        birthDate: '1970-01-01',
      },
      request: { method: 'POST', url: 'Patient' },
    },
    {
      fullUrl: 'urn:uuid:6f1c2a10-0000-4000-8000-000000000002',
      resource: {
        resourceType: 'ServiceRequest',
        identifier: [{ system: 'https://gp.example/referrals', value: 'ACCESS-1' }],
        status: 'active',
        intent: 'order',
        subject: { reference: 'urn:uuid:6f1c2a10-0000-4000-8000-000000000001' },
        authoredOn: '2026-10-01',
        requester: { display: 'Dr GP' },
        reasonCode: [{ text: 'Buttock pain' }],
      },
      request: { method: 'POST', url: 'ServiceRequest' },
    },
  ],
};

function stepWrite(
  method: 'PUT' | 'POST',
  step: string,
  access: Access,
  payload: object,
): Record<string, Example> {
  return {
    [`${method} /api/episodes/:id/${step}`]: [
      access,
      () => ({ method, url: `/api/episodes/${episodeId}/${step}`, payload: { ...payload, version: 999 } }),
    ],
  };
}

const procedurePayload = { ...procedureFacts('left', new Date('2026-11-22T10:00:00Z')), version: 999 };

/** Routes the API docs plugin registers: public pages and assets. */
const docsExample = (url: string): InjectOptions => ({ method: 'GET', url: url.replace('*', 'index.css') });

beforeAll(async () => {
  t = await createTestApp();
  patientId = (await buildPatient(t.db, t.clinic.id)).id;
  episodeId = (await freshEpisode()).id;
  myEpisodeId = (await freshEpisode(t.patientRecord.id)).id;
});

const routes = () => t.app.routeTable.map((r) => ({ ...r, key: `${r.method} ${r.url}` }));

test('every route has the access rule this table specifies', () => {
  const keys = routes()
    .filter((r) => !r.url.startsWith('/api/docs'))
    .map((r) => r.key);
  expect(keys.sort()).toEqual(Object.keys(examples).sort());
  for (const route of routes()) {
    const expected = route.url.startsWith('/api/docs') ? 'public' : examples[route.key]![0];
    expect(route.access, route.key).toEqual(expected);
  }
});

function permits(key: string, caller: Caller): boolean {
  const access = key.startsWith('GET /api/docs') ? 'public' : examples[key]![0];
  if (access === 'public') return true;
  if (caller === 'anonymous' || access === 'cds-client') return false;
  if (access === 'signed-in') return true;
  return access.includes(caller === 'otherClinic' ? 'clinician' : caller);
}

describe.each(callers)('as %s', (caller) => {
  test('each route answers as its access rule says', async () => {
    for (const route of routes()) {
      const example = route.url.startsWith('/api/docs')
        ? docsExample(route.url)
        : await examples[route.key]![1]();
      const response = await t.as(caller, example);
      const label = `${route.key} as ${caller} → ${response.statusCode} ${response.body.slice(0, 200)}`;
      if (!permits(route.key, caller)) {
        // A CDS client is known by its JWT, not a session: to a session the answer is "who are you".
        const unknown = caller === 'anonymous' || examples[route.key]?.[0] === 'cds-client';
        expect(response.statusCode, label).toBe(unknown ? 401 : 403);
        expect(response.json().code, label).toBe(unknown ? 'unauthenticated' : 'forbidden');
        continue;
      }
      // A permitted caller may still meet a clinical rule (e.g. only clinicians accept referrals), never the gate.
      const gated =
        response.statusCode === 401 || (response.statusCode === 403 && response.json().code === 'forbidden');
      expect(gated, label).toBe(false);
      if (caller === 'otherClinic' && route.url.includes(':id')) {
        // Another site's records are not even acknowledged to exist.
        expect(response.statusCode, label).toBe(404);
      }
      if (caller === 'otherClinic' && route.method === 'GET' && !route.url.includes(':id')) {
        expect(response.body, label).not.toContain(patientId);
      }
    }
  });
});
