import { describe, expect, test } from 'vitest';
import { PROFILES, RULE_DEFAULTS, RULE_KEYS, settingDefault } from '../../../domain/clinical';
import { errorsByKey } from './SettingsPage';
import {
  ALL_FIELDS,
  asStoredSettingsDraft,
  type ClinicAdminRecord,
  changedFrom,
  defaultLine,
  draftFrom,
  durationInput,
  formatByKey,
  keyLabel,
  settingValue,
  toUpdate,
  withProfile,
  withValue,
} from './settingsModel';

const clinic: ClinicAdminRecord = {
  id: 'c1',
  clinic: {
    name: 'Test',
    timeZone: 'Europe/London',
    locale: 'en-GB',
    contacts: { phone: '1', urgentPhone: '2', outOfHours: 'Call 111' },
  },
  protocol: { profile: 'lcd-2023', overrides: {} },
  rules: structuredClone(RULE_DEFAULTS),
  version: 3,
  settingsVersion: 3,
  updatedAt: '2026-03-01T10:00:00Z',
  settings: [],
};

describe('the settings page model', () => {
  test('shows every protocol value and every rule', () => {
    const keys = ALL_FIELDS.map((f) => f.key);
    for (const k of Object.keys(PROFILES['lcd-2023'].values)) expect(keys).toContain(`protocol.${k}`);
    for (const k of RULE_KEYS) expect(keys).toContain(`rules.${k}`);
  });

  test('a protocol value equal to the profile’s is no override; a different one is', () => {
    let d = draftFrom(clinic);
    d = withValue(d, 'protocol.minIntervalBetweenTherapeutic', 'P8W');
    expect(d.overrides).toEqual({ minIntervalBetweenTherapeutic: 'P8W' });
    expect(settingValue(d, 'protocol.minIntervalBetweenTherapeutic')).toBe('P8W');
    d = withValue(d, 'protocol.minIntervalBetweenTherapeutic', 'P2M');
    expect(d.overrides).toEqual({});
  });

  test('a new profile keeps only the overrides that still differ', () => {
    let d = withValue(draftFrom(clinic), 'protocol.diagnosticPositive', { percent: 50, comparator: '>' });
    expect(d.overrides).toHaveProperty('diagnosticPositive');
    d = withProfile(d, 'aspn-2024'); // whose value it is
    expect(d.overrides).toEqual({});
  });

  test('rules are set by path; the request leaves empty optional contacts out', () => {
    const d = withValue(draftFrom(clinic), 'rules.anaesthetics.bupivacaine', { minHours: 4, maxHours: 8 });
    expect(d.rules.anaesthetics.bupivacaine).toEqual({ minHours: 4, maxHours: 8 });
    expect(clinic.rules.anaesthetics.bupivacaine).toBeNull(); // the record is not changed
    const body = toUpdate({ ...d, reason: 'Because' }, 3);
    expect(body.clinic.contacts).toEqual({ phone: '1', urgentPhone: '2', outOfHours: 'Call 111' });
    expect(body).toMatchObject({ version: 3, reason: 'Because' });
  });

  test('values and changes in words', () => {
    expect(keyLabel('rules.anaesthetics.bupivacaine')).toBe('Bupivacaine');
    expect(keyLabel('protocol.overrides.minIntervalBetweenTherapeutic')).toBe(
      'Minimum interval between therapeutic injections',
    );
    expect(formatByKey('rules.anaesthetics.bupivacaine', null)).toBe('Off');
    expect(formatByKey('rules.anaesthetics.bupivacaine', { minHours: 4, maxHours: 8 })).toBe('4–8 h');
    expect(formatByKey('protocol.overrides.minIntervalBetweenTherapeutic', 'P8W')).toBe('8 weeks');
    expect(formatByKey('protocol.repeatTherapeutic', { percent: 50, comparator: '>=', lasting: 'P3M' })).toBe(
      '≥ 50 % for 3 months',
    );
    expect(durationInput('P8W')).toEqual({ value: 8, unit: 'weeks' });
    expect(durationInput('P1M2W')).toBeNull();
  });

  test('errors find their setting', () => {
    expect(
      errorsByKey([
        { field: 'body.protocol.overrides.minIntervalBetweenTherapeutic', message: 'no' },
        { field: 'rules.anaesthetics.bupivacaine', message: 'upside down' },
      ]),
    ).toEqual({
      'protocol.minIntervalBetweenTherapeutic': 'no',
      'rules.anaesthetics.bupivacaine': 'upside down',
    });
  });
});

describe('changes kept on this device until saved', () => {
  const changed = withValue(draftFrom(clinic), 'rules.anaesthetics.bupivacaine', {
    minHours: 4,
    maxHours: 8,
  });

  test('only a draft that differs from the settings is worth keeping', () => {
    expect(changedFrom(draftFrom(clinic), clinic)).toBe(false);
    expect(changedFrom(changed, clinic)).toBe(true);
    expect(changedFrom({ ...draftFrom(clinic), reason: 'Agreed on Monday' }, clinic)).toBe(true);
  });

  test('a kept draft comes back as it was, with the version it edits', () => {
    const stored = JSON.parse(JSON.stringify({ version: 3, draft: changed }));
    expect(asStoredSettingsDraft(stored)).toEqual({ version: 3, draft: changed });
  });

  test.each([
    ['not an object', 'text'],
    ['no version', { draft: draftFrom(clinic) }],
    ['an unknown profile', { version: 3, draft: { ...draftFrom(clinic), profile: 'nice-2030' } }],
    [
      'a contact that is not text',
      {
        version: 3,
        draft: { ...draftFrom(clinic), clinic: { ...draftFrom(clinic).clinic, contacts: { phone: 1 } } },
      },
    ],
    [
      'rules without a section the page writes to',
      { version: 3, draft: { ...draftFrom(clinic), rules: {} } },
    ],
  ])('a draft this page cannot edit is not used: %s', (_name, stored) => {
    expect(asStoredSettingsDraft(stored)).toBeNull();
  });
});

describe("a setting's default line", () => {
  test.each(Object.keys(PROFILES))('says once that a rule the sources leave unset is off (%s)', (profile) => {
    const lines = ALL_FIELDS.map((f) =>
      defaultLine(f, settingDefault(f.key, profile as keyof typeof PROFILES)),
    );
    const unset = lines.filter((l) => /until the clinic sets/.test(l));
    expect(unset.length).toBeGreaterThan(5);
    for (const line of unset) expect(line.match(/until the clinic sets/g)).toHaveLength(1);
    expect(lines.find((l) => l.startsWith('Default: Off. Source: no confirmed limit'))).toBe(
      'Default: Off. Source: no confirmed limit in the sources (sources.md §4): off until the clinic sets one.',
    );
  });
});
