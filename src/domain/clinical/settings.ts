import { z } from 'zod';
import { LocalTime } from '../dates.ts';
import { TEXT } from '../limits.ts';
import {
  ProfileIdSchema,
  ProtocolOverridesSchema,
  type ResolvedProtocol,
  resolveProfile,
} from './profiles.ts';
import type { SourceKey } from './sources.ts';
import { isValidTimeZone } from './zoned-time.ts';

/**
 * Clinic settings. Site settings are not part of a protocol profile (clinical/README.md
 * "Site settings"); every default below cites its source, and an UNCONFIRMED value defaults to
 * null ("off"), which yields a finding for a clinician instead of a hard stop.
 */

export const ANAESTHETICS = ['lidocaine', 'bupivacaine', 'levobupivacaine', 'ropivacaine'] as const;
export const AnaestheticSchema = z.enum(ANAESTHETICS);
export type Anaesthetic = z.infer<typeof AnaestheticSchema>;

// A lab value is read with its unit, never assumed: 7 is normal glucose in mmol/L, impossible in mg/dL.
export const GlucoseSchema = z.object(
  { value: z.number().positive(), unit: z.enum(['mmol/L', 'mg/dL']) },
  { error: 'a value with its unit, like { "value": 7.2, "unit": "mmol/L" } (or "mg/dL")' },
);
export type Glucose = z.infer<typeof GlucoseSchema>;
export const Hba1cSchema = z.object(
  { value: z.number().positive(), unit: z.enum(['%', 'mmol/mol']) },
  { error: 'a value with its unit, like { "value": 53, "unit": "mmol/mol" } (or "%")' },
);
export type Hba1c = z.infer<typeof Hba1cSchema>;

const HoursRange = z
  .object({ minHours: z.number().positive(), maxHours: z.number().positive() })
  .refine((r) => r.minHours <= r.maxHours, { message: 'minHours must not exceed maxHours' });
export type HoursRange = z.infer<typeof HoursRange>;

const Hours = z
  .number()
  .min(0)
  .max(24 * 30);

export const ClinicRulesSchema = z.object({
  fasting: z
    .object({
      // Some NHS units require fasting ([S33], seed 003 "You must fast unless otherwise advised"),
      // others allow a light meal ([S42]); a clinic rule.
      required: z.boolean().default(true),
      // ASA 2017: light meal 6 h, clear liquids 2 h ([S43]).
      solidsHours: Hours.default(6),
      clearFluidsHours: Hours.default(2),
    })
    .prefault({}),
  // seed 003 / [S33]: any infection in the 14 days before the procedure.
  infectionLookbackDays: z.number().int().min(0).max(365).default(14),
  escort: z
    .object({
      // seed 003: must not drive home, someone at home for 24 h; [S42]; PADSS needs an adult escort [S41].
      required: z.boolean().default(true),
      noDrivingHours: Hours.default(24),
      adultAtHomeHours: Hours.default(24),
    })
    .prefault({}),
  diabetes: z
    .object({
      // [S25]–[S27]: monitor glucose for at least 48 h; up to about 7 days if poorly controlled.
      glucoseAdviceHours: Hours.default(48),
      glucoseAdviceHoursPoorControl: Hours.default(168),
      // [S25]: the rise is larger above HbA1c 7 % and in insulin users; [S27] suggests < 7 %.
      poorControlHba1c: Hba1cSchema.default({ value: 7, unit: '%' }),
    })
    .prefault({}),
  labLimits: z
    .object({
      // UNCONFIRMED in the sources (sources.md §4): off by default.
      glucoseMax: GlucoseSchema.nullable().default(null),
      hba1cMax: Hba1cSchema.nullable().default(null),
      inrMax: z.number().positive().nullable().default(null),
      /** ×10⁹/L */
      plateletsMin: z.number().positive().nullable().default(null),
      /**
       * The oldest a result may be on the procedure day, in days. No source gives one (sources.md
       * §4): off, and a result of any age is read as it stands.
       */
      maxAgeDays: z.number().int().min(0).max(365).nullable().default(null),
    })
    .prefault({}),
  pregnancy: z
    .object({
      // [S32], [S17], [S9]: no ionising radiation in pregnancy, so pregnancy is asked before it.
      // The sources give no age range for asking: off (null) asks everyone who could be pregnant,
      // whatever their age (the conservative choice). A clinic may narrow it, e.g. 12–55 years.
      childBearingAgeYears: z
        .object({ minYears: z.number().int().min(0).max(100), maxYears: z.number().int().min(0).max(100) })
        .refine((r) => r.minYears <= r.maxYears, { message: 'minYears must not exceed maxYears' })
        .nullable()
        .default(null),
    })
    .prefault({}),
  bleedingRisk: z
    .object({
      // [A2], [S4]: older age raises the bleeding category one step, but no source gives an age.
      // Off (null) until the clinic sets one; staff can still tick "older age" themselves.
      olderAgeFromYears: z.number().int().min(18).max(120).nullable().default(null),
    })
    .prefault({}),
  steroid: z
    .object({
      // No SI-specific cumulative cap was found (sources.md §3): off by default.
      maxDoseMgPer12Months: z.number().positive().nullable().default(null),
    })
    .prefault({}),
  antithrombotics: z
    .object({
      // sources.md §1c rows marked S: the hold interval is a clinic setting (default off), shown to
      // staff as a suggestion when they agree a plan with the prescriber.
      suggestedHoldHours: z.record(z.string(), Hours).default({}),
    })
    .prefault({}),
  // Expected duration of each local anaesthetic: UNCONFIRMED (sources.md §2c), so off by default.
  anaesthetics: z
    .object(
      Object.fromEntries(ANAESTHETICS.map((a) => [a, HoursRange.nullable().default(null)])) as {
        [K in Anaesthetic]: z.ZodDefault<z.ZodNullable<typeof HoursRange>>;
      },
    )
    .prefault({}),
  symptoms: z
    .object({
      // [S38]: leg or buttock numbness from the anaesthetic wears off within 4–6 h.
      expectedNumbnessHours: Hours.default(6),
      // seed 003 / [S38]: a flare of pain lasts up to about a week.
      expectedFlareDays: z.number().min(0).max(60).default(7),
    })
    .prefault({}),
  diary: z
    .object({
      // Prompt spacing inside the anaesthetic window; sources.md §2c gives no confirmed schedule.
      hourlyEveryMinutes: z.number().int().min(15).max(240).default(60),
      // [S9]: scores on the following days; seed 003: a flare lasts up to a week.
      // At most one prompt per day or week it can name: 60 days, 104 weeks.
      days: z.array(z.number().int().min(1).max(60)).max(60).default([1, 2, 3, 4, 5, 6, 7]),
      // [S9]: a repeat needs relief for ≥ 3 months (13 weeks); [S12]: ≥ 4 weeks of relief.
      weeks: z.array(z.number().int().min(1).max(104)).max(104).default([2, 4, 6, 8, 13]),
      promptTime: LocalTime().default('09:00'),
    })
    .prefault({}),
  discharge: z
    .object({
      // seed 003 "asked to pass water"; the modified PADSS drops voiding ([S41]): a clinic rule.
      requireVoiding: z.boolean().default(true),
    })
    .prefault({}),
  alerts: z
    .object({
      // How long a worrying-symptom alert may wait for a clinician's acknowledgement before a
      // second notification goes out. A service choice about the clinic's own response, not a
      // clinical threshold: the patient is told what to do at once, whatever this says.
      escalateAfterMinutes: z.number().int().min(5).max(1440).default(30),
    })
    .prefault({}),
  // Not a clinical rule: when the clinic's reminders reach a patient, local time. The defaults are
  // SIJ Pathway's choice (docs/patient-portal.md): the evening before, when there is still time to
  // find an escort and to plan the fast, and early on the day, before most clear-fluid cut-offs.
  reminders: z
    .object({
      dayBeforeAt: LocalTime().default('18:00'),
      morningOfAt: LocalTime().default('07:00'),
    })
    .prefault({}),
});
export type ClinicRules = z.infer<typeof ClinicRulesSchema>;

/**
 * The languages and formats patient wording comes in: British and American English (spelling, the
 * names of services, date and time formats). A clinic's contacts say whom to call; the locale says
 * how it is worded.
 */
export const LOCALES = ['en-GB', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

const required = { message: 'Required' };
const ClinicIdentitySchema = z.object({
  name: z.string().trim().min(1, required),
  timeZone: z
    .string()
    .max(TEXT.timeZone)
    .refine(isValidTimeZone, { message: 'an IANA time zone, e.g. Europe/London' }),
  locale: z.enum(LOCALES).default('en-GB'),
  contacts: z.object({
    phone: z.string().trim().min(1, required),
    urgentPhone: z.string().trim().min(1, required),
    outOfHours: z.string().trim().min(1, required),
  }),
});
const ProtocolChoiceSchema = z.object({
  profile: ProfileIdSchema,
  overrides: ProtocolOverridesSchema.default({}),
});

const ClinicSettingsFields = z.object({
  clinic: ClinicIdentitySchema,
  protocol: ProtocolChoiceSchema,
  rules: ClinicRulesSchema.optional(),
  /** The former name of `rules` (assessment format 1.0), still accepted. */
  site: ClinicRulesSchema.optional(),
});

/**
 * A clinic's settings: who and where it is, its protocol profile, and its own rules (the ones no
 * profile sets). `rules` defaults field by field; requests written before it was named may still
 * call it `site`.
 */
export const ClinicSettingsSchema = ClinicSettingsFields.transform(({ site, rules, ...s }) => ({
  ...s,
  rules: rules ?? site ?? ClinicRulesSchema.parse({}),
}));
export type ClinicSettings = z.infer<typeof ClinicSettingsSchema>;

/** The settings as they leave the server (every rule filled in), for response schemas. */
export const ResolvedClinicSettingsSchema = z.object({
  clinic: ClinicIdentitySchema,
  protocol: ProtocolChoiceSchema,
  rules: ClinicRulesSchema,
});
export type ClinicSettingsInput = z.input<typeof ClinicSettingsSchema>;

/** Valid settings for a clinic, with every default (used by the demo seed and new sites). */
export function defaultClinicSettings(
  clinic: ClinicSettingsInput['clinic'],
  profile: ClinicSettings['protocol']['profile'] = 'lcd-2023',
): ClinicSettings {
  return ClinicSettingsSchema.parse({ clinic, protocol: { profile } });
}

/**
 * The protocol in force for these settings: profile values, overrides applied, sources kept.
 * Kept by the protocol's own content (profile and overrides, as JSON): a bulk caller (the
 * synthetic seed) asks for the same clinic's protocol a million times, and resolving it cites
 * every source anew. Keyed by content, not by the settings object, so that settings changed in
 * place can never be judged by the protocol they had before (a stale rule).
 */
export function resolveProtocol(settings: ClinicSettings): ResolvedProtocol {
  const key = JSON.stringify(settings.protocol);
  let resolved = resolvedFor.get(key);
  if (!resolved) {
    // A handful of protocols are in use at once; many more means settings being edited or tried.
    if (resolvedFor.size >= 64) resolvedFor.clear();
    resolved = resolveProfile(settings.protocol.profile, settings.protocol.overrides);
    resolvedFor.set(key, resolved);
  }
  return resolved;
}
const resolvedFor = new Map<string, ResolvedProtocol>();

/** Where a rule's default comes from: the sources' keys and, in words, what they say. */
export interface RuleSource {
  sources: SourceKey[];
  note: string;
  /** The sources give no confirmed value, so the rule is off until the clinic sets it. */
  unconfirmed?: true;
}

/** Where each clinic rule's default comes from, for the settings page (groups stand for their rules). */
export const RULE_SOURCES: Record<string, RuleSource> = {
  'fasting.required': {
    sources: ['S33', 'S42', 'seed-003'],
    note: 'some units require fasting, others allow a light meal',
  },
  'fasting.solidsHours': { sources: ['S43'], note: 'a light meal up to 6 h before' },
  'fasting.clearFluidsHours': { sources: ['S43'], note: 'clear liquids up to 2 h before' },
  infectionLookbackDays: { sources: ['seed-003', 'S33'], note: 'any infection in the 14 days before' },
  'escort.required': { sources: ['seed-003', 'S41', 'S42'], note: 'an adult to take the patient home' },
  'escort.noDrivingHours': {
    sources: ['seed-003', 'S42'],
    note: 'no driving for 24 h (not confirmed as a guideline requirement)',
  },
  'escort.adultAtHomeHours': { sources: ['seed-003'], note: 'someone at home for 24 hours' },
  'diabetes.glucoseAdviceHours': {
    sources: ['S25', 'S26', 'S27'],
    note: 'monitor glucose for at least 48 h',
  },
  'diabetes.glucoseAdviceHoursPoorControl': {
    sources: ['S26', 'S27'],
    note: 'up to about 7 days when poorly controlled',
  },
  'diabetes.poorControlHba1c': { sources: ['S25', 'S27'], note: 'HbA1c 7 %' },
  labLimits: {
    sources: ['README'],
    note: 'no confirmed limit in the sources (sources.md §4): off until the clinic sets one',
    unconfirmed: true,
  },
  'labLimits.maxAgeDays': {
    sources: ['README'],
    note: 'no source says how recent a result must be (sources.md §4): off until the clinic sets one; while off a result of any age is read as it stands',
    unconfirmed: true,
  },
  'pregnancy.childBearingAgeYears': {
    sources: ['S32', 'S17', 'S9', 'README'],
    note: 'no X-ray guidance in pregnancy; the sources give no age range for asking, so off asks everyone who could be pregnant, at any age',
    unconfirmed: true,
  },
  'bleedingRisk.olderAgeFromYears': {
    sources: ['A2', 'S4', 'README'],
    note: 'older age raises the bleeding category one step; no source gives the age, so off until the clinic sets one (staff may still tick it)',
    unconfirmed: true,
  },
  'steroid.maxDoseMgPer12Months': {
    sources: ['README'],
    note: 'no SI-specific cumulative cap in the sources (sources.md §3): off until the clinic sets one',
    unconfirmed: true,
  },
  'antithrombotics.suggestedHoldHours': {
    sources: ['S1', 'README'],
    note: 'drugs marked secondary in sources.md §1c: a suggestion shown to staff; a recorded hold shorter than it is for a clinician to review; none until the clinic sets them',
    unconfirmed: true,
  },
  anaesthetics: {
    sources: ['README'],
    note: 'expected durations are not confirmed in the sources (sources.md §2c): off until the clinic sets them, and a block cannot be read as positive without one',
    unconfirmed: true,
  },
  'symptoms.expectedNumbnessHours': { sources: ['S38'], note: 'numbness wears off within 4–6 h' },
  'symptoms.expectedFlareDays': { sources: ['seed-003', 'S38'], note: 'a flare lasts up to about a week' },
  diary: {
    sources: ['S9', 'S12'],
    note: 'scores on the same day and the following days; relief for ≥ 3 months before a repeat',
  },
  'discharge.requireVoiding': {
    sources: ['seed-003', 'S41'],
    note: 'asked to pass water (the modified PADSS drops it)',
  },
  'alerts.escalateAfterMinutes': {
    sources: ['DESIGN'],
    note: 'a service choice, not a clinical threshold: how long an alert may wait for a clinician before a second notification (30 minutes unless the clinic sets another time); the patient is told what to do at once either way',
  },
  reminders: {
    sources: ['DESIGN'],
    note: 'not a clinical rule: when reminders go out is the clinic’s choice (SIJ Pathway starts with the evening before at 18:00 and the morning of the procedure at 07:00)',
  },
};
