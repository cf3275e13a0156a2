/** Small helpers shared by the step forms: numbers typed as text, and clinic-local times. */
import { fromLocal } from '../../../domain/clinical';
import { LocalTime } from '../../../domain/dates';

/** A number typed in a text box, or undefined while it is empty or not a number. */
export function num(text: string): number | undefined {
  const t = text.trim().replace(',', '.');
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** What is wrong with a typed time, in the schema's words with this field's example, or undefined. */
export const timeError = (typed: string, example: string) =>
  LocalTime(`Enter a time like ${example}`).safeParse(typed.trim()).error?.issues[0]?.message;

/** 'YYYY-MM-DD' + 'HH:MM' on the clinic's wall clock, as an ISO instant in UTC. */
export function localInstant(date: string, time: string, timeZone: string): string | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!d || !t) return undefined;
  return fromLocal(
    { year: Number(d[1]), month: Number(d[2]), day: Number(d[3]), hour: Number(t[1]), minute: Number(t[2]) },
    timeZone,
  ).toISOString();
}

/** The clinic's wall-clock date and time of an instant: ['2026-03-04', '09:30']. */
export function localParts(instant: string | Date, timeZone: string): [string, string] {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return [`${get('year')}-${get('month')}-${get('day')}`, `${get('hour')}:${get('minute')}`];
}

export const provocationLabels = {
  distraction: 'Distraction',
  compression: 'Compression',
  thighThrust: 'Thigh thrust',
  sacralThrust: 'Sacral thrust',
  gaenslenLeft: 'Gaenslen (left)',
  gaenslenRight: 'Gaenslen (right)',
  faber: 'FABER',
  yeoman: 'Yeoman',
} as const;

export const testResultLabels = {
  positive: 'Positive',
  negative: 'Negative',
  'not-done': 'Not done',
} as const;
export type TestResult = keyof typeof testResultLabels;

export const guidanceLabels = { fluoroscopy: 'Fluoroscopy', ultrasound: 'Ultrasound', ct: 'CT' } as const;
