import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  enteredByText,
  formatDate,
  formatDateTime,
  formatTick,
  localTicks,
  patientIdentifierList,
  patientIdentifiers,
  patientName,
  recordedByText,
  telHref,
  todayIn,
  withStop,
} from './format';

describe('dates as "3 Mar 1961"', () => {
  test.each([
    ['1961-03-03', '3 Mar 1961'],
    ['2026-09-10', '10 Sep 2026'], // "Sep", whatever the browser's ICU would say
    ['1906-12-09', '9 Dec 1906'],
    // A calendar date has no zone: the day typed is the day shown.
    ['2026-03-04T23:30:00Z', '4 Mar 2026'],
  ])('%s is %s', (iso, shown) => {
    expect(formatDate(iso)).toBe(shown);
  });

  test.each([null, undefined, ''])('%j shows nothing', (missing) => {
    expect(formatDate(missing)).toBe('');
  });

  test('text that is not a date is shown as it is', () => {
    expect(formatDate('unknown')).toBe('unknown');
  });
});

describe('instants on the clinic’s wall clock', () => {
  test.each([
    ['2026-03-03T14:05:00Z', 'Europe/London', '3 Mar 2026, 14:05'],
    ['2026-07-01T08:30:00Z', 'Europe/London', '1 Jul 2026, 09:30'],
    ['2026-03-04T23:30:00Z', 'Asia/Tokyo', '5 Mar 2026, 08:30'],
    ['2026-03-04T00:05:00Z', 'UTC', '4 Mar 2026, 00:05'],
  ])('%s in %s is %s', (instant, timeZone, shown) => {
    expect(formatDateTime(instant, timeZone)).toBe(shown);
  });

  test('a zone the browser does not know falls back to its own (UTC in these tests)', () => {
    expect(formatDateTime('2026-07-01T08:30:00Z', 'Mars/Olympus_Mons')).toBe('1 Jul 2026, 08:30');
  });

  test.each([
    ['2026-11-16T00:00:00Z', 'Europe/London', '16 Nov'],
    ['2026-11-15T12:00:00Z', 'Europe/London', '12:00\n15 Nov'],
    ['2026-07-15T23:00:00Z', 'Europe/London', '16 Jul'], // midnight in summer time
    ['2026-07-15T23:00:00Z', 'UTC', '23:00\n15 Jul'],
  ])('a chart tick at %s in %s reads %j', (instant, timeZone, shown) => {
    expect(formatTick(new Date(instant), timeZone)).toBe(shown);
  });

  test('text that is not an instant is shown as it is', () => {
    expect(formatDateTime('not yet')).toBe('not yet');
  });
});

describe("today's date in the clinic", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('late evening in London is already tomorrow in Tokyo', () => {
    vi.useFakeTimers({ now: new Date('2026-03-04T23:30:00Z') });
    expect(todayIn('Europe/London')).toBe('2026-03-04');
    expect(todayIn('Asia/Tokyo')).toBe('2026-03-05');
    expect(todayIn('America/Los_Angeles')).toBe('2026-03-04');
  });

  test('an unknown zone gives the UTC date', () => {
    vi.useFakeTimers({ now: new Date('2026-03-04T23:30:00Z') });
    expect(todayIn('Mars/Olympus_Mons')).toBe('2026-03-04');
  });
});

describe('a patient by name and identifiers', () => {
  test('the name is given name then family name', () => {
    expect(patientName({ givenName: 'Ada', familyName: 'Lovelace' })).toBe('Ada Lovelace');
  });

  test.each([
    [{ nhsNumber: '9434765919', mrn: 'RPS-9001' }, ['NHS 943 476 5919', 'MRN RPS-9001']],
    [{ nhsNumber: '9434765919', mrn: null }, ['NHS 943 476 5919']],
    [{ nhsNumber: null, mrn: 'RPS-9001' }, ['MRN RPS-9001']],
    [{ nhsNumber: null, mrn: null }, ['No identifier']],
  ])('%j reads %j', (ids, shown) => {
    expect(patientIdentifierList(ids)).toEqual(shown);
  });

  test('on one line, separated by a middle dot', () => {
    expect(patientIdentifiers({ nhsNumber: '9434765919', mrn: 'RPS-9001' })).toBe(
      'NHS 943 476 5919 · MRN RPS-9001',
    );
  });
});

describe('who made a record, under its form', () => {
  const record = {
    recordedBy: { name: 'Sam Okafor', role: 'nurse' },
    recordedAt: '2026-03-03T14:05:00Z',
    imported: false,
  };

  test('names the person, their role and the time on the clinic’s clock', () => {
    expect(recordedByText(record, 'Europe/London')).toBe('Recorded by Sam Okafor (nurse), 3 Mar 2026, 14:05');
    expect(recordedByText(record, 'Europe/London', 'Booked by')).toBe(
      'Booked by Sam Okafor (nurse), 3 Mar 2026, 14:05',
    );
  });

  test('an imported record was made at another clinic: the person named is the one who imported it', () => {
    const imported = { ...record, recordedBy: { name: 'Ada Admin', role: 'admin' }, imported: true };
    expect(recordedByText(imported, 'Europe/London', 'Checked in by')).toBe(
      'Checked in by another clinic, 3 Mar 2026, 14:05; imported by Ada Admin (admin)',
    );
  });
});

describe('who entered a diary entry, in its row', () => {
  const entry = { enteredBy: { role: 'nurse', name: 'Sam Okafor' }, imported: false };

  test('the patient, or the staff member who entered it for them', () => {
    expect(enteredByText({ ...entry, enteredBy: { role: 'patient', name: 'Ann Patient' } })).toBe('Patient');
    expect(enteredByText(entry)).toBe('Sam Okafor');
    expect(enteredByText({ ...entry, enteredBy: { role: 'nurse', name: null } })).toBe('nurse');
  });

  test('an imported entry was made at another clinic: staff’s names the importer as such, the patient’s stays theirs', () => {
    expect(enteredByText({ ...entry, imported: true })).toBe('Another clinic; imported by Sam Okafor');
    expect(enteredByText({ enteredBy: { role: 'patient', name: 'Ann Patient' }, imported: true })).toBe(
      'Patient (imported)',
    );
  });
});

describe("a chart's time ticks, placed in the clinic's zone", () => {
  const ticks = (from: string, to: string, timeZone: string, most = 5) =>
    localTicks(new Date(from), new Date(to), timeZone, most).map((t) => formatTick(t, timeZone));

  test('months of a diary in summer time fall on the 1st at midnight, not "01:00 1 May"', () => {
    // Ticks at UTC midnight read "01:00" in London from April to October.
    expect(ticks('2026-04-10T09:00:00Z', '2026-08-20T09:00:00Z', 'Europe/London')).toEqual([
      '1 May',
      '1 Jun',
      '1 Jul',
      '1 Aug',
    ]);
  });

  test('weeks after an injection fall on local midnights, across the change of the clocks', () => {
    const shown = ticks('2026-03-20T09:00:00Z', '2026-04-20T09:00:00Z', 'Europe/London');
    expect(shown.every((t) => !t.includes(':'))).toBe(true);
    expect(shown.length).toBeGreaterThan(2);
    expect(shown.length).toBeLessThanOrEqual(5);
  });

  test('the hours of a recovery or a diary day are hours on the clinic clock', () => {
    expect(ticks('2026-07-10T08:10:00Z', '2026-07-10T15:00:00Z', 'Europe/London', 4)).toEqual([
      '10:00\n10 Jul',
      '12:00\n10 Jul',
      '14:00\n10 Jul',
      '16:00\n10 Jul',
    ]);
  });

  test('never more ticks than asked for, and every one inside the range', () => {
    for (const [from, to] of [
      ['2026-01-01T00:00:00Z', '2026-01-01T02:00:00Z'],
      ['2026-01-01T00:00:00Z', '2026-01-09T00:00:00Z'],
      ['2025-01-01T00:00:00Z', '2027-06-01T00:00:00Z'],
    ] as const) {
      const t = localTicks(new Date(from), new Date(to), 'America/New_York', 6);
      expect(t.length).toBeGreaterThan(0);
      expect(t.length).toBeLessThanOrEqual(6);
      for (const at of t) {
        expect(at >= new Date(from) && at <= new Date(to)).toBe(true);
      }
    }
  });
});

test.each([
  ['until it has cleared.', 'until it has cleared.'],
  ['until it has cleared', 'until it has cleared.'],
  ['Is it the SI joint?', 'Is it the SI joint?'],
  ['as agreed ("no steroid").', 'as agreed ("no steroid").'],
  ['  spaces around  ', 'spaces around.'],
])('a reason typed with or without its full stop ends one sentence once: %s', (text, sentence) => {
  expect(withStop(text)).toBe(sentence);
});

test('a phone number as the clinic typed it dials as its digits', () => {
  expect(telHref('01632 960 399')).toBe('tel:01632960399');
  expect(telHref('+44 1632-960-399')).toBe('tel:+441632960399');
  expect(telHref('(01632) 960300')).toBe('tel:01632960300');
});
