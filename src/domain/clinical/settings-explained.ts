import { z } from 'zod';
import { PROFILES, type ProfileId, type ProtocolKey } from './profiles.ts';
import {
  type ClinicRules,
  ClinicRulesSchema,
  type ClinicSettings,
  RULE_SOURCES,
  resolveProtocol,
} from './settings.ts';
import { cite, SOURCES, SourceRefSchema } from './sources.ts';

/**
 * Every setting a clinic can change, explained for the settings page: its value, the default it
 * would have (the profile's value, or the rule's cited default), whether the clinic's value
 * differs, and where the default comes from (clinical/README.md: an UNCONFIRMED value is never a
 * hidden constant, and the settings page says so).
 */

export const SettingExplainedSchema = z.object({
  /** `protocol.<value>` or `rules.<group>.<rule>`, the path in the settings. */
  key: z.string(),
  value: z.unknown(),
  default: z.unknown(),
  /** The clinic's value differs from the default. */
  overridden: z.boolean(),
  /** Where the default comes from, in words. */
  source: z.string(),
  sources: z.array(SourceRefSchema),
  /** The sources give no confirmed value: off (null) until the clinic sets one. */
  unconfirmed: z.boolean(),
});
export type SettingExplained = z.infer<typeof SettingExplainedSchema>;

/** Each rule a clinic sets, by its path under `rules` (groups of like values are one setting). */
export const RULE_KEYS = [
  'fasting.required',
  'fasting.solidsHours',
  'fasting.clearFluidsHours',
  'infectionLookbackDays',
  'escort.required',
  'escort.noDrivingHours',
  'escort.adultAtHomeHours',
  'diabetes.glucoseAdviceHours',
  'diabetes.glucoseAdviceHoursPoorControl',
  'diabetes.poorControlHba1c',
  'labLimits.glucoseMax',
  'labLimits.hba1cMax',
  'labLimits.inrMax',
  'labLimits.plateletsMin',
  'labLimits.maxAgeDays',
  'steroid.maxDoseMgPer12Months',
  'antithrombotics.suggestedHoldHours',
  'anaesthetics.lidocaine',
  'anaesthetics.bupivacaine',
  'anaesthetics.levobupivacaine',
  'anaesthetics.ropivacaine',
  'symptoms.expectedNumbnessHours',
  'symptoms.expectedFlareDays',
  'diary.hourlyEveryMinutes',
  'diary.days',
  'diary.weeks',
  'diary.promptTime',
  'discharge.requireVoiding',
  'alerts.escalateAfterMinutes',
  'reminders.dayBeforeAt',
  'reminders.morningOfAt',
] as const;
export type RuleKey = (typeof RULE_KEYS)[number];

export function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function ruleSource(key: RuleKey) {
  return RULE_SOURCES[key] ?? RULE_SOURCES[key.split('.')[0]!]!;
}

/** Sources in words: "ASA 2017 preoperative fasting guideline [S43]: a light meal up to 6 h before". */
function inWords(keys: readonly (keyof typeof SOURCES)[], note: string | undefined): string {
  const cited = keys.filter((k) => k !== 'README').map((k) => `${SOURCES[k]} [${k}]`);
  return [cited.join('; '), note].filter(Boolean).join(': ');
}

/** The rules' defaults: what a new clinic starts with. */
export const RULE_DEFAULTS: ClinicRules = ClinicRulesSchema.parse({});

/** Where a setting's default comes from and what it is, for a profile (protocol values) or the rules. */
export function settingDefault(
  key: string,
  profileId: ProfileId,
): Pick<SettingExplained, 'default' | 'source' | 'sources' | 'unconfirmed'> {
  if (key.startsWith('protocol.')) {
    const base = PROFILES[profileId].values[key.slice('protocol.'.length) as ProtocolKey];
    return {
      default: base.value,
      source: inWords(base.sources, base.note),
      sources: base.sources.map((k) => cite(k)),
      unconfirmed: false,
    };
  }
  const rule = key.slice('rules.'.length) as RuleKey;
  const source = ruleSource(rule);
  return {
    default: at(RULE_DEFAULTS, rule),
    source: inWords(source.sources, source.note),
    sources: source.sources.map((k) => cite(k)),
    unconfirmed: source.unconfirmed ?? false,
  };
}

/** One setting explained: its value against its default (see the module comment). */
export function explainSetting(key: string, value: unknown, profileId: ProfileId): SettingExplained {
  const d = settingDefault(key, profileId);
  return { key, value, ...d, overridden: !same(value, d.default) };
}

/** Every protocol value and rule, explained (see the module comment). */
export function explainSettings(settings: ClinicSettings): SettingExplained[] {
  const protocol = resolveProtocol(settings);
  const profile = settings.protocol.profile;
  return [
    ...(Object.keys(PROFILES[profile].values) as ProtocolKey[]).map((k) =>
      explainSetting(`protocol.${k}`, protocol.values[k], profile),
    ),
    ...RULE_KEYS.map((k) => explainSetting(`rules.${k}`, at(settings.rules, k), profile)),
  ];
}

/** Leaves of a settings snapshot as dotted paths, for telling what changed between two versions. */
export function flattenSettings(value: unknown, prefix = ''): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { [prefix]: value };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${k}` : k;
    // A value with a unit or a range is one setting, not two.
    if (v && typeof v === 'object' && !Array.isArray(v) && ('unit' in v || 'minHours' in v || 'percent' in v))
      out[path] = v;
    else Object.assign(out, flattenSettings(v, path));
  }
  return out;
}

export interface SettingChange {
  key: string;
  from: unknown;
  to: unknown;
}

/** What changed from one snapshot to the next (paths in either, values that differ). */
export function settingsChanges(before: unknown, after: unknown): SettingChange[] {
  const a = flattenSettings(before);
  const b = flattenSettings(after);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => !same(a[k], b[k])).map((k) => ({ key: k, from: a[k] ?? null, to: b[k] ?? null }));
}
