/**
 * Valid inputs for every step, with sensible defaults: the one factory the demo seed, the API
 * tests and the access test build their step payloads from. Override only what matters.
 */
import { patientFactsUnknown, type Side, screeningFactsUnknown } from '../../domain/clinical/index.ts';
import { tickedChecklist } from '../../domain/clinical/testing.ts';
import type { StepName } from '../../domain/pathway.ts';
import type { StepInput } from '../../shared/api/steps.ts';

/** A step's facts: its input without the version and amendment reason the form adds. */
export type Facts<S extends StepName> = Omit<StepInput<S>, 'version' | 'amendReason'>;

export const positiveExam: Facts<'triage'>['facts'] = {
  indications: ['si-joint-dysfunction'],
  priorTreatments: { lumbarEpiduralWithoutBenefit: true, imagingWithoutDistinctFinding: true },
  provocationTests: {
    distraction: 'positive',
    compression: 'positive',
    thighThrust: 'positive',
    sacralThrust: 'negative',
  },
  conservativeCareWeeks: 12,
  redFlags: [],
  noRedFlags: true,
};

export const negativeExam: Facts<'triage'>['facts'] = {
  indications: [],
  priorTreatments: {},
  provocationTests: { distraction: 'negative', compression: 'negative', thighThrust: 'negative' },
  redFlags: [],
  noRedFlags: true,
};

export function triageFacts(overrides: Partial<Facts<'triage'>> = {}): Facts<'triage'> {
  return { purpose: 'both', facts: positiveExam, decision: 'accept', ...overrides };
}

/**
 * A screening call with nothing of concern: every question answered (yes where the parts give
 * details, no otherwise), not pregnant, escort and an adult at home arranged.
 */
export function screeningFacts(
  side: Side = 'left',
  parts: {
    patient?: Partial<Facts<'screening'>['patient']>;
    screening?: Partial<Facts<'screening'>['screening']>;
    plan?: Partial<Facts<'screening'>['plan']>;
  } = {},
): Facts<'screening'> {
  const p = parts.patient ?? {};
  const s = parts.screening ?? {};
  const yes = (details: boolean) => (details ? 'yes' : 'no');
  return {
    patient: {
      ...patientFactsUnknown(),
      pregnancy: 'not-pregnant',
      ...parts.patient,
    },
    screening: {
      ...screeningFactsUnknown(),
      answers: {
        infection: yes(Boolean(s.infections?.length || s.feverNow || s.injectionSiteInfection)),
        antithrombotics: yes(Boolean(p.antithrombotics?.length)),
        bleedingDisorder: yes(Boolean(p.bleedingDisorder)),
        allergies: yes(Boolean(p.allergies?.length || p.allergyDetails?.length)),
        diabetes: yes(Boolean(p.diabetes)),
        previousInjections: yes(Boolean(p.previousInjections?.length)),
      },
      escortArranged: true,
      adultAtHomeArranged: true,
      ...parts.screening,
    },
    plan: {
      side,
      plannedGuidance: 'fluoroscopy',
      plannedContrast: true,
      anaesthetic: 'bupivacaine',
      ...parts.plan,
    },
  };
}

export function checkInFacts(
  side: Side = 'left',
  overrides: Partial<Facts<'check-in'>> = {},
): Facts<'check-in'> {
  return {
    consentConfirmed: true,
    sideMarked: side,
    escortPresent: true,
    fastingAsInstructed: true,
    ...overrides,
  };
}

export function checklist(side: Side = 'left'): Facts<'procedure'>['checklist'] {
  return tickedChecklist(side);
}

/** Contrast, bupivacaine 0.5 % 1.5 mL (7.5 mg) and triamcinolone 40 mg, intra-articular under fluoroscopy. */
export function procedureFacts(
  side: Side = 'left',
  performedAt: Date = new Date(),
  record: Partial<Facts<'procedure'>['record']> = {},
): Facts<'procedure'> {
  return {
    checklist: checklist(side),
    record: {
      performedAt: performedAt.toISOString(),
      side,
      guidance: 'fluoroscopy',
      target: 'intra-articular',
      contrast: { used: true, spread: 'intra-articular' },
      drugs: [
        { kind: 'contrast', agent: 'iohexol', volumeMl: 0.5 },
        {
          kind: 'local-anaesthetic',
          agent: 'bupivacaine',
          concentration: { value: 0.5, unit: '%' },
          volumeMl: 1.5,
          doseMg: 7.5,
        },
        {
          kind: 'steroid',
          agent: 'triamcinolone',
          concentration: { value: 40, unit: 'mg/mL' },
          volumeMl: 1,
          doseMg: 40,
        },
      ],
      radiationDose: { value: 14.2, unit: 'mGy·cm²' },
      fluoroscopySeconds: 22,
      durationMinutes: 15,
      complications: [],
      notes: '',
      ...record,
    },
  };
}

export const readyToGoHome: Facts<'recovery'>['discharge'] = {
  walkingChecked: true,
  legNumbnessOrWeakness: false,
  passedUrine: true,
  escortPresent: true,
  adviceGiven: true,
};

/** Pain 7 before, then scores `hoursAfter` the block (defaults: 1, 1 and 3 out of 10 at 1, 2 and 4 h). */
export function recoveryFacts(
  performedAt: Date = new Date(),
  scores: [hoursAfter: number, pain: number][] = [
    [1, 1],
    [2, 1],
    [4, 3],
  ],
  overrides: Partial<Facts<'recovery'>> = {},
): Facts<'recovery'> {
  return {
    baselinePain: 7,
    scores: scores.map(([h, pain]) => ({
      at: new Date(performedAt.getTime() + h * 3_600_000).toISOString(),
      pain,
    })),
    provocationRetest: { thighThrust: 'negative', compression: 'negative' },
    discharge: readyToGoHome,
    ...overrides,
  };
}
