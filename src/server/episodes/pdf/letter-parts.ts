/**
 * What every printed letter about a patient shares, in one place so the letters cannot drift: who it
 * is about (the identity block), whom it is to (the referrer's address block), who signs it, the
 * words for the injection's side and the block's result, and what was corrected since a copy could
 * first be made.
 */

import type { EpisodeDetail } from '../../../shared/api/core.ts';
import { formatCalendarDate, formatDateTime, formatDay, formatNhsNumber } from './format.ts';
import type { Line, Section, Summary } from './wording-model.ts';

export interface LetterPatient {
  givenName: string;
  familyName: string;
  birthDate: string;
  nhsNumber: string | null;
  mrn: string | null;
}

export const SIDE_ADJECTIVE = { left: 'left', right: 'right', both: 'bilateral' } as const;
export const CLASSIFICATION = {
  positive: 'Positive',
  negative: 'Negative',
  indeterminate: 'Indeterminate',
} as const;

export function patientName(patient: LetterPatient): string {
  return `${patient.givenName.trim()} ${patient.familyName.trim()}`;
}

/** The patient block under the title: name, date of birth, NHS number and MRN. */
export function identity(patient: LetterPatient): Summary['identity'] {
  return [
    { label: 'Name', value: patientName(patient) },
    { label: 'Date of birth', value: formatCalendarDate(patient.birthDate, 'patient.birthDate') },
    { label: 'NHS number', value: patient.nhsNumber ? formatNhsNumber(patient.nhsNumber) : 'Not recorded' },
    { label: 'MRN', value: patient.mrn?.trim() || 'Not recorded' },
  ];
}

/** The referrer's name and address, one line each, as on an envelope window. */
export function referrerAddress(referrer: { name: string; address: string | null }): Section {
  const address = (referrer.address ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return {
    heading: '',
    tone: 'address',
    lines: [{ text: referrer.name.trim() }, ...address.map((text) => ({ text }))],
  };
}

/** "Dear Dr Okafor," — the referrer greeted by name at the head of a letter. */
export function salutation(referrer: { name: string }): Line {
  return { text: `Dear ${referrer.name.trim()},` };
}

/**
 * A letter's opening to the referrer: "Dear …," and the sentence that tells what happened, given
 * the procedure's day and the referral's as the clinic's calendar has them.
 */
export function openingToReferrer(
  input: {
    referrer: { name: string };
    clinic: { timeZone: string };
    procedure: { performedAt: string };
    episode: { referredOn: string };
  },
  sentence: (days: { day: string; referred: string }) => string,
): Section {
  const tz = input.clinic.timeZone;
  const day = formatDay(input.procedure.performedAt, tz, 'procedure.performedAt');
  const referred = formatDay(input.episode.referredOn, tz, 'episode.referredOn');
  return { heading: '', lines: [salutation(input.referrer), { text: sentence({ day, referred }) }] };
}

const ROLE_TITLE: Record<string, string> = { clinician: 'Clinician', nurse: 'Nurse', admin: 'Administrator' };

/** Who signs a letter: whoever recorded the step it reports, with their role as printed. */
export function signerOf(recordedBy: { name: string; role: string }): { name: string; role: string } {
  return { name: recordedBy.name, role: ROLE_TITLE[recordedBy.role] ?? recordedBy.role };
}

/** "Yours sincerely," the signer's name, and their role at the clinic. */
export function signOff(signedBy: { name: string; role: string }, clinicName: string): Section {
  return {
    heading: '',
    tone: 'signature',
    lines: [
      { text: 'Yours sincerely,' },
      { text: signedBy.name.trim(), strong: true },
      { text: `${signedBy.role.trim()}, ${clinicName}` },
    ],
  };
}

/** The records a letter draws on that a clinician may correct after the letter could first be made. */
const CORRECTABLE = {
  triage: 'Triage record',
  procedure: 'Procedure record',
  recovery: 'Recovery record',
  'outcome-review': 'Outcome review',
} as const;
export type Correctable = keyof typeof CORRECTABLE;

export interface Correction {
  what: string;
  at: string;
  by: string;
  reason: string;
}

/** Every correction of `steps` made after `since` (each version's amendment), oldest first. */
export function correctedSince(e: EpisodeDetail, steps: readonly Correctable[], since: string): Correction[] {
  const versions = [
    ...steps.flatMap((step) => {
      const current = e.steps.current[step];
      return current ? [{ ...current, step }] : [];
    }),
    ...e.steps.earlier.filter((v) => (steps as readonly string[]).includes(v.step)),
  ];
  return versions
    .filter((v) => v.amendReason && Date.parse(v.recordedAt) > Date.parse(since))
    .sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt))
    .map((v) => ({
      what: CORRECTABLE[v.step as Correctable],
      at: v.recordedAt,
      by: v.recordedBy.name,
      reason: v.amendReason!,
    }));
}

/**
 * What was corrected, when, by whom and why, at the top of a letter: a copy made before was sent
 * with what it corrected, and this one replaces it. No section when nothing was.
 */
export function correctionsSection(corrections: readonly Correction[], timeZone: string): Section[] {
  const last = corrections.at(-1);
  if (!last) return [];
  const when = (at: string) => formatDateTime(at, timeZone, 'corrections.at');
  return [
    {
      heading: 'Corrected',
      lines: [
        ...corrections.map((c) => ({ text: `${c.what} corrected on ${when(c.at)} by ${c.by}: ${c.reason}` })),
        { text: `This copy replaces any copy made before ${when(last.at)}.`, strong: true },
      ],
    },
  ];
}
