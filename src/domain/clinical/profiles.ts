import { z } from 'zod';
import { CANONICAL_DURATION, DurationSchema, fromMonths } from './duration.ts';
import { cite, type SourceKey, type SourceRef, SourceRefSchema } from './sources.ts';

/**
 * Protocol profiles: named, versioned sets of defaults, each value with its source
 * (clinical/README.md "Values and where they come from"). The guidelines disagree, so a clinic
 * chooses a profile and may override single values; every verdict records the profile used.
 */

const Percent = z.number().min(0).max(100);
const Comparator = z.enum(['>', '>=']);

/**
 * A number of whole calendar months: the former (before assessment format 1.2) way of writing an
 * interval, still accepted and read as the duration `P<n>M`. A fraction is refused, never truncated.
 */
const WholeMonths = z
  .codec(z.number().min(0).max(24), z.string().regex(CANONICAL_DURATION), {
    decode: (months, payload) => {
      const r = fromMonths(months);
      if (r.ok) return `P${months}M`;
      payload.issues.push({ code: 'custom', message: r.message, input: months, path: [] });
      return 'P0D';
    },
    encode: (text) => Number(text.slice(1, -1)),
  })
  .meta({ description: 'Deprecated: whole calendar months, read as the duration P<n>M' });

const RepeatTherapeuticFields = z.object({ percent: Percent, comparator: Comparator });
/** `lasting` a duration; the former `months` (whole months) is read as one. */
const RepeatTherapeuticSchema = z.codec(
  RepeatTherapeuticFields.extend({ lasting: DurationSchema.optional(), months: WholeMonths.optional() }),
  RepeatTherapeuticFields.extend({ lasting: z.string().regex(CANONICAL_DURATION) }),
  {
    decode: ({ lasting, months, ...r }, payload) => {
      const duration = lasting ?? months;
      if (duration !== undefined) return { ...r, lasting: duration };
      payload.issues.push({
        code: 'custom',
        message: 'how long relief must last, e.g. P3M (3 months)',
        input: payload.value,
        path: ['lasting'],
      });
      return { ...r, lasting: 'P0D' };
    },
    encode: (r) => r,
  },
);

const protocolShape = {
  /** Relief that makes a diagnostic block positive, for the anaesthetic's duration. */
  diagnosticPositive: z.object({ percent: Percent, comparator: Comparator }),
  /** Diagnostic sessions allowed per rolling 12 months; null = not capped. */
  diagnosticSessionsPer12Months: z.number().int().min(1).nullable(),
  /**
   * Relief (or function) a therapeutic injection must give, and for how long (`lasting`, a
   * duration such as `P3M`), before a repeat; null = clinician's judgement.
   */
  repeatTherapeutic: RepeatTherapeuticSchema.nullable(),
  /** Therapeutic sessions per rolling 12 months (each side in its own session counts); null = not capped. */
  therapeuticSessionsPer12Months: z.number().int().min(1).nullable(),
  /** Minimum interval between therapeutic injections, a duration in the clinic's zone (e.g. `P2M`, `P8W`); null = off. */
  minIntervalBetweenTherapeutic: DurationSchema.nullable(),
  /** Provocation tests that must be positive before injection. */
  provocationPositiveMin: z.number().int().min(1).max(6),
  /** Weeks of failed conservative care before injection. */
  conservativeCareWeeksMin: z.number().min(0).max(104),
  ultrasoundGuidance: z.enum(['contrast-allergy-or-pregnancy-only', 'may-be-considered']),
  /** A diagnostic intra-articular volume above this suggests extravasation. */
  diagnosticVolumeFlagMl: z.number().positive().max(20),
};

export const ProtocolValuesSchema = z.object(protocolShape);
export type ProtocolValues = z.infer<typeof ProtocolValuesSchema>;
export type ProtocolKey = keyof ProtocolValues;

const OverridesFields = ProtocolValuesSchema.partial();
/**
 * The clinic's changes to its profile's values. `minMonthsBetweenTherapeutic` (whole months) is
 * the former name of `minIntervalBetweenTherapeutic`, still accepted; the new name wins if both are given.
 */
const OverridesInput = OverridesFields.extend({
  minMonthsBetweenTherapeutic: WholeMonths.nullable().optional(),
});
export const ProtocolOverridesSchema = z.codec(OverridesInput, OverridesFields, {
  decode: ({ minMonthsBetweenTherapeutic: former, ...o }) =>
    former === undefined || o.minIntervalBetweenTherapeutic !== undefined
      ? o
      : { ...o, minIntervalBetweenTherapeutic: former },
  // Encoding (a response) starts from decoded values, which are already in the output shape.
  encode: (o) => o as z.output<typeof OverridesInput>,
});
export type ProtocolOverrides = z.output<typeof ProtocolOverridesSchema>;
export type ProtocolOverridesInput = z.input<typeof ProtocolOverridesSchema>;

export const PROFILE_IDS = ['lcd-2023', 'aspn-2024', 'local'] as const;
export const ProfileIdSchema = z.enum(PROFILE_IDS);
export type ProfileId = z.infer<typeof ProfileIdSchema>;

type Sourced<T> = { [K in keyof T]: { value: T[K]; sources: SourceKey[]; note?: string } };

export interface ProtocolProfile {
  id: ProfileId;
  version: string;
  title: string;
  values: Sourced<ProtocolValues>;
}

const LCD_2023: ProtocolProfile = {
  id: 'lcd-2023',
  version: '2023.1',
  title: 'US Medicare SI joint LCDs (effective 19 March 2023)',
  values: {
    diagnosticPositive: { value: { percent: 75, comparator: '>=' }, sources: ['S9'] },
    diagnosticSessionsPer12Months: { value: 2, sources: ['S9'] },
    repeatTherapeutic: { value: { percent: 50, comparator: '>=', lasting: 'P3M' }, sources: ['S9'] },
    therapeuticSessionsPer12Months: { value: 4, sources: ['S9', 'S11'] },
    minIntervalBetweenTherapeutic: {
      value: 'P2M',
      sources: ['S11'],
      note: 'the LCD sets no interval; eviCore CMM-203 gives 2 months',
    },
    provocationPositiveMin: { value: 3, sources: ['S9', 'S34'] },
    conservativeCareWeeksMin: { value: 4, sources: ['S9'] },
    ultrasoundGuidance: { value: 'contrast-allergy-or-pregnancy-only', sources: ['S9'] },
    diagnosticVolumeFlagMl: {
      value: 2.5,
      sources: ['S15', 'S16'],
      note: 'derived from joint capacity studies; no guideline mandates it',
    },
  },
};

const ASPN_2024: ProtocolProfile = {
  id: 'aspn-2024',
  version: '2024.1',
  title: 'ASPN 2024 best-practice guideline (Sayed et al.)',
  values: {
    diagnosticPositive: { value: { percent: 50, comparator: '>' }, sources: ['S8'] },
    diagnosticSessionsPer12Months: { value: null, sources: ['S8'], note: 'not capped' },
    repeatTherapeutic: { value: null, sources: ['S8'], note: "clinician's judgement" },
    therapeuticSessionsPer12Months: { value: 4, sources: ['S11'] },
    minIntervalBetweenTherapeutic: {
      value: 'P2M',
      sources: ['S11'],
      note: 'eviCore CMM-203 gives 2 months',
    },
    provocationPositiveMin: {
      value: 3,
      sources: ['S8', 'S34'],
      note: 'three positive tests raise specificity; fewer do not fully exclude the joint',
    },
    conservativeCareWeeksMin: { value: 4, sources: ['S8'] },
    ultrasoundGuidance: { value: 'may-be-considered', sources: ['S8'] },
    diagnosticVolumeFlagMl: {
      value: 2.5,
      sources: ['S15', 'S16'],
      note: 'derived from joint capacity studies; no guideline mandates it',
    },
  },
};

/** The clinic's own copy: starts as the stricter Medicare set and is edited through overrides. */
const LOCAL: ProtocolProfile = {
  ...LCD_2023,
  id: 'local',
  version: 'local-1 (from lcd-2023 2023.1)',
  title: "The clinic's local protocol (a copy of lcd-2023 to edit)",
};

export const PROFILES: Record<ProfileId, ProtocolProfile> = {
  'lcd-2023': LCD_2023,
  'aspn-2024': ASPN_2024,
  local: LOCAL,
};

export const EffectiveValueSchema = z.object({
  value: z.unknown(),
  sources: z.array(SourceRefSchema),
  note: z.string().optional(),
  overridden: z.boolean(),
});

export const ResolvedProtocolSchema = z.object({
  profile: ProfileIdSchema,
  version: z.string(),
  title: z.string(),
  values: ProtocolValuesSchema,
  explained: z.record(z.string(), EffectiveValueSchema),
});
export type ResolvedProtocol = z.infer<typeof ResolvedProtocolSchema>;

/** The profile's values with the clinic's overrides applied, each with its source. */
export function resolveProfile(id: ProfileId, overrides: ProtocolOverrides = {}): ResolvedProtocol {
  const profile = PROFILES[id];
  const values = {} as Record<string, unknown>;
  const explained: ResolvedProtocol['explained'] = {};
  for (const key of Object.keys(profile.values) as ProtocolKey[]) {
    const base = profile.values[key];
    const overridden = overrides[key] !== undefined;
    values[key] = overridden ? overrides[key] : base.value;
    const sources: SourceRef[] = overridden
      ? [cite('README', 'overridden by the clinic', `profile default ${JSON.stringify(base.value)}`)]
      : base.sources.map((k) => cite(k));
    explained[key] = {
      value: values[key],
      sources,
      ...(base.note ? { note: base.note } : {}),
      overridden,
    };
  }
  return {
    profile: id,
    version: profile.version,
    title: profile.title,
    values: ProtocolValuesSchema.parse(values),
    explained,
  };
}
