/**
 * The CDS Hooks 2.0 service as a hospital's record system calls it: discovery, order-sign and
 * order-select cards from the clinical core, the patient-view summary, feedback, and the JWT each
 * call is signed with (a key pair made here; the client registered with the test clinic).
 * Request and response shapes follow the examples of the specification
 * (https://cds-hooks.org/specification/current/).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { performedEpisode, type Staff, staffOf } from '../../../test/support/episodes.ts';
import { buildNhsNumber, buildPatient } from '../../../test/support/factories.ts';
import { auditEvent, cdsFeedback } from '../../db/schema.ts';
import { SYSTEMS } from '../../fhir/codes.ts';
import { DEFAULT_CANONICAL_BASE } from '../../fhir/context.ts';
import { type CdsClient, CdsClientVerifier, loadCdsClients } from './clients.ts';

const BASE = 'http://localhost:3000';
const ISS = 'https://ehr.hospital.example/';
const clients: CdsClient[] = [];
let t: TestApp;
let privateKey: CryptoKey;
let staff: Staff;

beforeAll(async () => {
  t = await createTestApp({ cdsClients: () => clients });
  const pair = await generateKeyPair('ES384', { extractable: true });
  privateKey = pair.privateKey as CryptoKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'ehr-key-1', alg: 'ES384', use: 'sig' };
  clients.push({ iss: ISS, clinicId: t.clinic.id, name: 'Test hospital EHR', jwks: { keys: [jwk] } });
  staff = staffOf(t);
});

/** A JWT as the spec's "Trusting CDS Clients" describes it (header alg, kid, typ; iss, aud, exp, iat, jti). */
async function jwt(
  aud: string,
  options: {
    key?: CryptoKey;
    iss?: string;
    expiresIn?: number;
    iat?: number;
    jti?: string;
    kid?: string;
  } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: options.kid ?? 'ehr-key-1' })
    .setIssuer(options.iss ?? ISS)
    .setAudience(aud)
    .setIssuedAt(options.iat ?? now)
    .setExpirationTime((options.iat ?? now) + (options.expiresIn ?? 300))
    .setJti(options.jti ?? randomUUID())
    .sign(options.key ?? privateKey);
}

async function call(service: string, body: object, token?: string) {
  const url = `/cds-services/${service}`;
  return t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token ?? (await jwt(`${BASE}${url}`))}` },
    payload: body,
  });
}

const DAY = 86_400_000;
const isoDay = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);

const siJointOrder = {
  resourceType: 'ServiceRequest',
  id: 'sij-1',
  status: 'draft',
  intent: 'order',
  code: {
    coding: [{ system: `${DEFAULT_CANONICAL_BASE}/CodeSystem/procedure`, code: 'si-joint-injection' }],
    text: 'Left sacroiliac joint injection',
  },
  subject: { reference: 'Patient/1288992' },
};
const mriOrder = {
  resourceType: 'ServiceRequest',
  id: 'mri-1',
  status: 'draft',
  intent: 'order',
  code: { text: 'MRI lumbar spine' },
  subject: { reference: 'Patient/1288992' },
};
const searchset = (...resources: object[]) => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource })),
});

/** An order-sign request shaped like the spec's order-sign example (R4), with our prefetch keys. */
function orderSign(
  prefetch: Record<string, unknown>,
  orders: object[] = [siJointOrder],
  hook = 'order-sign',
) {
  return {
    hookInstance: randomUUID(),
    fhirServer: 'https://ehr.hospital.example/fhir',
    hook,
    context: {
      userId: 'PractitionerRole/123',
      patientId: '1288992',
      encounterId: '89284',
      ...(hook === 'order-select' ? { selections: ['ServiceRequest/sij-1'] } : {}),
      draftOrders: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: orders.map((resource) => ({ resource })),
      },
    },
    prefetch,
  };
}

const onNothing = {
  patient: { resourceType: 'Patient', id: '1288992', gender: 'male', birthDate: '1960-12-23', active: true },
  medicationRequests: null,
  medicationStatements: null,
  conditions: null,
  observations: null,
};

type Card = {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: string;
  source: { label: string; url?: string };
  suggestions?: Array<{
    label: string;
    uuid?: string;
    actions?: Array<{ type: string; resource?: unknown }>;
  }>;
  selectionBehavior?: string;
  overrideReasons?: Array<{ code?: string; display?: string }>;
};

/** Every card as the spec's "Card Attributes" demand: required fields, allowed values, lengths. */
function expectSpecCard(card: Card) {
  expect(typeof card.uuid).toBe('string');
  expect(card.summary.length).toBeGreaterThan(0);
  expect(card.summary.length).toBeLessThan(140);
  expect(['info', 'warning', 'critical']).toContain(card.indicator);
  expect(card.source.label.length).toBeGreaterThan(0);
  if (card.source.url) expect(new URL(card.source.url).protocol).toMatch(/^https?:$/);
  if (card.suggestions) {
    expect(['at-most-one', 'any']).toContain(card.selectionBehavior);
    for (const s of card.suggestions) {
      expect(s.label.length).toBeGreaterThan(0);
      for (const a of s.actions ?? []) expect(['create', 'update', 'delete']).toContain(a.type);
    }
  }
  for (const r of card.overrideReasons ?? []) expect(r.display?.length).toBeGreaterThan(0);
}

describe('discovery', () => {
  test('GET /cds-services lists the services as the spec example does, with patient-scoped prefetch', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/cds-services' });
    expect(res.statusCode).toBe(200);
    const { services } = res.json() as {
      services: Array<{
        hook: string;
        id: string;
        description: string;
        title?: string;
        prefetch?: Record<string, string>;
      }>;
    };
    expect(services.map((s) => [s.id, s.hook])).toEqual([
      ['sij-order-sign', 'order-sign'],
      ['sij-order-select', 'order-select'],
      ['sij-patient-view', 'patient-view'],
    ]);
    const allowed = ['hook', 'title', 'description', 'id', 'prefetch', 'usageRequirements'];
    for (const s of services) {
      expect(
        Object.keys(s).every((k) => allowed.includes(k)),
        s.id,
      ).toBe(true);
      expect(s.description.length).toBeGreaterThan(0);
      for (const template of Object.values(s.prefetch ?? {}))
        expect(template).toContain('{{context.patientId}}');
    }
    expect(Object.values(services[0]!.prefetch!)).toEqual([
      'Patient/{{context.patientId}}',
      'MedicationRequest?patient={{context.patientId}}&status=active',
      'MedicationStatement?patient={{context.patientId}}&status=active',
      'Condition?patient={{context.patientId}}',
      'Observation?patient={{context.patientId}}',
    ]);
  });
});

describe('order-sign', () => {
  test('a patient on nothing gets no card', async () => {
    const res = await call('sij-order-sign', orderSign(onNothing));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ cards: [] });
  });

  test('clopidogrel (an RxNorm code, no name) is a warning with a suggestion to record an agreed plan', async () => {
    const clopidogrel = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      medicationCodeableConcept: { coding: [{ system: SYSTEMS.rxnorm, code: '32968' }] },
      subject: { reference: 'Patient/1288992' },
    };
    const res = await call(
      'sij-order-sign',
      orderSign({ ...onNothing, medicationRequests: searchset(clopidogrel) }),
    );
    expect(res.statusCode).toBe(200);
    const { cards } = res.json() as { cards: Card[] };
    expect(cards).toHaveLength(1);
    const [card] = cards as [Card];
    expectSpecCard(card);
    expect(card.indicator).toBe('warning');
    expect(card.summary).toMatch(/clopidogrel/i);
    expect(card.detail).toMatch(/prescriber/);
    expect(card.suggestions?.[0]?.label).toBe('Record an agreed plan for clopidogrel');
    expect(card.suggestions?.[0]?.actions?.[0]).toMatchObject({
      type: 'create',
      resource: { resourceType: 'Task' },
    });
    expect(card.overrideReasons?.length).toBeGreaterThan(0);
  });

  test('clopidogrel named only in text (a brand, in a MedicationStatement) is the same warning', async () => {
    const plavix = {
      resourceType: 'MedicationStatement',
      status: 'active',
      medicationCodeableConcept: { text: 'Plavix 75 mg tablets' },
      subject: { reference: 'Patient/1288992' },
    };
    const res = await call(
      'sij-order-sign',
      orderSign({ ...onNothing, medicationStatements: searchset(plavix) }),
    );
    const { cards } = res.json() as { cards: Card[] };
    expect(cards.map((c) => [c.indicator, c.suggestions?.[0]?.label])).toEqual([
      ['warning', 'Record an agreed plan for Plavix 75 mg tablets'],
    ]);
  });

  test('an infection last week (a Condition with its onset date) is a critical card with the source as a link', async () => {
    const infection = {
      resourceType: 'Condition',
      clinicalStatus: { coding: [{ system: SYSTEMS.conditionClinical, code: 'active' }] },
      code: { text: 'Urinary tract infection' },
      onsetDateTime: isoDay(6 * DAY),
      subject: { reference: 'Patient/1288992' },
    };
    const res = await call('sij-order-sign', orderSign({ ...onNothing, conditions: searchset(infection) }));
    const { cards } = res.json() as { cards: Card[] };
    expect(cards.map((c) => c.indicator)).toEqual(['critical']);
    const [card] = cards as [Card];
    expectSpecCard(card);
    expect(card.summary).toMatch(/Urinary tract infection/);
    expect(card.source.url).toMatch(/^https:\/\//);
    expect(card.detail).toMatch(/Decision support: the order is not blocked/);
  });

  test('an infection recorded as an Observation last week is critical too; one resolved long ago is not', async () => {
    const observed = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'Chest infection' },
      valueBoolean: true,
      effectiveDateTime: new Date(Date.now() - 5 * DAY).toISOString(),
    };
    const old = {
      resourceType: 'Condition',
      clinicalStatus: { coding: [{ system: SYSTEMS.conditionClinical, code: 'resolved' }] },
      code: { text: 'Cellulitis' },
      onsetDateTime: isoDay(400 * DAY),
      abatementDateTime: isoDay(380 * DAY),
    };
    const res = await call(
      'sij-order-sign',
      orderSign({ ...onNothing, observations: searchset(observed), conditions: searchset(old) }),
    );
    const { cards } = res.json() as { cards: Card[] };
    expect(cards.map((c) => [c.indicator, c.summary.slice(0, 25)])).toEqual([
      ['critical', 'Infection (Chest infectio'],
      ['info', 'Infection (Cellulitis) cl'],
    ]);
  });

  test('prefetch the client did not send is an info card saying what was not checked, never a silent pass', async () => {
    const res = await call('sij-order-sign', orderSign({ patient: onNothing.patient }));
    const { cards } = res.json() as { cards: Card[] };
    expect(cards).toHaveLength(1);
    expect(cards[0]!.indicator).toBe('info');
    expect(cards[0]!.detail).toMatch(/medicines.*conditions.*observations/s);
  });

  test('an injection given here counts: the order after it is too soon, though the EHR sent none (H-007 (7))', async () => {
    const p = await buildPatient(t.db, t.clinic.id);
    await performedEpisode(t.db, t.clinic.id, staff, 'left', { patientId: p.id });
    const identifier = [{ system: SYSTEMS.nhsNumber, value: p.nhsNumber }];
    const res = await call(
      'sij-order-sign',
      orderSign({ ...onNothing, patient: { ...onNothing.patient, identifier } }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const { cards } = res.json() as { cards: Card[] };
    cards.forEach(expectSpecCard);
    const tooSoon = cards.find((c) => /the protocol needs 2 months between injections/.test(c.summary));
    expect(tooSoon?.indicator).toBe('critical');
    // The screening's "list it on the call" is for the nurse, not for the order.
    expect(cards.map((c) => c.summary).join('\n')).not.toMatch(/do not list/);
    // Reading the patient's records here is audited against the patient.
    const events = await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'cds.order-sign'), eq(auditEvent.recordId, p.id)));
    expect(events).toHaveLength(1);
    // An order that is not an SI joint injection reads nothing of the patient's here.
    const mri = await call(
      'sij-order-sign',
      orderSign({ ...onNothing, patient: { ...onNothing.patient, identifier } }, [mriOrder]),
    );
    expect(mri.json()).toEqual({ cards: [] });
    const after = await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'cds.order-sign'), eq(auditEvent.recordId, p.id)));
    expect(after).toHaveLength(1);
    // Another clinic's injection is not this client's to see, nor to count.
    const elsewhere = await buildPatient(t.db, t.otherClinic.id, { nhsNumber: buildNhsNumber() });
    await performedEpisode(t.db, t.otherClinic.id, staff, 'left', { patientId: elsewhere.id }).catch(
      () => {},
    );
    const other = [{ system: SYSTEMS.nhsNumber, value: elsewhere.nhsNumber }];
    const theirs = await call(
      'sij-order-sign',
      orderSign({ ...onNothing, patient: { ...onNothing.patient, identifier: other } }),
    );
    expect(theirs.json()).toEqual({ cards: [] });
  });

  test('no card when the draft order is not an SI joint injection', async () => {
    const plavix = {
      resourceType: 'MedicationStatement',
      status: 'active',
      medicationCodeableConcept: { text: 'clopidogrel' },
    };
    const res = await call(
      'sij-order-sign',
      orderSign({ ...onNothing, medicationStatements: searchset(plavix) }, [mriOrder]),
    );
    expect(res.json()).toEqual({ cards: [] });
  });

  test('order-select looks at the selected orders only', async () => {
    const plavix = {
      resourceType: 'MedicationStatement',
      status: 'active',
      medicationCodeableConcept: { text: 'clopidogrel' },
    };
    const prefetch = { ...onNothing, medicationStatements: searchset(plavix) };
    const selected = await call(
      'sij-order-select',
      orderSign(prefetch, [siJointOrder, mriOrder], 'order-select'),
    );
    expect((selected.json() as { cards: Card[] }).cards.map((c) => c.indicator)).toEqual(['warning']);
    const other = orderSign(prefetch, [siJointOrder, mriOrder], 'order-select');
    other.context.selections = ['ServiceRequest/mri-1'];
    expect((await call('sij-order-select', other)).json()).toEqual({ cards: [] });
  });

  test('a call names its hook: order-sign data sent to the patient-view service is refused', async () => {
    const res = await call('sij-patient-view', orderSign(onNothing));
    expect(res.statusCode).toBe(400);
  });

  test('each call is audited as the client', async () => {
    const body = orderSign(onNothing);
    await call('sij-order-sign', body);
    const [event] = await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'cds.order-sign'), eq(auditEvent.recordId, body.hookInstance)));
    expect(event).toMatchObject({ clinicId: t.clinic.id, actorId: ISS, role: 'cds-client' });
  });
});

describe('the client JWT', () => {
  const url = '/cds-services/sij-order-sign';
  const send = (authorization?: string) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: authorization ? { authorization } : {},
      payload: orderSign(onNothing),
    });
  const refused = async (authorization?: string) => {
    const res = await send(authorization);
    expect(res.statusCode, res.body).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
    return res.json().detail as string;
  };

  test('a valid token is accepted once; the same token again is a replay', async () => {
    const token = await jwt(`${BASE}${url}`);
    expect((await send(`Bearer ${token}`)).statusCode).toBe(200);
    expect(await refused(`Bearer ${token}`)).toMatch(/used before/);
  });

  test('a replay is refused while this server accepts the token, whatever the database’s clock says', async () => {
    // The server's clock ten minutes behind the database's: the token is fresh by the server's
    // clock, long expired by the database's. Its use must be kept until the server would refuse it.
    const behind = new Date(Date.now() - 10 * 60_000);
    const token = await jwt(`${BASE}${url}`, { iat: Math.floor(behind.getTime() / 1000) });
    const verifier = new CdsClientVerifier(() => clients, t.db);
    const audience = [`${BASE}${url}`];
    await expect(verifier.verify(`Bearer ${token}`, audience, behind)).resolves.toMatchObject({
      client: { iss: ISS },
    });
    await expect(verifier.verify(`Bearer ${token}`, audience, behind)).rejects.toThrow(/used before/);
  });

  test('missing, malformed, expired, for another endpoint, from an unknown issuer or signed with another key: 401', async () => {
    expect(await refused()).toMatch(/Bearer/);
    expect(await refused('Bearer not-a-jwt')).toMatch(/not a JWT/);
    const old = Math.floor(Date.now() / 1000) - 3600;
    expect(await refused(`Bearer ${await jwt(`${BASE}${url}`, { iat: old, expiresIn: 60 })}`)).toMatch(
      /expired/,
    );
    expect(await refused(`Bearer ${await jwt(`${BASE}/cds-services/sij-patient-view`)}`)).toMatch(/aud/);
    expect(await refused(`Bearer ${await jwt(`${BASE}${url}`, { iss: 'https://other.example/' })}`)).toMatch(
      /not registered/,
    );
    const stranger = await generateKeyPair('ES384');
    expect(
      await refused(`Bearer ${await jwt(`${BASE}${url}`, { key: stranger.privateKey as CryptoKey })}`),
    ).toMatch(/signature/);
  });

  test('a token issued long before it is used, or signed with a shared secret (HS256), is refused', async () => {
    const early = Math.floor(Date.now() / 1000) - 1800;
    expect(await refused(`Bearer ${await jwt(`${BASE}${url}`, { iat: early, expiresIn: 3600 })}`)).toMatch(
      /iat/,
    );
    const now = Math.floor(Date.now() / 1000);
    const hs = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'ehr-key-1' })
      .setIssuer(ISS)
      .setAudience(`${BASE}${url}`)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti(randomUUID())
      .sign(new TextEncoder().encode('a shared secret that is long enough!!'));
    await refused(`Bearer ${hs}`);
  });
});

describe('patient-view', () => {
  const patientView = (nhsNumber?: string) => ({
    hookInstance: randomUUID(),
    fhirServer: 'https://ehr.hospital.example/fhir',
    hook: 'patient-view',
    context: { userId: 'Practitioner/example', patientId: '1288992', encounterId: '89284' },
    prefetch: {
      patient: {
        resourceType: 'Patient',
        id: '1288992',
        gender: 'female',
        birthDate: '1970-05-01',
        ...(nhsNumber ? { identifier: [{ system: SYSTEMS.nhsNumber, value: nhsNumber }] } : {}),
      },
    },
  });

  test('summarises the injections and steroid dose of the last 12 months for the patient with that NHS number', async () => {
    const p = await buildPatient(t.db, t.clinic.id);
    await performedEpisode(t.db, t.clinic.id, staff, 'left', { patientId: p.id });
    const res = await call('sij-patient-view', patientView(p.nhsNumber!));
    expect(res.statusCode).toBe(200);
    const { cards } = res.json() as { cards: Card[] };
    expect(cards).toHaveLength(1);
    expectSpecCard(cards[0]!);
    expect(cards[0]!.indicator).toBe('info');
    expect(cards[0]!.summary).toBe(
      '1 SI joint injection in the last 12 months; 40 mg steroid (triamcinolone).',
    );
    const events = await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'cds.patient-view'), eq(auditEvent.recordId, p.id)));
    expect(events).toHaveLength(1);
  });

  test('no card for a patient unknown here, another clinic’s patient, or a Patient without an NHS number (the spec example)', async () => {
    expect((await call('sij-patient-view', patientView(buildNhsNumber()))).json()).toEqual({ cards: [] });
    const elsewhere = await buildPatient(t.db, t.otherClinic.id);
    await performedEpisode(t.db, t.otherClinic.id, staff, 'left', { patientId: elsewhere.id }).catch(
      () => {},
    );
    expect((await call('sij-patient-view', patientView(elsewhere.nhsNumber!))).json()).toEqual({ cards: [] });
    expect((await call('sij-patient-view', patientView())).json()).toEqual({ cards: [] });
  });
});

describe('feedback', () => {
  test('accepted and overridden outcomes (the spec examples) are stored and audited', async () => {
    const url = '/cds-services/sij-order-sign/feedback';
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${await jwt(`${BASE}${url}`)}` },
      payload: {
        feedback: [
          {
            card: '4e0a3a1e-3283-4575-ab82-028d55fe2719',
            outcome: 'accepted',
            acceptedSuggestions: [{ id: 'e56e1945-20b3-4393-8503-a1a20fd73152' }],
            outcomeTimestamp: '2021-12-11T10:05:31Z',
            // A field this service does not read (the spec's extensions) is ignored, not refused.
            extension: { 'com.example.ehr-session': 'a1b2' },
          },
          {
            card: '9368d37b-283f-44a0-93ea-547cebab93ed',
            outcome: 'overridden',
            overrideReason: {
              reason: { code: 'd7ecf885', system: 'https://example.com/cds-hooks/override-reason-system' },
              userComment: 'A comment entered by the clinician.',
            },
            outcomeTimestamp: '2020-12-11T00:00:00Z',
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const rows = await t.db.select().from(cdsFeedback).where(eq(cdsFeedback.clinicId, t.clinic.id));
    expect(
      rows.map((r) => [r.service, r.outcome, r.acceptedSuggestions, r.overrideReason?.userComment]),
    ).toEqual([
      ['sij-order-sign', 'accepted', ['e56e1945-20b3-4393-8503-a1a20fd73152'], undefined],
      ['sij-order-sign', 'overridden', [], 'A comment entered by the clinician.'],
    ]);
    const audited = await t.db.select().from(auditEvent).where(eq(auditEvent.recordType, 'cds-feedback'));
    expect(audited.map((e) => e.action).sort()).toEqual(['cds.feedback.accepted', 'cds.feedback.overridden']);
  });

  test('feedback without a JWT is refused and stores nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/cds-services/sij-patient-view/feedback',
      payload: { feedback: [{ card: 'x', outcome: 'accepted', outcomeTimestamp: '2021-12-11T10:05:31Z' }] },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('CDS_CLIENTS_FILE', () => {
  const file = (content: unknown) => {
    const f = path.join(mkdtempSync(path.join(tmpdir(), 'cds-clients-')), 'clients.json');
    writeFileSync(f, JSON.stringify(content));
    return f;
  };

  test('lists the trusted clients; none when unset', () => {
    const client = { iss: ISS, clinicId: randomUUID(), jwksUrl: 'https://ehr.hospital.example/jwks.json' };
    expect(loadCdsClients(file([client]))).toEqual([client]);
    expect(loadCdsClients(undefined)).toEqual([]);
  });

  test('a client without keys, or with both kinds, stops the server with the field named', () => {
    expect(() => loadCdsClients(file([{ iss: ISS, clinicId: randomUUID() }]))).toThrow(/jwks or jwksUrl/);
    expect(() =>
      loadCdsClients(file([{ iss: ISS, clinicId: 'not-a-uuid', jwksUrl: 'https://x.example/' }])),
    ).toThrow(/0\.clinicId/);
  });
});
