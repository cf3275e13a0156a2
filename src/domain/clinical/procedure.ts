/**
 * The procedure record and the day-of-procedure checks (DESIGN.md "Procedure record"): the
 * safety checklist (sign-in, time-out with the side confirmed, sign-out), the drugs with their
 * doses, contrast and its spread. The form checks these as the clinician types and the server
 * checks them again on save, both through the functions below.
 */
import { z } from 'zod';
import { type FieldIssue, failed } from '../field-issue.ts';
import { LIST, TEXT } from '../limits.ts';
import {
  APPROACHES,
  DischargeFactsSchema,
  InstantSchema,
  PainScoreSchema,
  PROVOCATION_TESTS,
  ScoreSchema,
  SideSchema,
  TestResultSchema,
} from './facts.ts';
import { ANAESTHETICS, type Anaesthetic } from './settings.ts';

export const ChecklistSchema = z.object({
  signIn: z.object({
    identityConfirmed: z.boolean(),
    consentConfirmed: z.boolean(),
    siteMarked: z.boolean(),
    allergiesChecked: z.boolean(),
    anticoagulationChecked: z.boolean(),
  }),
  timeOut: z.object({
    teamIntroduced: z.boolean(),
    /** The side the whole team confirms aloud: what is recorded must match it. */
    sideConfirmed: SideSchema,
    procedureConfirmed: z.boolean(),
    imagingAvailable: z.boolean(),
  }),
  signOut: z.object({
    drugsAndDosesRecorded: z.boolean(),
    equipmentAccountedFor: z.boolean(),
    concernsForRecovery: z.string().max(TEXT.note).default(''),
  }),
});
export type Checklist = z.infer<typeof ChecklistSchema>;

/** What the safety checklist still lacks (DESIGN.md: sign-in, time-out, sign-out), field by field. */
export function checklistGaps(c: z.input<typeof ChecklistSchema>): FieldIssue[] {
  const { signIn: i, timeOut: t, signOut: o } = c;
  return failed([
    ['checklist.signIn.identityConfirmed', i.identityConfirmed, 'Sign in: confirm identity'],
    ['checklist.signIn.consentConfirmed', i.consentConfirmed, 'Sign in: confirm consent'],
    ['checklist.signIn.siteMarked', i.siteMarked, 'Sign in: mark the site'],
    ['checklist.signIn.allergiesChecked', i.allergiesChecked, 'Sign in: check allergies'],
    ['checklist.signIn.anticoagulationChecked', i.anticoagulationChecked, 'Sign in: check anticoagulation'],
    ['checklist.timeOut.teamIntroduced', t.teamIntroduced, 'Time out: introduce the team'],
    ['checklist.timeOut.procedureConfirmed', t.procedureConfirmed, 'Time out: confirm the procedure'],
    ['checklist.timeOut.imagingAvailable', t.imagingAvailable, 'Time out: confirm imaging is available'],
    ['checklist.signOut.drugsAndDosesRecorded', o.drugsAndDosesRecorded, 'Sign out: record drugs and doses'],
    ['checklist.signOut.equipmentAccountedFor', o.equipmentAccountedFor, 'Sign out: account for equipment'],
  ]);
}

export const DRUG_KINDS = ['local-anaesthetic', 'steroid', 'contrast', 'saline'] as const;
export const DrugKindSchema = z.enum(DRUG_KINDS);
export type DrugKind = z.infer<typeof DrugKindSchema>;
export const CONCENTRATION_UNITS = ['mg/mL', '%'] as const;

const aboveZero = z
  .number({ message: 'Enter a number above 0' })
  .positive({ message: 'Enter a number above 0' });

export const DrugSchema = z.object({
  kind: DrugKindSchema,
  agent: z.string().trim().min(1, { message: 'Name the drug' }).max(TEXT.short),
  concentration: z.object({ value: aboveZero, unit: z.enum(CONCENTRATION_UNITS) }).optional(),
  volumeMl: z
    .number({ message: 'Enter the volume in mL' })
    .positive({ message: 'Enter the volume in mL' })
    .max(100, { message: 'Enter the volume in mL' }),
  doseMg: aboveZero.optional(),
});
export type Drug = z.infer<typeof DrugSchema>;

/** mg/mL from a concentration: a percentage is grams per 100 mL, so 0.5 % is 5 mg/mL. */
export const mgPerMl = (c: NonNullable<Drug['concentration']>) => (c.unit === '%' ? c.value * 10 : c.value);

/** The dose concentration × volume gives, rounded to 0.01 mg, or undefined without a concentration. */
export function expectedDoseMg(d: Pick<Drug, 'concentration' | 'volumeMl'>): number | undefined {
  if (!d.concentration) return undefined;
  return Number((mgPerMl(d.concentration) * d.volumeMl).toFixed(2));
}

/**
 * A dose that disagrees with concentration × volume is a unit slip, the commonest drug error.
 * Within 1 % (or 0.01 mg) is the same dose written differently.
 */
export function doseErrors(drugs: readonly Drug[]): FieldIssue[] {
  return drugs.flatMap((d, i) => {
    const expected = d.concentration ? mgPerMl(d.concentration) * d.volumeMl : undefined;
    if (expected === undefined || d.doseMg === undefined) return [];
    if (Math.abs(d.doseMg - expected) <= Math.max(0.01, expected * 0.01)) return [];
    const c = d.concentration!;
    const conc = `${c.value}${c.unit === '%' ? '%' : ' mg/mL'}`;
    return [
      {
        field: `record.drugs.${i}.doseMg`,
        message: `${d.volumeMl} mL of ${d.agent} ${conc} is ${Number(expected.toFixed(2))} mg, not ${d.doseMg} mg: check the units`,
      },
    ];
  });
}

export const CONTRAST_SPREADS = ['intra-articular', 'extravasation', 'vascular-uptake', 'not-seen'] as const;
export const GUIDANCE = ['fluoroscopy', 'ultrasound', 'ct'] as const;
/** Where the injection went: the approaches a plan or a past injection names ([S59]). */
export const TARGETS = APPROACHES;
export const COMPLICATIONS = ['vasovagal', 'bleeding', 'vascular-uptake', 'leg-numbness', 'other'] as const;
/** Each kind of drug given, as the form, the record and the discharge summary name it. */
export const drugKindLabels: Record<(typeof DRUG_KINDS)[number], string> = {
  'local-anaesthetic': 'Local anaesthetic',
  steroid: 'Steroid',
  contrast: 'Contrast agent',
  saline: 'Saline',
};
/**
 * Where the injection went (or a past one, or the plan), as every form, the record and the
 * discharge summary name it.
 */
export const targetLabels: Record<(typeof TARGETS)[number], string> = {
  'intra-articular': 'Intra-articular',
  periarticular: 'Periarticular',
  both: 'Intra-articular and periarticular',
};
/** What the contrast showed, as the form, the record and the discharge summary name it. */
export const spreadLabels: Record<(typeof CONTRAST_SPREADS)[number], string> = {
  'intra-articular': 'Intra-articular spread',
  extravasation: 'Extravasation',
  'vascular-uptake': 'Vascular uptake',
  'not-seen': 'Spread not seen',
};
export const RADIATION_UNITS = ['mGy', 'mGy·cm²', 'µGy·m²', 'cGy·cm²'] as const;

export const ProcedureRecordFactsSchema = z
  .object({
    performedAt: InstantSchema,
    side: SideSchema,
    guidance: z.enum(GUIDANCE),
    target: z.enum(TARGETS),
    contrast: z.object({ used: z.boolean(), spread: z.enum(CONTRAST_SPREADS).optional() }),
    drugs: z.array(DrugSchema).min(1, { message: 'Record at least one drug' }).max(LIST.drugsPerProcedure),
    radiationDose: z
      .object({
        value: z.number({ message: 'Enter a number' }).min(0, { message: 'Enter a number' }),
        unit: z.enum(RADIATION_UNITS),
      })
      .optional(),
    fluoroscopySeconds: z
      .number({ message: 'Enter seconds' })
      .min(0, { message: 'Enter seconds' })
      .max(36_000, { message: 'Enter seconds' })
      .optional(),
    durationMinutes: z
      .number({ message: 'Enter the duration in minutes' })
      .positive({ message: 'Enter the duration in minutes' })
      .max(600, { message: 'Enter the duration in minutes' }),
    complications: z.array(z.enum(COMPLICATIONS)).max(COMPLICATIONS.length).default([]),
    notes: z.string().max(TEXT.notes).default(''),
  })
  // DESIGN.md "contrast and its spread": the spread tells whether the injection was where intended.
  .refine((r) => !r.contrast.used || r.contrast.spread !== undefined, {
    message: 'Record the spread of contrast',
    path: ['contrast', 'spread'],
  });
export type ProcedureRecordFacts = z.infer<typeof ProcedureRecordFactsSchema>;

/** Everything injected, in mL: the block rules flag a diagnostic volume the joint cannot hold ([S15], [S16]). */
export const injectateVolumeMl = (drugs: readonly Drug[]) => drugs.reduce((sum, d) => sum + d.volumeMl, 0);

/** The record's local anaesthetic, when it is one whose duration the block rules know. */
export function knownAnaesthetic(drugs: readonly Drug[]): Anaesthetic | undefined {
  return drugs
    .filter((d) => d.kind === 'local-anaesthetic')
    .map((d) => d.agent.trim().toLowerCase())
    .find((a): a is Anaesthetic => (ANAESTHETICS as readonly string[]).includes(a));
}

export const CheckInFactsSchema = z.object({
  consentConfirmed: z.boolean(),
  sideMarked: SideSchema,
  escortPresent: z.boolean(),
  fastingAsInstructed: z.boolean(),
  /** Capillary glucose on arrival, for patients with diabetes. */
  glucose: z.object({ value: z.number().positive().max(1000), unit: z.enum(['mmol/L', 'mg/dL']) }).optional(),
  /** Why a check-in is recorded after its booked day (a late entry; timing.ts), when it is. */
  lateReason: z
    .string()
    .trim()
    .min(1, { message: 'Say why the check-in is recorded late' })
    .max(TEXT.reason)
    .optional(),
});
export type CheckInFacts = z.infer<typeof CheckInFactsSchema>;

/** What stops a patient being checked in (consent, escort, fasting, glucose for a diabetic). */
export function checkInGaps(f: CheckInFacts, diabetic: boolean): FieldIssue[] {
  return failed([
    ['consentConfirmed', f.consentConfirmed, 'Consent must be confirmed'],
    ['escortPresent', f.escortPresent, 'An adult escort must be present to take the patient home'],
    ['fastingAsInstructed', f.fastingAsInstructed, 'Fasting must be as instructed'],
    [
      'glucose',
      !diabetic || f.glucose !== undefined,
      'Check and record the glucose of a patient with diabetes',
    ],
  ]);
}

export const RecoveryFactsSchema = z.object({
  /** Index pain on the 0–10 scale just before the block. */
  baselinePain: PainScoreSchema,
  scores: z.array(ScoreSchema).max(LIST.painScores).default([]),
  provocationRetest: z.partialRecord(z.enum(PROVOCATION_TESTS), TestResultSchema).default({}),
  discharge: DischargeFactsSchema,
});
export type RecoveryFacts = z.infer<typeof RecoveryFactsSchema>;
