/**
 * Display formats: dates as "3 Mar 1961" (en-GB, three-letter months so September is "Sep"
 * whatever the browser's ICU says), times in the clinic's time zone.
 */
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
