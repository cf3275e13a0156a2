/**
 * A leaflet as written: Markdown with front matter (document control), parsed into a template the
 * renderer fills in for one person. Pure: the text comes in as a string (the loader that reads the
 * files lives in src/server/leaflets). The format is described in src/content/README.md.
 *
 * The Markdown is a deliberately small subset — a title (#), sections (##) and subsections (###),
 * paragraphs and bullet lists — so that the same leaflet can be shown on a phone, printed as a PDF
 * and measured for reading grade without surprises. Anything else is refused with its line number.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LOCALES, type Locale } from '../domain/clinical/settings.ts';
import { type SourceKey, SourceKeySchema } from '../domain/clinical/sources.ts';
import { URGENT_SYMPTOMS } from '../domain/clinical/symptoms.ts';

/** When a section, paragraph or list item applies (see facts.ts for what each means). */
export const CONDITIONS = [
  'performed',
  'booked',
  'screened',
  'waiting',
  'steroid',
  'fasting',
  'fasting-times',
  'escort',
  'no-driving-time',
  'diabetes',
  'glucose-time',
  'numbness-time',
  'drug-plan',
  'restart',
  'voiding',
  'personal',
  'latex-allergy',
  'contrast-allergy',
  'pregnant',
] as const;
export type Condition = (typeof CONDITIONS)[number];

/** A list item repeated once for each of the person's drug plans, with that drug's variables. */
export const EACH = ['held-drug', 'continued-drug', 'restart-on', 'restart-after'] as const;
export type Each = (typeof EACH)[number];

/** Variables an `each` item may use, besides the leaflet's own. */
export const EACH_VARIABLES: Record<Each, readonly string[]> = {
  'held-drug': ['drug', 'lastDoseAt'],
  'continued-drug': ['drug'],
  'restart-on': ['drug', 'restartAt'],
  'restart-after': ['drug', 'restartAfterHours'],
};

/** Variables any block may use: the clinic's contacts and the person's own numbers and times. */
export const VARIABLES = [
  'clinic.name',
  'clinic.phone',
  'clinic.urgentPhone',
  'clinic.outOfHours',
  'infectionDays',
  'numbnessHours',
  'numbnessUntil',
  'flareDays',
  'solidsHours',
  'clearFluidsHours',
  'noFoodAfter',
  'clearFluidsUntil',
  'noDrivingHours',
  'noDrivingUntil',
  'adultAtHomeHours',
  'glucosePeriod',
  'glucoseUntil',
] as const;
export type Variable = (typeof VARIABLES)[number];

export const TONES = ['urgent', 'notice'] as const;
export type Tone = (typeof TONES)[number];

const IsoDate = z.iso.date({ message: 'a date as YYYY-MM-DD' });
const TermSchema = z.object(
  Object.fromEntries(LOCALES.map((l) => [l, z.coerce.string().min(1)])) as Record<
    Locale,
    z.ZodCoercedString<unknown>
  >,
);

/** Document control, as an NHS patient leaflet carries it (seed 003: reference, issued, review). */
export const DocumentControlSchema = z
  .object({
    /** The leaflet's reference, kept across versions, e.g. SIJ-1. */
    reference: z.string().regex(/^[A-Z][A-Z0-9]*-\d+$/, 'a reference such as SIJ-1'),
    title: z.string().min(1).max(120),
    /** Raised for every change a patient would read; the version each patient was given is recorded. */
    version: z.number().int().min(1),
    issued: IsoDate,
    reviewDate: IsoDate,
    owner: z.string().min(1),
    audience: z.string().min(1).optional(),
    /** Every source a statement cites, by its key in src/domain/clinical/sources.ts. */
    sources: z.array(SourceKeySchema).min(1),
    /** Words that differ by locale, used as {{term}} in the text. */
    terms: z.record(z.string().regex(/^[A-Za-z]+$/), TermSchema).default({}),
  })
  .strict()
  .refine((d) => d.reviewDate > d.issued, {
    message: 'reviewDate must be after issued',
    path: ['reviewDate'],
  });
export type DocumentControl = z.infer<typeof DocumentControlSchema>;

export interface Attributes {
  /** All must hold; `!x` means x must not. */
  when: { condition: Condition; negated: boolean }[];
  each?: Each;
  tone?: Tone;
  /** An urgent symptom of the clinical core (src/domain/clinical/symptoms.ts) this item names. */
  symptom?: string;
  cite: SourceKey[];
}

export interface TemplateText {
  /** The text with {{variables}} in it. */
  text: string;
  attrs: Attributes;
  line: number;
}
export type TemplateBlock =
  | ({ kind: 'paragraph' } & TemplateText)
  | { kind: 'list'; items: TemplateText[]; line: number };

export interface TemplateSection {
  id: string;
  level: 2 | 3;
  heading: string;
  attrs: Attributes;
  blocks: TemplateBlock[];
  line: number;
}

export interface LeafletDocument {
  /** The file it came from, for messages. */
  name: string;
  control: DocumentControl;
  title: string;
  intro: TemplateBlock[];
  sections: TemplateSection[];
}

export class LeafletFormatError extends Error {
  constructor(name: string, line: number | null, message: string) {
    super(`${name}${line === null ? '' : `:${line}`}: ${message}`);
    this.name = 'LeafletFormatError';
  }
}

const ATTRIBUTE = /\s*\{([a-z]+)=([^{}]*)\}\s*$/;
const VARIABLE = /\{\{\s*([A-Za-z.]+)\s*\}\}/g;

/** Parses and checks a leaflet; every problem names the file and line. */
export function parseLeaflet(name: string, source: string): LeafletDocument {
  const fail = (line: number | null, message: string): never => {
    throw new LeafletFormatError(name, line, message);
  };
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0] !== '---') fail(1, 'a leaflet starts with front matter between two "---" lines');
  const end = lines.indexOf('---', 1);
  if (end === -1) fail(1, 'the front matter is not closed with "---"');
  let raw: unknown;
  try {
    raw = parseYaml(lines.slice(1, end).join('\n'));
  } catch (e) {
    fail(null, `front matter: ${(e as Error).message}`);
  }
  const parsed = DocumentControlSchema.safeParse(raw);
  if (!parsed.success) {
    fail(
      null,
      `front matter: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`,
    );
  }
  const control = (parsed as { data: DocumentControl }).data;

  let title: string | undefined;
  const intro: TemplateBlock[] = [];
  const sections: TemplateSection[] = [];
  const ids = new Map<string, number>();
  // The paragraph or list being read (closed by a blank line, a heading or the other kind).
  const open: { paragraph: TemplateText | null; list: Extract<TemplateBlock, { kind: 'list' }> | null } = {
    paragraph: null,
    list: null,
  };
  const blocks = () => sections.at(-1)?.blocks ?? intro;
  const close = () => {
    if (open.paragraph) blocks().push({ kind: 'paragraph', ...open.paragraph });
    if (open.list) blocks().push(open.list);
    open.paragraph = null;
    open.list = null;
  };

  for (let i = end + 1; i < lines.length; i++) {
    const n = i + 1;
    const line = (lines[i] ?? '').trimEnd();
    if (line.trim() === '') {
      close();
      continue;
    }
    if (/^\s*<!--/.test(line) || /^\s*</.test(line)) fail(n, 'HTML is not allowed in a leaflet');
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      close();
      const level = heading[1]!.length;
      const { text, attrs } = attributes(heading[2]!, n, fail);
      if (level === 1) {
        if (title !== undefined || sections.length > 0) fail(n, 'one title (#) only, before any section');
        title = text;
        continue;
      }
      if (level > 3) fail(n, 'only ## sections and ### subsections');
      if (level === 3 && sections.length === 0) fail(n, 'a ### subsection must follow a ## section');
      if (attrs.each) fail(n, '"each" belongs on a list item, not a heading');
      const base = slug(text);
      const seen = ids.get(base) ?? 0;
      ids.set(base, seen + 1);
      sections.push({
        id: seen === 0 ? base : `${base}-${seen + 1}`,
        level: level as 2 | 3,
        heading: text,
        attrs,
        blocks: [],
        line: n,
      });
      continue;
    }
    const item = /^- (.*)$/.exec(line);
    if (item) {
      if (open.paragraph) close();
      open.list ??= { kind: 'list', items: [], line: n };
      open.list.items.push({ ...attributes(item[1]!, n, fail), line: n });
      continue;
    }
    if (/^\s*([*+]|\d+[.)])\s/.test(line)) fail(n, 'lists use "- " only');
    const list = open.list;
    if (/^\s+\S/.test(line) && list) {
      // A wrapped list item continues on an indented line.
      const last = list.items.at(-1)!;
      const more = attributes(`${last.text} ${line.trim()}`, n, fail);
      list.items[list.items.length - 1] = { ...last, text: more.text, attrs: merge(last.attrs, more.attrs) };
      continue;
    }
    if (list) close();
    const { text, attrs } = attributes(line.trim(), n, fail);
    if (attrs.each) fail(n, '"each" belongs on a list item');
    const p = open.paragraph;
    open.paragraph = p
      ? { ...p, text: `${p.text} ${text}`, attrs: merge(p.attrs, attrs) }
      : { text, attrs, line: n };
  }
  close();
  if (title === undefined) fail(null, 'the leaflet has no title (#)');
  const doc: LeafletDocument = { name, control, title: title as string, intro, sections };
  check(doc, fail);
  return doc;
}

function merge(a: Attributes, b: Attributes): Attributes {
  return {
    when: [...a.when, ...b.when],
    ...(a.each || b.each ? { each: (a.each ?? b.each) as Each } : {}),
    ...(a.tone || b.tone ? { tone: (a.tone ?? b.tone) as Tone } : {}),
    ...(a.symptom || b.symptom ? { symptom: a.symptom ?? b.symptom } : {}),
    cite: [...a.cite, ...b.cite],
  };
}

/** Strips `{key=value}` groups from the end of a line into attributes. */
function attributes(
  input: string,
  line: number,
  fail: (line: number, message: string) => never,
): { text: string; attrs: Attributes } {
  let text = input;
  const attrs: Attributes = { when: [], cite: [] };
  for (let m = ATTRIBUTE.exec(text); m; m = ATTRIBUTE.exec(text)) {
    text = text.slice(0, m.index);
    const [, key, value = ''] = m;
    const values = value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    switch (key) {
      case 'when':
        for (const v of values) {
          const negated = v.startsWith('!');
          const condition = negated ? v.slice(1) : v;
          if (!(CONDITIONS as readonly string[]).includes(condition)) {
            fail(line, `unknown condition "${condition}" (known: ${CONDITIONS.join(', ')})`);
          }
          attrs.when.push({ condition: condition as Condition, negated });
        }
        break;
      case 'each':
        if (!(EACH as readonly string[]).includes(value)) fail(line, `unknown each "${value}"`);
        attrs.each = value as Each;
        break;
      case 'tone':
        if (!(TONES as readonly string[]).includes(value)) fail(line, `unknown tone "${value}"`);
        attrs.tone = value as Tone;
        break;
      case 'symptom':
        attrs.symptom = value;
        break;
      case 'cite':
        for (const v of values) {
          const key = SourceKeySchema.safeParse(v);
          if (!key.success) fail(line, `unknown source "${v}"`);
          attrs.cite.push(v as SourceKey);
        }
        break;
      default:
        fail(line, `unknown attribute "${key}"`);
    }
  }
  return { text: text.trim(), attrs };
}

/** Everything a renderer would trip over, found when the leaflet is loaded. */
function check(doc: LeafletDocument, fail: (line: number | null, message: string) => never): void {
  const terms = Object.keys(doc.control.terms);
  const cited = new Set(doc.control.sources);
  const texts: { t: TemplateText; each?: Each }[] = [];
  for (const b of [...doc.intro, ...doc.sections.flatMap((s) => s.blocks)]) {
    if (b.kind === 'paragraph') texts.push({ t: b });
    else
      for (const item of b.items)
        texts.push({ t: item, ...(item.attrs.each ? { each: item.attrs.each } : {}) });
  }
  for (const s of doc.sections) texts.push({ t: { text: s.heading, attrs: s.attrs, line: s.line } });
  for (const { t, each } of texts) {
    for (const [, name] of t.text.matchAll(VARIABLE)) {
      const known =
        (VARIABLES as readonly string[]).includes(name!) ||
        terms.includes(name!) ||
        (each !== undefined && EACH_VARIABLES[each].includes(name!));
      if (!known) fail(t.line, `unknown variable {{${name}}}`);
    }
    if (/\{\{|\}\}/.test(t.text.replace(VARIABLE, ''))) fail(t.line, 'an unclosed {{ or }}');
    for (const key of t.attrs.cite) {
      if (!cited.has(key))
        fail(t.line, `source ${key} is cited but not listed in the front matter's sources`);
    }
    if (t.attrs.symptom && !(URGENT_SYMPTOMS as string[]).concat('leg-numbness').includes(t.attrs.symptom)) {
      fail(t.line, `"${t.attrs.symptom}" is not a symptom the clinical core treats as urgent`);
    }
  }
}

/** A heading as an id: lower case, words joined by hyphens. */
function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/\{\{[^}]*\}\}/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'section'
  );
}

/** The variables a text uses, in order. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[1]!);
}

/** Replaces each {{variable}} with what `value` gives for it. */
export function fillIn(text: string, value: (name: string) => string): string {
  return text.replace(VARIABLE, (_, name: string) => value(name));
}
