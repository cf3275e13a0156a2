/**
 * What a leaflet needs to know about one person, taken from their episode as it was recorded. The
 * clinical core decides; this only reads its answers. Before the procedure the person's own
 * preparation comes from `preparation()` (src/domain/clinical/instructions.ts) on the screening as
 * it was shown — the same instructions staff see on the booking — and after it from the after-care
 * the discharge summary prints (`afterCareCoded`). So a drug hold reaches the leaflet only when staff
 * recorded a plan (clinical/README.md: never a hold nobody agreed), and nothing of the preparation
 * is told while the screening says not safe yet.
 */
import type {
  AgreedPlan,
  EpisodeFacts,
  PatientFacts,
  Purpose,
  ScreeningFacts,
} from '../domain/clinical/facts.ts';
import type { Finding } from '../domain/clinical/findings.ts';
import { afterCareCoded, preparation } from '../domain/clinical/instructions.ts';
import { usesSteroid, type Verdict } from '../domain/clinical/screening.ts';
import type { Anaesthetic, ClinicSettings } from '../domain/clinical/settings.ts';
import { addHours } from '../domain/clinical/zoned-time.ts';

/** The episode as far as the leaflet is concerned (all of it as recorded, nothing recomputed). */
export interface LeafletEpisode {
  /** From triage: a diagnostic block has no steroid. Null before triage. */
  purpose: Purpose | null;
  /** The screening whose preparation the patient is given (on the booking once booked), as shown. */
  screening: { verdict: Verdict; findings: Finding[] } | null;
  /** A clinician's recorded override let a not-safe-yet verdict go ahead. */
  overridden: boolean;
  /** The latest screening says not safe yet and nobody has overridden it. */
  notSafeNow: boolean;
  /** The latest screening's facts, for the after-care (diabetes, labs, agreed plans). */
  screeningFacts: {
    patient: Pick<PatientFacts, 'diabetes'>;
    labs: ScreeningFacts['labs'];
    agreedPlans: AgreedPlan[];
    /** The steroid planned: a diagnostic block with one has a steroid all the same. */
    episode: Pick<EpisodeFacts, 'plannedSteroid' | 'plannedSteroidDoseMg'>;
  } | null;
  /** The booked time (ISO instant), once booked. */
  plannedAt: string | null;
  /** The procedure as recorded, once done. */
  performed: { at: string; steroidGiven: boolean; anaesthetic?: Anaesthetic } | null;
}

/** The facts the renderer takes: each condition and variable of a leaflet reads one of these. */
export interface LeafletFacts {
  performed: boolean;
  booked: boolean;
  screened: boolean;
  /** Not safe yet: no preparation is given, only that the injection must wait. */
  waiting: boolean;
  /** A steroid is planned or was given (unknown before triage: the leaflet says "may"). */
  steroid: boolean;
  infectionDays: number;
  numbness: { hours: number; until: string | null };
  flareDays: number;
  /** Null: the clinic does not ask for fasting (a light meal is fine). */
  fasting: {
    solidsHours: number;
    clearFluidsHours: number;
    noFoodAfter: string | null;
    clearFluidsUntil: string | null;
  } | null;
  /** Null: the clinic does not require an escort. */
  escort: { noDrivingHours: number; adultAtHomeHours: number; noDrivingUntil: string | null } | null;
  /** Null: no glucose advice (not diabetic, no steroid, or not known). */
  glucose: { hours: number; until: string | null } | null;
  voiding: boolean;
  latexAllergy: boolean;
  contrastAllergy: boolean;
  pregnant: boolean;
  drugs: {
    held: { drug: string; lastDoseAt: string }[];
    continued: { drug: string }[];
    restarts: { drug: string; restartAt: string | null; restartAfterHours: number | null }[];
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export function leafletFacts(e: LeafletEpisode, settings: ClinicSettings): LeafletFacts {
  const rules = settings.rules;
  const common = {
    booked: e.plannedAt !== null,
    screened: e.screening !== null,
    infectionDays: rules.infectionLookbackDays,
    flareDays: rules.symptoms.expectedFlareDays,
    voiding: rules.discharge.requireVoiding,
  };
  if (e.performed) return afterTheProcedure(e, e.performed, settings, common);

  const waiting =
    e.screening !== null && (e.notSafeNow || (e.screening.verdict === 'not-safe-yet' && !e.overridden));
  const prep = e.screening && !waiting ? preparation(e.screening, { overridden: e.overridden }) : [];
  const found = (code: string) => prep.filter((i) => i.code === code);
  const first = (code: string) => found(code)[0];
  const procedureAt = e.plannedAt ? new Date(e.plannedAt) : null;

  let fasting: LeafletFacts['fasting'] = null;
  let escort: LeafletFacts['escort'] = null;
  if (e.screening) {
    // The preparation as staff see it on the booking: the clinic's rule when it was screened.
    const f = first('fasting_instruction');
    const d = f?.details ?? {};
    const dueAt = e.screening.findings.find((x) => x.code === 'fasting_instruction')?.action?.dueAt;
    if (f) {
      fasting = {
        solidsHours: num(d.solidsHours) ?? rules.fasting.solidsHours,
        clearFluidsHours: num(d.clearFluidsHours) ?? rules.fasting.clearFluidsHours,
        noFoodAfter: dueAt ?? null,
        clearFluidsUntil: str(d.clearFluidsUntil),
      };
    }
    const going = first('escort_arranged') ?? first('escort_needed');
    const driving = first('no_driving');
    if (going || driving) {
      escort = {
        noDrivingHours: num(driving?.details.noDrivingHours) ?? rules.escort.noDrivingHours,
        adultAtHomeHours: num(going?.details.adultAtHomeHours) ?? rules.escort.adultAtHomeHours,
        noDrivingUntil: null,
      };
    }
  } else {
    // Not screened yet: the clinic's rules as they stand.
    if (rules.fasting.required) {
      const { solidsHours, clearFluidsHours } = rules.fasting;
      fasting = { solidsHours, clearFluidsHours, noFoodAfter: null, clearFluidsUntil: null };
    }
    if (rules.escort.required) {
      const { noDrivingHours, adultAtHomeHours } = rules.escort;
      escort = { noDrivingHours, adultAtHomeHours, noDrivingUntil: null };
    }
  }

  const glucose = first('diabetes_glucose_advice');
  const drugs: LeafletFacts['drugs'] = { held: [], continued: [], restarts: [] };
  // Only a plan staff recorded (antithrombotic_plan_recorded), or the rule's plain "continue".
  for (const p of found('antithrombotic_plan_recorded')) {
    const drug = String(p.details.drug);
    if (p.details.decision !== 'hold') {
      drugs.continued.push({ drug });
      continue;
    }
    const lastDoseAt = str(p.details.lastDoseAt);
    if (lastDoseAt) drugs.held.push({ drug, lastDoseAt });
    const after = num(p.details.restartAfterHours);
    if (after !== null) {
      drugs.restarts.push({
        drug,
        restartAt: procedureAt ? addHours(procedureAt, after).toISOString() : null,
        restartAfterHours: after,
      });
    }
  }
  for (const p of found('antithrombotic_continue')) drugs.continued.push({ drug: String(p.details.drug) });

  return {
    ...common,
    performed: false,
    waiting,
    // Before triage the purpose is unknown, so the leaflet says it "may also have" a steroid.
    steroid: e.purpose === null || usesSteroid({ ...e.screeningFacts?.episode, purpose: e.purpose }),
    numbness: { hours: rules.symptoms.expectedNumbnessHours, until: null },
    fasting,
    escort,
    glucose: glucose ? { hours: Number(glucose.details.hours), until: null } : null,
    latexAllergy: found('allergy_latex').length > 0,
    contrastAllergy: found('allergy_contrast').length > 0,
    pregnant: found('pregnancy_no_ionising_radiation').length > 0,
    drugs,
  };
}

function afterTheProcedure(
  e: LeafletEpisode,
  done: NonNullable<LeafletEpisode['performed']>,
  settings: ClinicSettings,
  common: Pick<LeafletFacts, 'booked' | 'screened' | 'infectionDays' | 'flareDays' | 'voiding'>,
): LeafletFacts {
  // The after-care the discharge summary gives, for the procedure as it was done.
  const care = afterCareCoded(
    {
      procedureAt: done.at,
      ...(done.anaesthetic ? { anaesthetic: done.anaesthetic } : {}),
      steroidGiven: done.steroidGiven,
      patient: { diabetes: e.screeningFacts?.patient.diabetes ?? null },
      labs: e.screeningFacts?.labs ?? {},
      agreedPlans: e.screeningFacts?.agreedPlans ?? [],
    },
    settings,
  );
  const of = (code: string) => care.find((i) => i.code === code);
  const numbness = of('after_numbness');
  const glucose = of('after_glucose');
  const driving = of('after_no_driving');
  const home = of('after_adult_at_home');
  const flare = of('after_flare');
  return {
    ...common,
    performed: true,
    waiting: false,
    steroid: done.steroidGiven,
    flareDays: num(flare?.details.days) ?? common.flareDays,
    numbness: {
      hours: num(numbness?.details.hours) ?? settings.rules.symptoms.expectedNumbnessHours,
      until: str(numbness?.details.until),
    },
    fasting: null,
    escort:
      driving || home
        ? {
            noDrivingHours: num(driving?.details.hours) ?? settings.rules.escort.noDrivingHours,
            adultAtHomeHours: num(home?.details.hours) ?? settings.rules.escort.adultAtHomeHours,
            noDrivingUntil: str(driving?.details.until),
          }
        : null,
    glucose: glucose ? { hours: num(glucose.details.hours) ?? 0, until: str(glucose.details.until) } : null,
    latexAllergy: false,
    contrastAllergy: false,
    pregnant: false,
    drugs: {
      held: [],
      continued: [],
      restarts: care
        .filter((i) => i.code === 'after_antithrombotic_restart')
        .map((i) => ({
          drug: String(i.details.drug),
          restartAt: str(i.details.restartAt),
          restartAfterHours: null,
        })),
    },
  };
}
