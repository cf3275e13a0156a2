/**
 * What a referral from outside brought with it beyond the episode's own columns: the referrer's
 * coded conditions and the patient's medicines. It is kept as a note on the episode's timeline
 * (the details of its `refer` or `referral.updated` event), as received and never recomputed, so
 * that the screening nurse sees the medicines (those the drug table knows as anticoagulants or
 * antiplatelets named apart) and an export can give the codes back. No clinical rule runs on it:
 * screening still asks and records the patient's antithrombotics itself.
 */
import type { Coding } from '@medplum/fhirtypes';
import { drugsNamed } from '../domain/clinical/index.ts';
import type { EventDetails } from '../domain/timeline.ts';

export interface ReferralCondition {
  codings: Coding[];
  text: string;
}

export interface ReferralMedicine {
  text: string;
  dosage?: string;
  /** The MedicationStatement's status when it is not `active`. */
  status?: string;
}

export interface ReferralNote {
  source: { system: string; id: string };
  conditions: ReferralCondition[];
  medicines: ReferralMedicine[];
}

export const MAX_CONDITIONS = 20;
export const MAX_MEDICINES = 50;

const medicineWords = (m: ReferralMedicine) =>
  `${m.text}${m.dosage ? ` ${m.dosage}` : ''}${m.status && m.status !== 'active' ? ` (${m.status})` : ''}`;

/** The note as the flat details of a timeline event (EventDetails holds no nesting). */
export function encodeReferralNote(note: ReferralNote): EventDetails {
  const details: EventDetails = {
    source: 'fhir',
    sourceSystem: note.source.system,
    sourceId: note.source.id,
  };
  if (note.conditions.length) details.conditions = note.conditions.map((c) => c.text).join('; ');
  if (note.medicines.length) details.medicines = note.medicines.map(medicineWords).join('; ');
  const antithrombotics = note.medicines.filter((m) => drugsNamed(m.text).length > 0);
  if (antithrombotics.length) details.antithrombotics = antithrombotics.map(medicineWords).join('; ');
  note.conditions.forEach((c, i) => {
    details[`condition.${i + 1}.text`] = c.text;
    c.codings.forEach((k, j) => {
      details[`condition.${i + 1}.coding.${j + 1}`] = [k.system ?? '', k.code ?? '', k.display ?? ''].join(
        '|',
      );
    });
  });
  note.medicines.forEach((m, i) => {
    details[`medicine.${i + 1}`] = m.text;
    if (m.dosage) details[`medicine.${i + 1}.dosage`] = m.dosage;
    if (m.status) details[`medicine.${i + 1}.status`] = m.status;
  });
  return details;
}

/** The note back from an event's details; null when the event carries none. */
export function decodeReferralNote(details: EventDetails | null | undefined): ReferralNote | null {
  if (details?.source !== 'fhir') return null;
  const str = (k: string) => (typeof details[k] === 'string' ? (details[k] as string) : undefined);
  const conditions: ReferralCondition[] = [];
  for (let i = 1; str(`condition.${i}.text`) !== undefined; i++) {
    const codings: Coding[] = [];
    for (let j = 1; str(`condition.${i}.coding.${j}`) !== undefined; j++) {
      const [system = '', code = '', ...rest] = str(`condition.${i}.coding.${j}`)!.split('|');
      const display = rest.join('|');
      codings.push({
        ...(system ? { system } : {}),
        ...(code ? { code } : {}),
        ...(display ? { display } : {}),
      });
    }
    conditions.push({ codings, text: str(`condition.${i}.text`)! });
  }
  const medicines: ReferralMedicine[] = [];
  for (let i = 1; str(`medicine.${i}`) !== undefined; i++) {
    const dosage = str(`medicine.${i}.dosage`);
    const status = str(`medicine.${i}.status`);
    medicines.push({
      text: str(`medicine.${i}`)!,
      ...(dosage ? { dosage } : {}),
      ...(status ? { status } : {}),
    });
  }
  return {
    source: { system: str('sourceSystem') ?? '', id: str('sourceId') ?? '' },
    conditions,
    medicines,
  };
}

/** Two notes say the same (a re-import that brings nothing new changes nothing). */
export const sameNote = (a: ReferralNote | null, b: ReferralNote | null) =>
  JSON.stringify(a && encodeReferralNote(a)) === JSON.stringify(b && encodeReferralNote(b));
