/**
 * A leaflet rendered for one person: only the sections that apply to them, their own times and
 * numbers, their clinic's contacts, in their clinic's locale. A pure function of the leaflet, the
 * person's facts (facts.ts) and the clinic; the page, the PDF and the staff view all show its result.
 */
import type { Locale } from '../domain/clinical/settings.ts';
import { formatLocal } from '../domain/clinical/zoned-time.ts';
import {
  type Condition,
  type DocumentControl,
  type Each,
  fillIn,
  type LeafletDocument,
  type TemplateBlock,
  type TemplateText,
  type Tone,
} from './document.ts';
import type { LeafletFacts } from './facts.ts';

/** The clinic as a leaflet names it: how to reach it, and its zone and locale. */
export interface LeafletClinic {
  name: string;
  timeZone: string;
  locale: Locale;
  contacts: { phone: string; urgentPhone: string; outOfHours: string };
}

export type RenderedBlock = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] };

export interface RenderedSection {
  id: string;
  level: 2 | 3;
  heading: string;
  tone: Tone | null;
  blocks: RenderedBlock[];
}

export interface RenderedLeaflet {
  reference: string;
  version: number;
  title: string;
  issued: string;
  reviewDate: string;
  owner: string;
  sources: DocumentControl['sources'];
  locale: Locale;
  clinicName: string;
  intro: RenderedBlock[];
  sections: RenderedSection[];
}

/** Whether each condition holds for this person. */
export function conditions(f: LeafletFacts): Record<Condition, boolean> {
  const drugPlan = f.drugs.held.length + f.drugs.continued.length + f.drugs.restarts.length > 0;
  return {
    performed: f.performed,
    booked: f.booked,
    screened: f.screened,
    waiting: f.waiting,
    steroid: f.steroid,
    fasting: f.fasting !== null,
    'fasting-times': f.fasting?.noFoodAfter != null && f.fasting.clearFluidsUntil != null,
    escort: f.escort !== null,
    'no-driving-time': f.escort?.noDrivingUntil != null,
    diabetes: f.glucose !== null,
    'glucose-time': f.glucose?.until != null,
    'numbness-time': f.numbness.until !== null,
    'drug-plan': drugPlan,
    restart: f.drugs.restarts.some((r) => r.restartAt !== null),
    voiding: f.voiding,
    personal: f.latexAllergy || f.contrastAllergy || f.pregnant,
    'latex-allergy': f.latexAllergy,
    'contrast-allergy': f.contrastAllergy,
    pregnant: f.pregnant,
  };
}

type Values = Record<string, string | null>;

/** "48 hours", or whole days from two days up ("7 days"). */
function period(hours: number): string {
  return hours % 24 === 0 && hours >= 48
    ? `${hours / 24} days`
    : `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

function values(f: LeafletFacts, clinic: LeafletClinic, terms: DocumentControl['terms']): Values {
  const at = (iso: string | null | undefined) =>
    iso ? formatLocal(new Date(iso), clinic.timeZone, clinic.locale) : null;
  const n = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));
  return {
    ...Object.fromEntries(Object.entries(terms).map(([k, t]) => [k, t[clinic.locale]])),
    'clinic.name': clinic.name,
    'clinic.phone': clinic.contacts.phone,
    'clinic.urgentPhone': clinic.contacts.urgentPhone,
    'clinic.outOfHours': clinic.contacts.outOfHours,
    infectionDays: n(f.infectionDays),
    numbnessHours: n(f.numbness.hours),
    numbnessUntil: at(f.numbness.until),
    flareDays: n(f.flareDays),
    solidsHours: n(f.fasting?.solidsHours),
    clearFluidsHours: n(f.fasting?.clearFluidsHours),
    noFoodAfter: at(f.fasting?.noFoodAfter),
    clearFluidsUntil: at(f.fasting?.clearFluidsUntil),
    noDrivingHours: n(f.escort?.noDrivingHours),
    noDrivingUntil: at(f.escort?.noDrivingUntil),
    adultAtHomeHours: n(f.escort?.adultAtHomeHours),
    glucosePeriod: f.glucose ? period(f.glucose.hours) : null,
    glucoseUntil: at(f.glucose?.until),
  };
}

/** Each drug plan's own variables, for items marked `each`. */
function eachOf(kind: Each, f: LeafletFacts, clinic: LeafletClinic): Values[] {
  const at = (iso: string | null) =>
    iso ? formatLocal(new Date(iso), clinic.timeZone, clinic.locale) : null;
  switch (kind) {
    case 'held-drug':
      return f.drugs.held.map((d) => ({ drug: d.drug, lastDoseAt: at(d.lastDoseAt) }));
    case 'continued-drug':
      return f.drugs.continued.map((d) => ({ drug: d.drug }));
    case 'restart-on':
      return f.drugs.restarts
        .filter((r) => r.restartAt)
        .map((r) => ({ drug: r.drug, restartAt: at(r.restartAt) }));
    case 'restart-after':
      return f.drugs.restarts
        .filter((r) => !r.restartAt && r.restartAfterHours !== null)
        .map((r) => ({ drug: r.drug, restartAfterHours: String(r.restartAfterHours) }));
  }
}

/** Renders the leaflet for this person. Throws when the leaflet uses a value this person lacks. */
export function renderLeaflet(
  doc: LeafletDocument,
  facts: LeafletFacts,
  clinic: LeafletClinic,
): RenderedLeaflet {
  const holds = conditions(facts);
  const base = values(facts, clinic, doc.control.terms);
  const applies = (t: { attrs: TemplateText['attrs'] }) =>
    t.attrs.when.every(({ condition, negated }) => holds[condition] !== negated);
  const fill = (t: TemplateText, extra: Values = {}) =>
    fillIn(t.text, (name) => {
      const v = extra[name] ?? base[name];
      if (v === null || v === undefined) {
        throw new Error(`${doc.name}:${t.line}: {{${name}}} has no value for this person`);
      }
      return v;
    });
  const blocks = (template: TemplateBlock[]): RenderedBlock[] => {
    const out: RenderedBlock[] = [];
    for (const b of template) {
      if (b.kind === 'paragraph') {
        if (applies(b)) out.push({ kind: 'paragraph', text: fill(b) });
        continue;
      }
      const items = b.items
        .filter(applies)
        .flatMap((item) =>
          item.attrs.each ? eachOf(item.attrs.each, facts, clinic).map((v) => fill(item, v)) : [fill(item)],
        );
      if (items.length > 0) out.push({ kind: 'list', items });
    }
    return out;
  };

  const sections: RenderedSection[] = [];
  let parentShown = false;
  let pendingParent: RenderedSection | null = null;
  for (const s of doc.sections) {
    if (s.level === 2) {
      parentShown = applies(s);
      pendingParent = null;
      if (!parentShown) continue;
      const section: RenderedSection = {
        id: s.id,
        level: 2,
        heading: fill({ text: s.heading, attrs: s.attrs, line: s.line }),
        tone: s.attrs.tone ?? null,
        blocks: blocks(s.blocks),
      };
      // A section with nothing of its own waits for a subsection that applies.
      if (section.blocks.length > 0) sections.push(section);
      else pendingParent = section;
      continue;
    }
    if (!parentShown || !applies(s)) continue;
    const content = blocks(s.blocks);
    if (content.length === 0) continue;
    if (pendingParent) {
      sections.push(pendingParent);
      pendingParent = null;
    }
    sections.push({
      id: s.id,
      level: 3,
      heading: fill({ text: s.heading, attrs: s.attrs, line: s.line }),
      tone: s.attrs.tone ?? sections.findLast((x) => x.level === 2)?.tone ?? null,
      blocks: content,
    });
  }

  const c = doc.control;
  return {
    reference: c.reference,
    version: c.version,
    title: doc.title,
    issued: c.issued,
    reviewDate: c.reviewDate,
    owner: c.owner,
    sources: c.sources,
    locale: clinic.locale,
    clinicName: clinic.name,
    intro: blocks(doc.intro),
    sections,
  };
}
