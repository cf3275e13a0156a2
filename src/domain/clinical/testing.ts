import type { AssessmentRequestInput } from './assess.ts';
import {
  type EpisodeFacts,
  EpisodeFactsSchema,
  type PatientFacts,
  PatientFactsSchema,
  type ScreeningFacts,
  ScreeningFactsSchema,
} from './facts.ts';
import type { Checklist } from './procedure.ts';
import type { ScreeningContext } from './screening.ts';
import {
  type ClinicSettings,
  type ClinicSettingsInput,
  ClinicSettingsSchema,
  resolveProtocol,
} from './settings.ts';

/** Factories for tests: a valid default for every input, overridden per case. */

export const CLINIC: ClinicSettingsInput['clinic'] = {
  name: 'Plymouth Pain Clinic',
  timeZone: 'Europe/London',
  contacts: { phone: '01752 437706', urgentPhone: '01752 437707', outOfHours: 'NHS 111' },
};

export function buildSettings(
  overrides: Partial<Omit<ClinicSettingsInput, 'clinic'>> & {
    clinic?: Partial<ClinicSettingsInput['clinic']>;
  } = {},
): ClinicSettings {
  return ClinicSettingsSchema.parse({
    protocol: { profile: 'lcd-2023' },
    ...overrides,
    clinic: { ...CLINIC, ...overrides.clinic },
  });
}

export const NOW = '2026-03-02T10:00:00.000Z';

/** Every yes/no question of the screening call answered "no" (facts.ts SCREENING_QUESTIONS). */
export const ANSWERED_NO = {
  infection: 'no',
  antithrombotics: 'no',
  bleedingDisorder: 'no',
  allergies: 'no',
  diabetes: 'no',
  previousInjections: 'no',
} as const satisfies ScreeningFacts['answers'];
export const PROCEDURE_AT = '2026-03-10T09:30:00.000Z';

export function buildScreening(
  parts: {
    patient?: Partial<PatientFacts>;
    episode?: Partial<EpisodeFacts>;
    facts?: Partial<ScreeningFacts>;
    settings?: ClinicSettings;
    now?: string;
  } = {},
): ScreeningContext {
  const settings = parts.settings ?? buildSettings();
  return {
    now: new Date(parts.now ?? NOW),
    settings,
    protocol: resolveProtocol(settings),
    // A man of 60 who answered every question: pregnancy does not apply, nothing is left unasked.
    patient: PatientFactsSchema.parse({ sex: 'male', ageYears: 60, ...parts.patient }),
    episode: EpisodeFactsSchema.parse({
      purpose: 'therapeutic',
      procedureAt: PROCEDURE_AT,
      ...parts.episode,
    }),
    facts: ScreeningFactsSchema.parse({
      answers: ANSWERED_NO,
      escortArranged: true,
      adultAtHomeArranged: true,
      ...parts.facts,
    }),
  };
}

export function buildRequest(overrides: Partial<AssessmentRequestInput> = {}): AssessmentRequestInput {
  return {
    now: NOW,
    settings: { clinic: CLINIC, protocol: { profile: 'lcd-2023' } },
    episode: { purpose: 'therapeutic', procedureAt: PROCEDURE_AT },
    ...overrides,
  };
}

/** The safety checklist with every item done, for `side` (the demo seed's procedures use it too). */
export function tickedChecklist(side: Checklist['timeOut']['sideConfirmed'] = 'left'): Checklist {
  return {
    signIn: {
      identityConfirmed: true,
      consentConfirmed: true,
      siteMarked: true,
      allergiesChecked: true,
      anticoagulationChecked: true,
    },
    timeOut: { teamIntroduced: true, sideConfirmed: side, procedureConfirmed: true, imagingAvailable: true },
    signOut: { drugsAndDosesRecorded: true, equipmentAccountedFor: true, concernsForRecovery: '' },
  };
}
