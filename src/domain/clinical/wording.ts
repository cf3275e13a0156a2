import { durationWords } from './duration.ts';
import {
  bleedingRiskFactorLabels,
  type INDICATIONS,
  indicationLabels,
  type Purpose,
  purposeWords,
  redFlagGroupLabels,
  redFlagLabels,
  type ScreeningQuestion,
} from './facts.ts';
import type { CodedFinding, Finding, FindingCode } from './findings.ts';
import type { AfterCareCode, CodedInstruction, Instruction } from './instructions.ts';
import type { ClinicSettings } from './settings.ts';
import { formatLocal } from './zoned-time.ts';

/**
 * Staff and patient wording, rendered from finding codes. One table per locale, each typed
 * `Record<FindingCode, …>` so a new code cannot ship without its words. The patient text is null
 * where the patient must not be told anything on the strength of the rule alone (a drug hold
 * nobody has agreed yet, above all).
 */

export type Locale = ClinicSettings['clinic']['locale'];

export interface WordingContext {
  timeZone: string;
  locale: Locale;
  clinicName: string;
  contacts: ClinicSettings['clinic']['contacts'];
}

/**
 * What a patient should do when the clinic is closed, as one sentence, however the clinic wrote it:
 * a sentence that says when ("When we are closed, call NHS 111; …") as it is, a few words ("NHS
 * 111", "Call 111") after "When we are closed:". Said on its own, never inside another sentence.
 */
export function whenClosed(outOfHours: string): string {
  const text = outOfHours.trim().replace(/[.;,!]+$/, '');
  if (/^(when|if|out of hours|outside|after|at night|in the evening)\b/i.test(text))
    return `${capital(text)}.`;
  // "Call 111" continues the sentence in lower case; a name ("NHS 111", "Iffley Road …") keeps its capital.
  const first = /^(call|ring|phone|dial|contact|go|use|visit|attend|whenever)\b/i.test(text)
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text;
  return `When we are closed: ${first}.`;
}

export function wordingContext(settings: ClinicSettings): WordingContext {
  return {
    timeZone: settings.clinic.timeZone,
    locale: settings.clinic.locale,
    clinicName: settings.clinic.name,
    // The templates say it as a sentence of its own (whenClosed).
    contacts: { ...settings.clinic.contacts, outOfHours: whenClosed(settings.clinic.contacts.outOfHours) },
  };
}

interface Words {
  staff: string;
  patient: string | null;
}
type At = (iso: unknown) => string;
type Render<C extends FindingCode = FindingCode> = (f: CodedFinding<C>, c: WordingContext, at: At) => Words;
/** One renderer per code, each reading its own code's details. */
type Renders = { [C in FindingCode]: Render<C> };

const due = (f: CodedFinding, at: At) => (f.action?.dueAt ? at(f.action.dueAt) : undefined);
/** An interval from a finding: `minInterval` (a duration), or a record made before it had one. */
const intervalText = (d: { minInterval?: string | null; minMonths: number | null }) =>
  typeof d.minInterval === 'string' ? durationWords(d.minInterval) : `${Number(d.minMonths)} months`;
/** How long relief must last: `lasting` (a duration), or whole `months` in a record made before it. */
const lastingText = (d: { lasting?: string; months?: number }) =>
  typeof d.lasting === 'string' ? durationWords(d.lasting) : `${Number(d.months)} months`;
/** A number of days that relief lasted, for a page or a letter: "less than a day", "1 day", "12.5 days". */
export const lastedDaysWords = (days: number, format: (n: number) => string = String) =>
  days < 1 ? 'less than a day' : `${format(days)} ${days === 1 ? 'day' : 'days'}`;
/**
 * Peak relief for a page or a letter: "71%"; no relief, or pain worse at every score, said in
 * words, since "-60%" alone reads as a misprint or as relief. Null: not calculable (no scores).
 */
export const peakReliefWords = (percent: number | null, format: (n: number) => string = String) =>
  percent === null
    ? 'Not calculable'
    : percent < 0
      ? `None (pain was worse than before at every score; ${format(percent)}% at best)`
      : percent === 0
        ? 'None (pain was never lower than before)'
        : `${format(percent)}%`;
/** How long relief lasted: in hours when it was less than a day ("0 days" said nothing), else in days. */
const lastedText = (d: { reliefLastedDays: number; reliefLastedHours?: number }) =>
  d.reliefLastedHours !== undefined && d.reliefLastedHours < 24
    ? `${d.reliefLastedHours} h`
    : lastedDaysWords(d.reliefLastedDays);
/**
 * A block's relief as a clinician times it: "5 min", "1 h", "1 h 40 min". Scores are timed to the
 * minute; whole minutes are counted down, so relief a few seconds short of the hour does not read
 * as the hour it did not reach.
 */
const hoursMinutes = (hours: number) => {
  const minutes = Math.floor(Math.round(hours * 3600) / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
};
const hoursText = (h: number) => (h % 24 === 0 && h >= 48 ? `${h / 24} days` : `${h} h`);
const restartText = (d: { restartMinHours: number | null; restartMaxHours: number | null }) =>
  d.restartMinHours === null || d.restartMinHours === undefined
    ? 'no restart interval given'
    : d.restartMinHours === Number(d.restartMaxHours)
      ? `restart ${d.restartMinHours} h after`
      : `restart ${d.restartMinHours}–${Number(d.restartMaxHours)} h after`;
/** An indication mid-sentence: its label without the capital, unless it is an acronym ("SI joint"). */
const indicationText = (indication: (typeof INDICATIONS)[number]) => {
  // A record stored under an older list may name an indication no longer in it: shown as coded.
  const label = indicationLabels[indication] ?? indication;
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
};
const symptomText: Record<string, string> = {
  'new-leg-weakness': 'new leg weakness',
  'weakness-both-legs': 'weakness in both legs',
  'leg-numbness': 'leg numbness',
  'buttock-numbness': 'numbness in the buttock',
  'saddle-numbness': 'numbness in the saddle area',
  'bladder-change': 'a change in bladder control',
  'bowel-change': 'a change in bowel control',
  'severe-new-back-pain': 'severe new back pain',
  'fever-or-feeling-unwell': 'fever or feeling unwell',
  'injection-site-hot-red-swollen': 'a hot, red or swollen injection site',
  'injection-site-discharge': 'discharge from the injection site',
  'severe-headache': 'a severe headache',
  'pain-flare': 'a flare of pain',
  'injection-site-soreness': 'soreness where the needle went in',
  'facial-flushing': 'flushing of the face',
  other: 'a symptom not on our list',
};

/** A symptom in words a patient reads (en-GB). */
export const symptomName = (symptom: string): string => symptomText[symptom] ?? symptom;

/** A protocol threshold's comparator as a clinician writes it: "≥ 75 %"; the details keep '>='. */
export const comparatorSymbol = (comparator: string): string => (comparator === '>=' ? '≥' : comparator);
/** The same in words, for letters: "at least 75 %". */
export const comparatorWords = (comparator: string): string =>
  comparator === '>=' ? 'at least' : 'more than';

const staffOnly = (staff: string): Words => ({ staff, patient: null });

/** The questions of the pre-assessment call (facts.ts SCREENING_QUESTIONS), as staff say them. */
/** Each screening question (facts.ts SCREENING_QUESTIONS) as staff read it; the forms ask it too. */
export const questionText: Record<ScreeningQuestion, string> = {
  infection: 'a recent infection, a fever or an infected injection site',
  antithrombotics: 'anticoagulant or antiplatelet medicines',
  bleedingDisorder: 'a bleeding disorder',
  allergies: 'allergies (local anaesthetic, steroid, contrast, latex)',
  pregnancy: 'pregnancy',
  diabetes: 'diabetes',
  previousInjections: 'earlier steroid or SI joint injections',
  goingHome: 'an escort home and an adult at home afterwards',
};
const sexText: Record<string, string> = {
  female: 'a woman',
  other: 'a patient whose recorded sex is "other"',
  unknown: 'a patient whose sex is not known',
};
/** " (triamcinolone; anaphylaxis)" from an allergy finding's details, or nothing. */
const allergyNote = (d: { agent?: string; reaction?: string }) => {
  const parts = [d.agent, d.reaction].filter((p): p is string => typeof p === 'string');
  return parts.length > 0 ? ` (${parts.join('; ').replaceAll('-', ' ')})` : '';
};
/** " It is held 3 days 2 h before the procedure; published hold 7 days (…)" for a shared-assessment hold. */
const referenceText = (d: { referenceHold?: string | null; heldHours?: number | null }) =>
  d.referenceHold
    ? ` ${typeof d.heldHours === 'number' ? `It is held ${hoursOrDays(Math.round(d.heldHours * 10) / 10)} before the procedure; p` : 'P'}ublished hold ${d.referenceHold}.`
    : '';
/** A length of time as a nurse on the phone says it: "5.5 h", "3 days 2 h" (from two days on). */
const hoursOrDays = (hours: number) => {
  if (hours < 48) return `${hours} h`;
  const days = Math.floor(hours / 24);
  const rest = Math.round(hours - days * 24);
  return rest === 24 ? `${days + 1} days` : `${days} days${rest > 0 ? ` ${rest} h` : ''}`;
};
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
/** An instant's local day alone: "Tuesday 3 March 2026" (en-GB), "Tuesday March 3, 2026" (en-US). */
const day = (iso: unknown, at: (iso: unknown) => string) => at(iso).replace(/, [^,]*$/, '');
/** " (taken Tuesday 3 March 2026)" for a lab result whose date is recorded, or nothing. */
const takenText = (d: { takenAt?: string | null }, at: (iso: unknown) => string) =>
  d.takenAt ? ` (taken ${day(d.takenAt, at)})` : '';
const ordinal = (n: number) => (n === 1 ? '1st' : n === 2 ? '2nd' : '3rd');
const trimesterNote = (d: { trimester?: number }) =>
  typeof d.trimester === 'number' ? ` (${ordinal(d.trimester)} trimester)` : '';
const numbnessPatientText = (c: WordingContext, by: string | undefined, hours: number) =>
  `This should wear off within ${plural(hours, 'hour')} of the injection${by ? `, by ${by}` : ''}. If it has not worn off by then, or your legs feel weak, call ${c.contacts.urgentPhone} straight away. ${c.contacts.outOfHours}`;

const EN_GB: Renders = {
  indication_recognised: (f) =>
    staffOnly(`Indication: ${indicationText(f.details.indication)} (a condition SI joint injections treat).`),
  referral_red_flag: (f) => {
    const flag = (redFlagLabels[f.details.flag] ?? 'one not named').toLowerCase();
    const group = redFlagGroupLabels[f.details.group];
    return staffOnly(
      `Red flag: ${flag}${!group || group === flag ? '' : `, ${group}`}. Outside the appropriate-use criteria for an SI joint injection: investigate it first, or say why the injection goes ahead.`,
    );
  },
  referral_red_flags_not_asked: () =>
    staffOnly(
      'Red flags not recorded as asked (signs of cauda equina compression, of cancer or infection, a fracture): ask about them, then tick those found or "None of these".',
    ),
  indication_not_recorded: () =>
    staffOnly('No indication recorded: record why an SI joint injection is proposed.'),
  purpose_recorded: (f) => staffOnly(`Purpose of the injection: ${purposeText(f.details.purpose)}.`),
  epidural_without_benefit: () =>
    staffOnly('No benefit from a lumbar epidural: consistent with SI joint pain.'),
  imaging_without_distinct_finding: () =>
    staffOnly('Imaging without a distinct finding: consistent with SI joint pain.'),
  provocation_cluster_positive: (f) =>
    staffOnly(
      `${f.details.positive} of ${f.details.done} provocation tests positive (cluster needs ${f.details.required}): supports the SI joint${typeof f.details.laslettPositive === 'number' && f.details.laslettPositive < f.details.required ? ` (fewer than ${String(f.details.required)} of Laslett's six, so its sensitivity and specificity do not apply)` : ' (Laslett: sensitivity 94 %, specificity 78 %)'}.`,
    ),
  provocation_below_cluster: (f) =>
    staffOnly(
      `${f.details.positive} of ${f.details.done} provocation tests positive, below the ${f.details.required} needed: weighs against, though it does not fully exclude the SI joint.`,
    ),
  provocation_all_negative: () =>
    staffOnly('All six Laslett provocation tests negative: this rules the SI joint out as the pain source.'),
  provocation_incomplete: (f) =>
    staffOnly(
      f.details.done === 0
        ? `No provocation tests recorded yet; ${f.details.required} positive are needed. Complete the examination.`
        : `Only ${f.details.done} provocation ${f.details.done === 1 ? 'test' : 'tests'} done; ${f.details.required} positive are needed. Complete the examination.`,
    ),
  conservative_care_met: (f) =>
    staffOnly(
      `${plural(f.details.weeks, 'week')} of conservative care (at least ${plural(f.details.minWeeks, 'week')} needed).`,
    ),
  conservative_care_short: (f) =>
    staffOnly(
      f.details.weeks === 0
        ? `No conservative care yet; the protocol asks for ${plural(f.details.minWeeks, 'week')}.`
        : `Only ${plural(f.details.weeks, 'week')} of conservative care; the protocol asks for ${plural(f.details.minWeeks, 'week')}.`,
    ),
  conservative_care_not_recorded: (f) =>
    staffOnly(
      `Record the weeks of conservative care (the protocol asks for ${plural(f.details.minWeeks, 'week')}).`,
    ),

  antithrombotic_continue: (f) => ({
    staff: `${f.details.drug}: no hold needed at ${f.details.risk} bleeding risk; continue (${restartText(f.details)} if stopped).`,
    patient: `Keep taking your ${f.details.drug} as usual unless your clinic team tells you otherwise.`,
  }),
  antithrombotic_plan_needed: (f, _c, at) => {
    const hold = f.details.holdHours;
    const firm = f.details.advice === 'hold';
    const latest = due(f, at);
    const what = firm
      ? `needs a ${hoursText(Number(hold))} hold before the procedure${latest ? ` (last dose no later than ${latest})` : ''}${f.details.requiresNormalInr ? ' and a normal INR' : ''}; ${restartText(f.details)}`
      : `shared assessment with the prescriber at ${f.details.risk} bleeding risk${f.details.referenceHold ? `; published hold${f.details.risk === 'low' ? ' for higher risk' : ''} ${f.details.referenceHold ?? ''}` : ''}${hold !== null ? `; the clinic suggests ${hoursText(Number(hold))}${latest ? ` (last dose ${latest})` : ''}` : ''}`;
    const task = firm
      ? 'Record the hold plan before booking'
      : 'Agree a plan with the prescriber and record it before booking';
    return staffOnly(`${withGeneric(f.details)}: ${what}. ${task}; the patient is told nothing until then.`);
  },
  antithrombotic_plan_recorded: (f, _c, at) => {
    const restart =
      f.details.restartAfterHours === null
        ? ''
        : ` Start it again ${plural(Number(f.details.restartAfterHours), 'hour')} after the procedure, unless told otherwise.`;
    const plan =
      f.details.decision === 'continue'
        ? `Keep taking your ${f.details.drug} as usual.`
        : `Take your last dose of ${f.details.drug} on ${at(f.details.lastDoseAt)}.${restart}`;
    return {
      staff: `${f.details.drug}: plan recorded by ${f.details.recordedBy}${f.details.agreedWith ? ` with ${f.details.agreedWith ?? ''}` : ''}: ${f.details.decision}${f.details.lastDoseAt ? `, last dose ${at(f.details.lastDoseAt)}` : ''}.${referenceText(f.details)}`,
      patient: `Your clinic team has agreed this plan with you: ${plan}`,
    };
  },
  antithrombotic_plan_too_short: (f) =>
    staffOnly(
      f.details.holdIsClinicSetting
        ? `${f.details.drug}: the recorded plan holds it for ${Math.round(f.details.plannedHoldHours)} h before the procedure, less than the ${hoursText(Number(f.details.holdHours))} the clinic suggests. A clinician must review the plan, or correct it or move the procedure.`
        : `${f.details.drug}: the recorded plan holds it for ${Math.round(f.details.plannedHoldHours)} h but ${hoursText(Number(f.details.holdHours))} are needed at ${f.details.risk} bleeding risk. Correct the plan or move the procedure.`,
    ),
  antithrombotic_dose_after_plan: (f, _c, at) =>
    staffOnly(
      `${f.details.drug}: the patient reports a dose on ${at(f.details.reportedLastDoseAt)}, after the agreed last dose (${at(f.details.planLastDoseAt)}). A clinician must review the plan before going ahead.`,
    ),
  antithrombotic_last_dose_after_procedure: (f, _c, at) =>
    staffOnly(
      `${f.details.drug}: the agreed hold's last dose (${at(f.details.lastDoseAt)}) is after the procedure (${at(f.details.procedureAt)}). Check the date before the plan reaches the patient.`,
    ),
  medication_is_antithrombotic: (f) =>
    staffOnly(
      `${f.details.drug} in the medication list is an antithrombotic${sameDrug(f.details) ? '' : ` (${f.details.generic})`}: screened as one.`,
    ),
  antithrombotic_unknown: (f, _c, at) => {
    const generics = f.details.generics ? f.details.generics.split(', ') : [];
    const other = f.details.otherWords;
    const what = other
      ? `names ${generics.join(', ')} and other words (“${other}”), which may be another medicine: a clinician must decide how to manage the line and record a plan for it.`
      : generics.length > 1
        ? `names more than one medicine (${generics.join(', ')}): a clinician must decide how to manage each and record a plan for each.`
        : generics.length === 1
          ? `names ${generics[0]} after other words, which may be another medicine: a clinician must decide how to manage it and record a plan.`
          : 'is not in the antithrombotic table: a clinician must decide how to manage it and record a plan.';
    // A line naming drugs among other words is quoted, so that its words do not run into ours.
    const line = generics.length > 0 ? `“${f.details.drug}”` : f.details.drug;
    return staffOnly(
      `${line} ${what}${f.details.reportedLastDoseAt ? ` The patient reports the last dose on ${at(f.details.reportedLastDoseAt)}.` : ''}`,
    );
  },
  bleeding_risk_raised: (f) =>
    staffOnly(
      `Bleeding risk raised from low to ${f.details.risk} by patient factors: ${factorsText(f.details.factors)}${typeof f.details.olderAgeFromYears === 'number' ? ` (aged ${Number(f.details.ageYears)}; the clinic counts older age from ${Number(f.details.olderAgeFromYears)})` : ''}.`,
    ),
  question_not_asked: (f) => {
    if (f.details.question !== 'pregnancy') {
      return staffOnly(
        `Not asked: ${questionText[f.details.question]}. Ask before booking, or a clinician must review.`,
      );
    }
    const who = sexText[f.details.sex ?? ''] ?? 'a patient whose sex is not recorded';
    const age = f.details.ageYears === null ? '' : ` of ${Number(f.details.ageYears)}`;
    const guidance = f.details.plannedGuidance
      ? `${guidanceText(f.details.plannedGuidance)} guidance`
      : 'guidance not chosen yet';
    return staffOnly(
      `Not asked: pregnancy, for ${who}${age} (${guidance}). No ionising radiation in pregnancy: ask before booking, or a clinician must review.`,
    );
  },
  question_answer_incomplete: (f) =>
    staffOnly(
      `Answered yes to ${questionText[f.details.question]}, but without the details. Record them before booking.`,
    ),

  infection_recent: (f, _c, at) => ({
    staff: f.details.resolvedAt
      ? `Infection (${f.details.description}) resolved ${day(f.details.resolvedAt, at)}: within the ${plural(f.details.lookbackDays, 'day')} before the procedure. Defer until ${f.action?.dueAt ? `${day(f.action.dueAt, at)} at the earliest` : 'the look-back has passed'}.`
      : `Infection (${f.details.description}) still active: within the ${f.details.lookbackDays}-day look-back. Defer until it has cleared.`,
    patient:
      'You have had an infection recently, so the injection needs to wait. The clinic will contact you about a new date.',
  }),
  infection_outside_lookback: (f) =>
    staffOnly(
      `Infection (${f.details.description}) cleared more than ${plural(f.details.lookbackDays, 'day')} before the procedure.`,
    ),
  fever: () => ({
    staff: 'Fever now: not safe to inject until it has settled.',
    patient: 'As you have a temperature, the injection needs to wait.',
  }),
  injection_site_infection: () => ({
    staff: 'Infection at the injection site: not safe to inject.',
    patient: 'As the skin where the injection goes is infected, the injection needs to wait.',
  }),
  bleeding_disorder: () =>
    staffOnly('Bleeding disorder: a clinician must review (correct it first) before booking.'),
  lab_above_limit: (f, _c, at) => ({
    staff: `${capital(f.details.lab)} ${f.details.value}${takenText(f.details, at)} is above the clinic's limit of ${f.details.limit ?? ''}: not safe yet.`,
    patient: `Your ${f.details.lab} result is higher than the clinic's limit for this injection, so it needs to wait. The clinic will advise you.`,
  }),
  lab_below_limit: (f, _c, at) => ({
    staff: `${capital(f.details.lab)} ${f.details.value}${takenText(f.details, at)} is below the clinic's limit of ${f.details.limit ?? ''}: not safe yet.`,
    patient: `Your ${f.details.lab} result is lower than the clinic's limit for this injection, so it needs to wait. The clinic will advise you.`,
  }),
  lab_no_limit_set: (f, _c, at) =>
    staffOnly(
      `${capital(f.details.lab)} ${f.details.value}${takenText(f.details, at)}: the clinic has set no limit (the sources give none), so a clinician must review it.`,
    ),
  lab_within_limit: (f, _c, at) =>
    staffOnly(
      `${capital(f.details.lab)} ${f.details.value}${takenText(f.details, at)} is within the clinic's limit of ${f.details.limit ?? ''}.`,
    ),
  lab_taken_after_now: (f, _c, at) =>
    staffOnly(
      `${capital(f.details.lab)} ${f.details.value} is dated ${day(f.details.takenAt, at)}, after today: check the date it was taken. Its value is still read.`,
    ),
  lab_not_recent: (f, _c, at) =>
    staffOnly(
      f.details.ageDays === null || f.details.ageDays === undefined
        ? `${capital(f.details.lab)} ${f.details.value} has no date: the clinic accepts results up to ${plural(f.details.maxAgeDays, 'day')} old on the procedure day. Record when it was taken, take a new one, or a clinician must review it.`
        : `${capital(f.details.lab)} ${f.details.value} was taken ${day(f.details.takenAt, at)}, ${plural(f.details.ageDays, 'day')} ${f.details.procedureAt ? 'before the procedure' : 'ago'}; the clinic accepts results up to ${plural(f.details.maxAgeDays, 'day')} old on the procedure day. Take a new one, or a clinician must review it.`,
    ),

  allergy_contrast: (f) => ({
    staff: `Contrast allergy${allergyNote(f.details)}: use no iodinated contrast; use ultrasound guidance or a non-contrast technique (gadolinium is an alternative).`,
    patient: 'Because of your allergy to contrast dye, we will not use it.',
  }),
  allergy_contrast_with_contrast_planned: (f) =>
    staffOnly(
      `Contrast allergy${allergyNote(f.details)} but contrast is planned: change to ultrasound or a non-contrast technique before going ahead.`,
    ),
  allergy_latex: (f) => ({
    staff: `Latex allergy${allergyNote(f.details)}: prepare a latex-free room and equipment.`,
    patient: 'We know about your latex allergy and will use latex-free equipment.',
  }),
  allergy_local_anaesthetic: (f) =>
    staffOnly(
      `Local anaesthetic allergy${allergyNote(f.details)}: an injectate component is contraindicated; a clinician must choose a safe agent or decline.`,
    ),
  allergy_steroid: (f) =>
    staffOnly(
      `Steroid allergy${allergyNote(f.details)} with a steroid planned: a clinician must review the injectate.`,
    ),
  allergy_steroid_no_steroid_planned: (f) =>
    staffOnly(
      `Steroid allergy${allergyNote(f.details)}: keep steroid out of the injectate (none planned for a diagnostic block).`,
    ),
  pregnancy_no_ionising_radiation: (f) => ({
    staff: `Pregnancy${trimesterNote(f.details)}: no fluoroscopy or CT; ultrasound guidance only.`,
    patient: 'Because you are or may be pregnant, we will use ultrasound, not X-rays, to guide the needle.',
  }),
  pregnancy_with_ionising_radiation_planned: (f) =>
    staffOnly(
      `Pregnancy${trimesterNote(f.details)} with ${guidanceText(f.details.plannedGuidance)} guidance planned: ionising radiation is contraindicated; change to ultrasound.`,
    ),
  pregnancy_steroid_choice: (f) =>
    staffOnly(
      `Pregnancy${trimesterNote(f.details)} with a steroid planned: a clinician must decide whether and which steroid (the sources give no choice).`,
    ),
  ultrasound_outside_profile: (f) =>
    staffOnly(
      `Ultrasound guidance planned without contrast allergy or pregnancy: outside the ${f.details.profile} protocol (coverage may be refused).`,
    ),
  diabetes_glucose_advice: (f, _c, at) => ({
    staff: `Diabetic${f.details.diabetesType ? ` (${(f.details.diabetesType ?? '').replace('-', ' ')})` : ''} with a steroid planned: advise glucose monitoring for ${hoursText(f.details.hours)}${f.details.poorlyControlled ? ' (poorly controlled or on insulin)' : ''}.`,
    patient: `The steroid can raise your blood sugar. Check your blood sugar regularly for ${hoursText(f.details.hours)} after the injection${due(f, at) ? `, until ${due(f, at)}` : ''}, and contact your diabetes team if it stays high.`,
  }),

  previous_injection_after_today: (f, _c, at) =>
    staffOnly(
      `An earlier ${purposeText(f.details.purpose)} injection is dated ${day(f.details.at, at)}, after today: check its date. Until then it is not counted in the interval or the yearly limits.`,
    ),
  recorded_injection_not_listed: (f, _c, at) =>
    staffOnly(
      `This clinic recorded a ${purposeText(f.details.purpose)} injection${f.details.side ? ` (${f.details.side} side)` : ''} on ${day(f.details.at, at)} that the earlier injections do not list. It is counted in the interval and the yearly limits; add it under earlier injections, with the relief it gave.`,
    ),
  steroid_interval_too_short: (f, _c, at) =>
    staffOnly(
      `Last therapeutic injection ${at(f.details.lastAt)}; the protocol needs ${intervalText(f.details)} between injections. Earliest date: ${due(f, at)}.`,
    ),
  steroid_yearly_cap_reached: (f, _c, at) =>
    staffOnly(
      `${f.details.count} therapeutic injections in the last 12 months (cap ${f.details.cap}). Earliest date: ${due(f, at)}.`,
    ),
  steroid_dose_cap_reached: (f) =>
    staffOnly(
      `Steroid over 12 months would reach ${f.details.total} mg, above the clinic's limit of ${f.details.maxDose} mg.`,
    ),
  steroid_dose_unknown: (f) =>
    staffOnly(
      `Steroid doses over the last 12 months are not all recorded; the clinic's limit is ${f.details.maxDose} mg. A clinician must review.`,
    ),
  diagnostic_sessions_cap_reached: (f, _c, at) =>
    staffOnly(
      `${f.details.count} diagnostic sessions in the last 12 months (cap ${f.details.cap}). Earliest date: ${due(f, at)}.`,
    ),
  repeat_relief_below_protocol: (f, _c, at) => {
    const asks = `the protocol asks for ${comparatorSymbol(f.details.comparator)} ${f.details.percent} % relief (or better function) for ${lastingText(f.details)} before a repeat. A clinician must review.`;
    if (f.details.reliefPercent === null && f.details.reliefWeeks === null)
      return staffOnly(
        `The relief the last therapeutic injection (${at(f.details.lastAt)}) gave is not recorded; ${asks}`,
      );
    const how =
      f.details.reliefPercent === null
        ? 'relief (how much not recorded)'
        : `${Number(f.details.reliefPercent)} % relief`;
    const long =
      f.details.reliefWeeks === null
        ? ' (for how long not recorded)'
        : ` for ${plural(Number(f.details.reliefWeeks), 'week')}`;
    return staffOnly(`The last therapeutic injection (${at(f.details.lastAt)}) gave ${how}${long}; ${asks}`);
  },
  planned_volume_above_flag: (f) =>
    staffOnly(
      `Planned ${f.details.agent} volume ${f.details.volumeMl} mL is above ${f.details.flagMl} mL for a diagnostic intra-articular block: extravasation likely, lowering its specificity. Consider a smaller volume.`,
    ),

  escort_needed: (f) => ({
    staff: `Confirm an adult escort home and someone at home for ${f.details.adultAtHomeHours} h before the day.`,
    patient: `Please arrange an adult to take you home and to stay with you for ${plural(f.details.adultAtHomeHours, 'hour')}.`,
  }),
  escort_arranged: (f) => ({
    staff: `Escort home and an adult at home for ${f.details.adultAtHomeHours} h arranged.`,
    patient: `Thank you for arranging someone to take you home and stay with you for ${plural(f.details.adultAtHomeHours, 'hour')}.`,
  }),
  no_driving: (f) => ({
    staff: `No driving for ${f.details.noDrivingHours} h after the procedure.`,
    patient: `You must not drive yourself home, and do not drive for ${plural(f.details.noDrivingHours, 'hour')} after the injection.`,
  }),
  plans_to_drive: (f) => ({
    staff: `The patient plans to drive: explain they must not drive home or for ${f.details.noDrivingHours} h after the procedure, and confirm who will drive them.`,
    patient: `You told us you plan to drive. You must not drive yourself home, or at all for ${plural(f.details.noDrivingHours, 'hour')} after the injection: please arrange for someone else to drive you.`,
  }),
  fasting_instruction: (f, _c, at) => {
    const solids = due(f, at);
    const fluids = f.details.clearFluidsUntil ? at(f.details.clearFluidsUntil) : undefined;
    return {
      staff: `Fasting: no food for ${f.details.solidsHours} h, clear fluids until ${f.details.clearFluidsHours} h before.`,
      patient:
        solids && fluids
          ? `Do not eat after ${solids}. You may drink clear fluids (water, black tea or coffee) until ${fluids}.`
          : `Do not eat for ${plural(f.details.solidsHours, 'hour')} before your injection. You may drink clear fluids until ${plural(f.details.clearFluidsHours, 'hour')} before.`,
    };
  },
  light_meal_allowed: () => ({
    staff: 'No fasting needed (local anaesthetic only).',
    patient: 'You may eat a light meal before your injection.',
  }),

  block_positive: (f) =>
    staffOnly(
      `Positive block: ${f.details.peakReliefPercent} % peak relief with ${f.details.anaesthetic}, meeting the threshold (${comparatorSymbol(f.details.comparator)} ${f.details.thresholdPercent} %) for ${hoursMinutes(f.details.reliefLastedHours)} (expected at least ${hoursMinutes(f.details.expectedMinHours)}).`,
    ),
  block_negative: (f) =>
    staffOnly(
      f.details.peakReliefPercent < 0
        ? `Negative block: pain was worse than before the block at every score (${f.details.peakReliefPercent} % relief at best); the threshold is ${comparatorSymbol(f.details.comparator)} ${f.details.thresholdPercent} %.`
        : `Negative block: peak relief ${f.details.peakReliefPercent} % never reached the threshold (${comparatorSymbol(f.details.comparator)} ${f.details.thresholdPercent} %).`,
    ),
  block_no_scores: () => staffOnly('No pain scores after the block: it cannot be interpreted.'),
  block_score_before_block: (f, _c, at) =>
    staffOnly(
      `The pain score ${f.details.pain}/10 timed ${at(f.details.scoredAt)} is before the block (given ${at(f.details.performedAt)}): not counted. Check its time.`,
    ),
  block_score_after_now: (f, _c, at) =>
    staffOnly(
      `The pain score ${f.details.pain}/10 timed ${at(f.details.scoredAt)} is later than now (${at(f.details.now)}): not counted. Check its time.`,
    ),
  block_scores_conflict: (f, _c, at) =>
    staffOnly(
      `${f.details.scoresThen === 2 ? 'Two' : f.details.scoresThen} pain scores at ${at(f.details.scoredAt)} disagree (${f.details.lowestPain}/10 ${f.details.scoresThen === 2 ? 'and' : 'to'} ${f.details.highestPain}/10): correct the one that is wrong; the block is not read until then.`,
    ),
  block_baseline_zero: () => staffOnly('Baseline pain was 0: relief cannot be measured.'),
  block_duration_unknown: (f) =>
    staffOnly(
      `Relief reached ${f.details.peakReliefPercent} %, but no expected duration is set for ${f.details.anaesthetic}: set it in the clinic settings or on the record, then re-read.`,
    ),
  block_scores_stop_early: (f) =>
    staffOnly(
      `Relief met the threshold, but scores stop at ${hoursMinutes(f.details.reliefLastedHours)}, before ${f.details.anaesthetic}'s expected ${hoursMinutes(f.details.expectedMinHours)}: indeterminate.`,
    ),
  block_relief_shorter_than_anaesthetic: (f) =>
    staffOnly(
      `Relief fell below the threshold before ${f.details.anaesthetic}'s expected ${hoursMinutes(f.details.expectedMinHours)}: not positive (indeterminate).`,
    ),
  block_relief_after_anaesthetic: (f) =>
    staffOnly(
      `Relief met the threshold only from ${hoursMinutes(f.details.reliefFromHours)}, after ${f.details.anaesthetic}'s expected ${hoursRange(f.details.expectedMinHours, f.details.expectedMaxHours)} h: not a response to the block as scored (indeterminate). A clinician reads the diary.`,
    ),
  block_volume_above_flag: (f) =>
    staffOnly(
      `Injectate volume ${f.details.volumeMl} mL is above ${f.details.flagMl} mL: extravasation likely, lowering the block's specificity.`,
    ),
  comparative_concordant: (f) =>
    staffOnly(
      `Comparative blocks concordant: ${f.details.firstAnaesthetic} ${hoursMinutes(Number(f.details.firstLastedHours))}, ${f.details.secondAnaesthetic} ${hoursMinutes(Number(f.details.secondLastedHours))}.`,
    ),
  comparative_discordant: (f) =>
    staffOnly(
      `Comparative blocks discordant: the longer-acting anaesthetic did not give the longer relief (${f.details.firstAnaesthetic} ${hoursMinutes(Number(f.details.firstLastedHours))}, ${f.details.secondAnaesthetic} ${hoursMinutes(Number(f.details.secondLastedHours))}).`,
    ),
  comparative_same_anaesthetic: () =>
    staffOnly('Both blocks used the same anaesthetic: not a comparative pair.'),
  comparative_indeterminate: () =>
    staffOnly('Comparative blocks cannot be compared (a block is not positive or a duration is unknown).'),

  discharge_walking_not_checked: () => staffOnly('Walking not yet checked.'),
  discharge_leg_numbness_or_weakness: () =>
    staffOnly('Leg numbness or weakness not resolved: a clinician must assess before discharge.'),
  discharge_leg_symptoms_reviewed: (f) =>
    staffOnly(`Leg symptoms assessed by ${f.details.reviewedBy}; discharge with that plan.`),
  discharge_not_passed_urine: () => staffOnly('Has not yet passed urine.'),
  discharge_no_escort: () => staffOnly('No escort present: the patient must not go home alone or drive.'),
  discharge_advice_not_given: () => staffOnly('Discharge advice not yet given.'),
  discharge_ready: () => ({
    staff: 'Ready for discharge.',
    patient: 'You are ready to go home. Please read the advice you have been given.',
  }),

  diary_anaesthetic_window_unknown: (f) =>
    staffOnly(
      `No expected duration set for ${f.details.anaesthetic ? f.details.anaesthetic : 'the anaesthetic'}: the diary has no hourly prompts. Set it in the clinic settings.`,
    ),

  diary_scores_conflict: (f, _c, at) =>
    staffOnly(
      `${f.details.scoresThen === 2 ? 'Two' : f.details.scoresThen} diary scores at ${at(f.details.scoredAt)} disagree (${f.details.lowestPain}/10 ${f.details.scoresThen === 2 ? 'and' : 'to'} ${f.details.highestPain}/10): relief is not read from the diary, so a clinician judges the outcome.`,
    ),
  diary_entry_after_now: (f, _c, at) =>
    staffOnly(
      f.details.count === 1
        ? `A diary entry is timed ${at(f.details.earliestAt)}, later than now (${at(f.details.now)}): not counted. Check its time.`
        : `${f.details.count} diary entries are timed later than now (${at(f.details.now)}), the first ${at(f.details.earliestAt)}: not counted. Check their times.`,
    ),

  outcome_responder: (f, _c, at) =>
    staffOnly(
      `Responder: relief reached ${Number(f.details.peakReliefPercent)} % and stayed ${comparatorSymbol(f.details.comparator)} ${f.details.thresholdPercent} % for ${lastedText(f.details)}${f.details.reliefFrom ? ` from ${at(f.details.reliefFrom)}, when a diary score showed less` : ''}${f.details.reliefOngoing ? ' (still going)' : ''}${typeof f.details.requiredDuration === 'string' && !f.details.lasted ? `; the protocol asks for ${durationWords(f.details.requiredDuration)}` : ''}.`,
    ),
  outcome_non_responder: (f) => {
    const peak = Number(f.details.peakReliefPercent);
    const threshold = `${comparatorSymbol(f.details.comparator)} ${f.details.thresholdPercent} %`;
    return staffOnly(
      peak < 0
        ? `Not a responder: pain was worse than before the injection at every diary score (${peak} % relief at best); the threshold is ${threshold}.`
        : peak === 0
          ? `Not a responder: pain was never lower than before the injection (no relief at any diary score); the threshold is ${threshold}.`
          : `Not a responder: peak relief ${peak} % (threshold ${threshold}).`,
    );
  },
  outcome_no_entries: () => staffOnly('No diary entries after the procedure yet.'),
  outcome_baseline_zero: () =>
    staffOnly('Pain before the injection was recorded as 0: relief cannot be measured. Check the baseline.'),
  outcome_response_not_judged: (f) =>
    staffOnly(
      `The ${f.details.profile} protocol leaves the therapeutic response to the clinician's judgement.`,
    ),
  next_repeat_injection: () => staffOnly('Next step: a repeat injection is allowed when the pain returns.'),
  next_repeat_not_allowed_yet: (f, _c, at) =>
    staffOnly(
      `Next step: a repeat injection, but not before ${due(f, at)} (${intervalText(f.details)} apart).`,
    ),
  next_repeat_cap_reached: (f, _c, at) =>
    staffOnly(
      `Next step: no repeat now; ${f.details.count} therapeutic injections in 12 months (cap ${f.details.cap}). Possible again from ${due(f, at)}.`,
    ),
  next_refer_rf_denervation: (f) =>
    staffOnly(
      `Next step: refer for radiofrequency denervation (positive diagnostic block${f.details.reliefDidNotLast ? ', relief that did not last' : ''})${f.details.coveredUnderProfile ? '' : '; not covered under the 2023 Medicare LCDs'}.`,
    ),
  next_physiotherapy: () => ({
    staff: 'Next step: physiotherapy, to improve activity and endurance.',
    patient: 'Slowly increase your movement in the coming weeks; physiotherapy can help.',
  }),
  next_reconsider_diagnosis: () => staffOnly('Next step: reconsider the diagnosis; the block was negative.'),
  next_clinician_review: (f) =>
    staffOnly(
      `Next step: clinician review (${REVIEW_REASONS[f.details.reason ?? ''] ?? (f.details.reason ?? '').replaceAll('-', ' ')}).`,
    ),

  symptom_urgent: (f, c) => ({
    staff: `URGENT: ${symptomText[f.details.symptom]} reported${f.details.hoursSinceProcedure !== null ? ` ${hoursOrDays(Number(f.details.hoursSinceProcedure))} after the procedure` : ''}${typeof f.details.expectedNumbnessHours === 'number' ? `, later than the ${f.details.expectedNumbnessHours} h in which the local anaesthetic’s numbness wears off` : ''}. Contact the patient now.`,
    patient: `${capital(symptomText[f.details.symptom])} needs urgent medical advice. Call ${c.contacts.urgentPhone} now. ${c.contacts.outOfHours} If you cannot get through, go to your nearest emergency department.`,
  }),
  symptom_soon: (f, c) => ({
    staff: `${capital(symptomText[f.details.symptom])} reported: contact the patient today.`,
    patient: `Please call ${c.clinicName} today on ${c.contacts.phone} about ${symptomText[f.details.symptom]}. ${c.contacts.outOfHours}`,
  }),
  symptom_routine: (f, c, at) => {
    if (typeof f.details.expectedNumbnessHours === 'number') {
      return {
        staff: `${capital(symptomText[f.details.symptom])}: expected from the local anaesthetic; it should wear off by ${due(f, at)}. Numbness beyond that is urgent.`,
        patient: `${capital(symptomText[f.details.symptom])} is expected from the local anaesthetic. ${numbnessPatientText(c, due(f, at), Number(f.details.expectedNumbnessHours))}`,
      };
    }
    return {
      staff: `${capital(symptomText[f.details.symptom])}: expected after the injection.`,
      patient: `${capital(symptomText[f.details.symptom])} is expected after the injection and should settle. If it gets worse or you are worried, call ${c.contacts.phone}.`,
    };
  },

  side_consistent: (f) => staffOnly(`Side consistent at every step: ${f.details.planned ?? ''}.`),
  side_mismatch: (f) =>
    staffOnly(
      `SIDE MISMATCH: planned ${(f.details.planned ?? '') || '—'}, marked ${(f.details.markedAtCheckIn ?? '') || '—'}, time-out ${(f.details.confirmedAtTimeOut ?? '') || '—'}, recorded ${(f.details.recorded ?? '') || '—'}. Stop and resolve.`,
    ),
  side_not_confirmed: (f) =>
    staffOnly(
      `Side not confirmed at: ${String(f.details.missing ?? '')
        .split(', ')
        .map((step) => SIDE_STEPS[step] ?? step)
        .join(', ')}. Stop until every step names the side.`,
    ),
};

/** "CT", not "ct"; the other kinds of guidance are words already. */
const guidanceText = (g: string | null | undefined) => (g === 'ct' ? 'CT' : String(g ?? ''));
/** An injection's purpose mid-sentence; a stored finding's detail is shown as it is if unknown. */
const purposeText = (p: string | undefined) => purposeWords[p as Purpose] ?? String(p ?? '');

/** The safety checklist's steps that name the side (side.ts), in words. */
const SIDE_STEPS: Record<string, string> = {
  planned: 'the plan',
  markedAtCheckIn: 'check-in (the site marked)',
  confirmedAtTimeOut: 'the time-out',
  recorded: 'the procedure record',
};

/** Why the outcome asks for a clinician's review (outcome.ts), in words. */
const REVIEW_REASONS: Record<string, string> = {
  'block-not-positive': 'the block was not positive',
  'no-block-result': 'no block result was recorded',
  'relief-did-not-last': 'relief did not last',
  'relief-below-threshold': 'relief never reached the threshold',
  'no-diary-to-judge': 'no diary scores after the injection to judge the relief by',
  'no-baseline-to-judge': 'pain before the injection was recorded as 0, so relief cannot be measured',
  'diary-scores-conflict': 'two diary scores at one time disagree',
  'relief-ongoing-not-yet-judged': 'relief is still going: too early to judge whether it lasts',
  'diary-stopped-while-relief-held':
    'the diary stopped while relief still held, before the time the protocol asks it to last',
  'repeat-criterion-is-clinician-judgement': 'the protocol leaves a repeat to clinical judgement',
};

/** "more than one antithrombotic, older age" for the finding's "multiple-antithrombotics, older-age". */
const factorsText = (factors: string | undefined) =>
  String(factors ?? '')
    .split(', ')
    .map((k) => bleedingRiskFactorLabels[k as keyof typeof bleedingRiskFactorLabels]?.toLowerCase() ?? k)
    .join(', ');

/** "Eliquis 5 mg (apixaban)", but "warfarin", not "warfarin (warfarin)". */
// Details read back from a stored finding may lack a field; the sentence must still be written.
const sameDrug = (d: { drug?: string; generic?: string }) =>
  String(d.drug ?? '')
    .trim()
    .toLowerCase() === String(d.generic ?? '').toLowerCase();
const withGeneric = (d: { drug?: string; generic?: string }) =>
  sameDrug(d) ? String(d.drug ?? '') : `${d.drug ?? ''} (${d.generic ?? ''})`;

function capital(text: string | undefined): string {
  const t = text ?? '';
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/**
 * American English (en-US): the same sentences as en-GB, so the two cannot drift apart in what they
 * tell a patient, with American spelling and names from a closed glossary (whole words only, a
 * capital kept). The clinic's own words — its name and contacts — are shielded from it.
 */
const US_WORDS: Record<string, string> = {
  anaesthesia: 'anesthesia',
  anaesthetic: 'anesthetic',
  anaesthetics: 'anesthetics',
  anaesthetist: 'anesthesiologist',
  haematoma: 'hematoma',
  haemorrhage: 'hemorrhage',
  haemorrhagic: 'hemorrhagic',
  ionising: 'ionizing',
  recognised: 'recognized',
  colour: 'color',
  ring: 'call',
  centre: 'center',
  litre: 'liter',
  oedema: 'edema',
  paediatric: 'pediatric',
};
const US_EXACT: Record<string, string> = { GP: 'primary care doctor', GPs: 'primary care doctors' };

/** British words in American spelling (the glossary above); other text as it is. */
export function toUsEnglish(text: string): string {
  return text.replace(/[A-Za-z]+/g, (w) => {
    const exact = US_EXACT[w];
    if (exact) return exact;
    const us = US_WORDS[w.toLowerCase()];
    if (!us) return w;
    return w.charAt(0) === w.charAt(0).toUpperCase() ? capital(us) : us;
  });
}

const SHIELD = /\u{E000}(\w+)\u{E001}/gu;
const shield = (key: string) => `\u{E000}${key}\u{E001}`;
/** The context with the clinic's own words replaced by markers the glossary cannot touch. */
function shielded(c: WordingContext): WordingContext {
  return {
    ...c,
    clinicName: shield('clinicName'),
    contacts: {
      phone: shield('phone'),
      urgentPhone: shield('urgentPhone'),
      outOfHours: shield('outOfHours'),
    },
  };
}
function inUsEnglish(text: string, c: WordingContext): string {
  return toUsEnglish(text).replace(SHIELD, (_, key: string) =>
    key === 'clinicName' ? c.clinicName : c.contacts[key as keyof WordingContext['contacts']],
  );
}

/** A finding's words from a table: the renderer of its own code. */
function render<C extends FindingCode>(table: Renders, f: CodedFinding<C>, c: WordingContext, at: At): Words {
  const r: Render<C> = table[f.code];
  return r(f, c, at);
}

const EN_US = Object.fromEntries(
  Object.keys(EN_GB).map((code): [string, Render] => [
    code,
    (f, c, at) => {
      const words = render(EN_GB, f, shielded(c), at);
      return {
        staff: inUsEnglish(words.staff, c),
        patient: words.patient === null ? null : inUsEnglish(words.patient, c),
      };
    },
  ]),
) as Renders;

export const WORDING: Record<Locale, Renders> = { 'en-GB': EN_GB, 'en-US': EN_US };

/** A coded finding with its wording and its action's date in the clinic's zone. */
export function present<C extends FindingCode>(f: CodedFinding<C>, c: WordingContext): Finding<C> {
  const at = localTime(c);
  const words = render(WORDING[c.locale], f, c, at);
  const action = f.action?.dueAt ? { ...f.action, dueLocal: at(f.action.dueAt) } : f.action;
  return { ...f, ...(action ? { action } : {}), staffText: words.staff, patientText: words.patient };
}

type RenderInstruction = (i: CodedInstruction, c: WordingContext, at: (iso: unknown) => string) => string;
const d = (i: CodedInstruction, key: string): number => Number(i.details[key]);

const AFTER_CARE_EN_GB: Record<AfterCareCode, RenderInstruction> = {
  after_numbness: (i, _c, at) =>
    `Your buttock or leg may feel numb or weak from the local anaesthetic. This should wear off within ${plural(d(i, 'hours'), 'hour')}, by ${at(i.details.until)}.`,
  after_soreness: () => 'Your back may be sore where the needle went in for a few days.',
  after_flare: (i) =>
    `Your pain may flare up for a while before it settles. This should last no more than about ${plural(d(i, 'days'), 'day')}.`,
  after_relief_anaesthetic: (i) =>
    i.details.minHours === null
      ? 'The local anaesthetic may ease your pain straight away, while it lasts.'
      : `The local anaesthetic may ease your pain straight away, for about ${hoursRange(d(i, 'minHours'), d(i, 'maxHours'))} hours while it lasts.`,
  after_relief_steroid: () => 'The steroid may ease your pain for several weeks.',
  after_steroid_flushing: () =>
    'The steroid can make your face flush (go red and feel warm). This is expected.',
  after_glucose: (i, _c, at) =>
    `The steroid can raise your blood sugar. Check your blood sugar regularly for ${hoursText(d(i, 'hours'))} after the injection, until ${at(i.details.until)}, and contact your diabetes team if it stays high.`,
  after_antithrombotic_restart: (i, _c, at) =>
    `Start your ${String(i.details.drug)} again on ${at(i.details.restartAt)}, as agreed with your clinic team, unless a doctor tells you otherwise.`,
  after_no_driving: (i, _c, at) =>
    `Do not drive for ${plural(d(i, 'hours'), 'hour')} after the injection (until ${at(i.details.until)}).`,
  after_adult_at_home: (i) =>
    `Have an adult stay with you at home for ${plural(d(i, 'hours'), 'hour')} after the injection.`,
  after_movement: () => 'Slowly increase your movement in the weeks after the injection.',
  after_diary: () =>
    'Keep your pain diary when it asks you to, in the hours and days after the injection: it shows how well the injection worked.',
  after_follow_up: (i, _c, at) => `Your follow-up appointment is on ${at(i.details.at)}.`,
  after_follow_up_contact: (_i, c) =>
    `${c.clinicName} will look at your diary and contact you about what happens next.`,
  urgent_symptom: (i) => capital(symptomText[String(i.details.symptom)]),
  urgent_numbness: (i) =>
    `Numbness or weakness in your legs that has not worn off ${plural(d(i, 'hours'), 'hour')} after the injection`,
  urgent_call: (_i, c) =>
    `Ring our urgent line straight away on ${c.contacts.urgentPhone}. ${c.contacts.outOfHours} If you cannot get through, go to your nearest emergency department.`,
};

const hoursRange = (min: number, max: number) => (min === max ? `${min}` : `${min}–${max}`);

const AFTER_CARE_EN_US = Object.fromEntries(
  Object.entries(AFTER_CARE_EN_GB).map(([code, render]): [string, RenderInstruction] => [
    code,
    (i, c, at) => inUsEnglish(render(i, shielded(c), at), c),
  ]),
) as Record<AfterCareCode, RenderInstruction>;

export const AFTER_CARE_WORDING: Record<Locale, Record<AfterCareCode, RenderInstruction>> = {
  'en-GB': AFTER_CARE_EN_GB,
  'en-US': AFTER_CARE_EN_US,
};

/** An after-care instruction worded for the patient, its times in the clinic's zone. */
export function presentInstruction(i: CodedInstruction, c: WordingContext): Instruction {
  return { ...i, text: AFTER_CARE_WORDING[c.locale][i.code](i, c, localTime(c)) };
}

/** An instant in the clinic's zone and locale; nothing for a missing one. */
function localTime(c: WordingContext): (iso: unknown) => string {
  return (iso) => (typeof iso === 'string' ? formatLocal(new Date(iso), c.timeZone, c.locale) : '');
}
