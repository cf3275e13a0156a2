/**
 * Writes from a valid request with one part made hostile (fast-check): a field replaced by an odd
 * value (a huge or negative number, a date in year 1 or 9999 or that does not exist, a time past
 * midnight, NUL, an object where a word was), removed, or a list repeated many times. What the
 * wholly random bodies of hostile-routes.test.ts rarely reach: input that passes most of the
 * validation and goes on to the rules and the database. Every step's save; the clinic's settings,
 * then the verdicts and pages that run on them; every other write of patient data. Never a 5xx;
 * a refusal has its title. Cases are drawn afresh each run; a failure lists the changes that made it.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Caller, createTestApp, type TestApp } from '../../test/support/api.ts';
import { clinicDate } from '../../test/support/dates.ts';
import { episodeReadyFor, type Staff, staffOf } from '../../test/support/episodes.ts';
import {
  buildNhsNumber,
  buildPatient,
  buildUser,
  patientPayload,
  storedVersion,
} from '../../test/support/factories.ts';
import type { StepName } from '../domain/pathway.ts';
import { stepNames } from '../domain/steps.ts';
import { stepRoute } from '../shared/api/steps.ts';
import { checkInFacts, procedureFacts, recoveryFacts, screeningFacts, triageFacts } from './demo/payloads.ts';

// Fewer by default than hostile-routes.test.ts: a save that passes makes a fresh episode for the next.
// At 3,200 (FUZZ_RUNS=3200) about one case in five was saved, the rest refused with a 400 or 409.
const runs = Number(process.env.FUZZ_RUNS ?? 800);
const HOUR = 3_600_000;

let t: TestApp;
let staff: Staff;
beforeAll(async () => {
  // Hundreds of calls as one patient: the patients' rate limit would stop them reaching the routes.
  t = await createTestApp({ patientApiLimits: { windowSeconds: 60, perPatient: 1e9, perAddress: 1e9 } });
  staff = staffOf(t);
}, 120_000);

/** A valid record of each step, as full as the forms send it: the rules have something to read. */
function validFacts(step: StepName, listId: string): Record<string, unknown> {
  const now = Date.now();
  const iso = (hours: number) => new Date(now + hours * HOUR).toISOString();
  switch (step) {
    case 'triage':
      return triageFacts();
    case 'screening':
      return screeningFacts('left', {
        patient: {
          diabetes: { type: 'type-2', insulin: false },
          allergyDetails: [{ allergy: 'latex', agent: 'gloves', reaction: 'mild' }],
          antithrombotics: [{ name: 'Apixaban 5 mg twice daily', reportedLastDoseAt: iso(-30) }],
          medications: [{ name: 'Metformin', dose: '500 mg' }],
          previousInjections: [
            {
              at: iso(-24 * 120),
              purpose: 'therapeutic',
              side: 'left',
              steroidDoseMg: 40,
              reliefPercent: 60,
              reliefWeeks: 10,
            },
          ],
        },
        screening: {
          agreedPlans: [
            {
              drug: 'apixaban',
              decision: 'hold',
              lastDoseAt: iso(-80),
              restartAfterHours: 24,
              agreedWith: 'Dr K (GP)',
              recordedBy: 'Sam Okafor',
              recordedAt: iso(-24),
            },
          ],
        },
        plan: {
          approach: 'intra-articular',
          steroid: { agent: 'triamcinolone', doseMg: 40 },
          localAnaesthetic: { agent: 'bupivacaine', concentration: { value: 0.25, unit: '%' }, volumeMl: 2 },
        },
      }) as unknown as Record<string, unknown>;
    case 'booking':
      return { procedureListId: listId, time: '10:30' };
    case 'check-in':
      return checkInFacts('left');
    case 'procedure':
      return procedureFacts('left', new Date(now - 60_000));
    case 'recovery':
      return recoveryFacts(new Date(now - 30_000), [[0.001, 2]]);
    case 'discharge':
      return {};
    case 'outcome-review':
      return { decision: 'physiotherapy', reason: 'Reviewed in clinic' };
  }
}

/** Every place in a record: the paths of its fields and list items, the record itself first. */
function places(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const here = [path];
  if (Array.isArray(value)) return here.concat(value.flatMap((v, i) => places(v, [...path, i])));
  if (value && typeof value === 'object')
    return here.concat(Object.entries(value).flatMap(([k, v]) => places(v, [...path, k])));
  return here;
}

const odd = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    '',
    ' ',
    '\u0000',
    'x\ud800',
    -1,
    0,
    1e308,
    -1e308,
    2 ** 53,
    0.1,
    11,
    true,
    [],
    {},
    [null],
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '2026-02-30T10:00:00Z',
    '2026-02-30',
    '0000-01-01',
    '24:00',
    '23:60',
    '00:00',
    'left',
    'both',
    'a'.repeat(20_000),
  ),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
);

/** One change to a record: a place made odd, removed, or (a list) repeated. */
const change = fc.record({
  at: fc.nat(),
  how: fc.constantFrom('replace', 'remove', 'repeat'),
  value: odd,
});

function changed(record: unknown, c: { at: number; how: string; value: unknown }): unknown {
  const all = places(record);
  const path = all[c.at % all.length]!;
  const copy = structuredClone(record) as Record<string | number, unknown>;
  if (path.length === 0) return c.how === 'replace' ? c.value : copy;
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((o, k) => o[k] as never, copy);
  const key = path.at(-1)!;
  if (c.how === 'remove') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (c.how === 'repeat' && Array.isArray(parent[key])) {
    const list = parent[key] as unknown[];
    parent[key] = Array.from({ length: 60 }, (_, i) =>
      structuredClone(list[i % Math.max(1, list.length)] ?? c.value),
    );
  } else parent[key] = c.value;
  return copy;
}

/**
 * A run's cases, each one or two changes. Every case is tried and every failure told: a shrunk
 * counterexample of a 20,000-letter value says less than the list of what failed.
 */
const cases = (n: number) => fc.sample(fc.array(change, { minLength: 1, maxLength: 2 }), n);

/** A record with a case's changes made. */
const made = (changes: readonly { at: number; how: string; value: unknown }[], record: unknown) =>
  changes.reduce<unknown>(changed, record);

/** The case and the answer, as a failure is told. */
const told = (changes: unknown, res: { statusCode: number; body: string }) =>
  `${JSON.stringify(changes).slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`;

/** What is wrong with the answer to a hostile request, if anything: a 5xx, or a refusal without its title. */
function wrong(changes: unknown, res: { statusCode: number; body: string; json: () => { title?: unknown } }) {
  if (res.statusCode >= 500) return told(changes, res);
  if (res.statusCode >= 400 && !res.json().title) return `no title: ${told(changes, res)}`;
  return undefined;
}

/** Every step of the registry: a new one is fuzzed once it has a valid record above. */
const steps = stepNames;

/** An episode ready for the step, of a patient of its own (one injected lately must wait for the next). */
const readyFor = async (step: StepName) =>
  episodeReadyFor(t.db, staff, (await buildPatient(t.db, t.clinic.id)).id, step);

describe.each(steps)('%s', (step) => {
  test(`a valid record with one part made hostile: never a 5xx (${Math.ceil(runs / steps.length)} cases)`, {
    timeout: 600_000,
  }, async () => {
    const { method, path } = stepRoute(step);
    let ready = await readyFor(step);
    const valid = validFacts(step, ready.listId);
    const failed: string[] = [];
    for (const changes of cases(Math.ceil(runs / steps.length))) {
      const body = made(changes, valid);
      const payload = body && typeof body === 'object' && !Array.isArray(body) ? body : { facts: body };
      const res = await t.as('clinician', {
        method,
        url: `/api/episodes/${ready.id}/${path}`,
        payload: { ...(payload as object), version: ready.version },
      });
      const problem = wrong(changes, res);
      if (problem) failed.push(problem);
      // A record that was still valid moved the episode on: the next case starts from a fresh one.
      if (res.statusCode < 300) ready = await readyFor(step);
    }
    expect(failed).toEqual([]);
  });
});

/**
 * The clinic's settings with one value made odd: what the admin's PUT accepts must not break what
 * runs on it afterwards (a screening judged, a block read, the episode page, the dashboard).
 */
test(`settings with one value made odd: accepted or refused, then every page and verdict still answers (${Math.ceil(runs / 4)} cases)`, {
  timeout: 600_000,
}, async () => {
  const settings = (await t.as('clinician', { method: 'GET', url: '/api/clinic/settings' })).json().settings;
  const valid = {
    reason: 'Fuzzing',
    clinic: settings.clinic,
    protocol: settings.protocol,
    rules: settings.rules,
  };
  let clinicVersion = (await t.as('admin', { method: 'GET', url: '/api/clinic' })).json().version as number;
  const put = (body: unknown) =>
    t.as('admin', {
      method: 'PUT',
      url: '/api/clinic',
      payload: { ...(body as object), version: clinicVersion },
    });
  const first = await put(valid);
  expect(first.statusCode, first.body).toBe(200);
  clinicVersion = first.json().version;

  let screening = await readyFor('screening');
  let recovery = await readyFor('recovery');
  const failed: string[] = [];
  let accepted = 0;
  for (const changes of cases(Math.ceil(runs / 4))) {
    const body = made(changes, valid);
    const res = await put(body && typeof body === 'object' && !Array.isArray(body) ? body : { rules: body });
    const label = told(changes, res);
    if (res.statusCode >= 500) failed.push(label);
    if (res.statusCode !== 200) continue;
    accepted++;
    clinicVersion = res.json().version;
    const after = [
      await t.as('clinician', {
        method: 'POST',
        url: `/api/episodes/${screening.id}/screenings`,
        payload: { ...validFacts('screening', screening.listId), version: screening.version },
      }),
      await t.as('clinician', {
        method: 'PUT',
        url: `/api/episodes/${recovery.id}/recovery`,
        payload: { ...validFacts('recovery', recovery.listId), version: recovery.version },
      }),
      await t.as('clinician', { method: 'GET', url: `/api/episodes/${recovery.id}` }),
      await t.as('clinician', { method: 'GET', url: '/api/clinic/settings' }),
      await t.as('admin', { method: 'GET', url: '/api/clinic' }),
      await t.as('clinician', { method: 'GET', url: '/api/dashboard' }),
      await t.as('clinician', { method: 'GET', url: '/api/episodes' }),
    ];
    for (const r of after)
      if (r.statusCode >= 500) failed.push(`after ${label}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    if (after[0]!.statusCode === 200) screening = { ...screening, version: after[0]!.json().version };
    else screening = await readyFor('screening');
    if (after[1]!.statusCode === 200) recovery = { ...recovery, version: after[1]!.json().version };
    else recovery = await readyFor('recovery');
  }
  expect(failed).toEqual([]);
  expect(accepted).toBeGreaterThan(0);
});

interface Write {
  caller: Caller;
  method: 'POST' | 'PUT' | 'PATCH';
  /** The route with a record ready for it, and the valid body. */
  ready: () => Promise<{ url: string; body: Record<string, unknown> }>;
}

const iso = (hoursFromNow: number) => new Date(Date.now() + hoursFromNow * HOUR).toISOString();

/** The other writes of patient data, each from a valid request (as in access.test.ts, but fuller). */
const writes: Record<string, Write> = {
  'a new patient': {
    caller: 'nurse',
    method: 'POST',
    ready: async () => ({
      url: '/api/patients',
      body: patientPayload({ mrn: 'RPC-1', email: 'ann@example.org', phone: '01632 960 000' }),
    }),
  },
  "a patient's details changed": {
    caller: 'nurse',
    method: 'PATCH',
    ready: async () => {
      const p = await buildPatient(t.db, t.clinic.id);
      return {
        url: `/api/patients/${p.id}`,
        body: { ...patientPayload(), phone: '01632 960 001', version: p.version },
      };
    },
  },
  'a referral': {
    caller: 'clinician',
    method: 'POST',
    ready: async () => ({
      url: `/api/patients/${(await buildPatient(t.db, t.clinic.id)).id}/episodes`,
      body: { referrer: 'Dr GP', referredOn: clinicDate(-3), reason: 'Buttock pain', side: 'right' },
    }),
  },
  'a move': {
    caller: 'clinician',
    method: 'POST',
    ready: async () => {
      const e = await readyFor('screening');
      return {
        url: `/api/episodes/${e.id}/moves`,
        body: { move: 'withdraw', reason: 'Moved away', version: e.version },
      };
    },
  },
  'a procedure list': {
    caller: 'clinician',
    method: 'POST',
    ready: async () => ({
      url: '/api/procedure-lists',
      body: { date: clinicDate(7), startTime: '08:30', operator: 'Dr A', room: 'Theatre 1', capacity: 4 },
    }),
  },
  'a referral corrected': {
    caller: 'nurse',
    method: 'PUT',
    ready: async () => {
      const e = await readyFor('screening');
      return {
        url: `/api/episodes/${e.id}/referral`,
        body: {
          referrer: 'Dr B Moss',
          referrerAddress: 'Hill Surgery\nLeeds',
          referredOn: clinicDate(-3),
          reason: 'Buttock pain',
          side: 'right',
          version: e.version,
          amendReason: 'Typed from the wrong letter',
        },
      };
    },
  },
  'a procedure list corrected, a patient booked on it': {
    caller: 'nurse',
    method: 'PATCH',
    ready: async () => {
      const { id } = await readyFor('check-in');
      const booked = (await t.as('nurse', { method: 'GET', url: `/api/episodes/${id}` })).json().steps
        .booking;
      const { id: listId, booked: _, cancelled: __, ...list } = booked.procedureList;
      return { url: `/api/procedure-lists/${listId}`, body: { ...list, room: 'Theatre 3' } };
    },
  },
  'a procedure list cancelled, a patient booked on it': {
    caller: 'nurse',
    method: 'POST',
    ready: async () => {
      const { id } = await readyFor('check-in');
      const { procedureList } = (await t.as('nurse', { method: 'GET', url: `/api/episodes/${id}` })).json()
        .steps.booking;
      return {
        url: `/api/procedure-lists/${procedureList.id}/cancel`,
        body: { reason: 'Operator off sick', version: procedureList.version, episodes: [id] },
      };
    },
  },
  'a staff diary entry': {
    caller: 'nurse',
    method: 'POST',
    ready: async () => ({
      url: `/api/episodes/${(await readyFor('outcome-review')).id}/diary`,
      body: {
        pain: 3,
        activity: 4,
        pgic: 2,
        opioidDoses: 1,
        otherMedicines: 'Paracetamol',
        glucose: { value: 7.2, unit: 'mmol/L' },
        sideEffects: 'None',
      },
    }),
  },
  "the patient's own diary entry": {
    caller: 'patient',
    method: 'POST',
    ready: async () => ({ url: `/api/my/episodes/${(await mine()).id}/diary`, body: { pain: 2, pgic: 3 } }),
  },
  "the patient's symptom report": {
    caller: 'patient',
    method: 'POST',
    ready: async () => ({
      url: `/api/my/episodes/${(await mine()).id}/symptom-reports`,
      body: {
        symptoms: ['pain-flare', 'other'],
        flareStartedAt: iso(-5),
        freeText: 'Worse since last night',
      },
    }),
  },
  "a staff member's account changed": {
    caller: 'admin',
    method: 'PATCH',
    ready: async () => {
      const { id } = await buildUser(t.db, t.clinic.id, 'nurse');
      return {
        url: `/api/users/${id}`,
        body: {
          name: 'Renamed Nurse',
          email: `r-${buildNhsNumber()}@clinic.example`,
          role: 'clinician',
          version: await versionOf('user', id),
        },
      };
    },
  },
  "a staff member's password reset": {
    caller: 'admin',
    method: 'POST',
    ready: async () => {
      const { id } = await buildUser(t.db, t.clinic.id, 'nurse');
      return {
        url: `/api/users/${id}/password`,
        body: { password: 'another-long-password', version: await versionOf('user', id) },
      };
    },
  },
  'an invitation to the portal': {
    caller: 'nurse',
    method: 'POST',
    ready: async () => {
      const p = await buildPatient(t.db, t.clinic.id);
      return {
        url: `/api/patients/${p.id}/invitation`,
        body: { email: `i-${buildNhsNumber()}@example.test`, version: p.version },
      };
    },
  },
  "the patient's word on their leaflet": {
    caller: 'patient',
    method: 'POST',
    ready: async () => ({
      url: `/api/my/episodes/${(await mine()).id}/leaflet/feedback`,
      body: { helpful: true },
    }),
  },
  'a new user': {
    caller: 'admin',
    method: 'POST',
    ready: async () => ({
      url: '/api/users',
      body: {
        name: 'New Nurse',
        email: `n-${buildNhsNumber()}@clinic.example`,
        role: 'nurse',
        password: 'a-long-password',
      },
    }),
  },
};

const versionOf = (table: 'user' | 'patient', id: string) => storedVersion(t.db, table, id);

/** The signed-in patient's own episode, in follow-up: made once, used by every case. */
let own: Promise<{ id: string }> | undefined;
const mine = () => {
  own ??= episodeReadyFor(t.db, staff, t.patientRecord.id, 'outcome-review');
  return own;
};

describe.each(Object.keys(writes))('%s', (name) => {
  test(`from a valid request with one part made hostile: never a 5xx (${Math.ceil(runs / 8)} cases)`, {
    timeout: 600_000,
  }, async () => {
    const { caller, method, ready } = writes[name]!;
    let target = await ready();
    const failed: string[] = [];
    for (const changes of cases(Math.ceil(runs / 8))) {
      const res = await t.as(caller, {
        method,
        url: target.url,
        payload: made(changes, target.body) as object,
      });
      const problem = wrong(changes, res);
      if (problem) failed.push(problem);
      if (res.statusCode < 300) target = await ready();
    }
    expect(failed).toEqual([]);
  });
});
