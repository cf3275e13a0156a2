/** The procedure form's values, and the checks it makes before sending (the server makes them too). */
import type { Side } from '../../../domain/clinical';
import type { Drug, ProcedureInput } from '../../api';
import { type DateParts, partsToIso } from '../../components/DateInput';
import { localInstant, num, timePattern } from './fields';

export const DRUG_KINDS = ['local-anaesthetic', 'steroid', 'contrast', 'saline'] as const;
export type DrugKind = (typeof DRUG_KINDS)[number];
export const COMPLICATIONS = ['vasovagal', 'bleeding', 'vascular-uptake', 'leg-numbness', 'other'] as const;
export const SPREADS = ['intra-articular', 'extravasation', 'vascular-uptake', 'not-seen'] as const;
export const RADIATION_UNITS = ['mGy', 'mGy·cm²', 'µGy·m²', 'cGy·cm²'] as const;

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
export const mgPerMl = (value: number, unit: 'mg/mL' | '%') => (unit === '%' ? value * 10 : value);

/** The dose concentration × volume gives, or undefined until both are typed. */
export function expectedDose(d: DrugRow): number | undefined {
  const c = num(d.concentration);
  const v = num(d.volumeMl);
  if (c === undefined || v === undefined || c <= 0 || v <= 0) return undefined;
  return Number((mgPerMl(c, d.unit) * v).toFixed(2));
}

/** A dose that disagrees with concentration × volume: a unit slip. Same tolerance as the server. */
export function doseMismatch(d: DrugRow): string | undefined {
  const expected = expectedDose(d);
  const dose = num(d.doseMg);
  if (expected === undefined || dose === undefined) return undefined;
  if (Math.abs(dose - expected) <= Math.max(0.01, expected * 0.01)) return undefined;
  return `${d.volumeMl} mL of ${d.agent || 'this drug'} ${d.concentration}${d.unit === '%' ? '%' : ' mg/mL'} is ${expected} mg, not ${dose} mg: check the units`;
}

export type ProcedureErrors = Record<string, string>;

export function procedureInput(
  v: ProcedureValues,
  timeZone: string,
): { input?: Omit<ProcedureInput, 'version'>; errors: ProcedureErrors } {
  const errors: ProcedureErrors = {};
  const date = partsToIso(v.performedDate);
  if (!date) errors.performedDate = 'Enter the date of the procedure';
  if (!timePattern.test(v.performedTime.trim())) errors.performedTime = 'Enter a time like 09:45';
  if (!v.timeOut.sideConfirmed) errors.sideConfirmed = 'Confirm the side at time-out';
  if (!v.side) errors.side = 'Choose the side injected';
  if (v.contrastUsed && !v.contrastSpread) errors.contrastSpread = 'Record the spread of contrast';
  if (v.drugs.length === 0) errors.drugs = 'Record at least one drug';
  const drugs: Drug[] = v.drugs.map((d, i) => {
    if (!d.agent.trim()) errors[`drug-${i}-agent`] = 'Name the drug';
    const volume = num(d.volumeMl);
    if (volume === undefined || volume <= 0 || volume > 100)
      errors[`drug-${i}-volume`] = 'Enter the volume in mL';
    const c = num(d.concentration);
    if (d.concentration.trim() && (c === undefined || c <= 0))
      errors[`drug-${i}-concentration`] = 'Enter a number above 0';
    const dose = num(d.doseMg);
    if (d.doseMg.trim() && (dose === undefined || dose <= 0))
      errors[`drug-${i}-dose`] = 'Enter a number above 0';
    const mismatch = doseMismatch(d);
    if (mismatch) errors[`drug-${i}-dose`] = mismatch;
    return {
      kind: d.kind,
      agent: d.agent.trim(),
      ...(c !== undefined && c > 0 ? { concentration: { value: c, unit: d.unit } } : {}),
      volumeMl: volume ?? 0,
      ...(dose !== undefined && dose > 0 ? { doseMg: dose } : {}),
    };
  });
  const duration = num(v.durationMinutes);
  if (duration === undefined || duration <= 0 || duration > 600)
    errors.durationMinutes = 'Enter the duration in minutes';
  const radiation = num(v.radiation);
  if (v.radiation.trim() && (radiation === undefined || radiation < 0)) errors.radiation = 'Enter a number';
  const seconds = num(v.fluoroscopySeconds);
  if (v.fluoroscopySeconds.trim() && (seconds === undefined || seconds < 0))
    errors.fluoroscopySeconds = 'Enter seconds';
  const performedAt = date ? localInstant(date, v.performedTime, timeZone) : undefined;
  if (Object.keys(errors).length > 0 || !performedAt || !v.side || !v.timeOut.sideConfirmed)
    return { errors };
  return {
    errors,
    input: {
      checklist: {
        signIn: v.signIn,
        timeOut: { ...v.timeOut, sideConfirmed: v.timeOut.sideConfirmed },
        signOut: v.signOut,
      },
      record: {
        performedAt,
        side: v.side,
        guidance: v.guidance,
        target: v.target,
        contrast: {
          used: v.contrastUsed,
          ...(v.contrastUsed && v.contrastSpread ? { spread: v.contrastSpread } : {}),
        },
        drugs,
        ...(radiation !== undefined && radiation >= 0
          ? { radiationDose: { value: radiation, unit: v.radiationUnit } }
          : {}),
        ...(seconds !== undefined && seconds >= 0 ? { fluoroscopySeconds: seconds } : {}),
        durationMinutes: duration ?? 0,
        complications: v.complications as (typeof COMPLICATIONS)[number][],
        notes: v.notes,
      },
    },
  };
}
