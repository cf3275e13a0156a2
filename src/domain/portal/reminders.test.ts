import { describe, expect, test } from 'vitest';
import { ClinicRulesSchema } from '../clinical/settings.ts';
import { reminderMessage, reminderTimes } from './reminders.ts';

const rules = ClinicRulesSchema.parse({});
const london = 'Europe/London';

describe('when reminders go out (the clinic’s local times)', () => {
  test('the evening before at 18:00 and the morning of at 07:00, London time', () => {
    const plannedAt = new Date('2026-07-14T08:30:00Z'); // 09:30 BST
    const times = reminderTimes(plannedAt, rules, london, new Date('2026-07-01T00:00:00Z'));
    expect(times.map((t) => [t.kind, t.at.toISOString()])).toEqual([
      ['day-before', '2026-07-13T17:00:00.000Z'],
      ['morning-of', '2026-07-14T06:00:00.000Z'],
    ]);
  });

  test('across the change to summer time the local hour holds', () => {
    // Clocks go forward on Sunday 29 March 2026: the day before is still GMT.
    const plannedAt = new Date('2026-03-30T08:30:00Z'); // Monday 09:30 BST
    const times = reminderTimes(plannedAt, rules, london, new Date('2026-03-01T00:00:00Z'));
    expect(times.map((t) => t.at.toISOString())).toEqual([
      '2026-03-29T17:00:00.000Z', // 18:00 BST on Sunday
      '2026-03-30T06:00:00.000Z', // 07:00 BST on Monday
    ]);
  });

  test('a reminder whose time has passed when the booking is made is left out', () => {
    const plannedAt = new Date('2026-07-14T08:30:00Z');
    const times = reminderTimes(plannedAt, rules, london, new Date('2026-07-13T19:00:00Z'));
    expect(times.map((t) => t.kind)).toEqual(['morning-of']);
  });

  test('no morning reminder for a procedure before the morning time', () => {
    const plannedAt = new Date('2026-07-14T05:45:00Z'); // 06:45 BST
    const times = reminderTimes(plannedAt, rules, london, new Date('2026-07-01T00:00:00Z'));
    expect(times.map((t) => t.kind)).toEqual(['day-before']);
  });

  test('the clinic’s own times, in its own zone', () => {
    const own = ClinicRulesSchema.parse({ reminders: { dayBeforeAt: '16:30', morningOfAt: '06:15' } });
    const plannedAt = new Date('2026-01-15T15:00:00Z'); // 10:00 in New York
    const times = reminderTimes(plannedAt, own, 'America/New_York', new Date('2026-01-01T00:00:00Z'));
    expect(times.map((t) => t.at.toISOString())).toEqual([
      '2026-01-14T21:30:00.000Z',
      '2026-01-15T11:15:00.000Z',
    ]);
  });
});

describe('what a reminder says', () => {
  const context = {
    patientName: 'Tomasz Nowak',
    plannedAt: new Date('2026-07-14T08:30:00Z'),
    clinic: {
      name: 'Riverside Pain Service',
      timeZone: london,
      contacts: {
        phone: '01632 960 001',
        urgentPhone: '01632 960 999',
        outOfHours: 'Call NHS 111.',
        address: 'Day Surgery Unit\nRiver Road',
      },
    },
    room: 'Theatre 2',
    preparation: ['Do not eat after Tuesday 14 July 2026, 03:30.'],
    portalUrl: 'https://clinic.example/my',
  };

  test('the day before: tomorrow, where, the preparation in full and whom to call', () => {
    const m = reminderMessage({ ...context, kind: 'day-before' });
    expect(m.subject).toBe('Reminder: your injection is tomorrow at 09:30');
    expect(m.text).toContain('tomorrow, Tuesday 14 July 2026, 09:30');
    expect(m.text).toContain('Where: Theatre 2, Day Surgery Unit, River Road.');
    expect(m.text).toContain('Please get ready:\n- Do not eat after Tuesday 14 July 2026, 03:30.');
    expect(m.text).toContain('https://clinic.example/my');
    expect(m.text).toContain('call us on 01632 960 001');
    expect(m.text).toContain('01632 960 999');
  });

  test('the morning of: today; with nothing to prepare, no empty list', () => {
    const m = reminderMessage({ ...context, kind: 'morning-of', preparation: [], room: null });
    expect(m.subject).toBe('Your injection is today at 09:30');
    expect(m.text).toContain('today, Tuesday 14 July 2026, 09:30');
    expect(m.text).toContain('Where: Day Surgery Unit, River Road.');
    expect(m.text).not.toContain('Before you come');
  });

  test('the morning of, with preparation; no address at all leaves no "Where"', () => {
    const m = reminderMessage({
      ...context,
      kind: 'morning-of',
      room: null,
      clinic: { ...context.clinic, contacts: { ...context.clinic.contacts, address: undefined } },
    });
    expect(m.text).toContain('Before you come:\n- Do not eat');
    expect(m.text).not.toContain('Where:');
  });
});
