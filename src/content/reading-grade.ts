/**
 * How hard a leaflet is to read: the Flesch–Kincaid grade level (Kincaid et al. 1975, the formula
 * US health-literacy guidance uses), computed by the `flesch-kincaid` package from syllables counted
 * by the `syllable` package (both maintained together, the counts every readability tool of theirs
 * uses). Patient leaflets aim for grade 8 or easier; CI prints each leaflet's grade
 * (scripts/reading-grade.ts).
 *
 * What is measured is everything a person could be shown: every paragraph and list item of every
 * section, whatever its condition, with its variables filled in by typical values. Headings are
 * labels, not prose, and are left out; each list item is a sentence of its own.
 */
import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';
import type { Locale } from '../domain/clinical/settings.ts';
import { fillIn, type LeafletDocument, type TemplateBlock } from './document.ts';

/** The grade patient leaflets aim for (or easier). */
export const TARGET_GRADE = 8;

/** Syllables in one word (0 for a token without letters: numbers and signs are not words). */
export function syllables(token: string): number {
  const word = token.replace(/[^A-Za-z']/g, '');
  return /[A-Za-z]/.test(word) ? Math.max(1, syllable(word)) : 0;
}

export interface ReadingGrade {
  words: number;
  sentences: number;
  syllables: number;
  /** Flesch–Kincaid grade level, to one decimal. */
  grade: number;
}

/** The Flesch–Kincaid grade of some prose: one sentence per line at least, split on . ! ? too. */
export function readingGrade(lines: string[]): ReadingGrade {
  let words = 0;
  let sentences = 0;
  let count = 0;
  for (const line of lines) {
    const parts = line
      .split(/[.!?]+(?=\s|$)/)
      .map((s) => s.trim())
      .filter((s) => /[A-Za-z]/.test(s));
    sentences += parts.length;
    for (const part of parts) {
      for (const token of part.split(/[\s/–—-]+/)) {
        const n = syllables(token);
        if (n === 0) continue;
        words += 1;
        count += n;
      }
    }
  }
  if (words === 0 || sentences === 0) return { words, sentences, syllables: count, grade: 0 };
  const grade = fleschKincaid({ sentence: sentences, word: words, syllable: count });
  return { words, sentences, syllables: count, grade: Math.round(grade * 10) / 10 };
}

/** Typical values for the variables, so the measured text is the text a person reads. */
const SAMPLE: Record<string, string> = {
  'clinic.name': 'Riverside Pain Service',
  'clinic.phone': '01632 960 001',
  'clinic.urgentPhone': '01632 960 999',
  'clinic.outOfHours': 'When we are closed, call NHS 111. In an emergency, call 999.',
  infectionDays: '14',
  numbnessHours: '6',
  numbnessUntil: 'Tuesday 3 March 2026, 15:30',
  flareDays: '7',
  solidsHours: '6',
  clearFluidsHours: '2',
  noFoodAfter: 'Tuesday 3 March 2026, 03:30',
  clearFluidsUntil: 'Tuesday 3 March 2026, 07:30',
  noDrivingHours: '24',
  noDrivingUntil: 'Wednesday 4 March 2026, 09:30',
  adultAtHomeHours: '24',
  glucosePeriod: '48 hours',
  glucoseUntil: 'Thursday 5 March 2026, 09:30',
  drug: 'apixaban',
  lastDoseAt: 'Sunday 1 March 2026, 08:00',
  restartAt: 'Wednesday 4 March 2026, 09:30',
  restartAfterHours: '24',
};

/** Every paragraph and list item of the leaflet, filled in with typical values, in a locale. */
export function leafletProse(doc: LeafletDocument, locale: Locale): string[] {
  const value = (name: string) => doc.control.terms[name]?.[locale] ?? SAMPLE[name] ?? name;
  const of = (blocks: TemplateBlock[]) =>
    blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : b.items.map((i) => i.text)));
  return [...of(doc.intro), ...doc.sections.flatMap((s) => of(s.blocks))].map((t) => fillIn(t, value));
}
