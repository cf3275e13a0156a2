/**
 * What every printed letter about a patient shares, in one place so the letters cannot drift: who it
 * is about (the identity block), whom it is to (the referrer's address block) and the words for the
 * injection's side and the block's result.
 */

import { formatCalendarDate, formatNhsNumber } from './format.ts';
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
