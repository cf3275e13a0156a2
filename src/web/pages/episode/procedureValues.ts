/**
 * The procedure form's values as typed, and what they become when sent. Every check is the
 * domain's own (src/domain/clinical/procedure.ts): the schema the API validates with, and the
 * dose rule the server applies — run here as the clinician types, never a copy of them.
 */
import {
  CONTRAST_SPREADS,
  type Drug,
  type DrugKind,
  doseErrors,
  expectedDoseMg,
  mgPerMl as mgPerMlOf,
  type RADIATION_UNITS,
  type Side,
} from '../../../domain/clinical';
import { ProcedureStepFacts } from '../../../domain/step-records';
import type { ProcedureInput } from '../../api';
import { type DateParts, isoToParts, partsToIso } from '../../components/DateInput';
import { localInstant, localParts, num, timeError } from './fields';

export { COMPLICATIONS, DRUG_KINDS, RADIATION_UNITS } from '../../../domain/clinical';
export const SPREADS = CONTRAST_SPREADS;
export type { DrugKind };

export interface DrugRow {
  kind: DrugKind;
  agent: string;
  concentration: string;
  unit: 'mg/mL' | '%';
  volumeMl: string;
  doseMg: string;
}

export interface ProcedureValues {
  signIn: {
    identityConfirmed: boolean;
    consentConfirmed: boolean;
    siteMarked: boolean;
    allergiesChecked: boolean;
    anticoagulationChecked: boolean;
  };
  timeOut: {
    teamIntroduced: boolean;
    sideConfirmed: Side | '';
    procedureConfirmed: boolean;
    imagingAvailable: boolean;
  };
  signOut: { drugsAndDosesRecorded: boolean; equipmentAccountedFor: boolean; concernsForRecovery: string };
  performedDate: DateParts;
  performedTime: string;
  side: Side | '';
  guidance: 'fluoroscopy' | 'ultrasound' | 'ct';
  target: 'intra-articular' | 'periarticular' | 'both';
  contrastUsed: boolean;
  contrastSpread: (typeof SPREADS)[number] | '';
  drugs: DrugRow[];
  radiation: string;
  radiationUnit: (typeof RADIATION_UNITS)[number];
  fluoroscopySeconds: string;
  durationMinutes: string;
  complications: string[];
  notes: string;
}

/** mg/mL from a concentration: a percentage is grams per 100 mL, so 0.5 % is 5 mg/mL. */
export const mgPerMl = (value: number, unit: 'mg/mL' | '%') => mgPerMlOf({ value, unit });

/** A drug row as the API takes it; numbers the clinician has not typed (or typed wrong) are left out. */
function drugOf(d: DrugRow): Drug {
  const c = num(d.concentration);
  const dose = num(d.doseMg);
  return {
    kind: d.kind,
    agent: d.agent.trim(),
    ...(c !== undefined ? { concentration: { value: c, unit: d.unit } } : {}),
    volumeMl: num(d.volumeMl) as number,
    ...(dose !== undefined ? { doseMg: dose } : {}),
  };
}

/** The dose concentration × volume gives, or undefined until both are typed. */
export function expectedDose(d: DrugRow): number | undefined {
  const c = num(d.concentration);
  const v = num(d.volumeMl);
  if (c === undefined || v === undefined || c <= 0 || v <= 0) return undefined;
  return expectedDoseMg({ concentration: { value: c, unit: d.unit }, volumeMl: v });
}

/** A dose that disagrees with concentration × volume: a unit slip (the server's rule, run as you type). */
export function doseMismatch(d: DrugRow): string | undefined {
  if (expectedDose(d) === undefined || num(d.doseMg) === undefined) return undefined;
  const drug = drugOf(d);
  return doseErrors([{ ...drug, agent: drug.agent || 'this drug' }])[0]?.message;
}

export type ProcedureErrors = Record<string, string>;

/** The API's field paths as this form's field ids. */
function fieldId(path: readonly PropertyKey[]): string {
  const [where, key, index, part] = path.map(String);
  if (where === 'checklist') return key === 'timeOut' ? 'sideConfirmed' : (path.at(-1) as string);
  if (key === 'drugs' && index !== undefined && part !== undefined) {
    const name = { doseMg: 'dose', volumeMl: 'volume', agent: 'agent', concentration: 'concentration' }[part];
    return `drug-${index}-${name ?? part}`;
  }
  if (key === 'contrast') return 'contrastSpread';
  if (key === 'radiationDose') return 'radiation';
  if (key === 'performedAt') return 'performedDate';
  return key ?? where ?? 'form';
}

export function procedureInput(
  v: ProcedureValues,
  timeZone: string,
): { input?: Omit<ProcedureInput, 'version'>; errors: ProcedureErrors } {
  const errors: ProcedureErrors = {};
  const note = (field: string, message: string) => {
    errors[field] ??= message;
  };
  // What only the form can see: dates and times as typed, choices not made, text that is no number.
  const date = partsToIso(v.performedDate);
  if (!date) note('performedDate', 'Enter the date of the procedure');
  const wrongTime = timeError(v.performedTime, '09:45');
  if (wrongTime) note('performedTime', wrongTime);
  if (!v.timeOut.sideConfirmed) note('sideConfirmed', 'Confirm the side at time-out');
  if (!v.side) note('side', 'Choose the side injected');
  const notANumber = (text: string) => text.trim() !== '' && num(text) === undefined;
  v.drugs.forEach((d, i) => {
    if (notANumber(d.concentration)) note(`drug-${i}-concentration`, 'Enter a number above 0');
    if (notANumber(d.doseMg)) note(`drug-${i}-dose`, 'Enter a number above 0');
  });
  if (notANumber(v.radiation)) note('radiation', 'Enter a number');
  if (notANumber(v.fluoroscopySeconds)) note('fluoroscopySeconds', 'Enter seconds');

  const radiation = num(v.radiation);
  const seconds = num(v.fluoroscopySeconds);
  const performedAt = date ? localInstant(date, v.performedTime, timeZone) : undefined;
  const candidate = {
    checklist: {
      signIn: v.signIn,
      timeOut: { ...v.timeOut, sideConfirmed: v.timeOut.sideConfirmed || undefined },
      signOut: v.signOut,
    },
    record: {
      performedAt,
      side: v.side || undefined,
      guidance: v.guidance,
      target: v.target,
      contrast: {
        used: v.contrastUsed,
        ...(v.contrastUsed && v.contrastSpread ? { spread: v.contrastSpread } : {}),
      },
      drugs: v.drugs.map(drugOf),
      ...(radiation !== undefined ? { radiationDose: { value: radiation, unit: v.radiationUnit } } : {}),
      ...(seconds !== undefined ? { fluoroscopySeconds: seconds } : {}),
      durationMinutes: num(v.durationMinutes),
      complications: v.complications,
      notes: v.notes,
    },
  };
  // The schema the API validates with, then the dose rule the server applies (to every row whose
  // volume is typed, so a slip shows while another row is still being filled in).
  const parsed = ProcedureStepFacts.safeParse(candidate);
  if (!parsed.success) for (const issue of parsed.error.issues) note(fieldId(issue.path), issue.message);
  const drugs = candidate.record.drugs.map((d) =>
    Number.isFinite(d.volumeMl) ? d : { ...d, doseMg: undefined },
  );
  for (const e of doseErrors(drugs)) note(fieldId(e.field.split('.')), e.message);
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { errors, input: parsed.data };
}

/** A recorded procedure as the form's values, for an amendment to start from. */
export function valuesOfRecord(
  r: { checklist: ProcedureInput['checklist']; record: ProcedureInput['record'] },
  timeZone: string,
): ProcedureValues {
  const [date, time] = localParts(r.record.performedAt, timeZone);
  const text = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    signIn: r.checklist.signIn,
    timeOut: r.checklist.timeOut,
    signOut: { ...r.checklist.signOut, concernsForRecovery: r.checklist.signOut.concernsForRecovery ?? '' },
    performedDate: isoToParts(date),
    performedTime: time,
    side: r.record.side,
    guidance: r.record.guidance,
    target: r.record.target,
    contrastUsed: r.record.contrast.used,
    contrastSpread: r.record.contrast.spread ?? '',
    drugs: r.record.drugs.map((d) => ({
      kind: d.kind,
      agent: d.agent,
      concentration: text(d.concentration?.value),
      unit: d.concentration?.unit ?? '%',
      volumeMl: text(d.volumeMl),
      doseMg: text(d.doseMg),
    })),
    radiation: text(r.record.radiationDose?.value),
    radiationUnit: r.record.radiationDose?.unit ?? 'mGy·cm²',
    fluoroscopySeconds: text(r.record.fluoroscopySeconds),
    durationMinutes: text(r.record.durationMinutes),
    complications: r.record.complications ?? [],
    notes: r.record.notes ?? '',
  };
}
