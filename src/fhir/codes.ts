/**
 * Every code SIJ Pathway puts into FHIR, in one place, with its system URI, its display text and
 * where it was verified. A code is emitted under a standard system only when
 * ../shared/clinical/ confirms it (README "Codes", sources.md §8, sources-addendum.md §1 and §4);
 * everything else is a code of our own local CodeSystem under the canonical base
 * (src/fhir/context.ts), so that no receiver mistakes it for a confirmed SNOMED CT or LOINC id.
 * docs/fhir/codes.md is generated from this file (scripts/generate-fhir.ts), code table and gaps.
 */
import type { Coding } from '@medplum/fhirtypes';
import {
  COMPLICATIONS,
  CONTRAST_SPREADS,
  type DRUG_KINDS,
  type GUIDANCE,
  type INDICATIONS,
  indicationLabels,
  type PROVOCATION_TESTS,
  type Side,
  type TARGETS,
} from '../domain/clinical/index.ts';
import { moveNames, moves, stageLabels, stages } from '../domain/pathway.ts';
import type { OUTCOME_DECISIONS } from '../domain/step-records.ts';
import { stepNames, stepRules } from '../domain/steps.ts';

/** Standard code systems and identifier systems (FHIR R4 / terminology.hl7.org URIs). */
export const SYSTEMS = {
  snomed: 'http://snomed.info/sct',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  loinc: 'http://loinc.org',
  cpt: 'http://www.ama-assn.org/go/cpt',
  hcpcs: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  ucum: 'http://unitsofmeasure.org',
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  provenanceParticipant: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
  libraryType: 'http://terminology.hl7.org/CodeSystem/library-type',
  planDefinitionType: 'http://terminology.hl7.org/CodeSystem/plan-definition-type',
  actionType: 'http://terminology.hl7.org/CodeSystem/action-type',
  documentClass: 'http://loinc.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
} as const;

/**
 * RxNorm ingredient codes (RXCUI) of antithrombotics in the drug table
 * (src/domain/clinical/drugs.ts), read on input only (CDS Hooks prefetch): a medicine coded with
 * one of these counts as that drug even without a name. Checked against the CPIC drug table
 * (cpicpgx/cpic-schema, drug.sql), which lists these RXCUIs with their names; the other drugs of
 * the table have no RXCUI we could verify and are matched by name (text or coding display).
 */
export const RXNORM_INGREDIENTS: Record<string, string> = {
  '1191': 'aspirin',
  '32968': 'clopidogrel',
  '11289': 'warfarin',
  '154': 'acenocoumarol',
  '3355': 'diclofenac',
};

/** The mCODE laterality qualifier (HL7, FMM 4): on a bodySite, values 7771000 / 24028007 / 51440002. */
export const LATERALITY_EXTENSION =
  'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier';

/** Our own CodeSystems, each `<canonical base>/CodeSystem/<name>`. */
export const LOCAL_SYSTEMS = {
  indication: 'The conditions the service injects for (DESIGN.md, seed 001)',
  procedure: 'SI joint procedures: no SNOMED CT id is confirmed (sources-addendum §1)',
  step: 'The steps of the pathway (src/domain/steps.ts)',
  move: 'The moves between the stages of the pathway (src/domain/pathway.ts)',
  stage: 'Where an episode stands on the pathway (src/domain/stages.ts)',
  'image-guidance': 'Image guidance where no LOINC code is confirmed (ultrasound)',
  'injection-target': 'Intra-articular or periarticular (DESIGN.md "Procedure record")',
  'drug-kind': 'What an injected drug is for',
  'provocation-test': 'SI joint provocation tests (Laslett 2005 [S34]; Medicare LCD list [S9])',
  complication: 'Complications recorded with the procedure',
  observation: 'Observations with no confirmed LOINC code',
  'contrast-spread': 'Where the contrast went',
  'block-classification': 'The diagnostic block read against the protocol threshold',
  pgic: 'Patient Global Impression of Change: no LOINC code (sources-addendum §4, the CMS ACCESS order)',
  'outcome-decision': 'What comes after the injection (src/domain/step-records.ts)',
  'follow-up': 'Follow-up activities after discharge',
  'document-type': 'Documents the app produces or gives',
  'cds-override-reason': 'Why a clinician set a CDS Hooks card aside (offered with each card)',
} as const;
export type LocalSystem = keyof typeof LOCAL_SYSTEMS;

export interface ConfirmedCode {
  system: string;
  code: string;
  display: string;
  /** Where ../shared/clinical confirms it. */
  source: string;
  /** Where the app emits it. */
  usedFor: string;
}

/** Codes of standard systems that ../shared/clinical confirms, and what the app uses each for. */
export const CONFIRMED = {
  siJoint: {
    system: SYSTEMS.snomed,
    code: '39723000',
    display: 'Sacroiliac joint structure (body structure)',
    source: 'sources-addendum.md §1 (Belgian eHealth value set)',
    usedFor: 'bodySite of the referral, the procedure and each drug',
  },
  left: {
    system: SYSTEMS.snomed,
    code: '7771000',
    display: 'Left (qualifier value)',
    source: 'sources-addendum.md §1',
    usedFor: 'laterality qualifier on the bodySite',
  },
  right: {
    system: SYSTEMS.snomed,
    code: '24028007',
    display: 'Right (qualifier value)',
    source: 'sources-addendum.md §1',
    usedFor: 'laterality qualifier on the bodySite',
  },
  both: {
    system: SYSTEMS.snomed,
    code: '51440002',
    display: 'Right and left (qualifier value)',
    source: 'sources-addendum.md §1 (display corrected from "Bilateral")',
    usedFor: 'laterality qualifier on the bodySite',
  },
  sacroiliitisSnomed: {
    system: SYSTEMS.snomed,
    code: '55146009',
    display: 'Inflammation of sacroiliac joint (disorder)',
    source: 'README "Codes"; sources-addendum.md §1',
    usedFor: 'Condition: sacroiliitis',
  },
  sacroiliitis: {
    system: SYSTEMS.icd10cm,
    code: 'M46.1',
    display: 'Sacroiliitis, not elsewhere classified',
    source: 'sources.md §8 ICD-10-CM [S9][S47]',
    usedFor: 'Condition: sacroiliitis',
  },
  sacrococcygealDisorder: {
    system: SYSTEMS.icd10cm,
    code: 'M53.3',
    display: 'Sacrococcygeal disorders, not elsewhere classified',
    source: 'sources.md §8 ICD-10-CM (covered in Noridian A59244)',
    usedFor: 'Condition: SI joint dysfunction (the nearest confirmed code; a coder should review)',
  },
  sacralSpondylosis: {
    system: SYSTEMS.icd10cm,
    code: 'M47.818',
    display: 'Spondylosis without myelopathy or radiculopathy, sacral and sacrococcygeal region',
    source: 'sources.md §8 ICD-10-CM',
    usedFor: 'recognised on import; no indication of the app maps to it',
  },
  sacralFusion: {
    system: SYSTEMS.icd10cm,
    code: 'M43.28',
    display: 'Fusion of spine, sacral and sacrococcygeal region',
    source: 'sources.md §8 ICD-10-CM',
    usedFor:
      'recognised on import; not used for "pain after lumbar fusion" (a lumbar fusion is not this code)',
  },
  siJointSprain: {
    system: SYSTEMS.icd10cm,
    code: 'S33.6XXA',
    display: 'Sprain of sacroiliac joint, initial encounter',
    source: 'sources.md §8 ICD-10-CM [S47]',
    usedFor: 'recognised on import; no indication of the app maps to it',
  },
  painNrs: {
    system: SYSTEMS.loinc,
    code: '72514-3',
    display: 'Pain severity - 0-10 verbal numeric rating [Score] - Reported',
    source: 'README "Outcome measures"; sources.md §8 LOINC [S48]',
    usedFor: 'Observation: every pain score; the diary question "pain"',
  },
  peg: {
    system: SYSTEMS.loinc,
    code: '91148-7',
    display: 'PEG 3-item pain scale',
    source: 'README "Outcome measures"; sources.md §8 LOINC [S49]',
    usedFor: 'not emitted: the app does not collect the PEG (its item codes are not verified)',
  },
  fluoroscopyGuidance: {
    system: SYSTEMS.loinc,
    code: '35927-3',
    display: 'Fluoroscopy guidance for injection of sacroiliac joint',
    source: 'README "Codes"; sources.md §8 LOINC [S50]',
    usedFor: "the procedure's image guidance: fluoroscopy",
  },
  ctGuidance: {
    system: SYSTEMS.loinc,
    code: '24901-1',
    display: 'CT guidance for injection of sacroiliac joint',
    source: 'sources.md §8 LOINC [S50]',
    usedFor: "the procedure's image guidance: CT, side not known",
  },
  ctGuidanceBoth: {
    system: SYSTEMS.loinc,
    code: '26319-4',
    display: 'CT guidance for injection of sacroiliac joint bilateral',
    source: 'sources.md §8 LOINC [S50]',
    usedFor: "the procedure's image guidance: CT, both sides",
  },
  ctGuidanceLeft: {
    system: SYSTEMS.loinc,
    code: '26320-2',
    display: 'CT guidance for injection of sacroiliac joint left',
    source: 'sources.md §8 LOINC [S50]',
    usedFor: "the procedure's image guidance: CT, left",
  },
  ctGuidanceRight: {
    system: SYSTEMS.loinc,
    code: '26321-0',
    display: 'CT guidance for injection of sacroiliac joint right',
    source: 'sources.md §8 LOINC [S50]',
    usedFor: "the procedure's image guidance: CT, right",
  },
  // US billing codes: only in the optional billing view. Descriptors are AMA/CMS text: paraphrased.
  cptSiInjection: {
    system: SYSTEMS.cpt,
    code: '27096',
    display: 'SI joint injection of anaesthetic or steroid with fluoroscopic or CT guidance (paraphrased)',
    source: 'sources.md §8 CPT [S44][S9]',
    usedFor: 'billing view: an intra-articular injection under fluoroscopy or CT',
  },
  hcpcsSiInjection: {
    system: SYSTEMS.hcpcs,
    code: 'G0260',
    display:
      'SI joint injection of anaesthetic, steroid or other agent, with or without arthrography (facility; paraphrased)',
    source: 'sources.md §8 HCPCS [S45]',
    usedFor: 'billing view: the facility code for the same injection',
  },
  cptNerveBlock: {
    system: SYSTEMS.cpt,
    code: '64451',
    display: 'Injection of nerves innervating the SI joint with image guidance (paraphrased)',
    source: 'sources.md §8 CPT [S46][S9]',
    usedFor: 'not emitted: the app records no lateral-branch block',
  },
  cptRf: {
    system: SYSTEMS.cpt,
    code: '64625',
    display: 'Radiofrequency ablation of nerves innervating the SI joint with image guidance (paraphrased)',
    source: 'sources.md §8 CPT [S46]',
    usedFor: 'billing view: the activity "refer for radiofrequency denervation" of a care plan',
  },
} as const satisfies Record<string, ConfirmedCode>;

/** Candidates the sources leave unconfirmed: never emitted, listed so the gap is visible. */
export const NOT_EMITTED: { system: string; code: string; what: string; why: string }[] = [
  {
    system: 'SNOMED CT',
    code: '—',
    what: 'Injection of sacroiliac joint / SI joint block / RF denervation of the SI joint (procedure)',
    why: 'no concept id found (sources-addendum.md §1): local code system `procedure`',
  },
  {
    system: 'SNOMED CT',
    code: '—',
    what: 'Structure of left / right sacroiliac joint',
    why: 'unconfirmed (sources-addendum.md §1): 39723000 plus a laterality qualifier instead',
  },
  {
    system: 'SNOMED CT',
    code: '272741003',
    what: 'Laterality (attribute), for a post-coordinated body site',
    why: 'secondary source only (sources-addendum.md §1): the mCODE laterality extension instead',
  },
  {
    system: 'SNOMED CT',
    code: '—',
    what: 'Fluoroscopy / ultrasound guidance (standalone)',
    why: 'unconfirmed (sources-addendum.md §1): LOINC guidance codes for fluoroscopy and CT; ultrasound local',
  },
  {
    system: 'SNOMED CT',
    code: '—',
    what: 'SI joint pain / dysfunction (finding)',
    why: 'unconfirmed (sources-addendum.md §1): local code `indication#si-joint-dysfunction` plus ICD-10-CM M53.3',
  },
  {
    system: 'LOINC',
    code: '—',
    what: 'Patient Global Impression of Change (PGIC)',
    why: 'no LOINC code found (sources-addendum.md §4): local code system `pgic`, as CMS does',
  },
  {
    system: 'LOINC',
    code: '91147-9, 75893-8, 91145-3, 91146-1',
    what: 'PEG mean score and items',
    why: 'secondary, item order not verified (sources.md §8); the app does not collect the PEG',
  },
  {
    system: 'ICD-10-CM',
    code: 'M45.8 / M45.A8',
    what: 'Ankylosing spondylitis, sacral region / non-radiographic axial spondyloarthritis',
    why: 'only the category M45 is confirmed (sources.md §8): local code `indication#ankylosing-spondylitis`',
  },
  {
    system: 'ICD-10-CM',
    code: 'O26.89- / O99.89',
    what: 'Pregnancy-related pelvic girdle pain',
    why: 'no dedicated code; the combinations used in practice are unconfirmed (sources.md §8): local code',
  },
  {
    system: 'ICD-10-CM',
    code: 'M53.2X8',
    what: 'Spinal instabilities, sacral region',
    why: 'the ICD-10-CM form is general knowledge only (sources.md §8)',
  },
  {
    system: 'ICD-10-CM',
    code: 'M96.1 / M43.26',
    what: 'Postlaminectomy syndrome / fusion of the lumbar spine',
    why: 'not in the sources: "pain after lumbar fusion or laminectomy" has a local code only',
  },
  {
    system: 'ICD-10-CM',
    code: '—',
    what: 'Gait or leg-length imbalance',
    why: 'no code in the sources: local code only',
  },
];

const words = (code: string) => {
  const text = code.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
};

/** The displays of our local codes (English; the code is what a receiver should match on). */
export const LOCAL_DISPLAYS: Record<LocalSystem, Record<string, string>> = {
  indication: indicationLabels,
  procedure: {
    'si-joint-injection': 'Sacroiliac joint injection',
    'rf-denervation': 'Radiofrequency denervation of the sacroiliac joint (sacral lateral branches)',
  },
  step: Object.fromEntries(stepNames.map((s) => [s, stepRules[s].label])),
  move: Object.fromEntries(moveNames.map((m) => [m, moves[m].label])),
  stage: Object.fromEntries(stages.map((s) => [s, stageLabels[s]])),
  'image-guidance': { ultrasound: 'Ultrasound guidance for injection of sacroiliac joint' },
  'injection-target': {
    'intra-articular': 'Intra-articular (into the joint)',
    periarticular: 'Periarticular (the ligaments around the joint)',
    both: 'Intra-articular and periarticular',
  } satisfies Record<(typeof TARGETS)[number], string>,
  'drug-kind': {
    'local-anaesthetic': 'Local anaesthetic',
    steroid: 'Corticosteroid',
    contrast: 'Contrast medium',
    saline: 'Saline',
  } satisfies Record<(typeof DRUG_KINDS)[number], string>,
  'provocation-test': {
    distraction: 'Distraction test',
    compression: 'Compression test',
    thighThrust: 'Thigh thrust test',
    sacralThrust: 'Sacral thrust test',
    gaenslenLeft: "Gaenslen's test, left",
    gaenslenRight: "Gaenslen's test, right",
    faber: 'FABER (Patrick) test',
    yeoman: "Yeoman's test",
  } satisfies Record<(typeof PROVOCATION_TESTS)[number], string>,
  complication: Object.fromEntries(COMPLICATIONS.map((c) => [c, words(c)])),
  observation: {
    'block-response': 'Diagnostic block response at the protocol threshold',
    'peak-relief': 'Peak pain relief after the block',
    'relief-lasted': 'Hours the relief lasted at the threshold',
    'contrast-spread': 'Spread of contrast',
    'radiation-dose': 'Radiation dose',
    'fluoroscopy-time': 'Fluoroscopy time',
    'provocation-test': 'SI joint provocation test',
    pgic: 'Patient Global Impression of Change (PGIC)',
  },
  'contrast-spread': Object.fromEntries(CONTRAST_SPREADS.map((c) => [c, words(c)])),
  'block-classification': { positive: 'Positive', negative: 'Negative', indeterminate: 'Indeterminate' },
  pgic: {
    'very-much-improved': 'Very much improved',
    'much-improved': 'Much improved',
    'minimally-improved': 'Minimally improved',
    'no-change': 'No change',
    'minimally-worse': 'Minimally worse',
    'much-worse': 'Much worse',
    'very-much-worse': 'Very much worse',
  },
  'outcome-decision': {
    'repeat-injection': 'Repeat the injection',
    'refer-rf-denervation': 'Refer for radiofrequency denervation',
    physiotherapy: 'Physiotherapy',
    'reconsider-diagnosis': 'Reconsider the diagnosis',
    'discharge-from-service': 'Discharge from the service',
  } satisfies Record<(typeof OUTCOME_DECISIONS)[number], string>,
  'follow-up': {
    diary: 'Pain diary',
    'symptom-report': 'Report worrying symptoms at any time',
  },
  'document-type': {
    'discharge-summary': 'Discharge summary',
    'letter-to-referrer': 'Letter to the referrer',
    leaflet: 'Patient information leaflet',
  },
  'cds-override-reason': {
    'plan-already-agreed': 'A plan is already agreed with the prescriber',
    'record-out-of-date': 'The record sent is out of date',
    'clinical-judgement': 'Clinical judgement: going ahead',
  },
};

/** A coding of our own CodeSystem `name` under the canonical base. */
export function localCoding(base: string, name: LocalSystem, code: string): Coding {
  const display = LOCAL_DISPLAYS[name][code];
  return { system: localSystemUrl(base, name), code, ...(display ? { display } : {}) };
}

export const localSystemUrl = (base: string, name: LocalSystem) => `${base}/CodeSystem/${name}`;

/** A confirmed code as a FHIR Coding. */
export const coding = (c: ConfirmedCode): Coding => ({ system: c.system, code: c.code, display: c.display });

/** The indication's codings: our code first, then each confirmed standard code that maps to it. */
export function indicationCodings(base: string, indication: (typeof INDICATIONS)[number]): Coding[] {
  const mapped: Partial<Record<(typeof INDICATIONS)[number], ConfirmedCode[]>> = {
    sacroiliitis: [CONFIRMED.sacroiliitis, CONFIRMED.sacroiliitisSnomed],
    'si-joint-dysfunction': [CONFIRMED.sacrococcygealDisorder],
  };
  return [localCoding(base, 'indication', indication), ...(mapped[indication] ?? []).map(coding)];
}

export const lateralityCode: Record<Side, ConfirmedCode> = {
  left: CONFIRMED.left,
  right: CONFIRMED.right,
  both: CONFIRMED.both,
};

/** The side back from a laterality coding (SNOMED CT code), for imports. */
export function sideOfLaterality(codings: readonly Coding[] | undefined): Side | undefined {
  for (const c of codings ?? []) {
    if (c.system !== SYSTEMS.snomed) continue;
    const side = (Object.keys(lateralityCode) as Side[]).find((s) => lateralityCode[s].code === c.code);
    if (side) return side;
  }
  return undefined;
}

/** The image guidance as LOINC where confirmed (fluoroscopy; CT by side), else our own code. */
export function guidanceCoding(base: string, guidance: (typeof GUIDANCE)[number], side?: Side): Coding {
  if (guidance === 'fluoroscopy') return coding(CONFIRMED.fluoroscopyGuidance);
  if (guidance === 'ct') {
    const bySide = {
      left: CONFIRMED.ctGuidanceLeft,
      right: CONFIRMED.ctGuidanceRight,
      both: CONFIRMED.ctGuidanceBoth,
    };
    return coding(side ? bySide[side] : CONFIRMED.ctGuidance);
  }
  return localCoding(base, 'image-guidance', guidance);
}

/**
 * The optional billing view (US): CPT 27096 only for an intra-articular injection under
 * fluoroscopy or CT ([S44]: without that imaging it is not 27096), and the facility code G0260.
 */
export function billingCodings(
  guidance: (typeof GUIDANCE)[number],
  target: (typeof TARGETS)[number],
): Coding[] {
  if (target === 'periarticular') return [];
  const imaged = guidance === 'fluoroscopy' || guidance === 'ct';
  return [...(imaged ? [coding(CONFIRMED.cptSiInjection)] : []), coding(CONFIRMED.hcpcsSiInjection)];
}

/** UCUM quantities. */
export const ucum = (value: number, code: string, unit = code) => ({
  value,
  unit,
  system: SYSTEMS.ucum,
  code,
});
