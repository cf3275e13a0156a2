/**
 * The pathway as computable FHIR, generated from the definitions the app runs on:
 * - a PlanDefinition of the pathway (src/domain/pathway.ts moves, src/domain/steps.ts steps), one
 *   action per step in pathway order, each with its ActivityDefinition, who records it and at which
 *   stages; the moves that no step makes (defer, withdraw, close …) as a group of their own;
 * - the forms as Questionnaires (src/fhir/questionnaires.ts);
 * - each protocol profile (src/domain/clinical/profiles.ts) as a Library whose parameters are its
 *   values, each documented with its sources.
 */
import type {
  ActivityDefinition,
  Extension,
  Library,
  ParameterDefinition,
  PlanDefinition,
  PlanDefinitionAction,
  RelatedArtifact,
  Resource,
} from '@medplum/fhirtypes';
import { cite, PROFILES, type ProfileId, type SourceKey } from '../domain/clinical/index.ts';
import { moveNames, moves, type Stage, stageLabels } from '../domain/pathway.ts';
import { type StepName, stepNames, stepRules } from '../domain/steps.ts';
import { CONFIRMED, coding, localCoding, SYSTEMS } from './codes.ts';
import { canonical, DEFINITIONS_VERSION, type FhirContext } from './context.ts';
import { FORM_IDS, type FormId, questionnaire } from './questionnaires.ts';

type Ctx = Pick<FhirContext, 'canonicalBase'>;

/** The Questionnaire each step or follow-up activity is recorded with, where it has one. */
const FORM_OF_STEP: Partial<Record<StepName, FormId>> = {
  triage: 'triage',
  screening: 'screening',
  'check-in': 'check-in',
  procedure: 'procedure-checklist',
  recovery: 'going-home',
};

/** What each step's activity is, as a FHIR request kind. */
const KIND_OF_STEP: Record<StepName, ActivityDefinition['kind']> = {
  triage: 'Task',
  screening: 'Task',
  booking: 'Appointment',
  'check-in': 'Task',
  procedure: 'ServiceRequest',
  recovery: 'Task',
  discharge: 'Task',
  'outcome-review': 'Task',
};

const stageList = (stages: readonly Stage[]) => stages.map((s) => stageLabels[s].toLowerCase()).join(', ');

/** The local extension that names the pathway stages an action may happen in (codes of src/domain/stages.ts). */
const stagesExtension = (ctx: Ctx, stages: readonly Stage[]): Extension[] =>
  stages.map((s) => ({ url: canonical(ctx, 'StructureDefinition', 'pathway-stage'), valueCode: s }));

function participants(roles: readonly string[]) {
  return roles.map((role) => ({ type: 'practitioner' as const, role: { text: role } }));
}

export function activityDefinition(ctx: Ctx, step: StepName): ActivityDefinition {
  const rule = stepRules[step];
  const form = FORM_OF_STEP[step];
  const related: RelatedArtifact[] = form
    ? [
        {
          type: 'depends-on',
          display: `Recorded with the ${form} form`,
          resource: canonical(ctx, 'Questionnaire', form),
        },
      ]
    : [];
  return {
    resourceType: 'ActivityDefinition',
    id: `step-${step}`,
    url: canonical(ctx, 'ActivityDefinition', `step-${step}`),
    version: DEFINITIONS_VERSION,
    name: `Step${step.replace(/(^|-)([a-z])/g, (_, _d: string, c: string) => c.toUpperCase())}`,
    title: rule.label,
    status: 'active',
    description: `${rule.label}: recorded by a ${rule.recordedBy.join(' or ')} while the episode is ${stageList(rule.stages)}${
      rule.amendableIn.length ? `; amended with a reason while it is ${stageList(rule.amendableIn)}` : ''
    }. Recording it again keeps the earlier version.`,
    kind: KIND_OF_STEP[step],
    code: { coding: [localCoding(ctx.canonicalBase, 'step', step)], text: rule.label },
    participant: participants(rule.recordedBy),
    ...(step === 'procedure'
      ? {
          bodySite: [{ coding: [coding(CONFIRMED.siJoint)], text: 'Sacroiliac joint' }],
        }
      : {}),
    ...(related.length ? { relatedArtifact: related } : {}),
  };
}

/** The steps in pathway order, each after the previous, then follow-up and the bare moves. */
export function planDefinition(ctx: Ctx): PlanDefinition {
  const stepActions: PlanDefinitionAction[] = stepNames.map((step, i) => {
    const rule = stepRules[step];
    const made = moveNames.filter((m) => (moves[m] as { step?: string }).step === step);
    const previous = stepNames[i - 1];
    return {
      id: step,
      title: rule.label,
      description: `Recorded by a ${rule.recordedBy.join(' or ')} while the episode is ${stageList(rule.stages)}.${
        made.length
          ? ` Saving it makes the move${made.length > 1 ? 's' : ''}: ${made.map((m) => moves[m].label).join('; ')}.`
          : ''
      }`,
      extension: stagesExtension(ctx, rule.stages),
      code: [{ coding: [localCoding(ctx.canonicalBase, 'step', step)] }],
      participant: participants(rule.recordedBy),
      definitionCanonical: canonical(ctx, 'ActivityDefinition', `step-${step}`),
      ...(previous ? { relatedAction: [{ actionId: previous, relationship: 'after-end' as const }] } : {}),
    };
  });
  const followUp: PlanDefinitionAction = {
    id: 'follow-up',
    title: 'Follow-up',
    description:
      'After discharge the patient keeps a pain diary on a schedule (hours after a diagnostic block, then days, then weeks) and may report worrying symptoms at any time.',
    relatedAction: [{ actionId: 'discharge', relationship: 'after-end' }],
    action: [
      {
        id: 'diary',
        title: 'Pain diary',
        code: [{ coding: [localCoding(ctx.canonicalBase, 'follow-up', 'diary')] }],
        definitionCanonical: canonical(ctx, 'Questionnaire', 'diary'),
      },
      {
        id: 'symptom-report',
        title: 'Report a worrying symptom',
        code: [{ coding: [localCoding(ctx.canonicalBase, 'follow-up', 'symptom-report')] }],
        definitionCanonical: canonical(ctx, 'Questionnaire', 'symptom-report'),
      },
    ],
  };
  const bareMoves: PlanDefinitionAction = {
    id: 'moves',
    title: 'Moves no form makes',
    description: 'Made by a button on the episode page; those that end or hold up care need a reason.',
    action: moveNames
      .filter((m) => !(moves[m] as { step?: string }).step)
      .map((m) => {
        const move = moves[m];
        return {
          id: `move-${m}`,
          title: move.label,
          description: `From ${stageList(move.from)} to ${stageLabels[move.to].toLowerCase()}, by a ${move.by.join(' or ')}${
            move.needsReason ? ', with a reason' : ''
          }.`,
          extension: stagesExtension(ctx, move.from),
          participant: participants(move.by),
        };
      }),
  };
  return {
    resourceType: 'PlanDefinition',
    id: 'si-joint-injection-pathway',
    url: canonical(ctx, 'PlanDefinition', 'si-joint-injection-pathway'),
    version: DEFINITIONS_VERSION,
    name: 'SIJointInjectionPathway',
    title: 'Sacroiliac joint injection pathway',
    type: {
      coding: [
        { system: SYSTEMS.planDefinitionType, code: 'clinical-protocol', display: 'Clinical Protocol' },
      ],
    },
    status: 'active',
    subjectCodeableConcept: { text: 'Patient referred for a sacroiliac joint injection' },
    description:
      'One episode per patient per referral: triage, screening, booking, check-in, the procedure, recovery, discharge, follow-up and the outcome review. Judgements at each step are made under the clinic’s protocol profile (the Libraries).',
    library: (Object.keys(PROFILES) as ProfileId[]).map((id) => canonical(ctx, 'Library', `protocol-${id}`)),
    action: [...stepActions, followUp, bareMoves],
  };
}

type ParamType = ParameterDefinition['type'];
type Value = { type: ParamType; value: Extension };

function parameterValues(name: string, value: unknown): { name: string; v: Value | null }[] {
  if (value === null) return [{ name, v: null }];
  if (typeof value === 'number')
    return [
      {
        name,
        v: Number.isInteger(value)
          ? { type: 'integer', value: { url: '', valueInteger: value } }
          : { type: 'decimal', value: { url: '', valueDecimal: value } },
      },
    ];
  if (typeof value === 'string')
    return [{ name, v: { type: 'string', value: { url: '', valueString: value } } }];
  if (typeof value === 'boolean')
    return [{ name, v: { type: 'boolean', value: { url: '', valueBoolean: value } } }];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    parameterValues(`${name}.${k}`, v),
  );
}

/** A protocol profile as a Library: one parameter per value, its value in an extension, its sources cited. */
export function protocolLibrary(ctx: Ctx, id: ProfileId): Library {
  const profile = PROFILES[id];
  const sources = new Set<SourceKey>();
  const parameter: ParameterDefinition[] = Object.entries(profile.values).flatMap(([key, entry]) => {
    for (const s of entry.sources) sources.add(s);
    const cited = entry.sources.map((s) => `[${s}] ${cite(s).ref}`).join('; ');
    return parameterValues(key, entry.value).map(({ name, v }) => ({
      name,
      use: 'out' as const,
      min: 0,
      max: '1',
      type: v?.type ?? 'string',
      documentation: `${v === null ? 'Off (not set by this profile). ' : ''}${entry.note ? `${entry.note}. ` : ''}Source: ${cited}`,
      extension: [
        v === null
          ? { url: canonical(ctx, 'StructureDefinition', 'parameter-off'), valueBoolean: true }
          : { ...v.value, url: canonical(ctx, 'StructureDefinition', 'parameter-value') },
      ],
    }));
  });
  return {
    resourceType: 'Library',
    id: `protocol-${id}`,
    url: canonical(ctx, 'Library', `protocol-${id}`),
    version: profile.version,
    name: `Protocol${id.replace(/(^|-)([a-z0-9])/g, (_, _d: string, c: string) => c.toUpperCase())}`,
    title: profile.title,
    status: 'active',
    type: {
      coding: [{ system: SYSTEMS.libraryType, code: 'asset-collection', display: 'Asset Collection' }],
    },
    description: `The protocol profile "${id}" version ${profile.version}: the thresholds SIJ Pathway's clinical core judges with. A clinic may override single values; every verdict records the profile and version it was made under.`,
    parameter,
    relatedArtifact: [...sources].sort().map((key) => {
      const c = cite(key);
      return { type: 'citation' as const, label: key, citation: c.ref, ...(c.url ? { url: c.url } : {}) };
    }),
  };
}

export const DEFINITION_TYPES = ['PlanDefinition', 'ActivityDefinition', 'Questionnaire', 'Library'] as const;
export type DefinitionType = (typeof DEFINITION_TYPES)[number];

/** Every definition we publish, by type. */
export function definitions(ctx: Ctx): Record<DefinitionType, Resource[]> {
  return {
    PlanDefinition: [planDefinition(ctx)],
    ActivityDefinition: stepNames.map((s) => activityDefinition(ctx, s)),
    Questionnaire: FORM_IDS.map((f) => questionnaire(ctx, f)),
    Library: (Object.keys(PROFILES) as ProfileId[]).map((id) => protocolLibrary(ctx, id)),
  };
}
