/**
 * Display formats: dates as "3 Mar 1961" (en-GB, three-letter months so September is "Sep"
 * whatever the browser's ICU says), times in the clinic's time zone.
 */
import { fromLocal, toLocal } from '../domain/clinical';
import { formatNhsNumber } from '../domain/identifiers';
import type { Patient, Sex, Side } from './api';

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A calendar date ('YYYY-MM-DD'); no time zone is involved, so none is applied. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  const [, year, month, day] = match;
  return `${Number(day)} ${months[Number(month) - 1] ?? month} ${year}`;
}

/** Free text as the end of a sentence: its own full stop kept, one added where it has none. */
/** A phone number as a link a phone dials: its digits and a leading +, whatever the clinic typed between them. */
export const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;

export const withStop = (text: string) =>
  /[.!?…]["”’)]?$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;

/** An instant, shown as the clinic's wall-clock time: "3 Mar 2026, 14:05". */
export function formatDateTime(instant: string, timeZone?: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(date);
  } catch {
    return formatDateTime(instant);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${Number(part('day'))} ${months[Number(part('month')) - 1]} ${part('year')}, ${part('hour')}:${part('minute')}`;
}

/**
 * A chart's time tick in the pages' own words and the clinic's time zone: "16 Nov" at midnight,
 * else the time over the day ("12:00" / "15 Nov"), not the browser's US-style "12 PM".
 */
export function formatTick(at: Date, timeZone?: string): string {
  const [day = '', time] = formatDateTime(at.toISOString(), timeZone).split(', ');
  const short = day.replace(/ \d{4}$/, '');
  return time === '00:00' ? short : `${time}\n${short}`;
}

type TickStep = { unit: 'hour' | 'day' | 'month'; every: number; approxMs: number };
const HOUR = 3_600_000;
const TICK_STEPS: TickStep[] = [
  ...[1, 2, 3, 6, 12].map((every) => ({ unit: 'hour' as const, every, approxMs: every * HOUR })),
  ...[1, 2, 7, 14].map((every) => ({ unit: 'day' as const, every, approxMs: every * 24 * HOUR })),
  ...[1, 2, 3, 6, 12, 24].map((every) => ({ unit: 'month' as const, every, approxMs: every * 730 * HOUR })),
];

/**
 * A time axis's ticks on the clinic's clock: whole hours, local midnights, or the 1st of a month,
 * at most `most` of them. The chart library places ticks in the browser's zone (or UTC), so a
 * clinic in summer time saw "01:00 1 May" on a browser set to UTC.
 */
export function localTicks(from: Date, to: Date, timeZone: string, most: number): Date[] {
  const span = to.getTime() - from.getTime();
  for (const step of TICK_STEPS) {
    if (span / step.approxMs > most) continue;
    const ticks = ticksOf(step, from, to, timeZone);
    if (ticks.length > 0 && ticks.length <= most) return ticks;
  }
  return [from];
}

function ticksOf(step: TickStep, from: Date, to: Date, timeZone: string): Date[] {
  const start = toLocal(from, timeZone);
  const out = new Set<number>();
  const add = (year: number, month: number, day: number, hour = 0) => {
    const d = new Date(Date.UTC(year, month - 1, day));
    const at = fromLocal(
      { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour, minute: 0 },
      timeZone,
    );
    if (at >= from && at <= to) out.add(at.getTime());
    return at;
  };
  if (step.unit === 'month') {
    for (let m = start.month - 1 - ((start.month - 1) % step.every); ; m += step.every) {
      if (add(start.year, m + 1, 1) > to) break;
    }
  } else if (step.unit === 'day') {
    for (let day = start.day; ; day += step.every) {
      if (add(start.year, start.month, day) > to) break;
    }
  } else {
    for (let day = start.day; ; day += 1) {
      let past = false;
      for (let hour = 0; hour < 24; hour += step.every) past = add(start.year, start.month, day, hour) > to;
      if (past) break;
    }
  }
  return [...out].sort((a, b) => a - b).map((t) => new Date(t));
}

/** Today's date in the clinic's time zone, as 'YYYY-MM-DD' (for date inputs). */
export function todayIn(timeZone?: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

export const sexLabels: Record<Sex, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};
export const sideLabels: Record<Side, string> = { left: 'Left', right: 'Right', both: 'Both sides' };

export const patientName = (p: Pick<Patient, 'givenName' | 'familyName'>) => `${p.givenName} ${p.familyName}`;

/** ["NHS 943 476 5919", "MRN RX-1234"], or ["No identifier"] when neither is recorded. */
export function patientIdentifierList(p: Pick<Patient, 'nhsNumber' | 'mrn'>): string[] {
  const ids: string[] = [];
  if (p.nhsNumber) ids.push(`NHS ${formatNhsNumber(p.nhsNumber)}`);
  if (p.mrn) ids.push(`MRN ${p.mrn}`);
  return ids.length > 0 ? ids : ['No identifier'];
}

export const patientIdentifiers = (p: Pick<Patient, 'nhsNumber' | 'mrn'>) =>
  patientIdentifierList(p).join(' · ');

/** Who made a record and when, as its form says under it. */
export interface RecordedFacts {
  recordedBy: { name: string; role: string };
  recordedAt: string;
  /** Brought in by a FHIR import: `recordedBy` is the importer, `recordedAt` the sending clinic's time. */
  imported: boolean;
}

/**
 * "Recorded by Dr A (clinician), 3 Mar 2026, 14:05" — or, for an imported record, that another
 * clinic recorded it then and who imported it, so that the importer is not read as the person
 * who screened or injected (the timeline says "(imported)" likewise).
 */
export function recordedByText(record: RecordedFacts, timeZone: string, verb = 'Recorded by'): string {
  const when = formatDateTime(record.recordedAt, timeZone);
  const who = `${record.recordedBy.name} (${record.recordedBy.role})`;
  return record.imported ? `${verb} another clinic, ${when}; imported by ${who}` : `${verb} ${who}, ${when}`;
}

/**
 * Who entered a diary entry, as its row says: the patient, or the staff member who entered it for
 * them (a phone call). An imported entry was made at another clinic: the patient's own stays
 * theirs; one staff entered there names the importer, so it says so rather than name them alone.
 */
export function enteredByText(entry: {
  enteredBy: { role: string; name: string | null };
  imported: boolean;
}): string {
  const { role, name } = entry.enteredBy;
  if (role === 'patient') return entry.imported ? 'Patient (imported)' : 'Patient';
  return entry.imported ? `Another clinic; imported by ${name ?? role}` : (name ?? role);
}
