/**
 * The app's forms as FHIR Questionnaires, generated from the zod schemas the app validates them
 * with (one source): the screening call (ScreeningStepFacts), the check-in (CheckInFactsSchema),
 * the procedure's safety checklist (ChecklistSchema), the checks before going home
 * (DischargeFactsSchema), a pain diary entry (DiaryEntryFactsSchema) and a symptom report
 * (RedFlagReportSchema). The schema gives the items, their types, answer
 * options, ranges, repeats and required-ness; this file adds only what a schema cannot say: the
 * question texts, the LOINC code where one is confirmed, and the SDC-style enableWhen where a
 * question depends on another. A schema field without a question text fails the tests.
 *
 * The same tree turns stored facts into QuestionnaireResponses, so a response always matches
 * its Questionnaire.
 */
import type {
  Coding,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireItemEnableWhen,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
  Reference,
} from '@medplum/fhirtypes';
import { z } from 'zod';
import {
  CheckInFactsSchema,
  ChecklistSchema,
  DischargeFactsSchema,
  PGIC_CODES,
  questionText,
  type RedFlag,
  RedFlagReportSchema,
  redFlagLabels,
  type SCREENING_QUESTIONS,
  symptomName,
} from '../domain/clinical/index.ts';
import { DiaryEntryFactsSchema } from '../domain/diary.ts';
import { ScreeningStepFacts, TriageStepFacts } from '../domain/step-records.ts';
import { CONFIRMED, coding, localCoding, SYSTEMS } from './codes.ts';
import { canonical, DEFINITIONS_VERSION, type FhirContext } from './context.ts';

export const FORM_IDS = [
  'triage',
  'screening',
  'check-in',
  'procedure-checklist',
  'going-home',
  'diary',
  'symptom-report',
] as const;
export type FormId = (typeof FORM_IDS)[number];

type Primitive = 'boolean' | 'decimal' | 'integer' | 'string' | 'dateTime' | 'choice';
type Node =
  | { kind: 'group'; linkId: string; key: string; repeats: boolean; required: boolean; children: Node[] }
  /** A yes/no question for a value that may be null (e.g. diabetes); its object's questions follow it. */
  | { kind: 'gate'; linkId: string; key: string; children: Node[] }
  | {
      kind: 'question';
      linkId: string;
      key: string;
      type: Primitive;
      repeats: boolean;
      required: boolean;
      options?: string[];
      min?: number;
      max?: number;
    };

interface Condition {
  question: string;
  answer: boolean | string;
}

interface FormSpec {
  title: string;
  description: string;
  schema: z.ZodType;
  /** Fields that are the response's own (when it was made), not questions. */
  omit: string[];
  texts: Record<string, string>;
  codes?: Record<string, Coding>;
  enableWhen?: Record<string, Condition>;
  /** Items answered with codes of a system other than the generic answer systems. */
  choices?: Record<
    string,
    {
      options: Coding[];
      toCoding: (value: unknown) => Coding | undefined;
      /** The stored value an answer's code stands for: the import reads a response back with it. */
      fromCode: (code: string) => unknown;
    }
  >;
  displays?: Record<string, (code: string) => string>;
}

const sentence = (code: string) => {
  const t = code.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/-/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
};

/** A screening question (wording.ts) as the form asks it: "Diabetes?", answered yes, no or not asked. */
const asked = (q: (typeof SCREENING_QUESTIONS)[number]) => {
  const text = questionText[q];
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}?`;
};

const pgicOptions = (base: string): Coding[] =>
  Object.values(PGIC_CODES).map((code) => localCoding(base, 'pgic', code));

const SPECS = (base: string): Record<FormId, FormSpec> => ({
  screening: {
    title: 'Pre-procedure screening call',
    description:
      'The nurse’s screening call before an SI joint injection: what the clinical core judges safety on (infection, antithrombotics, bleeding, allergies, pregnancy, diabetes, previous steroid, escort), and the plan as far as screening needs it.',
    schema: ScreeningStepFacts,
    omit: [],
    texts: {
      patient: 'About the patient',
      'patient.sex': 'Sex (as on the patient’s record)',
      'patient.ageYears': 'Age in years on the day of the procedure',
      'patient.trimester': 'Which trimester?',
      'patient.diabetes.type': 'Type of diabetes',
      'patient.allergyDetails': 'About each allergy',
      'patient.allergyDetails.allergy': 'Allergy',
      'patient.allergyDetails.agent': 'What the patient is allergic to',
      'patient.allergyDetails.reaction': 'The reaction it caused',
      'patient.antithrombotics.reportedLastDoseAt': 'When the patient says they last took it',
      'patient.medications': 'Other medicines the patient takes',
      'patient.medications.name': 'Medicine',
      'patient.medications.dose': 'Dose',
      'patient.previousInjections.blockOutcome': 'How the diagnostic block read',
      'patient.previousInjections.reliefPercent': 'Best pain relief it gave (%)',
      'patient.previousInjections.reliefWeeks': 'How long the relief lasted (weeks)',
      'patient.pregnancy': 'Is the patient pregnant?',
      'patient.diabetes': 'Does the patient have diabetes?',
      'patient.diabetes.insulin': 'Does the patient use insulin?',
      'patient.allergies': 'Allergies',
      'patient.bleedingDisorder': 'Does the patient have a bleeding disorder?',
      'patient.bleedingRiskFactors': 'Other bleeding risk factors',
      'patient.antithrombotics': 'Anticoagulant or antiplatelet medicines',
      'patient.antithrombotics.name': 'Medicine (name and dose)',
      'patient.antithrombotics.regimen': 'Regimen',
      'patient.previousInjections': 'Previous SI joint injections',
      'patient.previousInjections.at': 'When',
      'patient.previousInjections.purpose': 'Purpose',
      'patient.previousInjections.side': 'Side',
      'patient.previousInjections.steroidDoseMg': 'Steroid dose (mg)',
      screening: 'The screening call',
      'screening.infections': 'Infections in the last weeks',
      'screening.infections.description': 'What infection',
      'screening.infections.startedAt': 'When it started',
      'screening.infections.resolvedAt': 'When it cleared (leave empty while it lasts)',
      'screening.answers': 'The questions of the screening call (yes, no, or not asked)',
      'screening.answers.infection': asked('infection'),
      'screening.answers.antithrombotics': asked('antithrombotics'),
      'screening.answers.bleedingDisorder': asked('bleedingDisorder'),
      'screening.answers.allergies': asked('allergies'),
      'screening.answers.diabetes': asked('diabetes'),
      'screening.answers.previousInjections': asked('previousInjections'),
      'screening.plansToDrive': 'Does the patient mean to drive after the procedure?',
      'screening.feverNow': 'Fever now?',
      'screening.injectionSiteInfection': 'Infection at the injection site?',
      'screening.labs': 'Recent results',
      'screening.labs.glucose': 'Blood glucose',
      'screening.labs.glucose.value': 'Glucose',
      'screening.labs.glucose.unit': 'Unit',
      'screening.labs.hba1c': 'HbA1c',
      'screening.labs.hba1c.value': 'HbA1c',
      'screening.labs.hba1c.unit': 'Unit',
      'screening.labs.inr': 'INR',
      'screening.labs.platelets': 'Platelets (×10⁹/L)',
      'screening.labs.takenAt': 'When each result was taken',
      'screening.labs.takenAt.glucose': 'Glucose taken on',
      'screening.labs.takenAt.hba1c': 'HbA1c taken on',
      'screening.labs.takenAt.inr': 'INR taken on',
      'screening.labs.takenAt.platelets': 'Platelets taken on',
      'screening.agreedPlans': 'Agreed plans for antithrombotic medicines',
      'screening.agreedPlans.drug': 'Medicine',
      'screening.agreedPlans.decision': 'Continue or hold',
      'screening.agreedPlans.lastDoseAt': 'Last dose before the procedure',
      'screening.agreedPlans.restartAfterHours': 'Restart after (hours)',
      'screening.agreedPlans.agreedWith': 'Agreed with (prescriber)',
      'screening.agreedPlans.recordedBy': 'Recorded by',
      'screening.agreedPlans.recordedAt': 'Recorded at',
      'screening.escortArranged': 'Is an adult escort home arranged?',
      'screening.adultAtHomeArranged': 'Is an adult at home for 24 hours arranged?',
      'screening.clinicianReviews': 'Clinician reviews of findings',
      'screening.clinicianReviews.code': 'Finding reviewed',
      'screening.clinicianReviews.subject': 'About (drug, result or allergy)',
      'screening.clinicianReviews.recordedBy': 'Reviewed by',
      'screening.clinicianReviews.recordedAt': 'Reviewed at',
      'screening.clinicianReviews.note': 'Note',
      plan: 'The plan for the procedure',
      'plan.side': 'Side',
      'plan.plannedGuidance': 'Planned image guidance',
      'plan.plannedContrast': 'Contrast planned?',
      'plan.plannedSteroidDoseMg': 'Planned steroid dose (mg)',
      'plan.anaesthetic': 'Local anaesthetic',
      'plan.approach': 'Planned approach (intra-articular, periarticular or both)',
      'plan.steroid': 'The steroid planned',
      'plan.steroid.agent': 'Steroid',
      'plan.steroid.doseMg': 'Dose (mg)',
      'plan.localAnaesthetic': 'The local anaesthetic planned',
      'plan.localAnaesthetic.agent': 'Local anaesthetic',
      'plan.localAnaesthetic.concentration': 'Concentration',
      'plan.localAnaesthetic.concentration.value': 'Concentration',
      'plan.localAnaesthetic.concentration.unit': 'Unit',
      'plan.localAnaesthetic.volumeMl': 'Volume (mL)',
    },
    enableWhen: {
      'screening.agreedPlans.lastDoseAt': { question: 'screening.agreedPlans.decision', answer: 'hold' },
    },
  },
  triage: {
    title: 'Triage of a referral',
    description:
      'The clinician’s triage of a referral for an SI joint injection: the purpose, the indications, prior treatments, conservative care, and the decision. The provocation tests are Observations of their own.',
    schema: TriageStepFacts,
    // A record keyed by test does not fit a form's fixed items; each result is an Observation.
    omit: ['facts.provocationTests'],
    texts: {
      purpose: 'Purpose of the injection',
      facts: 'The examination and history',
      'facts.indications': 'Indications',
      'facts.priorTreatments': 'Prior treatments',
      'facts.priorTreatments.lumbarEpiduralWithoutBenefit': 'A lumbar epidural without benefit?',
      'facts.priorTreatments.imagingWithoutDistinctFinding': 'Imaging without a distinct finding?',
      'facts.conservativeCareWeeks': 'Weeks of conservative care',
      'facts.redFlags': 'Red flags (outside the SIS appropriate-use criteria)',
      'facts.noRedFlags': 'Asked: none of these red flags?',
      decision: 'Accept or decline the referral',
      reason: 'Why (required to decline, or to accept despite a red flag)',
    },
    displays: { 'facts.redFlags': (code) => redFlagLabels[code as RedFlag] ?? sentence(code) },
  },
  'check-in': {
    title: 'Check-in on the day of the procedure',
    description:
      'What the nurse checks when the patient arrives for an SI joint injection: consent, the side marked, an escort, fasting, and the glucose of a patient with diabetes.',
    schema: CheckInFactsSchema,
    omit: [],
    texts: {
      consentConfirmed: 'Has the patient’s consent been confirmed?',
      sideMarked: 'Which side has been marked?',
      escortPresent: 'Is an adult escort present to take the patient home?',
      fastingAsInstructed: 'Has the patient fasted as instructed?',
      glucose: 'Capillary glucose on arrival (a patient with diabetes)',
      'glucose.value': 'Glucose',
      'glucose.unit': 'Unit',
      lateReason: 'Why is the check-in recorded after the booked day? (a late entry)',
    },
  },
  'procedure-checklist': {
    title: 'Safety checklist of the procedure',
    description:
      'The safety checklist of an SI joint injection: sign-in, the time-out with the side the team confirms aloud, and sign-out.',
    schema: ChecklistSchema,
    omit: [],
    texts: {
      signIn: 'Sign in',
      'signIn.identityConfirmed': 'Has the patient’s identity been confirmed?',
      'signIn.consentConfirmed': 'Has consent been confirmed?',
      'signIn.siteMarked': 'Has the site been marked?',
      'signIn.allergiesChecked': 'Have allergies been checked?',
      'signIn.anticoagulationChecked': 'Has anticoagulation been checked?',
      timeOut: 'Time out',
      'timeOut.teamIntroduced': 'Has the team introduced itself?',
      'timeOut.sideConfirmed': 'Which side did the team confirm aloud?',
      'timeOut.procedureConfirmed': 'Has the procedure been confirmed?',
      'timeOut.imagingAvailable': 'Is the imaging available?',
      signOut: 'Sign out',
      'signOut.drugsAndDosesRecorded': 'Have the drugs and doses been recorded?',
      'signOut.equipmentAccountedFor': 'Has all equipment been accounted for?',
      'signOut.concernsForRecovery': 'Concerns for recovery',
    },
  },
  'going-home': {
    title: 'Checks before going home',
    description:
      'What recovery checks before the patient goes home after an SI joint injection: walking, leg symptoms and who reviewed them, urine, an escort, and the after-care advice.',
    schema: DischargeFactsSchema,
    omit: [],
    texts: {
      walkingChecked: 'Has the patient’s walking been checked?',
      legNumbnessOrWeakness: 'Is there leg numbness or weakness?',
      legSymptomsReviewedBy: 'Clinician who assessed leg symptoms that have not resolved',
      passedUrine: 'Has the patient passed urine?',
      escortPresent: 'Is an adult escort present?',
      adviceGiven: 'Has the after-care advice been given?',
    },
  },
  diary: {
    title: 'Pain diary entry',
    description:
      'One entry of the pain diary after an SI joint injection: pain now on the 0–10 scale, how much it gets in the way, the medicines taken since the last entry and, later on, the global impression of change.',
    schema: DiaryEntryFactsSchema,
    omit: [],
    texts: {
      promptAt: 'The reminder this entry answers (when it was due)',
      pain: 'How bad is the pain in your buttock or lower back now, from 0 (no pain) to 10 (worst pain imaginable)?',
      activity:
        'How much has the pain got in the way of your usual activities, from 0 (not at all) to 10 (completely)?',
      pgic: 'Since the injection, how would you describe the overall change in your activity limitations, symptoms, emotions and quality of life?',
      opioidDoses: 'How many doses of opioid painkillers have you taken since your last entry?',
      otherMedicines: 'Which other pain medicines have you taken since your last entry?',
      glucose: 'Your blood glucose (if you have diabetes)',
      'glucose.value': 'Glucose',
      'glucose.unit': 'Unit',
      sideEffects: 'Any side effects since your last entry?',
    },
    codes: { pain: coding(CONFIRMED.painNrs), pgic: localCoding(base, 'observation', 'pgic') },
    choices: {
      pgic: {
        options: pgicOptions(base),
        toCoding: (v) => {
          const code = PGIC_CODES[v as keyof typeof PGIC_CODES];
          return code ? localCoding(base, 'pgic', code) : undefined;
        },
        fromCode: (code) => {
          const found = Object.entries(PGIC_CODES).find(([, c]) => c === code);
          return found ? Number(found[0]) : undefined;
        },
      },
    },
  },
  'symptom-report': {
    title: 'Report a worrying symptom',
    description:
      'What a patient reports after an SI joint injection; the clinical core triages it as urgent, soon or routine.',
    schema: RedFlagReportSchema,
    omit: ['reportedAt'],
    texts: {
      symptoms: 'What are you noticing?',
      flareStartedAt: 'When did the pain flare begin?',
      freeText: 'Anything else you want to tell us',
    },
    enableWhen: { flareStartedAt: { question: 'symptoms', answer: 'pain-flare' } },
    displays: { symptoms: (code) => sentence(symptomName(code)) },
  },
});

/** The generic answer system of a choice item: one per property name, e.g. answer-allergies. */
const answerSystem = (base: string, linkId: string) => {
  const last = linkId.split('.').at(-1)!;
  if (last === 'unit') return SYSTEMS.ucum;
  return `${base}/CodeSystem/answer-${last.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`;
};

type JsonSchema = {
  type?: string;
  enum?: string[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
};

function nodesOf(schema: JsonSchema, prefix: string, omit: string[]): Node[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([key, s]): Node[] => {
    const linkId = prefix ? `${prefix}.${key}` : key;
    if (omit.includes(linkId)) return [];
    const req = required.has(key) && s.default === undefined;
    const nullable = s.anyOf?.find((a) => a.type === 'object');
    if (nullable && s.anyOf?.some((a) => a.type === 'null')) {
      return [{ kind: 'gate', linkId, key, children: nodesOf(nullable, linkId, omit) }];
    }
    if (s.type === 'object') {
      return [
        { kind: 'group', linkId, key, repeats: false, required: req, children: nodesOf(s, linkId, omit) },
      ];
    }
    if (s.type === 'array' && s.items?.type === 'object') {
      return [
        {
          kind: 'group',
          linkId,
          key,
          repeats: true,
          required: req,
          children: nodesOf(s.items, linkId, omit),
        },
      ];
    }
    const repeats = s.type === 'array';
    const item = repeats ? (s.items ?? {}) : s;
    const min = item.minimum ?? item.exclusiveMinimum;
    return [
      {
        kind: 'question',
        linkId,
        key,
        repeats,
        required: req,
        type: primitive(item),
        ...(item.enum ? { options: item.enum } : {}),
        ...(min !== undefined ? { min } : {}),
        ...(item.maximum !== undefined ? { max: item.maximum } : {}),
      },
    ];
  });
}

function primitive(s: JsonSchema): Primitive {
  if (s.enum) return 'choice';
  if (s.type === 'boolean') return 'boolean';
  if (s.type === 'integer') return 'integer';
  if (s.type === 'number') return 'decimal';
  if (s.format === 'date-time') return 'dateTime';
  return 'string';
}

interface Form {
  id: FormId;
  spec: FormSpec;
  nodes: Node[];
}

function form(base: string, id: FormId): Form {
  const spec = SPECS(base)[id];
  const json = z.toJSONSchema(spec.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return { id, spec, nodes: nodesOf(json, '', spec.omit) };
}

/** Every linkId of a form with its question text (undefined where a text is missing). */
export function formTexts(base: string, id: FormId): [string, string | undefined][] {
  const f = form(base, id);
  const out: [string, string | undefined][] = [];
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      out.push([n.linkId, f.spec.texts[n.linkId]]);
      if (n.kind !== 'question') walk(n.children);
    }
  };
  walk(f.nodes);
  return out;
}

const pascal = (id: string) =>
  id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

function optionCoding(base: string, f: Form, linkId: string, code: string): Coding {
  const display = f.spec.displays?.[linkId]?.(code) ?? sentence(code);
  const system = answerSystem(base, linkId);
  return system === SYSTEMS.ucum ? { system, code, display: code } : { system, code, display };
}

function ext(url: string, value: Record<string, unknown>) {
  return { url: `http://hl7.org/fhir/StructureDefinition/${url}`, ...value };
}

function questionnaireItems(base: string, f: Form, nodes: Node[], gate?: string): QuestionnaireItem[] {
  return nodes.flatMap((n): QuestionnaireItem[] => {
    const text = f.spec.texts[n.linkId] ?? n.linkId;
    const when: QuestionnaireItemEnableWhen[] = [];
    if (gate) when.push({ question: gate, operator: '=', answerBoolean: true });
    const cond = f.spec.enableWhen?.[n.linkId];
    if (cond) {
      when.push(
        typeof cond.answer === 'boolean'
          ? { question: cond.question, operator: '=', answerBoolean: cond.answer }
          : {
              question: cond.question,
              operator: '=',
              answerCoding: optionCoding(base, f, cond.question, cond.answer),
            },
      );
    }
    const enable =
      when.length > 0
        ? { enableWhen: when, ...(when.length > 1 ? { enableBehavior: 'all' as const } : {}) }
        : {};
    const code = f.spec.codes?.[n.linkId];
    const head = { linkId: n.linkId, ...(code ? { code: [code] } : {}), text, ...enable };
    if (n.kind === 'gate') {
      return [{ ...head, type: 'boolean' }, ...questionnaireItems(base, f, n.children, n.linkId)];
    }
    if (n.kind === 'group') {
      return [
        {
          ...head,
          type: 'group',
          ...(n.repeats ? { repeats: true } : {}),
          ...(n.required ? { required: true } : {}),
          item: questionnaireItems(base, f, n.children),
        },
      ];
    }
    const choice = f.spec.choices?.[n.linkId];
    const integerValue = n.type === 'integer' ? 'valueInteger' : 'valueDecimal';
    const range = [
      ...(n.min !== undefined && !choice ? [ext('minValue', { [integerValue]: n.min })] : []),
      ...(n.max !== undefined && !choice ? [ext('maxValue', { [integerValue]: n.max })] : []),
    ];
    const options = choice
      ? choice.options.map((c, i) => ({
          valueCoding: c,
          extension: [ext('ordinalValue', { valueDecimal: i + 1 })],
        }))
      : n.options?.map((o) => ({ valueCoding: optionCoding(base, f, n.linkId, o) }));
    return [
      {
        ...head,
        ...(range.length ? { extension: range } : {}),
        type: choice ? 'choice' : n.type,
        ...(n.repeats ? { repeats: true } : {}),
        ...(n.required ? { required: true } : {}),
        ...(options ? { answerOption: options } : {}),
      },
    ];
  });
}

export function questionnaire(ctx: Pick<FhirContext, 'canonicalBase'>, id: FormId): Questionnaire {
  const base = ctx.canonicalBase;
  const f = form(base, id);
  return {
    resourceType: 'Questionnaire',
    id,
    url: canonical(ctx, 'Questionnaire', id),
    version: DEFINITIONS_VERSION,
    name: pascal(id),
    title: f.spec.title,
    status: 'active',
    subjectType: ['Patient'],
    description: f.spec.description,
    item: questionnaireItems(base, f, f.nodes),
  };
}

function answers(base: string, f: Form, n: Extract<Node, { kind: 'question' }>, value: unknown) {
  const values = n.repeats ? (Array.isArray(value) ? value : []) : [value];
  const choice = f.spec.choices?.[n.linkId];
  return values.flatMap((v): QuestionnaireResponseItemAnswer[] => {
    if (v === undefined || v === null || v === '') return [];
    if (choice) {
      const c = choice.toCoding(v);
      return c ? [{ valueCoding: c }] : [];
    }
    switch (n.type) {
      case 'boolean':
        return [{ valueBoolean: Boolean(v) }];
      case 'integer':
        return [{ valueInteger: Number(v) }];
      case 'decimal':
        return [{ valueDecimal: Number(v) }];
      case 'dateTime':
        return [{ valueDateTime: String(v) }];
      case 'choice':
        return [{ valueCoding: optionCoding(base, f, n.linkId, String(v)) }];
      case 'string':
        return [{ valueString: String(v) }];
      default:
        return [];
    }
  });
}

function responseItems(base: string, f: Form, nodes: Node[], data: unknown): QuestionnaireResponseItem[] {
  const obj = (data ?? {}) as Record<string, unknown>;
  return nodes.flatMap((n): QuestionnaireResponseItem[] => {
    const text = f.spec.texts[n.linkId] ?? n.linkId;
    const value = obj[n.key];
    if (n.kind === 'gate') {
      if (value === undefined) return [];
      const present = value !== null && value !== false;
      return [
        { linkId: n.linkId, text, answer: [{ valueBoolean: present }] },
        ...(present ? responseItems(base, f, n.children, value) : []),
      ];
    }
    if (n.kind === 'group') {
      const instances = n.repeats ? (Array.isArray(value) ? value : []) : value === undefined ? [] : [value];
      return instances
        .map((v) => ({ linkId: n.linkId, text, item: responseItems(base, f, n.children, v) }))
        .filter((g) => g.item.length > 0);
    }
    const answer = answers(base, f, n, value);
    return answer.length > 0 ? [{ linkId: n.linkId, text, answer }] : [];
  });
}

export interface ResponseInput {
  id: string;
  subject: Omit<Reference, 'resource'>;
  authored: string;
  author?: QuestionnaireResponse['author'];
  source?: QuestionnaireResponse['source'];
  basedOn?: QuestionnaireResponse['basedOn'];
  partOf?: QuestionnaireResponse['partOf'];
  /** What the form's items cannot say (a screening call's override, say). */
  extension?: QuestionnaireResponse['extension'];
  /** The form's facts, as the app stores them. */
  facts: unknown;
}

/** A QuestionnaireResponse of our form `id` from the facts the app stored for it. */
export function questionnaireResponse(
  ctx: Pick<FhirContext, 'canonicalBase'>,
  id: FormId,
  input: ResponseInput,
): QuestionnaireResponse {
  const base = ctx.canonicalBase;
  const f = form(base, id);
  return {
    resourceType: 'QuestionnaireResponse',
    id: input.id,
    questionnaire: `${canonical(ctx, 'Questionnaire', id)}|${DEFINITIONS_VERSION}`,
    status: 'completed',
    subject: input.subject,
    authored: input.authored,
    ...(input.author ? { author: input.author } : {}),
    ...(input.source ? { source: input.source } : {}),
    ...(input.basedOn ? { basedOn: input.basedOn } : {}),
    ...(input.partOf ? { partOf: input.partOf } : {}),
    ...(input.extension ? { extension: input.extension } : {}),
    item: responseItems(base, f, f.nodes, input.facts),
  };
}

/** The stored value one answer stands for; undefined for an answer of the wrong type. */
function answerValue(f: Form, n: Extract<Node, { kind: 'question' }>, a: QuestionnaireResponseItemAnswer) {
  const choice = f.spec.choices?.[n.linkId];
  if (choice) return a.valueCoding?.code === undefined ? undefined : choice.fromCode(a.valueCoding.code);
  switch (n.type) {
    case 'boolean':
      return a.valueBoolean;
    case 'integer':
      return a.valueInteger;
    case 'decimal':
      return a.valueDecimal ?? a.valueInteger;
    case 'dateTime':
      return a.valueDateTime;
    case 'choice':
      return a.valueCoding?.code;
    case 'string':
      return a.valueString;
    default:
      return undefined;
  }
}

/** The reverse of responseItems: the facts a response's items carry, keyed as the schema keys them. */
function factsOf(f: Form, nodes: Node[], items: QuestionnaireResponseItem[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const named = (linkId: string) => items.filter((i) => i.linkId === linkId);
  for (const n of nodes) {
    const found = named(n.linkId);
    if (n.kind === 'gate') {
      const answer = found[0]?.answer?.[0]?.valueBoolean;
      // A gate answered no stands for the null the app stores (e.g. no diabetes).
      if (answer === true) out[n.key] = factsOf(f, n.children, items);
      else if (answer === false) out[n.key] = null;
      continue;
    }
    if (n.kind === 'group') {
      const instances = found.map((g) => factsOf(f, n.children, g.item ?? []));
      if (n.repeats) {
        if (instances.length > 0 || n.required) out[n.key] = instances;
      } else if (instances[0]) out[n.key] = instances[0];
      continue;
    }
    const values = (found[0]?.answer ?? []).map((a) => answerValue(f, n, a)).filter((v) => v !== undefined);
    if (n.repeats) {
      // The response leaves out an empty list; a list the schema requires comes back empty.
      if (values.length > 0 || n.required) out[n.key] = values;
    } else if (values.length > 0) out[n.key] = values[0];
  }
  return out;
}

/**
 * The facts a QuestionnaireResponse of our form `id` carries, as the app stores them (before its
 * schema's defaults): the reverse of questionnaireResponse, for the import. The caller validates
 * them with the form's schema, as the app validates what a user enters.
 */
export function responseFacts(
  ctx: Pick<FhirContext, 'canonicalBase'>,
  id: FormId,
  response: Pick<QuestionnaireResponse, 'item'>,
): Record<string, unknown> {
  const f = form(ctx.canonicalBase, id);
  return factsOf(f, f.nodes, response.item ?? []);
}

/** Which of our forms a response answers, from its `questionnaire` canonical; undefined for another's. */
export function formOf(
  ctx: Pick<FhirContext, 'canonicalBase'>,
  response: Pick<QuestionnaireResponse, 'questionnaire'>,
): FormId | undefined {
  const url = response.questionnaire?.split('|')[0];
  return FORM_IDS.find((id) => canonical(ctx, 'Questionnaire', id) === url);
}
