/**
 * The settings page's model: which settings it shows, in which sections and how each is entered,
 * the draft an admin edits (protocol overrides kept minimal: a value equal to the profile's default
 * is no override), and the request it sends. Pure, so it is tested without a browser.
 */
import type { z } from 'zod';
import {
  ANAESTHETICS,
  type ClinicLocale,
  type ClinicRules,
  comparatorSymbol,
  durationParts,
  durationWords,
  PROFILES,
  type ProfileId,
  type SettingExplained,
  settingAt,
} from '../../../domain/clinical';
import type { ClinicAdmin, ClinicUpdate } from '../../../shared/api/clinic';
import { isRecord } from '../../drafts';

export type ClinicAdminRecord = z.infer<typeof ClinicAdmin>;
export type ClinicUpdateInput = z.input<typeof ClinicUpdate>;

export type Kind =
  | 'number'
  | 'optionalNumber'
  | 'cap'
  | 'boolean'
  | 'time'
  | 'numberList'
  | 'range'
  | 'measure'
  | 'optionalMeasure'
  | 'optionalDuration'
  | 'threshold'
  | 'repeat'
  | 'select'
  | 'holds';

export interface SettingField {
  key: string;
  label: string;
  kind: Kind;
  /** Unit of a number ('h', 'days', 'mg', …) or the units a measure may take. */
  unit?: string;
  units?: readonly string[];
  min?: number;
  max?: number;
  step?: number;
  options?: readonly { value: string; label: string }[];
  help?: string;
}

export interface Section {
  id: string;
  title: string;
  description?: string;
  fields: SettingField[];
}

const anaestheticLabel: Record<(typeof ANAESTHETICS)[number], string> = {
  lidocaine: 'Lidocaine',
  bupivacaine: 'Bupivacaine',
  levobupivacaine: 'Levobupivacaine',
  ropivacaine: 'Ropivacaine',
};

export const SECTIONS: Section[] = [
  {
    id: 'protocol',
    title: 'Protocol',
    description:
      'The guidelines disagree, so the clinic chooses a profile and may change single values. Every verdict records the profile and the settings version it was made with.',
    fields: [
      { key: 'protocol.diagnosticPositive', label: 'A diagnostic block is positive at', kind: 'threshold' },
      {
        key: 'protocol.diagnosticSessionsPer12Months',
        label: 'Diagnostic sessions per rolling 12 months',
        kind: 'cap',
        min: 1,
        max: 12,
      },
      {
        key: 'protocol.repeatTherapeutic',
        label: 'A repeat therapeutic injection needs relief of',
        kind: 'repeat',
        help: 'Off: the clinician judges each repeat.',
      },
      {
        key: 'protocol.therapeuticSessionsPer12Months',
        label: 'Therapeutic sessions per rolling 12 months',
        kind: 'cap',
        min: 1,
        max: 12,
      },
      {
        key: 'protocol.minIntervalBetweenTherapeutic',
        label: 'Minimum interval between therapeutic injections',
        kind: 'optionalDuration',
        help: 'In days, weeks or months, counted in the clinic’s time zone (a month is a calendar month).',
      },
      {
        key: 'protocol.provocationPositiveMin',
        label: 'Positive provocation tests needed',
        kind: 'number',
        min: 1,
        max: 6,
      },
      {
        key: 'protocol.conservativeCareWeeksMin',
        label: 'Failed conservative care before injection',
        kind: 'number',
        unit: 'weeks',
        min: 0,
        max: 104,
      },
      {
        key: 'protocol.ultrasoundGuidance',
        label: 'Ultrasound guidance',
        kind: 'select',
        options: [
          {
            value: 'contrast-allergy-or-pregnancy-only',
            label: 'Only with a contrast allergy or in pregnancy',
          },
          { value: 'may-be-considered', label: 'May be considered' },
        ],
      },
      {
        key: 'protocol.diagnosticVolumeFlagMl',
        label: 'Flag a diagnostic intra-articular volume above',
        kind: 'number',
        unit: 'mL',
        min: 0.1,
        max: 20,
        step: 0.1,
      },
    ],
  },
  {
    id: 'anaesthetics',
    title: 'Local anaesthetic durations',
    description:
      'How long each local anaesthetic is expected to work. A diagnostic block can only be read as positive when relief lasts this long, so while a duration is off its blocks read “Indeterminate”.',
    fields: ANAESTHETICS.map((a) => ({
      key: `rules.anaesthetics.${a}`,
      label: anaestheticLabel[a],
      kind: 'range' as const,
      unit: 'h',
      min: 0.25,
      max: 720,
      step: 0.25,
    })),
  },
  {
    id: 'labs',
    title: 'Lab limits',
    description:
      'A result above (or, for platelets, below) a limit makes screening “not safe yet”. Off: a result is a finding for a clinician.',
    fields: [
      {
        key: 'rules.labLimits.glucoseMax',
        label: 'Highest glucose',
        kind: 'optionalMeasure',
        units: ['mmol/L', 'mg/dL'],
      },
      {
        key: 'rules.labLimits.hba1cMax',
        label: 'Highest HbA1c',
        kind: 'optionalMeasure',
        units: ['%', 'mmol/mol'],
      },
      {
        key: 'rules.labLimits.inrMax',
        label: 'Highest INR',
        kind: 'optionalNumber',
        step: 0.1,
        min: 0.1,
        max: 10,
      },
      {
        key: 'rules.labLimits.plateletsMin',
        label: 'Lowest platelet count',
        kind: 'optionalNumber',
        unit: '×10⁹/L',
        min: 1,
        max: 1000,
      },
      {
        key: 'rules.labLimits.maxAgeDays',
        label: 'Oldest result accepted',
        kind: 'optionalNumber',
        unit: 'days',
        min: 0,
        max: 365,
        help: 'How old a result may be on the procedure day. An older one, or one with no date, is for a clinician to review before booking.',
      },
    ],
  },
  {
    id: 'steroid',
    title: 'Steroid and drug holds',
    fields: [
      {
        key: 'rules.steroid.maxDoseMgPer12Months',
        label: 'Most steroid in 12 months',
        kind: 'optionalNumber',
        unit: 'mg',
        min: 1,
        max: 10000,
      },
      {
        key: 'rules.antithrombotics.suggestedHoldHours',
        label: 'Suggested holds',
        kind: 'holds',
        help: 'Shown to staff as a suggestion when they agree a plan with the prescriber; never enforced, never told to the patient on its own.',
      },
    ],
  },
  {
    id: 'before',
    title: 'Before the procedure',
    fields: [
      { key: 'rules.fasting.required', label: 'Patients fast', kind: 'boolean' },
      {
        key: 'rules.fasting.solidsHours',
        label: 'Light meal up to',
        kind: 'number',
        unit: 'h before',
        min: 0,
        max: 720,
      },
      {
        key: 'rules.fasting.clearFluidsHours',
        label: 'Clear fluids up to',
        kind: 'number',
        unit: 'h before',
        min: 0,
        max: 720,
      },
      {
        key: 'rules.infectionLookbackDays',
        label: 'Ask about infection in the last',
        kind: 'number',
        unit: 'days',
        min: 0,
        max: 365,
      },
      {
        key: 'rules.diabetes.glucoseAdviceHours',
        label: 'Glucose monitoring advice for',
        kind: 'number',
        unit: 'h',
        min: 0,
        max: 720,
      },
      {
        key: 'rules.diabetes.glucoseAdviceHoursPoorControl',
        label: 'Glucose monitoring advice when poorly controlled',
        kind: 'number',
        unit: 'h',
        min: 0,
        max: 720,
      },
      {
        key: 'rules.diabetes.poorControlHba1c',
        label: 'Poorly controlled from HbA1c',
        kind: 'measure',
        units: ['%', 'mmol/mol'],
      },
    ],
  },
  {
    id: 'after',
    title: 'Going home and after',
    fields: [
      { key: 'rules.escort.required', label: 'An adult escort home is required', kind: 'boolean' },
      {
        key: 'rules.escort.noDrivingHours',
        label: 'No driving for',
        kind: 'number',
        unit: 'h',
        min: 0,
        max: 720,
      },
      {
        key: 'rules.escort.adultAtHomeHours',
        label: 'An adult at home for',
        kind: 'number',
        unit: 'h',
        min: 0,
        max: 720,
      },
      { key: 'rules.discharge.requireVoiding', label: 'Passed urine before discharge', kind: 'boolean' },
      {
        key: 'rules.symptoms.expectedNumbnessHours',
        label: 'Numbness expected to wear off within',
        kind: 'number',
        unit: 'h',
        min: 0,
        max: 720,
      },
      {
        key: 'rules.symptoms.expectedFlareDays',
        label: 'A flare of pain expected to last up to',
        kind: 'number',
        unit: 'days',
        min: 0,
        max: 60,
      },
    ],
  },
  {
    id: 'diary',
    title: 'Pain diary',
    fields: [
      {
        key: 'rules.diary.hourlyEveryMinutes',
        label: 'Prompt during the anaesthetic’s hours every',
        kind: 'number',
        unit: 'minutes',
        min: 15,
        max: 240,
      },
      {
        key: 'rules.diary.days',
        label: 'Daily prompts on days',
        kind: 'numberList',
        min: 1,
        max: 60,
        help: 'Days after the procedure, separated by commas.',
      },
      {
        key: 'rules.diary.weeks',
        label: 'Weekly prompts in weeks',
        kind: 'numberList',
        min: 1,
        max: 104,
        help: 'Weeks after the procedure, separated by commas.',
      },
      { key: 'rules.diary.promptTime', label: 'Daily prompts at', kind: 'time' },
    ],
  },
  {
    id: 'alerts',
    title: 'Worrying-symptom alerts',
    description:
      'A patient who reports a worrying symptom is told at once what to do; the alert stays on the clinicians’ worklist until a clinician acknowledges it with a note.',
    fields: [
      {
        key: 'rules.alerts.escalateAfterMinutes',
        label: 'Escalate an alert nobody has acknowledged after',
        kind: 'number',
        unit: 'minutes',
        min: 5,
        max: 1440,
        help: 'Then a second notification goes to the clinic’s email (or to every clinician when the clinic has none) and the alert shows on every staff page. A service choice, not a clinical threshold.',
      },
    ],
  },
  {
    id: 'reminders',
    title: 'Reminders to patients',
    fields: [
      { key: 'rules.reminders.dayBeforeAt', label: 'The day before the procedure, at', kind: 'time' },
      { key: 'rules.reminders.morningOfAt', label: 'On the morning of the procedure, at', kind: 'time' },
    ],
  },
];

export const ALL_FIELDS: SettingField[] = SECTIONS.flatMap((s) => s.fields);

const CLINIC_LABELS: Record<string, string> = {
  'clinic.name': 'Clinic name',
  'clinic.timeZone': 'Time zone',
  'clinic.locale': 'Language and formats',
  'clinic.contacts.phone': 'Phone',
  'clinic.contacts.hours': 'Opening hours',
  'clinic.contacts.urgentPhone': 'Urgent clinical line',
  'clinic.contacts.outOfHours': 'When the clinic is closed',
  'clinic.contacts.email': 'Email',
  'clinic.contacts.address': 'Address',
  'protocol.profile': 'Protocol profile',
};

/** A readable name for a setting's key (a version's changes, an error). */
export function keyLabel(key: string): string {
  const field = ALL_FIELDS.find((f) => key === f.key || key.startsWith(`${f.key}.`));
  if (field) return field.label;
  if (CLINIC_LABELS[key]) return CLINIC_LABELS[key];
  const override = /^protocol\.overrides\.(\w+)/.exec(key);
  if (override) return keyLabel(`protocol.${override[1]}`);
  if (key === 'protocol.overrides.minMonthsBetweenTherapeutic')
    return keyLabel('protocol.minIntervalBetweenTherapeutic');
  return key;
}

/** A setting's value in words, as the page shows it and its default. */
export function formatSetting(kind: Kind | undefined, value: unknown, unit?: string): string {
  if (value === null || value === undefined) return kind === 'cap' ? 'Not capped' : 'Off';
  const u = unit ? ` ${unit}` : '';
  switch (kind) {
    case 'boolean':
      return value ? 'Yes' : 'No';
    case 'optionalDuration':
      return durationWords(String(value));
    case 'range': {
      const r = value as { minHours: number; maxHours: number };
      return `${r.minHours}–${r.maxHours} h`;
    }
    case 'measure':
    case 'optionalMeasure': {
      const m = value as { value: number; unit: string };
      return `${m.value} ${m.unit}`;
    }
    case 'threshold': {
      const t = value as { percent: number; comparator: string };
      return `${comparatorSymbol(t.comparator)} ${t.percent} % relief`;
    }
    case 'repeat': {
      const t = value as { percent: number; comparator: string; lasting: string };
      return `${comparatorSymbol(t.comparator)} ${t.percent} % for ${durationWords(t.lasting)}`;
    }
    case 'numberList':
      return (value as number[]).join(', ') || 'None';
    case 'holds': {
      const entries = Object.entries(value as Record<string, number>);
      return entries.length ? entries.map(([drug, h]) => `${drug} ${h} h`).join(', ') : 'None';
    }
    case 'select':
      return (
        ALL_FIELDS.flatMap((f) => f.options ?? []).find((o) => o.value === value)?.label ?? String(value)
      );
    default:
      if (typeof value === 'object') return JSON.stringify(value);
      return `${String(value)}${u}`;
  }
}

/**
 * A setting's default and where it comes from, in one line under its input. A rule the sources
 * leave unset says so in its own source's words ("off until the clinic sets one").
 */
export function defaultLine(field: SettingField, d: Pick<SettingExplained, 'default' | 'source'>): string {
  return `Default: ${formatSetting(field.kind, d.default, field.unit)}. Source: ${d.source}.`;
}

/** Any value by its key, in words (for a version's changes). */
export function formatByKey(key: string, value: unknown): string {
  const field = ALL_FIELDS.find((f) => f.key === key);
  if (field) return formatSetting(field.kind, value, field.unit);
  const override = /^protocol\.overrides\.(\w+)$/.exec(key);
  if (override) return value === null ? 'the profile’s value' : formatByKey(`protocol.${override[1]}`, value);
  if (value === null || value === undefined || value === '') return '(none)';
  if (key === 'protocol.profile') return PROFILES[value as ProfileId]?.title ?? String(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Each locale as the settings page offers it. */
export const LOCALE_LABELS: Record<ClinicLocale, string> = {
  'en-GB': 'English (UK): anaesthetic, GP, emergency 999',
  'en-US': 'English (US): anesthetic, primary care doctor, emergency 911',
};

export interface SettingsDraft {
  clinic: {
    name: string;
    timeZone: string;
    locale: ClinicLocale;
    contacts: {
      phone: string;
      hours: string;
      urgentPhone: string;
      outOfHours: string;
      email: string;
      address: string;
    };
  };
  profile: ProfileId;
  overrides: Record<string, unknown>;
  rules: ClinicRules;
  reason: string;
}

export function draftFrom(c: ClinicAdminRecord): SettingsDraft {
  const k = c.clinic.contacts;
  return {
    clinic: {
      name: c.clinic.name,
      timeZone: c.clinic.timeZone,
      locale: c.clinic.locale,
      contacts: {
        phone: k.phone,
        hours: k.hours ?? '',
        urgentPhone: k.urgentPhone,
        outOfHours: k.outOfHours,
        email: k.email ?? '',
        address: k.address ?? '',
      },
    },
    profile: c.protocol.profile,
    overrides: { ...c.protocol.overrides },
    rules: structuredClone(c.rules),
    reason: '',
  };
}

/** A setting's value in the draft: a protocol value is the override, or the profile's value. */
export function settingValue(draft: SettingsDraft, key: string): unknown {
  if (key.startsWith('protocol.')) {
    const name = key.slice('protocol.'.length);
    if (name in draft.overrides) return draft.overrides[name];
    return (PROFILES[draft.profile].values as Record<string, { value: unknown }>)[name]?.value;
  }
  return settingAt(draft.rules, key.slice('rules.'.length));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The draft with one setting changed; a protocol value equal to the profile's is no override. */
export function withValue(draft: SettingsDraft, key: string, value: unknown): SettingsDraft {
  if (key.startsWith('protocol.')) {
    const name = key.slice('protocol.'.length);
    const base = (PROFILES[draft.profile].values as Record<string, { value: unknown }>)[name]?.value;
    const overrides = { ...draft.overrides };
    if (same(value, base)) delete overrides[name];
    else overrides[name] = value;
    return { ...draft, overrides };
  }
  const path = key.slice('rules.'.length).split('.');
  const rules = structuredClone(draft.rules) as unknown as Record<string, unknown>;
  let node = rules;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[path.at(-1)!] = value;
  return { ...draft, rules: rules as unknown as ClinicRules };
}

/** A new profile keeps the clinic's overrides that still differ from the new profile's values. */
export function withProfile(draft: SettingsDraft, profile: ProfileId): SettingsDraft {
  let next: SettingsDraft = { ...draft, profile, overrides: {} };
  for (const [name, value] of Object.entries(draft.overrides))
    next = withValue(next, `protocol.${name}`, value);
  return next;
}

/** The PUT /api/clinic body: empty optional contacts are left out. */
export function toUpdate(draft: SettingsDraft, version: number): ClinicUpdateInput {
  const { hours, email, address, ...required } = draft.clinic.contacts;
  const optional = Object.fromEntries(
    Object.entries({ hours, email, address })
      .map(([k, v]) => [k, v.trim()])
      .filter(([, v]) => v !== ''),
  );
  return {
    version,
    reason: draft.reason,
    clinic: { ...draft.clinic, contacts: { ...required, ...optional } },
    protocol: {
      profile: draft.profile,
      overrides: draft.overrides as ClinicUpdateInput['protocol']['overrides'],
    },
    rules: draft.rules,
  };
}

/** What an admin changed and has not saved, kept on this device: the draft and the version it edits. */
export interface StoredSettingsDraft {
  version: number;
  draft: SettingsDraft;
}

/** Whether the draft differs from the settings it was made from (only then is it worth keeping). */
export const changedFrom = (draft: SettingsDraft, c: ClinicAdminRecord) => !same(draft, draftFrom(c));

/**
 * A settings draft read back from this device, if this version of the page can edit it: every
 * contact a string, a known profile, and every setting's place in the rules where the page
 * writes it (a draft kept by an older page may lack a rule added since: then it is not used).
 */
export function asStoredSettingsDraft(stored: unknown): StoredSettingsDraft | null {
  if (!isRecord(stored) || typeof stored.version !== 'number' || !isRecord(stored.draft)) return null;
  const d = stored.draft;
  const { clinic, rules, overrides, profile } = d;
  if (!isRecord(clinic) || !isRecord(rules) || !isRecord(overrides)) return null;
  const contacts = clinic.contacts;
  if (!isRecord(contacts)) return null;
  const strings = [
    clinic.name,
    clinic.timeZone,
    clinic.locale,
    d.reason,
    ...CONTACTS.map((k) => contacts[k]),
  ];
  if (!strings.every((v) => typeof v === 'string')) return null;
  if (typeof profile !== 'string' || !(profile in PROFILES)) return null;
  for (const field of ALL_FIELDS) {
    if (!field.key.startsWith('rules.')) continue;
    let node: unknown = rules;
    for (const part of field.key.slice('rules.'.length).split('.').slice(0, -1)) {
      node = isRecord(node) ? node[part] : undefined;
    }
    if (!isRecord(node)) return null;
  }
  return { version: stored.version, draft: d as unknown as SettingsDraft };
}
const CONTACTS = ['phone', 'hours', 'urgentPhone', 'outOfHours', 'email', 'address'] as const;

/** A duration's number and unit for the input, when it is one unit (P8W → 8 weeks). */
export function durationInput(duration: string): { value: number; unit: 'days' | 'weeks' | 'months' } | null {
  const p = durationParts(duration);
  const nonZero = (['years', 'months', 'weeks', 'days'] as const).filter((u) => p[u] !== 0);
  if (nonZero.length === 0) return { value: 0, unit: 'days' };
  if (nonZero.length > 1) return null;
  const unit = nonZero[0]!;
  return unit === 'years' ? { value: p.years * 12, unit: 'months' } : { value: p[unit], unit };
}

const LETTER = { days: 'D', weeks: 'W', months: 'M' } as const;
export const durationText = (value: number, unit: 'days' | 'weeks' | 'months') => `P${value}${LETTER[unit]}`;
