/** The screening form's values (text as typed, so a draft keeps it) and how they become facts. */
import type {
  BLEEDING_RISK_FACTORS,
  EpisodeFacts,
  PatientFacts,
  Purpose,
  ScreeningFacts,
  Side,
} from '../../../domain/clinical';
import type { EpisodeDetail, ScreeningInput } from '../../api';
import { type DateParts, emptyDate, isoToParts, partsToIso } from '../../components/DateInput';
import { localInstant, localParts, num, timePattern } from './fields';

export interface DrugRow {
  name: string;
  regimen: '' | 'prophylactic' | 'therapeutic';
}
export interface PlanRow {
  drug: string;
  decision: 'continue' | 'hold';
  lastDoseDate: DateParts;
  lastDoseTime: string;
  restartAfterHours: string;
  agreedWith: string;
  /** Kept from an earlier screening; a new plan is recorded by whoever saves. */
  recordedBy?: string;
  recordedAt?: string;
}
/** A clinician's recorded review of a `review` finding (kept from earlier screenings too). */
export type ReviewRow = ScreeningFacts['clinicianReviews'][number];
export interface InfectionRow {
  description: string;
  started: DateParts;
  resolved: DateParts;
}
export interface InjectionRow {
  date: DateParts;
  purpose: Purpose;
  side: Side | '';
  steroidDoseMg: string;
}
export type Allergy = PatientFacts['allergies'][number];
export type Pregnancy = NonNullable<PatientFacts['pregnancy']>;
export type Guidance = NonNullable<EpisodeFacts['plannedGuidance']>;

export interface ScreeningValues {
  antithrombotics: DrugRow[];
  plans: PlanRow[];
  infections: InfectionRow[];
  feverNow: boolean;
  injectionSiteInfection: boolean;
  allergies: Allergy[];
  pregnancy: Pregnancy | '';
  diabetes: boolean;
  insulin: boolean;
  glucose: string;
  glucoseUnit: 'mmol/L' | 'mg/dL';
  hba1c: string;
  hba1cUnit: '%' | 'mmol/mol';
  bleedingDisorder: boolean;
  bleedingRiskFactors: (typeof BLEEDING_RISK_FACTORS)[number][];
  inr: string;
  platelets: string;
  previousInjections: InjectionRow[];
  escortArranged: boolean;
  adultAtHomeArranged: boolean;
  side: Side | '';
  guidance: Guidance | '';
  contrast: boolean;
  steroidDoseMg: string;
  reviews: ReviewRow[];
}

const dateOf = (instant: string | undefined, timeZone: string) =>
  instant ? isoToParts(localParts(instant, timeZone)[0]) : emptyDate;

/** A new screening starts from the last one (a repeat call changes what changed). */
export function initialScreening(e: EpisodeDetail, timeZone: string): ScreeningValues {
  const last = e.steps.screenings[0]?.facts;
  const p = last?.patient;
  const s = last?.screening;
  return {
    antithrombotics: p?.antithrombotics.map((a) => ({ name: a.name, regimen: a.regimen ?? '' })) ?? [],
    plans:
      s?.agreedPlans.map((plan) => ({
        drug: plan.drug,
        decision: plan.decision,
        lastDoseDate: dateOf(plan.lastDoseAt, timeZone),
        lastDoseTime: plan.lastDoseAt ? localParts(plan.lastDoseAt, timeZone)[1] : '',
        restartAfterHours: plan.restartAfterHours?.toString() ?? '',
        agreedWith: plan.agreedWith ?? '',
        recordedBy: plan.recordedBy,
        recordedAt: plan.recordedAt,
      })) ?? [],
    infections:
      s?.infections.map((i) => ({
        description: i.description,
        started: dateOf(i.startedAt, timeZone),
        resolved: dateOf(i.resolvedAt, timeZone),
      })) ?? [],
    feverNow: s?.feverNow ?? false,
    injectionSiteInfection: s?.injectionSiteInfection ?? false,
    allergies: p?.allergies ?? [],
    pregnancy: p?.pregnancy ?? '',
    diabetes: Boolean(p?.diabetes),
    insulin: p?.diabetes?.insulin ?? false,
    glucose: s?.labs.glucose?.value.toString() ?? '',
    glucoseUnit: s?.labs.glucose?.unit ?? 'mmol/L',
    hba1c: s?.labs.hba1c?.value.toString() ?? '',
    hba1cUnit: s?.labs.hba1c?.unit ?? '%',
    bleedingDisorder: p?.bleedingDisorder ?? false,
    bleedingRiskFactors: p?.bleedingRiskFactors ?? [],
    inr: s?.labs.inr?.toString() ?? '',
    platelets: s?.labs.platelets?.toString() ?? '',
    previousInjections:
      p?.previousInjections.map((i) => ({
        date: dateOf(i.at, timeZone),
        purpose: i.purpose,
        side: i.side ?? '',
        steroidDoseMg: i.steroidDoseMg?.toString() ?? '',
      })) ?? [],
    escortArranged: s?.escortArranged ?? false,
    adultAtHomeArranged: s?.adultAtHomeArranged ?? false,
    side: last?.plan.side ?? e.side ?? '',
    guidance: last?.plan.plannedGuidance ?? 'fluoroscopy',
    contrast: last?.plan.plannedContrast ?? true,
    steroidDoseMg: last?.plan.plannedSteroidDoseMg?.toString() ?? '',
    // Reviews carry forward like agreed plans; one stops applying when what it reviewed changes.
    reviews: s?.clinicianReviews ?? [],
  };
}

/** The lab each text field holds, as the rules name it in a finding's `lab` detail. */
const labFields = {
  glucose: ['glucose', 'glucoseUnit'],
  HbA1c: ['hba1c', 'hba1cUnit'],
  INR: ['inr'],
  platelets: ['platelets'],
} as const satisfies Record<string, (keyof ScreeningValues)[]>;

/**
 * A review of a lab value is about that value: when it is changed, the review of it is dropped
 * (a clinician reviews the new one). Drug reviews name the drug as typed, so they already stop
 * matching when the drug changes.
 */
export function dropStaleReviews(before: ScreeningValues, after: ScreeningValues): ScreeningValues {
  const changed = Object.entries(labFields)
    .filter(([, keys]) => keys.some((k) => before[k] !== after[k]))
    .map(([lab]) => lab.toLowerCase());
  if (changed.length === 0 || after.reviews.length === 0) return after;
  const reviews = after.reviews.filter(
    (r) => r.code !== 'lab_no_limit_set' || !changed.includes(r.subject?.trim().toLowerCase() ?? ''),
  );
  return reviews.length === after.reviews.length ? after : { ...after, reviews };
}

export type ScreeningErrors = Record<string, string>;

/**
 * The facts the rules take, from what is typed. Rows that are not complete yet are left out of
 * the live verdict and named in `errors` (shown when saving).
 */
export function screeningFacts(
  v: ScreeningValues,
  ctx: { timeZone: string; userName: string; now: Date },
): { input: Omit<ScreeningInput, 'version'>; errors: ScreeningErrors } {
  const errors: ScreeningErrors = {};
  const day = (parts: DateParts, key: string, required: boolean) => {
    const iso = partsToIso(parts);
    if (!iso) {
      if (required || parts.day || parts.month || parts.year)
        errors[key] = 'Enter a real date: day, month and a four-digit year';
      return undefined;
    }
    return localInstant(iso, '12:00', ctx.timeZone);
  };
  const number = (text: string, key: string) => {
    const n = num(text);
    if (text.trim() && (n === undefined || n <= 0)) errors[key] = 'Enter a number above 0';
    return n !== undefined && n > 0 ? n : undefined;
  };

  const antithrombotics = v.antithrombotics
    .filter((a) => a.name.trim())
    .map((a) => ({ name: a.name.trim(), ...(a.regimen ? { regimen: a.regimen } : {}) }));

  const agreedPlans: ScreeningFacts['agreedPlans'] = [];
  v.plans.forEach((plan, i) => {
    const key = `plan-${i}`;
    if (!plan.drug.trim()) {
      errors[`${key}-drug`] = 'Name the drug the plan is for';
      return;
    }
    let lastDoseAt: string | undefined;
    if (plan.decision === 'hold') {
      const date = partsToIso(plan.lastDoseDate);
      if (!date) errors[`${key}-lastDose`] = 'Enter the date of the last dose';
      else if (!timePattern.test(plan.lastDoseTime.trim())) errors[`${key}-time`] = 'Enter a time like 08:00';
      else lastDoseAt = localInstant(date, plan.lastDoseTime, ctx.timeZone);
      if (!lastDoseAt) return;
    }
    const restart = num(plan.restartAfterHours);
    if (plan.restartAfterHours.trim() && (restart === undefined || restart < 0))
      errors[`${key}-restart`] = 'Enter hours, e.g. 24';
    agreedPlans.push({
      drug: plan.drug.trim(),
      decision: plan.decision,
      ...(lastDoseAt ? { lastDoseAt } : {}),
      ...(restart !== undefined && restart >= 0 ? { restartAfterHours: restart } : {}),
      ...(plan.agreedWith.trim() ? { agreedWith: plan.agreedWith.trim() } : {}),
      recordedBy: plan.recordedBy ?? ctx.userName,
      recordedAt: plan.recordedAt ?? ctx.now.toISOString(),
    });
  });

  const infections: ScreeningFacts['infections'] = [];
  v.infections.forEach((inf, i) => {
    if (!inf.description.trim()) errors[`infection-${i}-description`] = 'Describe the infection';
    const startedAt = day(inf.started, `infection-${i}-started`, true);
    const resolvedAt = day(inf.resolved, `infection-${i}-resolved`, false);
    if (inf.description.trim() && startedAt)
      infections.push({
        description: inf.description.trim(),
        startedAt,
        ...(resolvedAt ? { resolvedAt } : {}),
      });
  });

  const previousInjections: PatientFacts['previousInjections'] = [];
  v.previousInjections.forEach((inj, i) => {
    const at = day(inj.date, `injection-${i}-date`, true);
    const dose = num(inj.steroidDoseMg);
    if (inj.steroidDoseMg.trim() && (dose === undefined || dose < 0))
      errors[`injection-${i}-dose`] = 'Enter a dose in mg';
    if (at)
      previousInjections.push({
        at,
        purpose: inj.purpose,
        ...(inj.side ? { side: inj.side } : {}),
        ...(dose !== undefined && dose >= 0 ? { steroidDoseMg: dose } : {}),
      });
  });

  const glucose = number(v.glucose, 'glucose');
  const hba1c = number(v.hba1c, 'hba1c');
  const inr = number(v.inr, 'inr');
  const platelets = number(v.platelets, 'platelets');
  const steroid = num(v.steroidDoseMg);
  if (v.steroidDoseMg.trim() && (steroid === undefined || steroid < 0))
    errors.steroidDoseMg = 'Enter a dose in mg';

  return {
    errors,
    input: {
      patient: {
        ...(v.pregnancy ? { pregnancy: v.pregnancy } : {}),
        diabetes: v.diabetes ? { insulin: v.insulin } : null,
        allergies: v.allergies,
        bleedingDisorder: v.bleedingDisorder,
        bleedingRiskFactors: v.bleedingRiskFactors,
        antithrombotics,
        previousInjections,
      },
      screening: {
        infections,
        feverNow: v.feverNow,
        injectionSiteInfection: v.injectionSiteInfection,
        labs: {
          ...(glucose ? { glucose: { value: glucose, unit: v.glucoseUnit } } : {}),
          ...(hba1c ? { hba1c: { value: hba1c, unit: v.hba1cUnit } } : {}),
          ...(inr ? { inr } : {}),
          ...(platelets ? { platelets } : {}),
        },
        agreedPlans,
        escortArranged: v.escortArranged,
        adultAtHomeArranged: v.adultAtHomeArranged,
        clinicianReviews: v.reviews,
      },
      plan: {
        ...(v.side ? { side: v.side } : {}),
        ...(v.guidance ? { plannedGuidance: v.guidance } : {}),
        plannedContrast: v.contrast,
        ...(steroid !== undefined && steroid >= 0 ? { plannedSteroidDoseMg: steroid } : {}),
      },
    },
  };
}
