/**
 * Walks every registered route for every kind of caller: anonymous, patient, nurse, clinician,
 * admin, and a clinician of another clinic. A route missing from the table below fails the test,
 * so a new route cannot ship without its access rule being exercised. A caller the rule admits
 * sends a valid request and must get its success status; one it refuses gets 401 or 403.
 */
import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Caller, callers, createTestApp, type TestApp } from '../../test/support/api.ts';
import { clinicDate } from '../../test/support/dates.ts';
import { episodeReadyFor, type Staff, type WalkedStep } from '../../test/support/episodes.ts';
import {
  buildNhsNumber,
  buildPatient,
  buildReferralBundle,
  buildUser,
  patientPayload,
  storedVersion,
  testPassword,
} from '../../test/support/factories.ts';
import type { Actor } from '../domain/actor.ts';
import { RULE_DEFAULTS } from '../domain/clinical/index.ts';
import { auditActionWords } from '../shared/api/audit-actions.ts';
import {
  checkInFacts,
  type Facts,
  procedureFacts,
  recoveryFacts,
  screeningFacts,
  triageFacts,
} from './demo/payloads.ts';
import { referPatient } from './episodes/episodes.ts';
import type { Access } from './plugins/access.ts';

let t: TestApp;
let staffActors: Staff;
let patientId: string;
let episodeId: string;
/** The signed-in patient's own episodes (t.patientRecord): one booked, one being followed up. */
let myBookedId: string;
let myFollowedId: string;
/** An alert raised by the patient's report of a red-flag symptom. */
let alertId: string;

const referral = {
  referrer: 'Dr GP',
  referredOn: '2026-10-01',
  reason: 'Buttock pain',
  side: 'left' as const,
};

const staff = ['admin', 'clinician', 'nurse'] as const;
const careTeam = ['clinician', 'nurse'] as const;
const clinicianOnly = ['clinician'] as const;

/** What a permitted caller of the first clinic gets: a status, or one per caller. */
type Success = number | ((caller: Caller) => number);
/**
 * An access rule, a request made afresh for each caller (a write gets a record in the state it
 * needs, with its current version), and the status a permitted caller gets.
 */
type Example = [Access, (caller: Caller) => Promise<InjectOptions> | InjectOptions, Success];

const actorOf = (caller: 'clinician' | 'nurse' | 'admin'): Actor => ({
  id: t.users[caller].id,
  name: `Test ${caller}`,
  email: t.users[caller].email,
  role: caller,
  clinicId: t.clinic.id,
  patientId: null,
});

/** A new patient of the first clinic with an episode whose next step is `next`. */
async function ready(next: WalkedStep, decision?: Facts<'outcome-review'>['decision']) {
  const patient = await buildPatient(t.db, t.clinic.id);
  return episodeReadyFor(t.db, staffActors, patient.id, next, { decision });
}

const versionOf = (table: Parameters<typeof storedVersion>[1], id: string) => storedVersion(t.db, table, id);

async function currentStepId(episode: string, step: string): Promise<string> {
  const { rows } = await t.db.execute<{ id: string }>(
    sql`select id from step_record where episode_id = ${episode} and step = ${step} and superseded_at is null`,
  );
  return rows[0]!.id;
}

let listId: string | undefined;
/** A procedure list of the first clinic (made once). */
async function aList(): Promise<string> {
  if (listId) return listId;
  const res = await t.as('nurse', {
    method: 'POST',
    url: '/api/procedure-lists',
    payload: { date: clinicDate(16), startTime: '08:30', operator: 'Dr A', room: 'Theatre 1', capacity: 4 },
  });
  listId = res.json().id as string;
  return listId;
}

/** The first id the public FHIR list of `type` gives. */
async function definitionId(type: string): Promise<string> {
  const bundle = (await t.as('anonymous', { method: 'GET', url: `/fhir/${type}` })).json();
  return bundle.entry[0].resource.id as string;
}

/**
 * Who may call each route (the specification, written out here rather than read from the app),
 * with a valid request and the status it earns; `:id` routes address a record of the first clinic.
 */
const examples: Record<string, Example> = {
  'GET /api/health': ['public', () => ({ method: 'GET', url: '/api/health' }), 200],
  // The test app is a real clinic, not the demo: the demo's sign-in hints are not found, for everyone.
  'GET /api/demo': ['public', () => ({ method: 'GET', url: '/api/demo' }), 404],
  'GET /api/openapi.json': ['public', () => ({ method: 'GET', url: '/api/openapi.json' }), 200],
  'GET /api/auth/*': ['public', () => ({ method: 'GET', url: '/api/auth/get-session' }), 200],
  'POST /api/auth/*': [
    'public',
    () => ({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: t.users.nurse.email, password: testPassword },
    }),
    200,
  ],
  // SMART App Launch (src/server/smart): public entry points that start a session. This app trusts
  // no EHR, so a launch is refused (403) and a callback has no launch waiting (400), for everyone;
  // the launch itself is tested against a real EHR in src/server/smart/smart.test.ts.
  'GET /api/smart/ehrs': ['public', () => ({ method: 'GET', url: '/api/smart/ehrs' }), 200],
  'GET /api/smart/launch': [
    'public',
    () => ({ method: 'GET', url: '/api/smart/launch?iss=https%3A%2F%2Fehr.example%2Ffhir&launch=x' }),
    403,
  ],
  'GET /api/smart/callback': [
    'public',
    () => ({ method: 'GET', url: '/api/smart/callback?code=x&state=y' }),
    400,
  ],
  'GET /api/me': ['signed-in', () => ({ method: 'GET', url: '/api/me' }), 200],
  'GET /api/patients': [staff, () => ({ method: 'GET', url: '/api/patients?q=Jane' }), 200],
  'POST /api/patients': [
    staff,
    () => ({ method: 'POST', url: '/api/patients', payload: patientPayload() }),
    201,
  ],
  'GET /api/patients/:id': [staff, () => ({ method: 'GET', url: `/api/patients/${patientId}` }), 200],
  'PATCH /api/patients/:id': [
    staff,
    async () => ({
      method: 'PATCH',
      url: `/api/patients/${patientId}`,
      payload: { version: await versionOf('patient', patientId), phone: '01632 960 555' },
    }),
    200,
  ],
  'POST /api/patients/:id/episodes': [
    staff,
    async () => ({
      method: 'POST',
      url: `/api/patients/${(await buildPatient(t.db, t.clinic.id)).id}/episodes`,
      payload: referral,
    }),
    201,
  ],
  'GET /api/episodes': [staff, () => ({ method: 'GET', url: '/api/episodes' }), 200],
  'GET /api/episodes/left-open': [staff, () => ({ method: 'GET', url: '/api/episodes/left-open' }), 200],
  'GET /api/episodes/:id': [staff, () => ({ method: 'GET', url: `/api/episodes/${episodeId}` }), 200],
  'GET /api/episodes/:id/recorded-injections': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${episodeId}/recorded-injections` }),
    200,
  ],
  'GET /api/episodes/:id/outcome': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${episodeId}/outcome` }),
    200,
  ],
  'POST /api/episodes/:id/moves': [
    careTeam,
    async () => {
      const e = await ready('triage');
      const payload = { move: 'withdraw', reason: 'Moved away', version: e.version };
      return { method: 'POST', url: `/api/episodes/${e.id}/moves`, payload };
    },
    200,
  ],
  'PUT /api/episodes/:id/referral': [
    staff,
    async () => {
      const e = await ready('triage');
      const payload = {
        ...referral,
        referrer: `Dr Corrected ${e.version}`,
        version: e.version,
        amendReason: 'Typed from the wrong letter',
      };
      return { method: 'PUT', url: `/api/episodes/${e.id}/referral`, payload };
    },
    200,
  ],
  'GET /api/audit': [['admin'], () => ({ method: 'GET', url: '/api/audit' }), 200],
  'GET /api/dashboard': [
    ['admin', 'clinician'],
    () => ({ method: 'GET', url: '/api/dashboard?guidance=fluoroscopy&compare=purpose' }),
    200,
  ],
  'GET /api/guides/statistics': [staff, () => ({ method: 'GET', url: '/api/guides/statistics' }), 200],
  'GET /api/guides/export-format': [staff, () => ({ method: 'GET', url: '/api/guides/export-format' }), 200],
  'GET /api/clinic/settings': [staff, () => ({ method: 'GET', url: '/api/clinic/settings' }), 200],
  'GET /api/clinic': [['admin'], () => ({ method: 'GET', url: '/api/clinic' }), 200],
  'PUT /api/clinic': [
    ['admin'],
    async () => ({
      method: 'PUT',
      url: '/api/clinic',
      payload: {
        version: await versionOf('clinic', t.clinic.id),
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
    200,
  ],
  'GET /api/clinic/settings/versions': [
    ['admin'],
    () => ({ method: 'GET', url: '/api/clinic/settings/versions' }),
    200,
  ],
  'GET /api/users': [['admin'], () => ({ method: 'GET', url: '/api/users' }), 200],
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
    201,
  ],
  'PATCH /api/users/:id': [
    ['admin'],
    async () => ({
      method: 'PATCH',
      url: `/api/users/${spareNurse}`,
      payload: { version: await versionOf('user', spareNurse), role: 'nurse' },
    }),
    200,
  ],
  'POST /api/users/:id/password': [
    ['admin'],
    async () => ({
      method: 'POST',
      url: `/api/users/${spareNurse}/password`,
      payload: { version: await versionOf('user', spareNurse), password: 'another-long-password' },
    }),
    200,
  ],
  'GET /api/messages': [['admin'], () => ({ method: 'GET', url: '/api/messages' }), 200],
  'GET /api/messages/stamp': [['admin'], () => ({ method: 'GET', url: '/api/messages/stamp' }), 200],
  'GET /api/my/episodes': [['patient'], () => ({ method: 'GET', url: '/api/my/episodes' }), 200],
  'GET /api/my/episodes/:id': [
    ['patient'],
    () => ({ method: 'GET', url: `/api/my/episodes/${myBookedId}` }),
    200,
  ],
  'PUT /api/my/episodes/:id/checklist': [
    ['patient'],
    () => ({
      method: 'PUT',
      url: `/api/my/episodes/${myBookedId}/checklist`,
      payload: { item: 'escort', checked: true },
    }),
    200,
  ],
  'GET /api/episodes/:id/patient-checklist': [
    careTeam,
    () => ({ method: 'GET', url: `/api/episodes/${myBookedId}/patient-checklist` }),
    200,
  ],
  'GET /api/patients/:id/portal': [
    staff,
    () => ({ method: 'GET', url: `/api/patients/${patientId}/portal` }),
    200,
  ],
  'POST /api/patients/:id/invitation': [
    staff,
    async () => {
      const invited = (await buildPatient(t.db, t.clinic.id)).id;
      return {
        method: 'POST',
        url: `/api/patients/${invited}/invitation`,
        payload: {
          email: `invited-${buildNhsNumber()}@example.test`,
          version: await versionOf('patient', invited),
        },
      };
    },
    201,
  ],
  'GET /api/procedure-lists': [staff, () => ({ method: 'GET', url: '/api/procedure-lists' }), 200],
  'GET /api/procedure-lists/:id': [
    staff,
    async () => ({ method: 'GET', url: `/api/procedure-lists/${await aList()}` }),
    200,
  ],
  'GET /api/procedure-lists/:id/list.csv': [
    staff,
    async () => ({ method: 'GET', url: `/api/procedure-lists/${await aList()}/list.csv` }),
    200,
  ],
  'PATCH /api/procedure-lists/:id': [
    staff,
    async () => {
      const id = await aList();
      return {
        method: 'PATCH',
        url: `/api/procedure-lists/${id}`,
        payload: {
          date: clinicDate(16),
          startTime: '09:00',
          operator: 'Dr A',
          room: 'Theatre 2',
          capacity: 5,
          version: await versionOf('procedure_list', id),
        },
      };
    },
    200,
  ],
  'POST /api/procedure-lists/:id/cancel': [
    staff,
    async () => {
      // A list of its own for each caller: a cancelled list is not cancelled again.
      const made = await t.as('nurse', {
        method: 'POST',
        url: '/api/procedure-lists',
        payload: {
          date: clinicDate(17),
          startTime: '08:30',
          operator: 'Dr A',
          room: 'Theatre 4',
          capacity: 4,
        },
      });
      const { id, version } = made.json() as { id: string; version: number };
      return {
        method: 'POST',
        url: `/api/procedure-lists/${id}/cancel`,
        payload: { reason: 'Operator off sick', version, episodes: [] },
      };
    },
    200,
  ],
  'POST /api/procedure-lists': [
    staff,
    () => ({
      method: 'POST',
      url: '/api/procedure-lists',
      payload: { date: clinicDate(7), startTime: '08:30', operator: 'Dr A', room: 'Theatre 1', capacity: 4 },
    }),
    201,
  ],
  // Each step on a new episode whose next step it is, with its current version.
  ...stepWrite('PUT', 'triage', clinicianOnly, () => triageFacts()),
  ...stepWrite('POST', 'screenings', careTeam, () => screeningFacts('left'), 'screening'),
  ...stepWrite('PUT', 'booking', careTeam, async () => ({ procedureListId: await aList(), time: '10:00' })),
  ...stepWrite('PUT', 'check-in', careTeam, () => checkInFacts('left')),
  ...stepWrite('PUT', 'procedure', clinicianOnly, () => procedureFacts('left', new Date())),
  ...stepWrite('PUT', 'recovery', careTeam, () => recoveryFacts(new Date(Date.now() - 60_000), [[0.001, 2]])),
  ...stepWrite('POST', 'discharge', careTeam, () => ({})),
  ...stepWrite('PUT', 'outcome-review', clinicianOnly, () => ({
    decision: 'physiotherapy',
    reason: 'Partial relief',
  })),
  'POST /api/episodes/:id/screenings/:screeningId/override': [
    clinicianOnly,
    async () => {
      const e = await ready('booking');
      const screening = await currentStepId(e.id, 'screening');
      return {
        method: 'POST',
        url: `/api/episodes/${e.id}/screenings/${screening}/override`,
        payload: { reason: 'Reviewed', version: e.version },
      };
    },
    200,
  ],
  'GET /api/my/follow-up': [['patient'], () => ({ method: 'GET', url: '/api/my/follow-up' }), 200],
  'GET /api/my/episodes/:id/diary': [
    ['patient'],
    () => ({ method: 'GET', url: `/api/my/episodes/${myFollowedId}/diary` }),
    200,
  ],
  'POST /api/my/episodes/:id/diary': [
    ['patient'],
    () => ({ method: 'POST', url: `/api/my/episodes/${myFollowedId}/diary`, payload: { pain: 3 } }),
    201,
  ],
  'POST /api/my/episodes/:id/symptom-reports': [
    ['patient'],
    () => ({
      method: 'POST',
      url: `/api/my/episodes/${myFollowedId}/symptom-reports`,
      payload: { symptoms: ['pain-flare'] },
    }),
    201,
  ],
  'GET /api/episodes/:id/diary': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${myFollowedId}/diary` }),
    200,
  ],
  'POST /api/episodes/:id/diary': [
    careTeam,
    () => ({ method: 'POST', url: `/api/episodes/${myFollowedId}/diary`, payload: { pain: 3 } }),
    201,
  ],
  'GET /api/episodes/:id/symptom-reports': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${myFollowedId}/symptom-reports` }),
    200,
  ],
  'GET /api/alerts': [staff, () => ({ method: 'GET', url: '/api/alerts' }), 200],
  'GET /api/alerts/summary': [staff, () => ({ method: 'GET', url: '/api/alerts/summary' }), 200],
  'POST /api/alerts/:id/acknowledge': [
    clinicianOnly,
    async () => ({
      method: 'POST',
      url: `/api/alerts/${alertId}/acknowledge`,
      payload: { note: 'Called the patient', version: await versionOf('alert', alertId) },
    }),
    200,
  ],
  'GET /api/episodes/:id/outcome-letter.pdf': [
    staff,
    async () => ({ method: 'GET', url: `/api/episodes/${(await ready('reviewed')).id}/outcome-letter.pdf` }),
    200,
  ],
  'POST /api/episodes/:id/repeat': [
    clinicianOnly,
    async () => {
      const e = await ready('reviewed', 'repeat-injection');
      return { method: 'POST', url: `/api/episodes/${e.id}/repeat`, payload: { version: e.version } };
    },
    201,
  ],
  'GET /api/episodes/:id/instructions.pdf': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${myBookedId}/instructions.pdf` }),
    200,
  ],
  'GET /api/episodes/:id/leaflet': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${episodeId}/leaflet` }),
    200,
  ],
  'GET /api/episodes/:id/leaflet.pdf': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${episodeId}/leaflet.pdf` }),
    200,
  ],
  'GET /api/my/episodes/:id/leaflet': [
    ['patient'],
    () => ({ method: 'GET', url: `/api/my/episodes/${myBookedId}/leaflet` }),
    200,
  ],
  'GET /api/my/episodes/:id/leaflet.pdf': [
    ['patient'],
    () => ({ method: 'GET', url: `/api/my/episodes/${myBookedId}/leaflet.pdf` }),
    200,
  ],
  'POST /api/my/episodes/:id/leaflet/feedback': [
    ['patient'],
    () => ({
      method: 'POST',
      url: `/api/my/episodes/${myBookedId}/leaflet/feedback`,
      payload: { helpful: true },
    }),
    200,
  ],
  'GET /api/leaflets': [['admin'], () => ({ method: 'GET', url: '/api/leaflets' }), 200],
  'GET /api/episodes/:id/discharge-summary.pdf': [
    staff,
    () => ({ method: 'GET', url: `/api/episodes/${myFollowedId}/discharge-summary.pdf?copy=referrer` }),
    200,
  ],
  // The de-identified outcomes export (src/server/export): for service leads, not the whole care team.
  'GET /api/export/outcomes': [
    ['admin', 'clinician'],
    () => ({ method: 'GET', url: '/api/export/outcomes?format=csv' }),
    200,
  ],
  // The FHIR endpoint (src/server/fhir): patient data for staff; the pathway's definitions for all.
  'GET /fhir/metadata': ['public', () => ({ method: 'GET', url: '/fhir/metadata' }), 200],
  'GET /fhir/Patient/:id/$everything': [
    staff,
    () => ({ method: 'GET', url: `/fhir/Patient/${patientId}/$everything` }),
    200,
  ],
  'POST /fhir': [
    staff,
    () => ({
      method: 'POST',
      url: '/fhir',
      headers: { 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(fhirReferral),
    }),
    200,
  ],
  // CDS Hooks (src/server/cds-hooks): discovery for all; the services only for a CDS client's signed
  // JWT, which no session carries, so every caller here is refused with 401 (cds-hooks.test.ts signs one).
  'GET /cds-services': ['public', () => ({ method: 'GET', url: '/cds-services' }), 200],
  ...Object.fromEntries(
    ['sij-order-sign', 'sij-order-select', 'sij-patient-view'].map((id) => [
      `POST /cds-services/${id}`,
      [
        'cds-client',
        () => ({ method: 'POST', url: `/cds-services/${id}`, payload: cdsRequest }),
        200,
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
    200,
  ],
  ...Object.fromEntries(
    ['PlanDefinition', 'ActivityDefinition', 'Questionnaire', 'Library'].flatMap((type) => [
      [
        `GET /fhir/${type}`,
        ['public', () => ({ method: 'GET', url: `/fhir/${type}` }), 200] satisfies Example,
      ],
      [
        `GET /fhir/${type}/:resourceId`,
        [
          'public',
          async () => ({ method: 'GET', url: `/fhir/${type}/${await definitionId(type)}` }),
          200,
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

/** A nurse whose record the admin's user-management rows change (not one of the callers). */
let spareNurse: string;

/** A referral as another system sends it (src/fhir/import.ts): one patient, one request. */
const fhirReferral = buildReferralBundle({
  family: 'Referral',
  given: 'Fhir',
  gender: 'male',
  birthDate: '1970-01-01',
  referralId: 'ACCESS-1',
  authoredOn: '2026-10-01',
  reason: 'Buttock pain',
});

/** A step's write, on a new episode whose next step it is (`step` names it where the URL differs). */
function stepWrite(
  method: 'PUT' | 'POST',
  path: string,
  access: Access,
  facts: () => object | Promise<object>,
  step: WalkedStep = path as WalkedStep,
): Record<string, Example> {
  return {
    [`${method} /api/episodes/:id/${path}`]: [
      access,
      async () => {
        const e = await ready(step);
        return {
          method,
          url: `/api/episodes/${e.id}/${path}`,
          payload: { ...(await facts()), version: e.version },
        };
      },
      200,
    ],
  };
}

/** Routes the API docs plugin registers: public pages and assets. */
const docsExample = (url: string): InjectOptions => ({ method: 'GET', url: url.replace('*', 'index.css') });

beforeAll(async () => {
  t = await createTestApp();
  staffActors = { clinician: actorOf('clinician'), nurse: actorOf('nurse') };
  patientId = (await buildPatient(t.db, t.clinic.id)).id;
  episodeId = (await t.db.transaction((tx) => referPatient(tx, staffActors.clinician, patientId, referral)))
    .id;
  myBookedId = (await episodeReadyFor(t.db, staffActors, t.patientRecord.id, 'check-in')).id;
  myFollowedId = (await episodeReadyFor(t.db, staffActors, t.patientRecord.id, 'outcome-review')).id;
  spareNurse = (await buildUser(t.db, t.clinic.id, 'nurse')).id;
  const report = await t.as('patient', {
    method: 'POST',
    url: `/api/my/episodes/${myFollowedId}/symptom-reports`,
    payload: { symptoms: ['fever-or-feeling-unwell'] },
  });
  if (report.statusCode !== 201) throw new Error(`symptom report: ${report.statusCode} ${report.body}`);
  const { rows } = await t.db.execute<{ id: string }>(sql`select id from alert limit 1`);
  alertId = rows[0]!.id;
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

const successOf = (example: Example, caller: Caller) =>
  typeof example[2] === 'function' ? example[2](caller) : example[2];

/** What a caller got from a route, where it differs from what the rule says it should get. */
async function mismatch(route: ReturnType<typeof routes>[number], caller: Caller): Promise<string | null> {
  const docs = route.url.startsWith('/api/docs');
  const example = docs ? undefined : examples[route.key]!;
  const request = example ? await example[1](caller) : docsExample(route.url);
  const response = await t.as(caller, request);
  const got = `${route.key} as ${caller} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  if (!permits(route.key, caller)) {
    // A CDS client is known by its JWT, not a session: to a session the answer is "who are you".
    const unknown = caller === 'anonymous' || example?.[0] === 'cds-client';
    const status = unknown ? 401 : 403;
    const code = unknown ? 'unauthenticated' : 'forbidden';
    return response.statusCode === status && response.json().code === code
      ? null
      : `${got} (expected ${status})`;
  }
  // Another clinic's records are not even acknowledged to exist.
  const foreign = caller === 'otherClinic' && route.url.includes(':') && example?.[0] !== 'public';
  const expected = foreign ? 404 : example ? successOf(example, caller) : undefined;
  if (expected === undefined ? response.statusCode >= 400 : response.statusCode !== expected) {
    return `${got} (expected ${expected ?? 'below 400'})`;
  }
  if (caller === 'otherClinic' && route.method === 'GET' && !route.url.includes(':')) {
    if (response.body.includes(patientId)) return `${got} (shows the first clinic's patient)`;
  }
  return null;
}

describe.each(callers)('as %s', (caller) => {
  test('each route answers as its access rule says', async () => {
    const wrong: string[] = [];
    for (const route of routes()) {
      const found = await mismatch(route, caller);
      if (found) wrong.push(found);
    }
    expect(wrong).toEqual([]);
  });
});

test('every event the routes above wrote reads in words on the audit page', async () => {
  const { rows } = await t.db.execute<{ action: string }>(sql`select distinct action from audit_event`);
  expect(rows.length).toBeGreaterThan(40);
  expect(rows.map((r) => r.action).filter((a) => auditActionWords(a) === a)).toEqual([]);
});
