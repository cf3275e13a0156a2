/**
 * The de-identified outcomes export, pure half (docs/export-format.md): which columns there are,
 * what each means, and how one episode becomes one row. No names, no identifiers, no free text;
 * a study id per patient, every date shifted by the patient's secret offset, ages in bands.
 * The server half (src/server/export/outcomes.ts) reads the rows and keeps the pseudonyms.
 */
import { reliefPercent } from '../clinical/block.ts';
import { localDate } from '../clinical/zoned-time.ts';

/** The columns in order, each with the sentence docs/export-format.md gives it. */
export const OUTCOME_COLUMNS = [
  ['study_id', 'the patient’s random study id; the same in every export, never derived from an identifier'],
  ['episode', 'the episode’s number for that patient (1, 2, … in order of referral)'],
  ['age_band', 'age at referral in ten-year bands (<20, 20-29, …, 80-89, 90+)'],
  ['sex', 'female, male, other or unknown'],
  ['stage', 'where the episode stands now'],
  ['referred_on', 'date of referral, shifted'],
  ['triaged_on', 'date of the current triage record, shifted'],
  ['purpose', 'diagnostic, therapeutic or both (triage)'],
  ['triage_decision', 'accept or decline'],
  ['procedure_on', 'date the injection was performed (clinic’s local date), shifted'],
  ['days_referral_to_triage', 'whole days from referral to triage'],
  ['days_referral_to_procedure', 'whole days from referral to the injection'],
  ['side', 'left, right or both (procedure record)'],
  ['guidance', 'fluoroscopy, ultrasound or ct'],
  ['target', 'intra-articular, periarticular or both'],
  ['contrast_used', 'true or false'],
  ['contrast_spread', 'intra-articular, extravasation, vascular-uptake or not-seen; empty without contrast'],
  ['injectate', 'the kinds of drug injected, joined by + (e.g. local-anaesthetic+steroid)'],
  ['complications', 'coded complications joined by + (vasovagal, bleeding, …); empty for none'],
  ['fluoroscopy_seconds', 'screening time in seconds, when recorded'],
  ['duration_minutes', 'procedure duration in minutes'],
  [
    'block_classification',
    'positive, negative or indeterminate: the diagnostic block as assessed in recovery',
  ],
  ['block_peak_relief_percent', 'peak relief of index pain after the block, in %'],
  ['outcome_decision', 'the clinician’s decision at the outcome review'],
  ['outcome_reviewed_on', 'date of the outcome review, shifted'],
  ['days_procedure_to_review', 'whole days from the injection to the outcome review'],
  ['baseline_pain', 'index pain before the injection, 0–10 (recovery record)'],
  ['pain_2w', 'pain diary score nearest 2 weeks after the injection (within 7 days), 0–10'],
  ['pain_6w', 'pain diary score nearest 6 weeks after the injection (within 7 days), 0–10'],
  ['pain_12w', 'pain diary score nearest 12 weeks after the injection (within 7 days), 0–10'],
  ['relief_2w_percent', 'relief of index pain from the baseline at 2 weeks, in %'],
  ['relief_6w_percent', 'relief of index pain from the baseline at 6 weeks, in %'],
  ['relief_12w_percent', 'relief of index pain from the baseline at 12 weeks, in %'],
  [
    'relief_duration_days',
    'days from the injection until relief of at least 50 % first fell below it, or to the last diary entry; empty if it never reached 50 %',
  ],
  [
    'relief_ended',
    'true if that relief fell below 50 % (an event), false if censored at the last diary entry',
  ],
  ['pgic_last', 'the latest Patient Global Impression of Change in the diary, 1–7'],
  ['opioid_doses_6w', 'opioid doses since the entry before, in the diary entry nearest 6 weeks'],
  ['diary_entries_prompted', 'diary entries made in answer to a reminder'],
] as const satisfies readonly (readonly [string, string])[];

export type OutcomeColumn = (typeof OUTCOME_COLUMNS)[number][0];
export type OutcomeRow = Record<OutcomeColumn, string | number | boolean | null>;

/**
 * What kind of value each column holds: how the Parquet export types it (docs/export-format.md).
 * `date` is a calendar date, `int` a whole number, `number` a measurement that may have decimals.
 */
export type OutcomeColumnType = 'string' | 'date' | 'int' | 'number' | 'boolean';
export const OUTCOME_COLUMN_TYPES = {
  study_id: 'string',
  episode: 'int',
  age_band: 'string',
  sex: 'string',
  stage: 'string',
  referred_on: 'date',
  triaged_on: 'date',
  purpose: 'string',
  triage_decision: 'string',
  procedure_on: 'date',
  days_referral_to_triage: 'int',
  days_referral_to_procedure: 'int',
  side: 'string',
  guidance: 'string',
  target: 'string',
  contrast_used: 'boolean',
  contrast_spread: 'string',
  injectate: 'string',
  complications: 'string',
  fluoroscopy_seconds: 'number',
  duration_minutes: 'number',
  block_classification: 'string',
  block_peak_relief_percent: 'number',
  outcome_decision: 'string',
  outcome_reviewed_on: 'date',
  days_procedure_to_review: 'int',
  baseline_pain: 'int',
  pain_2w: 'int',
  pain_6w: 'int',
  pain_12w: 'int',
  relief_2w_percent: 'number',
  relief_6w_percent: 'number',
  relief_12w_percent: 'number',
  relief_duration_days: 'number',
  relief_ended: 'boolean',
  pgic_last: 'int',
  opioid_doses_6w: 'int',
  diary_entries_prompted: 'int',
} as const satisfies Record<OutcomeColumn, OutcomeColumnType>;

/** Columns every row has a value in (every episode has a patient, a stage and a referral date). */
export const OUTCOME_REQUIRED_COLUMNS: readonly OutcomeColumn[] = [
  'study_id',
  'episode',
  'age_band',
  'sex',
  'stage',
  'referred_on',
];

/** Days since 1970-01-01 of a calendar date (how Parquet stores a DATE). */
export function epochDay(date: string): number {
  return dayNumber(date);
}

/** What the server reads for one episode: real dates, which never leave this module unshifted. */
export interface EpisodeForExport {
  studyId: string;
  /** the patient's secret shift, whole days (never exported) */
  shiftDays: number;
  episodeNumber: number;
  birthDate: string;
  sex: string;
  stage: string;
  referredOn: string;
  timeZone: string;
  triage: { recordedAt: Date; purpose: string; decision: string } | null;
  procedure: {
    performedAt: string;
    side: string;
    guidance: string;
    target: string;
    contrast: { used: boolean; spread?: string };
    drugKinds: readonly string[];
    complications: readonly string[];
    fluoroscopySeconds?: number;
    durationMinutes: number;
  } | null;
  block: { classification: string; peakReliefPercent: number | null } | null;
  outcome: { recordedAt: Date; decision: string } | null;
  /** The pain diary, as outcome_summary keeps it (docs/statistics.md, "The outcomes dashboard"). */
  diary: {
    baselinePain: number | null;
    painAt: { 2: number | null; 6: number | null; 12: number | null };
    /** Relief of at least 50 % ([S9]): days it lasted and whether it ended, or null if never reached. */
    halfRelief: { days: number; ended: boolean } | null;
    pgicLast: number | null;
    opioidDoses6w: number | null;
    prompted: number;
  } | null;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A calendar date moved by whole days: intervals between two shifted dates are kept exactly. */
export function shiftDate(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole days from `from` to `to` (calendar dates). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Completed years of age on a date. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Ten-year bands, top-coded at 90+ and bottom-coded at <20 so a rare age cannot single anyone out
 * (the HIPAA Safe Harbor rule top-codes ages over 89: 45 CFR 164.514(b)(2)(i)(C)).
 */
export function ageBand(age: number): string {
  if (age < 20) return '<20';
  if (age >= 90) return '90+';
  const low = Math.floor(age / 10) * 10;
  return `${low}-${low + 9}`;
}

export function outcomeRow(e: EpisodeForExport): OutcomeRow {
  const shift = (date: string | null) => (date === null ? null : shiftDate(date, e.shiftDays));
  const triagedOn = e.triage ? localDate(e.triage.recordedAt, e.timeZone) : null;
  const procedureOn = e.procedure ? localDate(new Date(e.procedure.performedAt), e.timeZone) : null;
  const reviewedOn = e.outcome ? localDate(e.outcome.recordedAt, e.timeZone) : null;
  const p = e.procedure;
  return {
    study_id: e.studyId,
    episode: e.episodeNumber,
    age_band: ageBand(ageOn(e.birthDate, e.referredOn)),
    sex: e.sex,
    stage: e.stage,
    referred_on: shift(e.referredOn),
    triaged_on: shift(triagedOn),
    purpose: e.triage?.purpose ?? null,
    triage_decision: e.triage?.decision ?? null,
    procedure_on: shift(procedureOn),
    days_referral_to_triage: triagedOn === null ? null : daysBetween(e.referredOn, triagedOn),
    days_referral_to_procedure: procedureOn === null ? null : daysBetween(e.referredOn, procedureOn),
    side: p?.side ?? null,
    guidance: p?.guidance ?? null,
    target: p?.target ?? null,
    contrast_used: p ? p.contrast.used : null,
    contrast_spread: p?.contrast.spread ?? null,
    injectate: p ? [...new Set(p.drugKinds)].sort().join('+') : null,
    complications: p ? [...new Set(p.complications)].sort().join('+') : null,
    fluoroscopy_seconds: p?.fluoroscopySeconds ?? null,
    duration_minutes: p?.durationMinutes ?? null,
    block_classification: e.block?.classification ?? null,
    block_peak_relief_percent: e.block?.peakReliefPercent ?? null,
    outcome_decision: e.outcome?.decision ?? null,
    outcome_reviewed_on: shift(reviewedOn),
    days_procedure_to_review: procedureOn && reviewedOn ? daysBetween(procedureOn, reviewedOn) : null,
    ...diaryColumns(e.diary),
  };
}

function diaryColumns(d: EpisodeForExport['diary']) {
  const baseline = d?.baselinePain ?? null;
  const relief = (pain: number | null) => (baseline && pain !== null ? reliefPercent(baseline, pain) : null);
  return {
    baseline_pain: baseline,
    pain_2w: d?.painAt[2] ?? null,
    pain_6w: d?.painAt[6] ?? null,
    pain_12w: d?.painAt[12] ?? null,
    relief_2w_percent: relief(d?.painAt[2] ?? null),
    relief_6w_percent: relief(d?.painAt[6] ?? null),
    relief_12w_percent: relief(d?.painAt[12] ?? null),
    relief_duration_days: d?.halfRelief?.days ?? null,
    relief_ended: d?.halfRelief?.ended ?? null,
    pgic_last: d?.pgicLast ?? null,
    opioid_doses_6w: d?.opioidDoses6w ?? null,
    diary_entries_prompted: d ? d.prompted : null,
  };
}

/** RFC 4180: a field with a comma, quote or line break is quoted; null is an empty field. */
function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvHeader(): string {
  return `${OUTCOME_COLUMNS.map(([name]) => name).join(',')}\r\n`;
}

export function csvLine(row: OutcomeRow): string {
  return `${OUTCOME_COLUMNS.map(([name]) => csvField(row[name])).join(',')}\r\n`;
}
