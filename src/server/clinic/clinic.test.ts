import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { performedEpisode, type Staff, staffOf } from '../../../test/support/episodes.ts';
import { clinicSettingsVersion } from '../../db/schema.ts';
import { recoveryFacts } from '../demo/payloads.ts';

let t: TestApp;
let staff: Staff;
beforeAll(async () => {
  t = await createTestApp();
  staff = staffOf(t);
});

const get = (url: string) => t.as('admin', { method: 'GET', url });
const put = (payload: object) => t.as('admin', { method: 'PUT', url: '/api/clinic', payload });

/** The clinic as GET /api/clinic gives it, as a PUT body: change what the test is about. */
async function current() {
  const c = (await get('/api/clinic')).json();
  return {
    body: {
      version: c.version,
      reason: 'Test change',
      clinic: c.clinic,
      protocol: c.protocol,
      rules: c.rules,
    },
    clinic: c,
  };
}

describe('clinic settings (admin)', () => {
  test('every setting comes with its value, default, source in words and whether it is overridden', async () => {
    const res = await get('/api/clinic');
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c.clinic).toMatchObject({ name: 'Test Pain Clinic', timeZone: 'Europe/London', locale: 'en-GB' });
    const byKey = new Map(c.settings.map((s: { key: string }) => [s.key, s]));
    expect(byKey.get('rules.anaesthetics.bupivacaine')).toMatchObject({
      value: null,
      default: null,
      overridden: false,
      unconfirmed: true,
      source: expect.stringContaining('not confirmed'),
    });
    expect(byKey.get('protocol.minIntervalBetweenTherapeutic')).toMatchObject({
      value: 'P2M',
      default: 'P2M',
      overridden: false,
      source: expect.stringContaining('eviCore'),
    });
  });

  test('a change is a new version: who, when, why, what changed; audited; the record version moves on', async () => {
    const { body, clinic } = await current();
    const res = await put({
      ...body,
      reason: 'Our list day is Tuesday: contacts and interval agreed at the governance meeting',
      clinic: {
        ...body.clinic,
        contacts: {
          ...body.clinic.contacts,
          hours: 'Monday to Friday, 8:30 to 17:00',
          email: 'pain@clinic.example',
        },
      },
      protocol: {
        profile: 'lcd-2023',
        overrides: { minIntervalBetweenTherapeutic: { value: 8, unit: 'weeks' } },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    expect(after.version).toBe(clinic.version + 1);
    expect(after.settingsVersion).toBe(clinic.settingsVersion + 1);
    expect(after.clinic.contacts.hours).toBe('Monday to Friday, 8:30 to 17:00');
    const interval = after.settings.find(
      (s: { key: string }) => s.key === 'protocol.minIntervalBetweenTherapeutic',
    );
    expect(interval).toMatchObject({ value: 'P8W', default: 'P2M', overridden: true });

    const history = (await get('/api/clinic/settings/versions')).json();
    expect(history.items[0]).toMatchObject({
      version: after.settingsVersion,
      changedByName: 'Test admin',
      reason: 'Our list day is Tuesday: contacts and interval agreed at the governance meeting',
    });
    expect(history.items[0].changes).toEqual(
      expect.arrayContaining([
        { key: 'clinic.contacts.hours', from: null, to: 'Monday to Friday, 8:30 to 17:00' },
        { key: 'protocol.overrides.minIntervalBetweenTherapeutic', from: null, to: 'P8W' },
      ]),
    );
    expect(history.items.at(-1)).toMatchObject({ version: 1, changes: [] });

    // Staff see the settings in force, and their version.
    const inForce = (await t.as('nurse', { method: 'GET', url: '/api/clinic/settings' })).json();
    expect(inForce.settingsVersion).toBe(after.settingsVersion);
    expect(inForce.protocol.values.minIntervalBetweenTherapeutic).toBe('P8W');

    const audit = (await get('/api/audit')).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toContain('clinic.settings.update');
  });

  test('an old version that today’s rules refuse (a fraction of a month) is still listed as it was kept', async () => {
    const other = await createTestApp();
    const [row] = await other.db
      .select()
      .from(clinicSettingsVersion)
      .where(eq(clinicSettingsVersion.clinicId, other.clinic.id));
    const old = {
      ...row!.settings,
      protocol: { profile: 'local' as const, overrides: { minMonthsBetweenTherapeutic: 1.84 } },
    };
    await other.db.insert(clinicSettingsVersion).values({ ...row!, version: 0, settings: old });
    const res = await other.as('admin', { method: 'GET', url: '/api/clinic/settings/versions' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items[0].changes).toContainEqual({
      key: 'protocol.overrides.minMonthsBetweenTherapeutic',
      from: 1.84,
      to: null,
    });
  });

  test('a change based on a stale version is refused (409) and changes nothing', async () => {
    const { body, clinic } = await current();
    const res = await put({
      ...body,
      version: clinic.version - 1,
      clinic: { ...body.clinic, name: 'Stale' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('version_conflict');
    expect((await get('/api/clinic')).json().clinic.name).toBe(clinic.clinic.name);
  });

  test('a change needs a reason', async () => {
    const { body } = await current();
    const res = await put({ ...body, reason: '  ', clinic: { ...body.clinic, name: 'No reason' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('reason_required');
  });

  test.each([
    [
      'a fractional interval',
      (b: Body) => ({
        ...b,
        protocol: { ...b.protocol, overrides: { minIntervalBetweenTherapeutic: 'P1.84M' } },
      }),
      'protocol.overrides.minIntervalBetweenTherapeutic',
      '1.84 months cannot be honoured exactly',
    ],
    [
      'the former key with a fraction',
      (b: Body) => ({ ...b, protocol: { ...b.protocol, overrides: { minMonthsBetweenTherapeutic: 1.84 } } }),
      'protocol.overrides.minMonthsBetweenTherapeutic',
      'cannot be honoured exactly',
    ],
    [
      'an anaesthetic range upside down',
      (b: Body) => ({
        ...b,
        rules: {
          ...b.rules,
          anaesthetics: { ...b.rules.anaesthetics, bupivacaine: { minHours: 8, maxHours: 4 } },
        },
      }),
      'rules.anaesthetics.bupivacaine',
      'minHours must not exceed maxHours',
    ],
    [
      'an unknown time zone',
      (b: Body) => ({ ...b, clinic: { ...b.clinic, timeZone: 'Mars/Olympus' } }),
      'clinic.timeZone',
      'IANA time zone',
    ],
  ])('%s is refused with a sentence naming the field', async (_name, change, field, message) => {
    const { body, clinic } = await current();
    const res = await put(change(body));
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain(field);
    expect(res.json().detail).toContain(message);
    expect((await get('/api/clinic')).json().version).toBe(clinic.version);
  });
});

type Body = Awaited<ReturnType<typeof current>>['body'];

describe('defect 3: blocks are read once the clinic sets the anaesthetic durations', () => {
  const recovery = async (scores: [number, number][]) => {
    const e = await performedEpisode(t.db, t.clinic.id, staff);
    const { version } = (await t.as('nurse', { method: 'GET', url: `/api/episodes/${e.id}` })).json();
    const res = await t.as('nurse', {
      method: 'PUT',
      url: `/api/episodes/${e.id}/recovery`,
      payload: { ...recoveryFacts(e.performedAt, scores), version },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().steps.recovery;
  };
  const lasting: [number, number][] = [
    [1, 1],
    [2, 1],
    [4, 1],
    [6, 3],
  ];
  const noRelief: [number, number][] = [
    [1, 6],
    [2, 6],
    [4, 5],
  ];

  test('before: with the durations off (a new clinic) a block with lasting relief is indeterminate', async () => {
    const r = await recovery(lasting);
    expect(r.assessment.blockResponse.classification).toBe('indeterminate');
    expect(r.assessment.blockResponse.findings.map((f: { code: string }) => f.code)).toContain(
      'block_duration_unknown',
    );
  });

  test("after: bupivacaine's duration set through PUT /api/clinic, blocks read positive or negative as the scores say", async () => {
    const { body } = await current();
    const res = await put({
      ...body,
      reason: 'Bupivacaine 4–8 h, agreed by the clinical lead',
      rules: {
        ...body.rules,
        anaesthetics: { ...body.rules.anaesthetics, bupivacaine: { minHours: 4, maxHours: 8 } },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const settingsVersion = res.json().settingsVersion;

    const positive = await recovery(lasting);
    expect(positive.assessment.blockResponse.classification).toBe('positive');
    // The verdict records the settings version it was made with.
    expect(positive.settingsVersion).toBe(settingsVersion);

    const negative = await recovery(noRelief);
    expect(negative.assessment.blockResponse.classification).toBe('negative');
  });
});
