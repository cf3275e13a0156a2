import { describe, expect, test } from 'vitest';
import { localDate } from '../clinical/zoned-time.ts';
import {
  ageBand,
  ageOn,
  csvHeader,
  csvLine,
  daysBetween,
  type EpisodeForExport,
  outcomeRow,
  shiftDate,
} from './outcomes.ts';

const referredOnly: EpisodeForExport = {
  studyId: 'S-ABCDEFGHJK',
  shiftDays: -40,
  episodeNumber: 1,
  birthDate: '1961-03-04',
  sex: 'female',
  stage: 'referred',
  referredOn: '2026-03-04',
  timeZone: 'Europe/London',
  triage: null,
  procedure: null,
  block: null,
  outcome: null,
  diary: null,
};

describe('ages in bands', () => {
  test('completed years: the birthday itself counts, the day before does not', () => {
    expect(ageOn('1961-03-04', '2026-03-04')).toBe(65);
    expect(ageOn('1961-03-04', '2026-03-03')).toBe(64);
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
  });

  test.each([
    [0, '<20'],
    [19, '<20'],
    [20, '20-29'],
    [64, '60-69'],
    [89, '80-89'],
    [90, '90+'],
    [104, '90+'],
  ])('%i years → %s', (age, band) => {
    expect(ageBand(age)).toBe(band);
  });
});

describe('shifted dates keep intervals', () => {
  test('across month, year and leap-day boundaries', () => {
    expect(shiftDate('2024-02-28', 1)).toBe('2024-02-29');
    expect(shiftDate('2026-01-10', -40)).toBe('2025-12-01');
    const dates = ['2024-02-27', '2024-03-01', '2025-01-01', '2026-07-31'];
    for (const shift of [-365, -1, 1, 200, 365]) {
      for (const a of dates) {
        for (const b of dates)
          expect(daysBetween(shiftDate(a, shift), shiftDate(b, shift))).toBe(daysBetween(a, b));
      }
    }
  });

  test('a value that is not a calendar date is refused, not shifted', () => {
    expect(() => shiftDate('04/03/2026', 1)).toThrow(RangeError);
  });

  test('an instant becomes the clinic’s local date (23:30 UTC in summer is the next day in London)', () => {
    expect(localDate(new Date('2026-07-01T23:30:00Z'), 'Europe/London')).toBe('2026-07-02');
    expect(localDate(new Date('2026-01-01T23:30:00Z'), 'Europe/London')).toBe('2026-01-01');
  });
});

describe('one episode, one row', () => {
  test('a referral only: shifted referral date, age band at referral, the rest empty', () => {
    const row = outcomeRow(referredOnly);
    expect(row).toMatchObject({
      study_id: 'S-ABCDEFGHJK',
      age_band: '60-69',
      referred_on: '2026-01-23',
      procedure_on: null,
      days_referral_to_procedure: null,
    });
    expect(csvLine(row)).toBe(
      'S-ABCDEFGHJK,1,60-69,female,referred,2026-01-23,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\r\n',
    );
    expect(csvHeader().split(',')).toHaveLength(csvLine(row).split(',').length);
  });

  test('a performed and reviewed episode: every date shifted alike, intervals from the real dates', () => {
    const row = outcomeRow({
      ...referredOnly,
      stage: 'outcome-reviewed',
      triage: { recordedAt: new Date('2026-03-07T10:00:00Z'), purpose: 'both', decision: 'accept' },
      procedure: {
        performedAt: '2026-04-20T09:00:00Z',
        side: 'left',
        guidance: 'ultrasound',
        target: 'intra-articular',
        contrast: { used: false },
        drugKinds: ['steroid', 'local-anaesthetic', 'local-anaesthetic'],
        complications: ['vasovagal'],
        durationMinutes: 12,
      },
      block: { classification: 'positive', peakReliefPercent: 80 },
      outcome: { recordedAt: new Date('2026-06-01T14:00:00Z'), decision: 'physiotherapy' },
    });
    expect(row).toMatchObject({
      referred_on: '2026-01-23',
      triaged_on: '2026-01-26',
      procedure_on: '2026-03-11',
      outcome_reviewed_on: '2026-04-22',
      days_referral_to_triage: 3,
      days_referral_to_procedure: 47,
      days_procedure_to_review: 42,
      injectate: 'local-anaesthetic+steroid',
      complications: 'vasovagal',
      contrast_used: false,
      contrast_spread: null,
      fluoroscopy_seconds: null,
    });
    expect(daysBetween(row.referred_on as string, row.procedure_on as string)).toBe(47);
  });

  test('a value with a comma or quote is quoted as RFC 4180 asks', () => {
    const row = outcomeRow({ ...referredOnly, sex: 'a, "b"' });
    expect(csvLine(row)).toContain(',"a, ""b""",');
  });
});

describe('the pain diary columns', () => {
  const injected: EpisodeForExport = {
    ...referredOnly,
    diary: {
      baselinePain: 8,
      painAt: { 2: 3, 6: 5, 12: null },
      halfRelief: { days: 37.5, ended: true },
      pgicLast: 6,
      opioidDoses6w: 2,
      prompted: 9,
    },
  };

  test('relief at each week is worked out from the baseline, as the clinical core rounds it', () => {
    const row = outcomeRow(injected);
    expect(row).toMatchObject({
      baseline_pain: 8,
      pain_2w: 3,
      relief_2w_percent: 62.5,
      pain_6w: 5,
      relief_6w_percent: 37.5,
      pain_12w: null,
      relief_12w_percent: null,
      relief_duration_days: 37.5,
      relief_ended: true,
      pgic_last: 6,
      opioid_doses_6w: 2,
      diary_entries_prompted: 9,
    });
  });

  test('no baseline pain (or a baseline of 0) gives no relief, and no diary gives empty columns', () => {
    const none = { ...injected.diary!, baselinePain: 0 };
    expect(outcomeRow({ ...injected, diary: none }).relief_2w_percent).toBeNull();
    const row = outcomeRow(referredOnly);
    expect([row.pain_6w, row.relief_duration_days, row.relief_ended, row.diary_entries_prompted]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});
