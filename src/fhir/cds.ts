/**
 * CDS Hooks 2.0 (https://cds-hooks.org/specification/current/), the pure half: the services this
 * app offers, what the CDS Client's prefetch tells the clinical core, and the core's findings as
 * cards. Decision support only: a card informs, warns or flags as critical, and never blocks an
 * order. Where the prefetch lacks what the core needs, a card says so instead of assuming safe.
 * The HTTP half (JWT check, clinic settings, the database) is src/server/cds-hooks/.
 */
import type { Coding } from '@medplum/fhirtypes';
import { findDrug } from '../domain/clinical/drugs.ts';
import {
  type AgreedPlan,
  type Antithrombotic,
  ageInYears,
  type ClinicSettings,
  type CodedFinding,
  type EpisodeFacts,
  type Finding,
  type FindingCode,
  fromLocal,
  type PatientFacts,
  PatientFactsSchema,
  type RecordedInjection,
  type ScreeningFacts,
  ScreeningFactsSchema,
  type Severity,
  type Side,
  screen,
} from '../domain/clinical/index.ts';
import { EARLIEST_YEAR, LATEST_YEAR } from '../domain/dates.ts';
import {
  CONFIRMED,
  LATERALITY_EXTENSION,
  localCoding,
  localSystemUrl,
  RXNORM_INGREDIENTS,
  SYSTEMS,
  sideOfLaterality,
} from './codes.ts';

/** The ids of our services: `{baseUrl}/cds-services/{id}`. */
export const CDS_SERVICE_IDS = ['sij-order-sign', 'sij-order-select', 'sij-patient-view'] as const;
export type CdsServiceId = (typeof CDS_SERVICE_IDS)[number];

/**
 * What the order services ask the CDS Client to prefetch (spec "Prefetch Template"; only the
 * query subset the spec recommends: reads, type searches by patient, token equality).
 */
export const ORDER_PREFETCH = {
  patient: 'Patient/{{context.patientId}}',
  medicationRequests: 'MedicationRequest?patient={{context.patientId}}&status=active',
  medicationStatements: 'MedicationStatement?patient={{context.patientId}}&status=active',
  conditions: 'Condition?patient={{context.patientId}}',
  observations: 'Observation?patient={{context.patientId}}',
} as const;
export type OrderPrefetchKey = keyof typeof ORDER_PREFETCH;

export interface CdsServiceDescription {
  hook: 'order-sign' | 'order-select' | 'patient-view';
  title: string;
  description: string;
  id: CdsServiceId;
  prefetch?: Record<string, string>;
  usageRequirements?: string;
}

/** The discovery document's services (spec "Discovery"). */
export function cdsServices(): CdsServiceDescription[] {
  const orders =
    'Runs the SI joint injection safety screening of SIJ Pathway on the draft SI joint injection order and the prefetched medicines, conditions and observations: antithrombotics (drug-specific advice), infection in the look-back, bleeding disorders, laboratory values against the clinic limits, diabetes; and the interval and yearly limits, counting the SI joint injections SIJ Pathway recorded for the patient (matched by the Patient’s NHS number within the client’s clinic). Cards cite their source; where data is missing a card says what could not be checked.';
  const usage =
    'Fires only for a ServiceRequest coded as an SI joint injection (SIJ Pathway local code, CPT 27096 or HCPCS G0260) or named so in its text. The calling client must be registered with the clinic (signed JWT).';
  return [
    {
      hook: 'order-sign',
      title: 'SI joint injection safety screening (order sign)',
      description: orders,
      id: 'sij-order-sign',
      prefetch: { ...ORDER_PREFETCH },
      usageRequirements: usage,
    },
    {
      hook: 'order-select',
      title: 'SI joint injection safety screening (order select)',
      description: orders,
      id: 'sij-order-select',
      prefetch: { ...ORDER_PREFETCH },
      usageRequirements: usage,
    },
    {
      hook: 'patient-view',
      title: 'SI joint injections in the last 12 months',
      description:
        "The patient's SI joint injections recorded in SIJ Pathway in the last 12 months and their total steroid dose, matched by NHS number within the calling client's clinic. No card when the patient is not known there.",
      id: 'sij-patient-view',
      prefetch: { patient: 'Patient/{{context.patientId}}' },
      usageRequirements: 'The Patient must carry an NHS number identifier.',
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Cards (spec "Card Attributes")

export type Indicator = 'info' | 'warning' | 'critical';

export interface CardSource {
  label: string;
  url?: string;
  topic?: Coding;
}

export interface CardAction {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: Record<string, unknown>;
  resourceId?: string;
}

export interface Suggestion {
  label: string;
  uuid?: string;
  isRecommended?: boolean;
  actions?: CardAction[];
}

export interface Card {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: Indicator;
  source: CardSource;
  suggestions?: Suggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
  overrideReasons?: Coding[];
}

/**
 * The finding's severity as a card's urgency: a stop (not safe yet) is critical; review (a plan
 * or a clinician needed before booking) and action (something to do first) are warnings.
 */
export const INDICATOR: Record<Severity, Indicator> = {
  stop: 'critical',
  review: 'warning',
  action: 'warning',
  info: 'info',
};

/** The spec asks for a one-sentence summary under 140 characters. */
export const SUMMARY_MAX = 139;

export function summaryOf(text: string): string {
  const first = /^(.+?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  if (first.length <= SUMMARY_MAX) return first;
  const cut = first.slice(0, SUMMARY_MAX - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), SUMMARY_MAX - 20)).replace(/[\s,;:(]+$/, '')}…`;
}

/** Why a clinician may set a card aside: offered with every card (spec "overrideReasons"). */
export function overrideReasons(canonicalBase: string): Coding[] {
  return ['plan-already-agreed', 'record-out-of-date', 'clinical-judgement'].map((code) =>
    localCoding(canonicalBase, 'cds-override-reason', code),
  );
}

const CARD_TOPIC = (canonicalBase: string): Coding => ({
  system: localSystemUrl(canonicalBase, 'procedure'),
  code: 'si-joint-injection',
  display: 'Sacroiliac joint injection',
});

function sourceOf(f: Finding, canonicalBase: string): CardSource {
  const ref = f.sources.find((s) => s.url) ?? f.sources[0]!;
  const label = ref.own
    ? 'SIJ Pathway (its own rule)'
    : `${ref.title ?? ref.ref}${ref.year ? ` (${ref.year})` : ''}`;
  return { label, ...(ref.url ? { url: ref.url } : {}), topic: CARD_TOPIC(canonicalBase) };
}

function detailOf(f: Finding, protocol: string): string {
  const lines = f.sources.map((s) => `- ${s.url ? `[${s.ref}](${s.url})` : s.ref}`);
  const sources = [...new Set(lines)].join('\n');
  return `${f.staffText}\n\n**Sources**\n\n${sources}\n\n_SIJ Pathway safety screening, protocol ${protocol}. Decision support: the order is not blocked._`;
}

/** Findings about the pre-assessment call itself (going home, fasting, questions to ask): not for an order. */
const NOT_FOR_ORDERS = new Set<FindingCode>([
  'question_answer_incomplete',
  'escort_needed',
  'escort_arranged',
  'no_driving',
  'plans_to_drive',
  'fasting_instruction',
  'light_meal_allowed',
  'steroid_dose_unknown',
  // "List it on the call": the nurse's task at the screening; the order counts it all the same.
  'recorded_injection_not_listed',
]);

function forOrders(f: CodedFinding): boolean {
  if (NOT_FOR_ORDERS.has(f.code)) return false;
  // Every question of the call is "not asked" here; only pregnancy is read from nothing we are sent.
  if (f.code === 'question_not_asked') return f.details.question === 'pregnancy';
  return true;
}

/** Shorter summaries where the staff text leads with detail; the detail keeps the full text. */
const SUMMARY: { [C in FindingCode]?: (f: Finding<C>) => string } = {
  antithrombotic_plan_needed: (f) =>
    f.details.advice === 'hold'
      ? `${f.details.drug}: needs a recorded hold plan before the SI joint injection.`
      : `${f.details.drug}: agree a plan with the prescriber before the SI joint injection.`,
  antithrombotic_unknown: (f) =>
    `${f.details.drug}: not in the antithrombotic table; a clinician must record a plan.`,
};

function summaryText<C extends FindingCode>(f: Finding<C>): string {
  const summary: ((f: Finding<C>) => string) | undefined = SUMMARY[f.code];
  return summary?.(f) ?? f.staffText;
}

// ---------------------------------------------------------------------------------------------
// Reading the request

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function codingsOf(concept: unknown): Coding[] {
  return arr(obj(concept)?.coding)
    .map(obj)
    .filter((c): c is Json => Boolean(c))
    .map((c) => ({
      ...(str(c.system) ? { system: str(c.system)! } : {}),
      ...(str(c.code) ? { code: str(c.code)! } : {}),
      ...(str(c.display) ? { display: str(c.display)! } : {}),
    }));
}

/** Every name a concept carries: its text and each coding's display. */
function namesOf(concept: unknown): string[] {
  return [str(obj(concept)?.text), ...codingsOf(concept).map((c) => c.display)].filter((x): x is string =>
    Boolean(x),
  );
}

const SI_JOINT_TEXT =
  /\b(sacro-?iliac|si)\s+joint\b.*\b(injection|block)\b|\b(injection|block)\b.*\b(sacro-?iliac|si)\s+joint\b/i;

/** Whether a draft order is an SI joint injection: our local code, CPT 27096, HCPCS G0260, or its text. */
export function isSiJointInjection(resource: unknown, canonicalBase: string): boolean {
  const r = obj(resource);
  if (r?.resourceType !== 'ServiceRequest') return false;
  const local = localSystemUrl(canonicalBase, 'procedure');
  const codes = codingsOf(r.code);
  const coded = codes.some(
    (c) =>
      (c.system === local && c.code === 'si-joint-injection') ||
      (c.system === CONFIRMED.cptSiInjection.system && c.code === CONFIRMED.cptSiInjection.code) ||
      (c.system === CONFIRMED.hcpcsSiInjection.system && c.code === CONFIRMED.hcpcsSiInjection.code),
  );
  return coded || namesOf(r.code).some((n) => SI_JOINT_TEXT.test(n));
}

/** The SI joint injection orders among the draft orders (for order-select, only the selected ones). */
export function siJointOrders(context: Json, canonicalBase: string, selectedOnly: boolean): Json[] {
  const orders = arr(obj(context.draftOrders)?.entry)
    .map((e) => obj(obj(e)?.resource))
    .filter((r): r is Json => Boolean(r) && isSiJointInjection(r, canonicalBase));
  if (!selectedOnly) return orders;
  const selections = new Set(arr(context.selections).map(str));
  return orders.filter((r) => selections.has(`ServiceRequest/${str(r.id)}`));
}

/**
 * A prefetch value: `missing` when the client did not send the key (it chose not to or could not:
 * we cannot tell the patient has nothing), the resources of a Bundle (or one resource), and an
 * OperationOutcome the client sent in its place counts as missing.
 */
function prefetched(prefetch: Json | undefined, key: string): { missing: boolean; resources: Json[] } {
  if (!prefetch || !(key in prefetch)) return { missing: true, resources: [] };
  const value = prefetch[key];
  if (value === null) return { missing: false, resources: [] };
  const v = obj(value);
  if (!v || v.resourceType === 'OperationOutcome') return { missing: true, resources: [] };
  if (v.resourceType === 'Bundle') {
    const resources = arr(v.entry)
      .map((e) => obj(obj(e)?.resource))
      .filter((r): r is Json => Boolean(r));
    if (resources.some((r) => r.resourceType === 'OperationOutcome' && r.issue !== undefined)) {
      const real = resources.filter((r) => r.resourceType !== 'OperationOutcome');
      return { missing: real.length === 0, resources: real };
    }
    return { missing: false, resources };
  }
  return { missing: false, resources: [v] };
}

/**
 * A FHIR date or dateTime as an instant. A date alone (or a month, read as its first day) is 12:00
 * that day on the clinic's calendar, as the screening form reads a date typed without a time: at
 * midnight UTC it was the evening before west of UTC, and the rules count the clinic's days.
 */
function instant(v: unknown, timeZone: string): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const day = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(s);
  const d = day ? noonOn(Number(day[1]), Number(day[2]), Number(day[3] ?? 1), timeZone) : new Date(s);
  // A year nobody means (1066, 3026) is a slip in the record: no date, as the screening's inputs
  // refuse it (src/domain/dates.ts), rather than a hook that fails on the whole prefetch.
  const year = d.getUTCFullYear();
  return Number.isNaN(d.getTime()) || year < EARLIEST_YEAR || year > LATEST_YEAR
    ? undefined
    : d.toISOString();
}

/** 12:00 on a calendar day in the zone; an invalid date ("2026-02-30") when there is no such day. */
function noonOn(year: number, month: number, day: number, timeZone: string): Date {
  const real = new Date(Date.UTC(year, month - 1, day));
  if (real.getUTCMonth() !== month - 1 || real.getUTCDate() !== day) return new Date(Number.NaN);
  return fromLocal({ year, month, day, hour: 12, minute: 0 }, timeZone);
}

const INFECTION_TEXT =
  /\b(infect\w*|sepsis|septic\w*|abscess\w*|cellulitis|pneumonia|pyelonephritis|osteomyelitis|discitis|uti|cystitis)\b/i;
const DIABETES_TEXT = /\bdiabet(es|ic)\b(?!\s+insipidus)/i;
const BLEEDING_TEXT =
  /\b(ha?emophilia|von willebrand|bleeding disorder|coagulopathy|thrombocytopenia|clotting factor deficiency)\b/i;

/** RxNorm ingredient codes we can name (src/fhir/codes.ts): a coded medicine with no name still counts. */
function medicineNames(concept: unknown): string[] {
  const byCode = codingsOf(concept)
    .filter((c) => c.system === SYSTEMS.rxnorm && c.code && RXNORM_INGREDIENTS[c.code])
    .map((c) => RXNORM_INGREDIENTS[c.code!]!);
  return [...byCode, ...namesOf(concept)];
}

const MED_REQUEST_LIVE = new Set(['active', 'on-hold', 'draft']);
const MED_STATEMENT_LIVE = new Set(['active', 'intended', 'on-hold']);

export interface Derived {
  patient: PatientFacts;
  episode: EpisodeFacts;
  screening: ScreeningFacts;
  /** What the core needs that the prefetch did not give, in words. */
  gaps: string[];
}

/**
 * What the prefetch says, as the clinical core's screening input (src/domain/clinical/facts.ts).
 * Only what the record states is used: a medicine, an infection, a lab value, a condition. The
 * screening questions are left unanswered; their "not asked" findings are not cards (the order is
 * not the pre-assessment call), except pregnancy, which nothing here can answer.
 */
export function deriveScreening(input: {
  context: Json;
  prefetch: Json | undefined;
  order: Json;
  settings: ClinicSettings;
  now: Date;
}): Derived {
  const { prefetch, order, settings, now } = input;
  const tz = settings.clinic.timeZone;
  const gaps: string[] = [];
  const patientData = prefetched(prefetch, 'patient');
  const fhirPatient = patientData.resources.find((r) => r.resourceType === 'Patient');
  if (!fhirPatient)
    gaps.push('the patient (sex and age: whether pregnancy and age-related bleeding risk apply)');

  // Medicines: each one the antithrombotic table knows is screened as an antithrombotic.
  const medsRequests = prefetched(prefetch, 'medicationRequests');
  const medsStatements = prefetched(prefetch, 'medicationStatements');
  if (medsRequests.missing && medsStatements.missing) gaps.push('medicines (antithrombotics)');
  const antithrombotics: Antithrombotic[] = [];
  const medications: { name: string }[] = [];
  const unnamed: string[] = [];
  const live = [
    ...medsRequests.resources.filter(
      (r) => r.resourceType === 'MedicationRequest' && MED_REQUEST_LIVE.has(String(r.status)),
    ),
    ...medsStatements.resources.filter(
      (r) => r.resourceType === 'MedicationStatement' && MED_STATEMENT_LIVE.has(String(r.status)),
    ),
  ];
  for (const m of live) {
    const names = [
      ...medicineNames(m.medicationCodeableConcept),
      ...[str(obj(m.medicationReference)?.display)].filter((x): x is string => Boolean(x)),
    ];
    if (names.length === 0) {
      unnamed.push(String(m.resourceType));
      continue;
    }
    const known = names.find((n) => findDrug(n));
    const name = (known ?? names[0]!).slice(0, 200);
    if (known) {
      if (!antithrombotics.some((a) => findDrug(a.name)?.generic === findDrug(known)?.generic))
        antithrombotics.push({ name });
    } else if (medications.length < 50) medications.push({ name });
  }
  if (unnamed.length > 0)
    gaps.push(
      `${unnamed.length} medicine record(s) without a name or a code we know (a medication reference we cannot read)`,
    );

  // Conditions and observations: infections, diabetes, bleeding disorders, labs.
  const conditions = prefetched(prefetch, 'conditions');
  const observations = prefetched(prefetch, 'observations');
  if (conditions.missing) gaps.push('conditions (infection, diabetes, bleeding disorders)');
  if (observations.missing) gaps.push('observations (recent infection, INR, platelets, glucose, HbA1c)');
  const infections: ScreeningFacts['infections'] = [];
  let diabetes = false;
  let bleedingDisorder = false;
  for (const c of conditions.resources) {
    if (c.resourceType !== 'Condition') continue;
    const verification = codingsOf(c.verificationStatus).map((k) => k.code);
    if (verification.includes('refuted') || verification.includes('entered-in-error')) continue;
    const clinical = codingsOf(c.clinicalStatus).map((k) => k.code);
    const resolved = clinical.some((k) => k === 'resolved' || k === 'inactive' || k === 'remission');
    const names = namesOf(c.code);
    const description = (names[0] ?? 'condition').slice(0, 200);
    if (names.some((n) => INFECTION_TEXT.test(n))) {
      const startedAt =
        instant(c.onsetDateTime, tz) ?? instant(obj(c.onsetPeriod)?.start, tz) ?? instant(c.recordedDate, tz);
      const resolvedAt = instant(c.abatementDateTime, tz) ?? instant(obj(c.abatementPeriod)?.end, tz);
      if (resolved && !resolvedAt) {
        gaps.push(`when "${description}" cleared (it is marked resolved without a date)`);
        continue;
      }
      infections.push({
        description,
        startedAt: startedAt ?? now.toISOString(),
        ...(resolvedAt ? { resolvedAt } : {}),
      });
      continue;
    }
    if (resolved) continue;
    if (names.some((n) => DIABETES_TEXT.test(n))) diabetes = true;
    if (names.some((n) => BLEEDING_TEXT.test(n))) bleedingDisorder = true;
  }
  const labs: ScreeningFacts['labs'] = {};
  // The latest result of each, with the day it was taken (an INR from last year is not today's).
  const takenAt: NonNullable<ScreeningFacts['labs']['takenAt']> = {};
  const setLab = <K extends keyof typeof takenAt>(key: K, at: string, value: ScreeningFacts['labs'][K]) => {
    const latest = takenAt[key];
    if (latest && Date.parse(latest) >= Date.parse(at)) return;
    takenAt[key] = at;
    labs[key] = value;
  };
  for (const o of observations.resources) {
    if (o.resourceType !== 'Observation') continue;
    if (['entered-in-error', 'cancelled', 'preliminary', 'registered'].includes(String(o.status))) continue;
    const names = namesOf(o.code);
    const at =
      instant(o.effectiveDateTime, tz) ?? instant(obj(o.effectivePeriod)?.start, tz) ?? instant(o.issued, tz);
    if (names.some((n) => INFECTION_TEXT.test(n)) && o.valueBoolean !== false) {
      const negated = codingsOf(o.valueCodeableConcept).some((k) =>
        /^(absent|negative|no)$/i.test(k.display ?? k.code ?? ''),
      );
      if (!negated) {
        const value = namesOf(o.valueCodeableConcept)[0];
        infections.push({
          description: (value ? `${names[0]}: ${value}` : names[0]!).slice(0, 200),
          startedAt: at ?? now.toISOString(),
        });
      }
      continue;
    }
    const q = obj(o.valueQuantity);
    const value = typeof q?.value === 'number' && q.value > 0 ? q.value : undefined;
    if (value === undefined || !at) continue;
    const unit = str(q?.code) ?? str(q?.unit) ?? '';
    const text = names.join(' ');
    if (/\bINR\b|international normali[sz]ed ratio/i.test(text)) setLab('inr', at, value);
    else if (/platelet/i.test(text) && /10\*9\/L|10\^9\/L|×10⁹\/L|10\*3\/uL|10\^3\/µL|K\/uL/i.test(unit))
      setLab('platelets', at, value);
    else if (/a1c|hba1c/i.test(text) && (unit === '%' || unit === 'mmol/mol'))
      setLab('hba1c', at, { value, unit: unit as '%' | 'mmol/mol' });
    else if (/glucose/i.test(text) && /^(mmol\/L|mg\/dL)$/.test(unit))
      setLab('glucose', at, { value, unit: unit as 'mmol/L' | 'mg/dL' });
  }

  const birthDate = str(fhirPatient?.birthDate);
  const gender = str(fhirPatient?.gender);
  const patient = PatientFactsSchema.parse({
    ...(gender && ['female', 'male', 'other', 'unknown'].includes(gender) ? { sex: gender } : {}),
    ...(birthDate && /^\d{4}-\d{2}-\d{2}$/.test(birthDate)
      ? { ageYears: Math.min(130, ageInYears(birthDate, now, settings.clinic.timeZone)) }
      : {}),
    diabetes: diabetes ? { insulin: medications.some((m) => /insulin/i.test(m.name)) } : null,
    bleedingDisorder,
    antithrombotics,
    medications,
  });
  const side: Side | undefined = sideOfLaterality(
    arr(order.bodySite)
      .flatMap((b) => arr(obj(b)?.extension))
      .map(obj)
      .filter((x) => x?.url === LATERALITY_EXTENSION)
      .flatMap((x) => codingsOf(x?.valueCodeableConcept)),
  );
  const procedureAt =
    instant(order.occurrenceDateTime, tz) ?? instant(obj(order.occurrencePeriod)?.start, tz);
  const episode: EpisodeFacts = {
    // The order does not say whether the injection is diagnostic or therapeutic: both, the wider reading.
    purpose: 'both',
    ...(side ? { side } : {}),
    ...(procedureAt && procedureAt > now.toISOString() ? { procedureAt } : {}),
  };
  const screening = ScreeningFactsSchema.parse({
    infections,
    labs: Object.keys(takenAt).length > 0 ? { ...labs, takenAt } : labs,
    agreedPlans: [] as AgreedPlan[],
  });
  return { patient, episode, screening, gaps };
}

// ---------------------------------------------------------------------------------------------
// Answering an order hook

export interface OrderCardsInput {
  context: Json;
  prefetch: Json | undefined;
  settings: ClinicSettings;
  now: Date;
  canonicalBase: string;
  /** order-select looks at the selected orders only (spec, order-select "Context"). */
  selectedOnly: boolean;
  /** A fresh UUID (cards and suggestions are named so feedback can point at them). */
  newId: () => string;
  /**
   * The injections SIJ Pathway recorded for the patient (known here by the NHS number the
   * prefetch carries): the interval and the yearly limits count them, as the screening does.
   */
  recordedInjections?: RecordedInjection[];
}

/** The cards for an order hook: none unless an SI joint injection is being ordered. */
export function orderCards(input: OrderCardsInput): Card[] {
  const { context, settings, now, canonicalBase, newId } = input;
  const orders = siJointOrders(context, canonicalBase, input.selectedOnly);
  const order = orders[0];
  if (!order) return [];
  const derived = deriveScreening({ context, prefetch: input.prefetch, order, settings, now });
  const result = screen({
    now,
    settings,
    patient: { ...derived.patient, recordedInjections: input.recordedInjections ?? [] },
    episode: derived.episode,
    facts: derived.screening,
  });
  const protocol = `${settings.protocol.profile}`;
  const patientRef = str(context.patientId) ? `Patient/${str(context.patientId)}` : undefined;
  const orderRef = str(order.id) ? `ServiceRequest/${str(order.id)}` : undefined;
  const reasons = overrideReasons(canonicalBase);
  const cards: Card[] = result.findings.filter(forOrders).map((f) => {
    const suggestions = suggestionsFor(f, { patientRef, orderRef, newId });
    return {
      uuid: newId(),
      summary: summaryOf(summaryText(f)),
      detail: detailOf(f, protocol),
      indicator: INDICATOR[f.severity],
      source: sourceOf(f, canonicalBase),
      ...(suggestions.length > 0 ? { suggestions, selectionBehavior: 'at-most-one' as const } : {}),
      ...(f.severity === 'info' ? {} : { overrideReasons: reasons }),
    };
  });
  if (derived.gaps.length > 0) {
    cards.push({
      uuid: newId(),
      summary: 'SI joint injection screening is incomplete: some of the record was not sent to check.',
      detail: `Not checked, because the request did not carry it: ${derived.gaps.join('; ')}.\n\nThis is not a sign that the order is safe: check these before the procedure.`,
      indicator: 'info',
      source: { label: 'SIJ Pathway (its own rule)', topic: CARD_TOPIC(canonicalBase) },
    });
  }
  // Most urgent first (the spec leaves display order to the client; this is a hint).
  const rank: Record<Indicator, number> = { critical: 0, warning: 1, info: 2 };
  return cards.sort((a, b) => rank[a.indicator] - rank[b.indicator]);
}

function suggestionsFor(
  f: Finding,
  refs: { patientRef: string | undefined; orderRef: string | undefined; newId: () => string },
): Suggestion[] {
  const drug = 'drug' in f.details ? f.details.drug : undefined;
  if ((f.code === 'antithrombotic_plan_needed' || f.code === 'antithrombotic_unknown') && drug) {
    const description = `Agree a plan for ${drug} around the SI joint injection with the prescriber, and record it in SIJ Pathway before booking.`;
    return [
      {
        label: `Record an agreed plan for ${drug}`,
        uuid: refs.newId(),
        isRecommended: true,
        actions: [
          {
            type: 'create',
            description,
            resource: {
              resourceType: 'Task',
              status: 'requested',
              intent: 'order',
              priority: 'routine',
              description,
              ...(refs.patientRef ? { for: { reference: refs.patientRef } } : {}),
              ...(refs.orderRef ? { focus: { reference: refs.orderRef } } : {}),
            },
          },
        ],
      },
    ];
  }
  if (f.severity === 'stop' && refs.orderRef) {
    return [
      {
        label: 'Remove this draft order; order again when it is safe',
        uuid: refs.newId(),
        actions: [
          {
            type: 'delete',
            description: 'Remove the draft SI joint injection order',
            resourceId: refs.orderRef,
          },
        ],
      },
    ];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// patient-view

export interface InjectionSummary {
  /** Procedures recorded in the last 12 months, newest first. */
  injections: Array<{ performedAt: string; side: Side; steroidMg: number | null; steroid: string | null }>;
  /** Where a steroid was given without a dose, the total is a lower bound. */
  dosesMissing: number;
}

/** The NHS number of a prefetched Patient, if it carries one. */
export function nhsNumberOf(prefetch: Json | undefined): string | undefined {
  const p = prefetched(prefetch, 'patient').resources.find((r) => r.resourceType === 'Patient');
  const id = arr(p?.identifier)
    .map(obj)
    .find((i) => i?.system === SYSTEMS.nhsNumber);
  return str(id?.value)?.replace(/\s+/g, '');
}

/** The patient-view card: none when nothing was recorded in the last 12 months. */
export function injectionSummaryCard(
  summary: InjectionSummary,
  canonicalBase: string,
  newId: () => string,
): Card[] {
  const n = summary.injections.length;
  if (n === 0) return [];
  const total = summary.injections.reduce((sum, i) => sum + (i.steroidMg ?? 0), 0);
  const steroids = [...new Set(summary.injections.map((i) => i.steroid).filter(Boolean))];
  const dose = `${Number(total.toFixed(2))} mg steroid${steroids.length > 0 ? ` (${steroids.join(', ')})` : ''}${summary.dosesMissing > 0 ? ' at least' : ''}`;
  const lines = summary.injections.map(
    (i) =>
      `- ${i.performedAt.slice(0, 10)}: ${i.side}${i.steroidMg !== null ? `, ${i.steroidMg} mg ${i.steroid ?? 'steroid'}` : i.steroid ? `, ${i.steroid} (dose not recorded)` : ', no steroid'}`,
  );
  return [
    {
      uuid: newId(),
      summary: summaryOf(`${n} SI joint injection${n === 1 ? '' : 's'} in the last 12 months; ${dose}.`),
      detail: `Recorded in SIJ Pathway:\n\n${lines.join('\n')}\n\n${summary.dosesMissing > 0 ? `${summary.dosesMissing} steroid dose(s) were not recorded, so the total is a lower bound.\n\n` : ''}The clinic's protocol limits the number of injections and the steroid dose in a year: its screening checks them before the next one.`,
      indicator: 'info',
      source: { label: 'SIJ Pathway procedure records', topic: CARD_TOPIC(canonicalBase) },
    },
  ];
}
