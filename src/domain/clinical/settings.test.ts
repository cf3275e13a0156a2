import { describe, expect, test } from 'vitest';
import { PROFILES, resolveProfile } from './profiles.ts';
import { ClinicSettingsSchema, defaultClinicSettings, RULE_SOURCES, resolveProtocol } from './settings.ts';
import { explainSettings, settingsChanges } from './settings-explained.ts';
import { CLINIC } from './testing.ts';

describe('clinic settings', () => {
  test("a clinic without a name or an urgent line is told they are required, not the validator's words", () => {
    const s = defaultClinicSettings(CLINIC);
    const blank = {
      ...s,
      clinic: { ...s.clinic, name: '', contacts: { ...s.clinic.contacts, urgentPhone: '' } },
    };
    const issues = ClinicSettingsSchema.safeParse(blank).error?.issues ?? [];
    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['clinic.name', 'Required'],
      ['clinic.contacts.urgentPhone', 'Required'],
    ]);
  });

  test('an urgent line of spaces alone is no line: a patient would be told "Call     now"', () => {
    const s = defaultClinicSettings(CLINIC);
    const contacts = { phone: ' ', urgentPhone: '   ', outOfHours: '  ' };
    const issues =
      ClinicSettingsSchema.safeParse({ ...s, clinic: { ...s.clinic, contacts } }).error?.issues ?? [];
    expect(issues.map((i) => i.path.join('.'))).toEqual([
      'clinic.contacts.phone',
      'clinic.contacts.urgentPhone',
      'clinic.contacts.outOfHours',
    ]);
  });

  test('defaultClinicSettings gives valid settings with every rule at its default', () => {
    const s = defaultClinicSettings(CLINIC);
    expect(ClinicSettingsSchema.parse(s)).toEqual(s);
    expect(s.protocol.profile).toBe('lcd-2023');
    expect(s.rules.infectionLookbackDays).toBe(14); // seed 003
    expect(s.rules.escort).toEqual({ required: true, noDrivingHours: 24, adultAtHomeHours: 24 }); // seed 003
    expect(s.rules.fasting).toEqual({ required: true, solidsHours: 6, clearFluidsHours: 2 }); // [S33], [S43]
    expect(s.rules.diabetes.glucoseAdviceHours).toBe(48); // [S25]–[S27]
    // UNCONFIRMED values default off
    expect(s.rules.labLimits).toEqual({
      glucoseMax: null,
      hba1cMax: null,
      inrMax: null,
      plateletsMin: null,
      maxAgeDays: null,
    });
    expect(s.rules.steroid.maxDoseMgPer12Months).toBeNull();
    expect(Object.values(s.rules.anaesthetics).every((v) => v === null)).toBe(true);
  });

  test.each([
    ['an unknown time zone', { clinic: { ...CLINIC, timeZone: 'Mars/Olympus' } }, 'clinic.timeZone'],
    [
      'a threshold over 100 %',
      {
        protocol: { profile: 'local', overrides: { diagnosticPositive: { percent: 120, comparator: '>=' } } },
      },
      'protocol.overrides.diagnosticPositive.percent',
    ],
    [
      'a negative threshold',
      {
        protocol: {
          profile: 'local',
          overrides: { repeatTherapeutic: { percent: -1, comparator: '>=', months: 3 } },
        },
      },
      'protocol.overrides.repeatTherapeutic.percent',
    ],
    ['an unknown profile', { protocol: { profile: 'asipp-2009' } }, 'protocol.profile'],
    ['a bad prompt time', { rules: { diary: { promptTime: '25:00' } } }, 'rules.diary.promptTime'],
    [
      'an anaesthetic range upside down',
      { rules: { anaesthetics: { lidocaine: { minHours: 3, maxHours: 1 } } } },
      'rules.anaesthetics.lidocaine',
    ],
  ])('rejects %s', (_n, change, path) => {
    const r = ClinicSettingsSchema.safeParse({
      clinic: CLINIC,
      protocol: { profile: 'lcd-2023' },
      ...change,
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  test('every clinic rule group names its source', () => {
    expect(Object.keys(RULE_SOURCES)).toEqual(
      expect.arrayContaining(['infectionLookbackDays', 'labLimits', 'anaesthetics']),
    );
  });
});

describe('protocol profiles (clinical/README "Values and where they come from")', () => {
  test.each([
    ['lcd-2023', { percent: 75, comparator: '>=' }, 2, 'S9'],
    ['aspn-2024', { percent: 50, comparator: '>' }, null, 'S8'],
    ['local', { percent: 75, comparator: '>=' }, 2, 'S9'],
  ] as const)('%s: positive block %o, diagnostic cap %s', (id, positive, cap, source) => {
    const p = resolveProfile(id);
    expect(p.values.diagnosticPositive).toEqual(positive);
    expect(p.values.diagnosticSessionsPer12Months).toBe(cap);
    expect(p.explained.diagnosticPositive?.sources[0]?.key).toBe(source);
    expect(p.explained.diagnosticPositive?.overridden).toBe(false);
  });

  test('every value of every profile cites a source', () => {
    for (const profile of Object.values(PROFILES)) {
      for (const v of Object.values(profile.values)) expect(v.sources.length).toBeGreaterThan(0);
    }
  });

  test('an override replaces one value and says so', () => {
    const settings = defaultClinicSettings(CLINIC, 'local');
    settings.protocol.overrides = { diagnosticPositive: { percent: 80, comparator: '>=' } };
    const p = resolveProtocol(settings);
    expect(p.values.diagnosticPositive.percent).toBe(80);
    expect(p.explained.diagnosticPositive?.overridden).toBe(true);
    expect(p.explained.diagnosticPositive?.sources[0]?.ref).toContain('overridden by the clinic');
    expect(p.explained.provocationPositiveMin?.overridden).toBe(false);
    expect(p.version).toContain('local-1');
  });

  test('settings changed in place after a verdict are read as changed, never from a stale copy', () => {
    const settings = defaultClinicSettings(CLINIC, 'local');
    const before = resolveProtocol(settings).values.diagnosticPositive.percent;
    settings.protocol.overrides = {
      diagnosticPositive: { percent: before === 80 ? 90 : 80, comparator: '>=' },
    };
    expect(resolveProtocol(settings).values.diagnosticPositive.percent).toBe(before === 80 ? 90 : 80);
    settings.protocol.overrides = {};
    expect(resolveProtocol(settings).values.diagnosticPositive.percent).toBe(before);
  });
});

describe('every setting explained for the settings page', () => {
  test('each value has its default, its source in words, and "overridden" only when it differs', () => {
    const settings = ClinicSettingsSchema.parse({
      clinic: CLINIC,
      protocol: { profile: 'lcd-2023', overrides: { minIntervalBetweenTherapeutic: 'P8W' } },
      rules: { anaesthetics: { bupivacaine: { minHours: 4, maxHours: 8 } }, fasting: { solidsHours: 6 } },
    });
    const byKey = new Map(explainSettings(settings).map((s) => [s.key, s]));
    expect(byKey.get('protocol.minIntervalBetweenTherapeutic')).toMatchObject({
      value: 'P8W',
      default: 'P2M',
      overridden: true,
      source: expect.stringContaining('eviCore CMM-203'),
    });
    expect(byKey.get('protocol.diagnosticPositive')).toMatchObject({ overridden: false });
    expect(byKey.get('rules.anaesthetics.bupivacaine')).toMatchObject({
      value: { minHours: 4, maxHours: 8 },
      default: null,
      overridden: true,
      unconfirmed: true,
    });
    expect(byKey.get('rules.fasting.solidsHours')).toMatchObject({
      value: 6,
      default: 6,
      overridden: false,
      source: expect.stringContaining('ASA 2017'),
    });
    for (const s of byKey.values()) expect(s.source, s.key).not.toBe('');
  });

  test('what changed between two snapshots, one line per setting', () => {
    const before = { name: 'A', rules: { anaesthetics: { bupivacaine: null }, diary: { days: [1, 2] } } };
    const after = {
      name: 'A',
      rules: { anaesthetics: { bupivacaine: { minHours: 4, maxHours: 8 } }, diary: { days: [1, 2, 3] } },
    };
    expect(settingsChanges(before, after)).toEqual([
      { key: 'rules.anaesthetics.bupivacaine', from: null, to: { minHours: 4, maxHours: 8 } },
      { key: 'rules.diary.days', from: [1, 2], to: [1, 2, 3] },
    ]);
  });
});
