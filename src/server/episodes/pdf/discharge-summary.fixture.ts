// A realistic discharge summary input for tests and for rendering examples by hand.
// Times are chosen across the clock change: the procedure is in BST (UTC+1) and the patient's
// birth date and referral are calendar dates, so zone handling is visible in every copy.

import type { DischargeSummaryInput } from './discharge-summary.ts';

type Nested = 'clinic' | 'patient' | 'episode' | 'procedure' | 'recovery';
type Overrides = Partial<Omit<DischargeSummaryInput, Nested>> & {
  [K in Nested]?: Partial<DischargeSummaryInput[K]>;
};

export function dischargeSummaryInput(overrides: Overrides = {}): DischargeSummaryInput {
  const base: DischargeSummaryInput = {
    clinic: {
      name: 'Riverside Pain Clinic',
      timeZone: 'Europe/London',
      contacts: {
        phone: '0161 496 0000',
        urgentPhone: '0161 496 0999',
        outOfHours: 'Call NHS 111, or 999 in an emergency.',
        email: 'pain.clinic@riverside.example.nhs.uk',
        address: 'Riverside Hospital, Outpatients Level 2\nRiver Road, Manchester M1 1AA',
      },
    },
    patient: {
      givenName: 'Margaret',
      familyName: 'Okonkwo-Hughes',
      birthDate: '1958-04-12',
      nhsNumber: '9434765919',
      mrn: 'RPC-004521',
    },
    referrer: {
      name: 'Dr Patel',
      address: 'Riverside Medical Practice\n12 Mill Lane\nExampletown EX1 4CD',
    },
    signedBy: { name: 'Dr Sarah Lin', role: 'Consultant in Pain Medicine' },
    episode: {
      referredOn: '2026-05-14',
      reason: 'Right-sided buttock pain for 9 months, 3 of 5 provocation tests positive.',
      purpose: 'diagnostic',
    },
    procedure: {
      performedAt: '2026-07-01T09:30:00Z',
      operator: 'Dr Sarah Lin, Consultant in Pain Medicine',
      side: 'left',
      guidance: 'fluoroscopy',
      target: 'intra-articular',
      contrast: { used: true, spread: 'intra-articular' },
      drugs: [
        { kind: 'contrast', agent: 'iohexol', concentration: { value: 300, unit: 'mg/mL' }, volumeMl: 0.5 },
        {
          kind: 'local-anaesthetic',
          agent: 'bupivacaine',
          concentration: { value: 0.5, unit: '%' },
          volumeMl: 2,
          doseMg: 10,
        },
        {
          kind: 'steroid',
          agent: 'triamcinolone',
          concentration: { value: 40, unit: 'mg/mL' },
          volumeMl: 1,
          doseMg: 40,
        },
      ],
      radiationDose: { value: 12.4, unit: 'µGy·m²' },
      durationMinutes: 14,
      complications: [],
      notes: 'Single pass, 22G spinal needle, inferior joint recess.',
    },
    recovery: {
      baselinePain: 7,
      scores: [
        { at: '2026-07-01T09:45:00Z', pain: 3 },
        { at: '2026-07-01T10:00:00Z', pain: 2 },
        { at: '2026-07-01T10:30:00Z', pain: 2 },
      ],
      blockResponse: {
        classification: 'positive',
        peakReliefPercent: 71,
        thresholdText: '≥ 50% relief from baseline within the bupivacaine window',
        reasons: [
          'Positive block: 71 % peak relief with bupivacaine, meeting the threshold (≥ 50 %) for 6 h (expected at least 4 h).',
        ],
      },
      dischargedAt: '2026-07-01T10:40:00Z',
      dischargeOverrideReason: null,
      readinessMissing: [],
    },
    // After-care, as src/domain/clinical/instructions.ts words it.
    patientInstructions: [
      'Your back may be sore where the needle went in for a few days.',
      'The numbness in your buttock and leg should wear off within a few hours.',
      'Restart your apixaban tomorrow morning (2 July).',
      'Fill in your pain diary every day for the next 6 weeks.',
    ],
    urgentSymptoms: [
      'new weakness or numbness in your legs that is not wearing off',
      'a high temperature, or redness and swelling where the injection was given',
      'problems controlling your bladder or bowels',
    ],
    corrections: [],
    generatedAt: '2026-07-01T10:42:00Z',
  };
  return {
    ...base,
    ...overrides,
    clinic: { ...base.clinic, ...overrides.clinic },
    patient: { ...base.patient, ...overrides.patient },
    episode: { ...base.episode, ...overrides.episode },
    procedure: { ...base.procedure, ...overrides.procedure },
    recovery: { ...base.recovery, ...overrides.recovery },
  };
}
