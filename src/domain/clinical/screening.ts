import { z } from 'zod';
import { bleedingRisk, screenAntithrombotics } from './antithrombotics.ts';
import { addDuration, wholeMonths } from './duration.ts';
import type { EpisodeFacts, PatientFacts, ScreeningFacts } from './facts.ts';
import { type CodedFinding, finding, severityRank } from './findings.ts';
import type { ResolvedProtocol } from './profiles.ts';
import type { ClinicSettings, Glucose, Hba1c } from './settings.ts';
import { cite } from './sources.ts';
import { addHours, addLocalMonths, DAY_MS } from './zoned-time.ts';

export const VerdictSchema = z.enum(['go', 'go-with-actions', 'not-safe-yet']);
export type Verdict = z.infer<typeof VerdictSchema>;

export interface ScreeningContext {
  now: Date;
  settings: ClinicSettings;
  protocol: ResolvedProtocol;
  patient: PatientFacts;
  episode: EpisodeFacts;
  facts: ScreeningFacts;
}

export interface CodedScreening {
  verdict: Verdict;
  blocksScheduling: boolean;
  bleedingRisk: 'low' | 'intermediate';
  findings: CodedFinding[];
}

/**
 * Safety screening before an SI joint injection. `not-safe-yet` when any finding is a stop;
 * `go-with-actions` when something must be done first. A `review` finding (a drug needing a plan
 * agreed with the prescriber, a value with no clinic limit) is go-with-actions but sets
 * `blocksScheduling`: the drug or value is not itself a reason to defer the patient, yet nobody
 * may book until the plan or review is recorded.
 */
export function screenCoded(input: ScreeningContext): CodedScreening {
  const { patient, episode, facts, settings, now } = input;
  const procedureAt = episode.procedureAt ? new Date(episode.procedureAt) : undefined;
  const findings = [
    ...screenAntithrombotics(patient, facts.agreedPlans, settings, procedureAt),
    ...infection(input, procedureAt ?? now),
    ...bleedingAndLabs(input),
    ...allergies(input),
    ...pregnancy(input),
    ...diabetes(input, procedureAt),
    ...steroidExposure(input, procedureAt ?? now),
    ...goingHome(settings, facts),
    ...fasting(settings, procedureAt),
  ].map((f) => applyReview(f, facts.clinicianReviews));
  return {
    verdict: verdictOf(findings),
    blocksScheduling: findings.some((f) => f.blocksScheduling),
    bleedingRisk: bleedingRisk(patient).risk,
    findings,
  };
}

export function verdictOf(findings: CodedFinding[]): Verdict {
  const worst = Math.max(0, ...findings.map((f) => severityRank(f.severity)));
  if (worst >= severityRank('stop')) return 'not-safe-yet';
  return worst >= severityRank('action') ? 'go-with-actions' : 'go';
}

function subjectOf(f: CodedFinding): string | undefined {
  const s = f.details.drug ?? f.details.lab ?? f.details.allergy;
  return typeof s === 'string' ? s.trim().toLowerCase() : undefined;
}

/** A recorded clinician review clears a `review` finding to an action; it never clears a stop. */
function applyReview(f: CodedFinding, reviews: ScreeningFacts['clinicianReviews']): CodedFinding {
  // A drug needing a plan is cleared only by the plan itself, so the patient gets instructions.
  if (f.severity !== 'review' || f.code === 'antithrombotic_plan_needed') return f;
  const subject = subjectOf(f);
  const review = reviews.find(
    (r) => r.code === f.code && (subject === undefined || r.subject?.trim().toLowerCase() === subject),
  );
  if (!review) return f;
  return {
    ...f,
    severity: 'action',
    blocksScheduling: false,
    details: { ...f.details, reviewedBy: review.recordedBy, reviewedAt: review.recordedAt },
  };
}

function infection({ facts, settings }: ScreeningContext, reference: Date): CodedFinding[] {
  // seed 003 / [S33]: infection in the 14 days before the procedure (a clinic rule);
  // [S32], [S17]: active or recent infection is a contraindication.
  const days = settings.rules.infectionLookbackDays;
  const sources = [cite('seed-003'), cite('S33'), cite('S32'), cite('S17', 'recent bacterial infection')];
  const out: CodedFinding[] = facts.infections.map((i) => {
    const clearFrom = i.resolvedAt ? new Date(new Date(i.resolvedAt).getTime() + days * DAY_MS) : undefined;
    const details = {
      description: i.description,
      startedAt: i.startedAt,
      resolvedAt: i.resolvedAt ?? null,
      lookbackDays: days,
    };
    if (clearFrom && clearFrom <= reference)
      return finding('infection_outside_lookback', 'info', sources, details);
    return finding('infection_recent', 'stop', sources, details, {
      action: { who: 'staff', ...(clearFrom ? { dueAt: clearFrom.toISOString() } : {}) },
    });
  });
  if (facts.feverNow) out.push(finding('fever', 'stop', [cite('S32'), cite('S17', 'persistent fever')]));
  if (facts.injectionSiteInfection) {
    out.push(
      finding('injection_site_infection', 'stop', [
        cite('S32', 'local sepsis or skin infection at the site'),
      ]),
    );
  }
  return out;
}

// Unit conversions (chemistry, not clinical thresholds): glucose 1 mmol/L = 18.016 mg/dL;
// HbA1c IFCC mmol/mol = 10.929 × (NGSP % − 2.15).
const toMmolL = (g: Glucose) => (g.unit === 'mmol/L' ? g.value : g.value / 18.016);
const toMmolMol = (h: Hba1c) => (h.unit === 'mmol/mol' ? h.value : 10.929 * (h.value - 2.15));

function bleedingAndLabs({ patient, facts, settings }: ScreeningContext): CodedFinding[] {
  const out: CodedFinding[] = [];
  if (patient.bleedingDisorder) {
    // [S32]: haemorrhagic diathesis, correct it first; [S33]: tell the team.
    out.push(
      finding(
        'bleeding_disorder',
        'review',
        [cite('S32', 'haemorrhagic diathesis'), cite('S33')],
        {},
        {
          action: { who: 'clinician' },
        },
      ),
    );
  }
  const limits = settings.rules.labLimits;
  // Lab limits are UNCONFIRMED (sources.md §4): with the limit off, a clinician reviews the value.
  const labSources = [
    cite(
      'README',
      "lab limits are the clinic's own settings, off until it sets them",
      'lab limits are UNCONFIRMED clinic rules, default off',
    ),
  ];
  const check = (
    lab: string,
    value: number | undefined,
    limit: number | null,
    direction: 'max' | 'min',
    shown: string,
    limitShown: string | null,
    extra: CodedFinding['sources'] = [],
  ) => {
    if (value === undefined) return;
    const sources = [...labSources, ...extra];
    const details = { lab, value: shown, limit: limitShown };
    if (limit === null) {
      out.push(finding('lab_no_limit_set', 'review', sources, details, { action: { who: 'clinician' } }));
    } else if (direction === 'max' ? value > limit : value < limit) {
      out.push(
        finding(direction === 'max' ? 'lab_above_limit' : 'lab_below_limit', 'stop', sources, details),
      );
    } else {
      out.push(finding('lab_within_limit', 'info', sources, details));
    }
  };
  const { glucose, hba1c, inr, platelets } = facts.labs;
  const diabetesSources = [cite('S27'), cite('S17', 'steroid injections in brittle diabetics')];
  check(
    'glucose',
    glucose && toMmolL(glucose),
    limits.glucoseMax && toMmolL(limits.glucoseMax),
    'max',
    glucose ? `${glucose.value} ${glucose.unit}` : '',
    limits.glucoseMax && `${limits.glucoseMax.value} ${limits.glucoseMax.unit}`,
    diabetesSources,
  );
  check(
    'HbA1c',
    hba1c && toMmolMol(hba1c),
    limits.hba1cMax && toMmolMol(limits.hba1cMax),
    'max',
    hba1c ? `${hba1c.value} ${hba1c.unit}` : '',
    limits.hba1cMax && `${limits.hba1cMax.value} ${limits.hba1cMax.unit}`,
    diabetesSources,
  );
  check(
    'INR',
    inr,
    limits.inrMax,
    'max',
    String(inr),
    limits.inrMax === null ? null : String(limits.inrMax),
    [cite('S1a', 'warfarin: shared assessment at low risk')],
  );
  check(
    'platelets',
    platelets,
    limits.plateletsMin,
    'min',
    `${platelets} ×10⁹/L`,
    limits.plateletsMin === null ? null : `${limits.plateletsMin} ×10⁹/L`,
  );
  return out;
}

const usesSteroid = (e: EpisodeFacts) => e.purpose !== 'diagnostic';
const ionising = (e: EpisodeFacts) => e.plannedGuidance === 'fluoroscopy' || e.plannedGuidance === 'ct';
const isPregnant = (p: PatientFacts) => p.pregnancy === 'pregnant' || p.pregnancy === 'possibly-pregnant';

function allergies({ patient, episode, protocol }: ScreeningContext): CodedFinding[] {
  const out: CodedFinding[] = [];
  for (const allergy of new Set(patient.allergies)) {
    const details = { allergy };
    switch (allergy) {
      case 'contrast':
        // [S32]: contrast allergy (gadolinium instead); [S9]: ultrasound with contrast allergy.
        out.push(
          episode.plannedContrast
            ? finding('allergy_contrast_with_contrast_planned', 'stop', [cite('S32'), cite('S9')], details)
            : finding('allergy_contrast', 'action', [cite('S32'), cite('S9'), cite('S17')], details, {
                action: { who: 'clinician' },
              }),
        );
        break;
      case 'latex':
        // Allergy screening includes latex (DESIGN.md screening); a latex-free setup is the change.
        out.push(
          finding('allergy_latex', 'action', [cite('DESIGN', 'screening: allergies')], details, {
            action: { who: 'staff' },
          }),
        );
        break;
      case 'local-anaesthetic':
        // [S32]: allergy to any component of the injectate; [S17] outside the AUC.
        out.push(
          finding('allergy_local_anaesthetic', 'review', [cite('S32'), cite('S17')], details, {
            action: { who: 'clinician' },
          }),
        );
        break;
      case 'steroid':
        out.push(
          usesSteroid(episode)
            ? finding('allergy_steroid', 'review', [cite('S32'), cite('S17')], details, {
                action: { who: 'clinician' },
              })
            : finding('allergy_steroid_no_steroid_planned', 'action', [cite('S32')], details, {
                action: { who: 'clinician' },
              }),
        );
        break;
    }
  }
  // [S9]: under the LCD, ultrasound guidance only with contrast allergy or pregnancy.
  if (
    episode.plannedGuidance === 'ultrasound' &&
    protocol.values.ultrasoundGuidance === 'contrast-allergy-or-pregnancy-only' &&
    !patient.allergies.includes('contrast') &&
    !isPregnant(patient)
  ) {
    out.push(finding('ultrasound_outside_profile', 'info', [cite('S9')], { profile: protocol.profile }));
  }
  return out;
}

function pregnancy({ patient, episode }: ScreeningContext): CodedFinding[] {
  if (!isPregnant(patient)) return [];
  // [S32], [S17]: pregnancy rules out ionising radiation; [S9]: ultrasound guidance in pregnancy.
  const sources = [cite('S32', 'pregnancy (ionising radiation)'), cite('S17'), cite('S9')];
  const details = { pregnancy: patient.pregnancy ?? null, plannedGuidance: episode.plannedGuidance ?? null };
  const out = [
    ionising(episode)
      ? finding('pregnancy_with_ionising_radiation_planned', 'stop', sources, details)
      : finding('pregnancy_no_ionising_radiation', 'action', sources, details, {
          action: { who: 'clinician' },
        }),
  ];
  if (usesSteroid(episode)) {
    // The sources give no steroid choice in pregnancy: a clinician decides ([S17] outside the AUC).
    out.push(
      finding('pregnancy_steroid_choice', 'review', [cite('S17', 'pregnancy is outside the AUC')], details, {
        action: { who: 'clinician' },
      }),
    );
  }
  return out;
}

function diabetes(
  { patient, episode, facts, settings }: ScreeningContext,
  procedureAt?: Date,
): CodedFinding[] {
  if (!patient.diabetes || !usesSteroid(episode)) return [];
  const { hours, poorlyControlled } = glucoseAdvice(patient.diabetes, facts.labs.hba1c, settings);
  return [
    finding(
      'diabetes_glucose_advice',
      'action',
      [
        cite('S25'),
        cite('S26'),
        cite('S27'),
        cite('seed-003', 'check your blood sugars for a couple of days'),
      ],
      { hours, poorlyControlled },
      {
        action: {
          who: 'patient',
          ...(procedureAt ? { dueAt: addHours(procedureAt, hours).toISOString() } : {}),
        },
      },
    ),
  ];
}

/**
 * How long a diabetic given a steroid should check their glucose. [S25]–[S27]: glucose rises for
 * 1–2 days, up to 7–14 days in diabetics; longer with HbA1c above the clinic's mark or on insulin.
 */
export function glucoseAdvice(
  diabetes: { insulin: boolean },
  hba1c: Hba1c | undefined,
  settings: ClinicSettings,
): { hours: number; poorlyControlled: boolean } {
  const s = settings.rules.diabetes;
  const poorlyControlled =
    diabetes.insulin || (hba1c !== undefined && toMmolMol(hba1c) > toMmolMol(s.poorControlHba1c));
  return {
    hours: poorlyControlled ? s.glucoseAdviceHoursPoorControl : s.glucoseAdviceHours,
    poorlyControlled,
  };
}

function steroidExposure(
  { patient, episode, settings, protocol }: ScreeningContext,
  reference: Date,
): CodedFinding[] {
  const tz = settings.clinic.timeZone;
  const values = protocol.values;
  const yearAgo = addLocalMonths(reference, -12, tz);
  const inYear = patient.previousInjections
    .filter((p) => new Date(p.at) > yearAgo && new Date(p.at) <= reference)
    .sort((a, b) => a.at.localeCompare(b.at));
  const out: CodedFinding[] = [];
  const profileSource = (label: string, ...keys: Parameters<typeof cite>[0][]) =>
    keys.map((k) => cite(k, `${label} (${protocol.profile} protocol)`));

  if (episode.purpose !== 'therapeutic') {
    // [S9]: at most 2 diagnostic sessions per rolling 12 months (lcd-2023); not capped in aspn-2024.
    const cap = values.diagnosticSessionsPer12Months;
    const diagnostic = inYear.filter((p) => p.purpose !== 'therapeutic');
    if (cap !== null && diagnostic.length >= cap) {
      const freeAt = addLocalMonths(new Date(diagnostic[diagnostic.length - cap]!.at), 12, tz);
      out.push(
        finding(
          'diagnostic_sessions_cap_reached',
          'stop',
          profileSource('diagnostic sessions per 12 months', 'S9'),
          {
            count: diagnostic.length,
            cap,
          },
          { action: { who: 'clinician', dueAt: freeAt.toISOString() } },
        ),
      );
    }
  }
  if (!usesSteroid(episode)) return out;

  const therapeutic = inYear.filter((p) => p.purpose !== 'diagnostic');
  const last = therapeutic.at(-1);
  const minInterval = values.minIntervalBetweenTherapeutic;
  if (last && minInterval !== null) {
    // [S11]: at least 2 months between therapeutic injections (a profile value, a duration
    // computed exactly in the clinic's zone).
    const earliest = addDuration(new Date(last.at), minInterval, tz);
    if (earliest > reference) {
      out.push(
        finding(
          'steroid_interval_too_short',
          'stop',
          profileSource('interval between therapeutic injections', 'S11'),
          {
            lastAt: last.at,
            minInterval,
            // Deprecated (before assessment format 1.2): the interval in whole months, when it is one.
            minMonths: wholeMonths(minInterval),
          },
          { action: { who: 'clinician', dueAt: earliest.toISOString() } },
        ),
      );
    }
  }
  const cap = values.therapeuticSessionsPer12Months;
  if (cap !== null && therapeutic.length >= cap) {
    // [S9], [S11]: at most 4 therapeutic sessions per rolling 12 months.
    const freeAt = addLocalMonths(new Date(therapeutic[therapeutic.length - cap]!.at), 12, tz);
    out.push(
      finding(
        'steroid_yearly_cap_reached',
        'stop',
        profileSource('therapeutic sessions per 12 months', 'S9', 'S11'),
        {
          count: therapeutic.length,
          cap,
        },
        { action: { who: 'clinician', dueAt: freeAt.toISOString() } },
      ),
    );
  }
  const maxDose = settings.rules.steroid.maxDoseMgPer12Months;
  if (maxDose !== null) {
    // No SI-specific cumulative cap in the sources (sources.md §3): a clinic rule, default off.
    const doseSources = [
      cite(
        'README',
        "a cumulative steroid limit is the clinic's own setting (no source gives one)",
        'cumulative steroid cap is an UNCONFIRMED clinic rule',
      ),
    ];
    const doses = [...therapeutic.map((p) => p.steroidDoseMg), episode.plannedSteroidDoseMg];
    if (doses.some((d) => d === undefined)) {
      out.push(
        finding('steroid_dose_unknown', 'review', doseSources, { maxDose }, { action: { who: 'clinician' } }),
      );
    } else {
      const total = doses.reduce<number>((a, d) => a + (d ?? 0), 0);
      if (total > maxDose) {
        out.push(finding('steroid_dose_cap_reached', 'stop', doseSources, { total, maxDose }));
      }
    }
  }
  return out;
}

function goingHome(settings: ClinicSettings, facts: ScreeningFacts): CodedFinding[] {
  const e = settings.rules.escort;
  if (!e.required) return [];
  // seed 003: must not drive home; someone at home for 24 h ([S42]); PADSS needs an adult escort ([S41]).
  const sources = [cite('seed-003'), cite('S42'), cite('S41')];
  const details = { noDrivingHours: e.noDrivingHours, adultAtHomeHours: e.adultAtHomeHours };
  const arranged = facts.escortArranged === true && facts.adultAtHomeArranged === true;
  return [
    arranged
      ? finding('escort_arranged', 'info', sources, details)
      : finding(
          'escort_needed',
          'action',
          sources,
          {
            ...details,
            escortArranged: facts.escortArranged ?? null,
            adultAtHomeArranged: facts.adultAtHomeArranged ?? null,
          },
          { action: { who: 'staff' } },
        ),
    finding('no_driving', 'info', sources, details),
  ];
}

function fasting(settings: ClinicSettings, procedureAt?: Date): CodedFinding[] {
  const f = settings.rules.fasting;
  if (!f.required) return [finding('light_meal_allowed', 'info', [cite('S42'), cite('S33')])];
  // [S33] / seed 003 "You must fast unless otherwise advised"; times from ASA 2017 ([S43]).
  const details = {
    solidsHours: f.solidsHours,
    clearFluidsHours: f.clearFluidsHours,
    clearFluidsUntil: procedureAt ? addHours(procedureAt, -f.clearFluidsHours).toISOString() : null,
  };
  return [
    finding('fasting_instruction', 'info', [cite('S33'), cite('seed-003'), cite('S43')], details, {
      action: {
        who: 'patient',
        ...(procedureAt ? { dueAt: addHours(procedureAt, -f.solidsHours).toISOString() } : {}),
      },
    }),
  ];
}
