import { z } from 'zod';
import { antithromboticsOf, bleedingRisk, screenAntithrombotics } from './antithrombotics.ts';
import { addDuration, wholeMonths } from './duration.ts';
import {
  type EpisodeFacts,
  type LabKey,
  labNames,
  type PatientFacts,
  type ScreeningFacts,
  type ScreeningQuestion,
} from './facts.ts';
import type { QuestionDetails } from './finding-details.ts';
import {
  type CodedFinding,
  finding,
  notBeforeAction,
  reviewSubject,
  severityRank,
  withDetails,
} from './findings.ts';
import type { ResolvedProtocol } from './profiles.ts';
import type { ClinicSettings, Glucose, Hba1c } from './settings.ts';
import { cite, type SourceRef } from './sources.ts';
import { addHours, addLocalMonths, DAY_MS, localDate, localDayAt, localDaysBetween } from './zoned-time.ts';

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
  const raw = [
    ...screenAntithrombotics(patient, facts.agreedPlans, settings, procedureAt),
    ...infection(input, procedureAt ?? now),
    ...bleedingAndLabs(input, procedureAt),
    ...allergies(input),
    ...pregnancy(input),
    ...diabetes(input, procedureAt),
    ...steroidExposure(input, procedureAt ?? now),
    ...plannedVolume(input),
    ...goingHome(settings, facts),
    ...fasting(settings, procedureAt),
    ...questions(input),
  ];
  const reviews = indexReviews(facts.clinicianReviews);
  const findings = raw.map((f) => applyReview(f, reviews));
  return {
    verdict: verdictOf(findings),
    blocksScheduling: findings.some((f) => f.blocksScheduling),
    bleedingRisk: bleedingRisk(patient, settings).risk,
    findings,
  };
}

export function verdictOf(findings: CodedFinding[]): Verdict {
  const worst = Math.max(0, ...findings.map((f) => severityRank(f.severity)));
  if (worst >= severityRank('stop')) return 'not-safe-yet';
  return worst >= severityRank('action') ? 'go-with-actions' : 'go';
}

const subjectOf = (f: CodedFinding) => reviewSubject(f)?.toLowerCase();

/** A recorded clinician review clears a `review` finding to an action; it never clears a stop. */
function applyReview(f: CodedFinding, reviews: ReviewIndex): CodedFinding {
  // A drug needing a plan is cleared only by the plan itself, so the patient gets instructions.
  if (f.severity !== 'review' || f.code === 'antithrombotic_plan_needed') return f;
  const subject = subjectOf(f);
  const review =
    subject === undefined ? reviews.byCode.get(f.code) : reviews.bySubject.get(`${f.code}\u0000${subject}`);
  if (!review) return f;
  return withDetails(
    f,
    { reviewedBy: review.recordedBy, reviewedAt: review.recordedAt },
    { severity: 'action', blocksScheduling: false },
  );
}

type Review = ScreeningFacts['clinicianReviews'][number];
interface ReviewIndex {
  byCode: Map<string, Review>;
  bySubject: Map<string, Review>;
}

/**
 * The reviews by code, and by code and subject: each finding finds its review in one look-up, not
 * by a search of every review (findings × reviews), and the first review recorded still wins.
 */
function indexReviews(reviews: readonly Review[]): ReviewIndex {
  const index: ReviewIndex = { byCode: new Map(), bySubject: new Map() };
  for (const r of reviews) {
    if (!index.byCode.has(r.code)) index.byCode.set(r.code, r);
    const subject = r.subject?.trim().toLowerCase();
    const key = `${r.code}\u0000${subject}`;
    if (subject !== undefined && !index.bySubject.has(key)) index.bySubject.set(key, r);
  }
  return index;
}

function infection({ facts, settings }: ScreeningContext, reference: Date): CodedFinding[] {
  // seed 003 / [S33]: infection in the 14 days before the procedure (a clinic rule);
  // [S32], [S17]: active or recent infection is a contraindication.
  // Counted in the clinic's days, as the seed does: an infection that cleared on any of the
  // `days` days before the procedure's day is within them, whatever the hours (a form gives the
  // day it cleared, not its hour), so the first clear day is the one after the last of them.
  const days = settings.rules.infectionLookbackDays;
  const sources = [cite('seed-003'), cite('S33'), cite('S32'), cite('S17', 'recent bacterial infection')];
  const tz = settings.clinic.timeZone;
  const out: CodedFinding[] = facts.infections.map((i) => {
    const clearFrom = i.resolvedAt ? localDayAt(new Date(i.resolvedAt), days + 1, '00:00', tz) : undefined;
    const details = {
      description: i.description,
      startedAt: i.startedAt,
      resolvedAt: i.resolvedAt ?? null,
      lookbackDays: days,
    };
    if (clearFrom && clearFrom <= reference)
      return finding('infection_outside_lookback', 'info', sources, details);
    return finding('infection_recent', 'stop', sources, details, {
      action: clearFrom ? notBeforeAction('staff', clearFrom) : { who: 'staff' },
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

/**
 * Bleeding disorders, and each lab result against the clinic's limit. A result is dated where the
 * date is known: a day later than today is a slip for staff to put right (the value is still read,
 * since a high glucose is high whenever it was typed); a clinic that sets how old a result may be
 * (`maxAgeDays`, off: no source gives one) has a clinician look at one older than that on the
 * procedure day, or one with no date. Dates are compared as days in the clinic's zone: a form gives
 * the day a result was taken, not its hour.
 */
function bleedingAndLabs(
  { patient, facts, settings, now }: ScreeningContext,
  procedureAt: Date | undefined,
): CodedFinding[] {
  const out: CodedFinding[] = [];
  if (patient.bleedingDisorder || facts.answers?.bleedingDisorder === 'yes') {
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
  const tz = settings.clinic.timeZone;
  const check = (
    key: LabKey,
    value: number | undefined,
    limit: number | null,
    direction: 'max' | 'min',
    shown: string,
    limitShown: string | null,
    extra: CodedFinding['sources'] = [],
  ) => {
    if (value === undefined) return;
    const sources = [...labSources, ...extra];
    const takenAt = facts.labs.takenAt?.[key] ?? null;
    const details = { lab: labNames[key], value: shown, limit: limitShown, takenAt };
    if (takenAt && datedAfterToday(new Date(takenAt), now, tz)) {
      out.push(
        finding(
          'lab_taken_after_now',
          'review',
          [cite('DESIGN', 'a record says what happened: a date to come has not happened yet')],
          { ...details, now: now.toISOString() },
          { action: { who: 'staff' } },
        ),
      );
    }
    const maxAgeDays = limits.maxAgeDays;
    // Its age on the procedure day; before one is booked, today.
    const ageDays = takenAt === null ? null : localDaysBetween(new Date(takenAt), procedureAt ?? now, tz);
    if (maxAgeDays !== null && (ageDays === null || ageDays > maxAgeDays)) {
      out.push(
        finding(
          'lab_not_recent',
          'review',
          [
            cite(
              'README',
              "how recent a result must be is the clinic's own setting, off until it sets one",
              'lab result age is an UNCONFIRMED clinic rule, default off',
            ),
          ],
          { ...details, ageDays, maxAgeDays, procedureAt: procedureAt?.toISOString() ?? null },
          { action: { who: 'clinician' } },
        ),
      );
    }
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
    'hba1c',
    hba1c && toMmolMol(hba1c),
    limits.hba1cMax && toMmolMol(limits.hba1cMax),
    'max',
    hba1c ? `${hba1c.value} ${hba1c.unit}` : '',
    limits.hba1cMax && `${limits.hba1cMax.value} ${limits.hba1cMax.unit}`,
    diabetesSources,
  );
  check(
    'inr',
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

/**
 * Whether the injection has a steroid in it: a therapeutic one does; a diagnostic block does only
 * when a steroid is planned for it all the same (a steroid planned is a steroid given).
 */
export const usesSteroid = (e: Pick<EpisodeFacts, 'purpose' | 'plannedSteroid' | 'plannedSteroidDoseMg'>) =>
  e.purpose !== 'diagnostic' || e.plannedSteroid !== undefined || e.plannedSteroidDoseMg !== undefined;
const ionising = (e: EpisodeFacts) => e.plannedGuidance === 'fluoroscopy' || e.plannedGuidance === 'ct';
const isPregnant = (p: PatientFacts) => p.pregnancy === 'pregnant' || p.pregnancy === 'possibly-pregnant';
/** Every allergy named, in the list or with its details. */
const allergiesOf = (p: PatientFacts) =>
  new Set([...p.allergies, ...(p.allergyDetails ?? []).map((a) => a.allergy)]);
/** The steroid dose planned, however the plan gives it. */
const plannedSteroidDose = (e: EpisodeFacts) => e.plannedSteroidDoseMg ?? e.plannedSteroid?.doseMg;

function allergies({ patient, episode, protocol }: ScreeningContext): CodedFinding[] {
  const out: CodedFinding[] = [];
  for (const allergy of allergiesOf(patient)) {
    const more = patient.allergyDetails?.find((a) => a.allergy === allergy);
    const details = {
      allergy,
      ...(more?.agent ? { agent: more.agent } : {}),
      ...(more?.reaction ? { reaction: more.reaction } : {}),
    };
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
    !allergiesOf(patient).has('contrast') &&
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
  const details = {
    pregnancy: patient.pregnancy ?? null,
    plannedGuidance: episode.plannedGuidance ?? null,
    ...(patient.trimester ? { trimester: patient.trimester } : {}),
  };
  const out: CodedFinding[] = [
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
      { hours, poorlyControlled, ...(patient.diabetes.type ? { diabetesType: patient.diabetes.type } : {}) },
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
  diabetes: {
    insulin: boolean;
    type?: PatientFacts['diabetes'] extends infer D ? (D extends { type?: infer T } ? T : never) : never;
  },
  hba1c: Hba1c | undefined,
  settings: ClinicSettings,
): { hours: number; poorlyControlled: boolean } {
  const s = settings.rules.diabetes;
  // [S25]: larger rises in insulin users; type 1 diabetes is treated with insulin by definition.
  const insulin = diabetes.insulin || diabetes.type === 'type-1';
  const poorlyControlled =
    insulin || (hba1c !== undefined && toMmolMol(hba1c) > toMmolMol(s.poorControlHba1c));
  return {
    hours: poorlyControlled ? s.glucoseAdviceHoursPoorControl : s.glucoseAdviceHours,
    poorlyControlled,
  };
}

/**
 * Whether an injection's date is a later day than today in the clinic's zone: not given yet, so a
 * slip in its date. One rule for the screening and the form that takes the date.
 */
export const datedAfterToday = (at: Date, now: Date, timeZone: string) =>
  localDate(at, timeZone) > localDate(now, timeZone);

function steroidExposure(
  { now, patient, episode, settings, protocol }: ScreeningContext,
  reference: Date,
): CodedFinding[] {
  const tz = settings.clinic.timeZone;
  const values = protocol.values;
  const yearAgo = addLocalMonths(reference, -12, tz);
  const out: CodedFinding[] = [];
  // An injection given after today has not been given: a slip in its date (a month or a year),
  // which could hide one too recent for the interval. Named for staff to put right, never counted.
  const given = (p: { at: string }) => !datedAfterToday(new Date(p.at), now, tz);
  for (const p of patient.previousInjections) {
    if (!given(p))
      out.push(
        finding(
          'previous_injection_after_today',
          'review',
          [cite('DESIGN', 'a record says what happened: a date to come has not happened yet')],
          { at: p.at, purpose: p.purpose },
          { action: { who: 'staff' } },
        ),
      );
  }
  // H-007 (7): an injection recorded here counts whether or not it is listed; one listed on the
  // same day in the clinic's zone, on a side that could be its own, is taken to be it (the listed
  // one says how it went). A left listed does not stand for a right recorded the same day.
  const sameSide = (a: { side?: string | undefined }, b: { side?: string | undefined }) =>
    !a.side || !b.side || a.side === b.side || a.side === 'both' || b.side === 'both';
  const unlisted = (patient.recordedInjections ?? []).filter(
    (r) =>
      !patient.previousInjections.some(
        (p) => localDate(new Date(p.at), tz) === localDate(new Date(r.at), tz) && sameSide(p, r),
      ),
  );
  // Named only where the limits below read it: one more than 12 months before counts in none of
  // them, and asking staff to list a patient's every injection of years past is noise.
  for (const r of unlisted.filter((r) => new Date(r.at) > yearAgo)) {
    out.push(
      finding(
        'recorded_injection_not_listed',
        'action',
        [cite('DESIGN', "the clinic's own procedure records")],
        { at: r.at, purpose: r.purpose, side: r.side ?? null },
        { action: { who: 'staff' } },
      ),
    );
  }
  // Up to the procedure; with none booked, every one given (to the end of today): a date typed on
  // a form stands for noon, and one given this morning must count before noon too (it read go
  // until then). One later on the procedure's own day came after it, and does not count toward it.
  const byReference = (p: { at: string }) => !episode.procedureAt || new Date(p.at) <= reference;
  const inYear = [...patient.previousInjections, ...unlisted]
    .filter((p) => given(p) && new Date(p.at) > yearAgo && byReference(p))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
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
          { action: notBeforeAction('clinician', freeAt) },
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
          { action: notBeforeAction('clinician', earliest) },
        ),
      );
    }
  }
  out.push(
    ...repeatRelief(
      last,
      values.repeatTherapeutic,
      profileSource('relief before a repeat injection', 'S9'),
      tz,
    ),
  );
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
        { action: notBeforeAction('clinician', freeAt) },
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
    // The limit is of steroid in the patient, so a steroid recorded at a diagnostic injection counts
    // too; a diagnostic injection with none recorded gave none (it is not a dose left unknown).
    const steroidGiven = inYear.filter((p) => p.purpose !== 'diagnostic' || p.steroidDoseMg !== undefined);
    const doses = [...steroidGiven.map((p) => p.steroidDoseMg), plannedSteroidDose(episode)];
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

/**
 * [S9]: a repeat therapeutic injection needs ≥ 50 % relief (or function) for ≥ 3 months from the
 * previous one (a profile value; null leaves it to the clinician). Only relief is recorded here, and
 * better function may qualify instead, so a shortfall, or a result not recorded, is for a
 * clinician to review, not a stop.
 * The relief's end (its weeks from the injection) is compared with the protocol's duration from the
 * same day, both in the clinic's zone, as the outcome review does.
 */
function repeatRelief(
  last: PatientFacts['previousInjections'][number] | undefined,
  needs: ResolvedProtocol['values']['repeatTherapeutic'],
  sources: SourceRef[],
  timeZone: string,
): CodedFinding[] {
  if (!last || !needs) return [];
  const { reliefPercent, reliefWeeks } = last;
  const percentMet =
    reliefPercent === undefined
      ? undefined
      : needs.comparator === '>='
        ? reliefPercent >= needs.percent
        : reliefPercent > needs.percent;
  const durationMet =
    reliefWeeks === undefined
      ? undefined
      : reliefEnd(last.at, reliefWeeks, timeZone) >= addDuration(new Date(last.at), needs.lasting, timeZone);
  // Not recorded, wholly or in part, cannot show the protocol is met (H-007 (2)): a clinician
  // reviews it as a shortfall, since only they can say whether relief or function qualified.
  if (percentMet === true && durationMet === true) return [];
  return [
    finding(
      'repeat_relief_below_protocol',
      'review',
      sources,
      {
        lastAt: last.at,
        reliefPercent: reliefPercent ?? null,
        reliefWeeks: reliefWeeks ?? null,
        percent: needs.percent,
        comparator: needs.comparator,
        lasting: needs.lasting,
      },
      { action: { who: 'clinician' } },
    ),
  ];
}

/** When relief lasting `weeks` (possibly a fraction) from an injection at `at` ended. */
function reliefEnd(at: string, weeks: number, timeZone: string): Date {
  const days = weeks * 7;
  const whole = Math.floor(days);
  const start = addDuration(new Date(at), { years: 0, months: 0, weeks: 0, days: whole }, timeZone);
  return new Date(start.getTime() + (days - whole) * DAY_MS);
}

/**
 * A diagnostic intra-articular volume above the profile's flag (derived from joint capacity,
 * [S15], [S16]) spills out of the joint and lowers the block's specificity: better changed in the
 * plan than found in the record.
 */
function plannedVolume({ episode, protocol }: ScreeningContext): CodedFinding[] {
  const la = episode.plannedLocalAnaesthetic;
  if (la?.volumeMl === undefined || episode.purpose === 'therapeutic') return [];
  if (episode.plannedApproach === 'periarticular') return [];
  const flag = protocol.values.diagnosticVolumeFlagMl;
  if (la.volumeMl <= flag) return [];
  const sources = [cite('S15', `volume flag (${protocol.profile} protocol)`), cite('S16')];
  return [
    finding(
      'planned_volume_above_flag',
      'action',
      sources,
      { volumeMl: la.volumeMl, flagMl: flag, agent: la.agent },
      { action: { who: 'clinician' } },
    ),
  ];
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
    ...(facts.plansToDrive
      ? [
          finding(
            'plans_to_drive',
            'action',
            [cite('seed-003', 'must not drive home'), cite('S42')],
            details,
            { action: { who: 'staff' } },
          ),
        ]
      : []),
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

/**
 * Whether pregnancy must be asked before this procedure: anyone who could be pregnant (every sex
 * but male — "other" and "not recorded" are asked, a conservative choice for the clinical safety
 * officer), within the clinic's child-bearing age range when it has set one (the sources give
 * none: off asks at any age), when ionising guidance is planned or not chosen yet ([S32], [S17],
 * [S9]) or a steroid is planned (a clinician chooses it in pregnancy, [S17]).
 */
export function pregnancyQuestionApplies(
  patient: Pick<PatientFacts, 'sex' | 'ageYears'>,
  episode: EpisodeFacts,
  settings: ClinicSettings,
): boolean {
  if (patient.sex === 'male') return false;
  const range = settings.rules.pregnancy.childBearingAgeYears;
  if (range && patient.ageYears !== undefined) {
    if (patient.ageYears < range.minYears || patient.ageYears > range.maxYears) return false;
  }
  return ionising(episode) || episode.plannedGuidance === undefined || usesSteroid(episode);
}

const QUESTION_SOURCES: Record<ScreeningQuestion, SourceRef[]> = {
  infection: [
    cite('seed-003', 'any infection in the 14 days before the procedure'),
    cite('S33'),
    cite('S32'),
    cite('S17', 'recent bacterial infection'),
  ],
  antithrombotics: [cite('S33', 'tell the team about any anticoagulant'), cite('S1'), cite('README')],
  bleedingDisorder: [
    cite('S33', 'tell the team about any bleeding disorder'),
    cite('S32', 'haemorrhagic diathesis'),
  ],
  allergies: [
    cite('S32', 'allergy to any component of the injectate'),
    cite('S17'),
    cite('DESIGN', 'screening: allergies'),
  ],
  pregnancy: [
    cite('S32', 'pregnancy (ionising radiation)'),
    cite('S17', 'pregnancy: ionising radiation is not appropriate'),
    cite('S9', 'ultrasound with pregnancy'),
    cite('README', 'who is asked is a clinic rule: no source gives an age range'),
  ],
  diabetes: [cite('S17', 'steroid injections in brittle diabetics'), cite('S25'), cite('S27')],
  previousInjections: [
    cite('S9', 'sessions per rolling 12 months'),
    cite('S11', 'interval between therapeutic injections'),
  ],
  goingHome: [cite('seed-003', 'must not drive home; someone at home for 24 h'), cite('S42'), cite('S41')],
};

type QuestionState = 'answered' | 'not-asked' | 'incomplete';

/**
 * The questions of the pre-assessment call that matter (DESIGN.md "Screening"), each answered —
 * "yes" with its details, or "no" — or not asked. A question not asked is not a "no": it is a
 * `review` finding, so nobody books until it is answered or a clinician has reviewed it. Fasting
 * is not a question: the instruction comes from the clinic's rule and check-in confirms it.
 */
function questions(input: ScreeningContext): CodedFinding[] {
  const { patient, episode, facts, settings } = input;
  const a = facts.answers ?? {};
  const yesNo = (answer: string | undefined, hasDetails: boolean): QuestionState =>
    hasDetails ? 'answered' : answer === 'no' ? 'answered' : answer === 'yes' ? 'incomplete' : 'not-asked';
  const states: Array<[ScreeningQuestion, QuestionState]> = [
    [
      'infection',
      yesNo(a.infection, facts.infections.length > 0 || facts.feverNow || facts.injectionSiteInfection),
    ],
    ['antithrombotics', yesNo(a.antithrombotics, antithromboticsOf(patient).length > 0)],
    // A "yes" needs nothing more: it is the bleeding disorder finding.
    ['bleedingDisorder', yesNo(a.bleedingDisorder, patient.bleedingDisorder || a.bleedingDisorder === 'yes')],
    ['allergies', yesNo(a.allergies, allergiesOf(patient).size > 0)],
    ['diabetes', yesNo(a.diabetes, patient.diabetes !== null)],
    ['previousInjections', yesNo(a.previousInjections, patient.previousInjections.length > 0)],
  ];
  if (pregnancyQuestionApplies(patient, episode, settings)) {
    const asked = patient.pregnancy !== undefined && patient.pregnancy !== 'not-asked';
    states.push(['pregnancy', asked ? 'answered' : 'not-asked']);
  }
  if (settings.rules.escort.required) {
    const asked = facts.escortArranged !== undefined && facts.adultAtHomeArranged !== undefined;
    states.push(['goingHome', asked ? 'answered' : 'not-asked']);
  }
  const range = settings.rules.pregnancy.childBearingAgeYears;
  return states
    .filter(([, state]) => state !== 'answered')
    .map(([question, state]) => {
      const details: QuestionDetails =
        question === 'pregnancy'
          ? {
              question,
              sex: patient.sex ?? null,
              ageYears: patient.ageYears ?? null,
              plannedGuidance: episode.plannedGuidance ?? null,
              childBearingAgeYears: range ? `${range.minYears}–${range.maxYears}` : null,
            }
          : { question };
      return state === 'not-asked'
        ? finding('question_not_asked', 'review', QUESTION_SOURCES[question], details, {
            action: { who: 'clinician' },
          })
        : finding('question_answer_incomplete', 'review', QUESTION_SOURCES[question], details, {
            action: { who: 'staff' },
          });
    });
}
