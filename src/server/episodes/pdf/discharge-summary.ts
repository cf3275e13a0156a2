// Discharge summary after a sacroiliac joint injection, in two copies: a plain-English one the patient
// takes home and a clinical letter to the referrer. The wording is built once (buildSummary) and both
// the plain-text view (dischargeSummaryText) and the PDF are produced from it, so what is tested as
// words is exactly what is printed. The wording only restates the input: advice to the patient comes
// from patientInstructions and urgentSymptoms (the after-care of src/domain/clinical/instructions.ts),
// never from this file. Text is set in Unicode fonts (fonts.ts), so every name prints as written.

import { peakReliefWords, whenClosed } from '../../../domain/clinical/index.ts';
import { drugKindLabels, spreadLabels, targetLabels } from '../../../domain/clinical/procedure.ts';
import { ensureFont, fontsReady, runs, type Weight } from './fonts.ts';
import {
  formatClock,
  formatDateTime,
  formatDay,
  formatNumber,
  parseInstant,
  sameLocalDay,
} from './format.ts';
import {
  CLASSIFICATION,
  type Correction,
  correctionsSection,
  identity,
  openingToReferrer,
  patientName,
  referrerAddress,
  SIDE_ADJECTIVE,
  signOff,
} from './letter-parts.ts';
import type { Line, Section, Summary } from './wording-model.ts';

export interface DischargeSummaryInput {
  clinic: {
    name: string;
    timeZone: string;
    contacts: { phone: string; urgentPhone: string; outOfHours: string; email?: string; address?: string };
  };
  patient: {
    givenName: string;
    familyName: string;
    birthDate: string /* YYYY-MM-DD */;
    nhsNumber: string | null;
    mrn: string | null;
  };
  /** Who the letter goes to: a name to greet, and the practice and address lines for the envelope. */
  referrer: { name: string; address: string | null };
  /** The clinician who signs the letter (who performed the procedure), and their role as printed. */
  signedBy: { name: string; role: string };
  episode: { referredOn: string; reason: string; purpose: 'diagnostic' | 'therapeutic' | 'both' };
  procedure: {
    performedAt: string; // ISO instant (UTC); shown in the clinic's time zone
    operator: string;
    side: 'left' | 'right' | 'both';
    guidance: 'fluoroscopy' | 'ultrasound' | 'ct';
    target: 'intra-articular' | 'periarticular' | 'both';
    contrast: {
      used: boolean;
      spread?: 'intra-articular' | 'extravasation' | 'vascular-uptake' | 'not-seen';
    };
    drugs: {
      kind: 'local-anaesthetic' | 'steroid' | 'contrast' | 'saline';
      agent: string;
      concentration?: { value: number; unit: 'mg/mL' | '%' };
      volumeMl: number;
      doseMg?: number;
    }[];
    radiationDose?: { value: number; unit: string };
    durationMinutes: number;
    complications: string[];
    notes: string;
  };
  recovery: {
    baselinePain: number;
    scores: { at: string; pain: number }[];
    blockResponse: {
      classification: 'positive' | 'negative' | 'indeterminate';
      peakReliefPercent: number | null;
      thresholdText: string;
      /** Why the block reads as it does (the interpretation's findings, worded for staff). */
      reasons: string[];
    } | null;
    dischargedAt: string;
    dischargeOverrideReason: string | null;
    readinessMissing: string[]; // human-readable items that were not complete (empty when ready)
  };
  patientInstructions: string[]; // the after-care the patient is given, already worded
  urgentSymptoms: string[]; // the worrying symptoms that need urgent help, already worded
  /**
   * Corrections to the records the summary draws on, made after the discharge, oldest first: a
   * copy made before one of them was sent with what it corrected.
   */
  corrections: Correction[];
  generatedAt: string; // ISO instant
}

export type SummaryCopy = 'patient' | 'referrer';

type Drug = DischargeSummaryInput['procedure']['drugs'][number];

// The wording model (Line, Section, Summary) is in wording-model.ts; re-exported for the letters.
export type { Line, Section, Summary } from './wording-model.ts';

const PURPOSE = {
  diagnostic: 'Diagnostic (block to test whether the joint is the pain source)',
  therapeutic: 'Therapeutic',
  both: 'Diagnostic and therapeutic',
} as const;
const GUIDANCE = { fluoroscopy: 'Fluoroscopy', ultrasound: 'Ultrasound', ct: 'CT' } as const;
const GUIDANCE_ADJECTIVE = { fluoroscopy: 'fluoroscopic', ultrasound: 'ultrasound', ct: 'CT' } as const;

const FOLLOW_UP = 'The patient will keep a pain diary; we will write again with the outcome.';

/** "bupivacaine 0.5% 2 mL (10 mg)" — the form clinicians write on a drug chart. */
function drugLine(drug: Drug): string {
  const c = drug.concentration;
  const strength = c ? ` ${formatNumber(c.value)}${c.unit === '%' ? '%' : ' mg/mL'}` : '';
  const dose = drug.doseMg === undefined ? '' : ` (${formatNumber(drug.doseMg)} mg)`;
  return `${drug.agent.trim()}${strength} ${formatNumber(drug.volumeMl)} mL${dose}`;
}

/** A time after the procedure: just "10:45" on the day, with the date when it fell on another day. */
function laterTime(input: DischargeSummaryInput, at: string, field: string): string {
  const tz = input.clinic.timeZone;
  return sameLocalDay(at, input.procedure.performedAt, tz)
    ? formatClock(at, tz, field)
    : formatDateTime(at, tz, field);
}

function nonEmpty(items: string[]): string[] {
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

// ---------------------------------------------------------------------------------------------
// Patient copy: second person, plain English.

const PLAIN_TARGET = { 'intra-articular': 'into', periarticular: 'around', both: 'into and around' } as const;
const PLAIN_GUIDANCE = {
  fluoroscopy: 'X-ray pictures (fluoroscopy) were used to guide the needle.',
  ultrasound: 'An ultrasound scan was used to guide the needle.',
  ct: 'A CT scan was used to guide the needle.',
} as const;
const PLAIN_PURPOSE = {
  diagnostic: 'The injection was a test to find out whether this joint is causing your pain.',
  therapeutic: 'The injection was to ease pain coming from this joint.',
  both: 'The injection was to find out whether this joint is causing your pain, and to ease it.',
} as const;
const PLAIN_DRUG = {
  'local-anaesthetic': 'Local anaesthetic (numbing medicine)',
  steroid: 'Steroid (anti-inflammatory medicine)',
  contrast: 'Contrast dye',
  saline: 'Saline (salt water)',
} as const;

function patientWhatWasDone(input: DischargeSummaryInput): Section {
  const p = input.procedure;
  const tz = input.clinic.timeZone;
  const joint = p.side === 'both' ? 'both of your sacroiliac joints' : `your ${p.side} sacroiliac joint`;
  const when = formatDateTime(p.performedAt, tz, 'procedure.performedAt');
  return {
    heading: 'What was done',
    lines: [
      { text: `You had an injection ${PLAIN_TARGET[p.target]} ${joint} on ${when}.` },
      { text: PLAIN_PURPOSE[input.episode.purpose] },
      { text: PLAIN_GUIDANCE[p.guidance] },
      { text: `The injection was given by ${p.operator.trim()}.` },
    ],
  };
}

function patientWhatWasGiven(input: DischargeSummaryInput): Section {
  const drugs = input.procedure.drugs;
  if (drugs.length === 0)
    return { heading: 'What you were given', lines: [{ text: 'No medicines were recorded.' }] };
  return {
    heading: 'What you were given',
    lines: drugs.map((d) => ({ label: PLAIN_DRUG[d.kind], text: drugLine(d) })),
  };
}

function patientHowItWent(input: DischargeSummaryInput): Section {
  const { procedure: p, recovery: r, clinic } = input;
  const complications = nonEmpty(p.complications);
  const lines: Line[] =
    complications.length === 0
      ? [{ text: 'No problems were recorded during the procedure.' }]
      : [
          { text: 'During the procedure the team noted:' },
          ...complications.map((c) => ({ text: c, bullet: true })),
        ];
  lines.push({ label: 'Pain before the injection', text: `${formatNumber(r.baselinePain)} out of 10` });
  r.scores.forEach((s, i) => {
    const at = laterTime(input, s.at, `recovery.scores[${i}].at`);
    lines.push({ label: `Pain at ${at}`, text: `${formatNumber(s.pain)} out of 10` });
  });
  const home = formatDateTime(r.dischargedAt, clinic.timeZone, 'recovery.dischargedAt');
  lines.push({ text: `You went home on ${home}.` });
  return { heading: 'How it went', lines };
}

function patientInstructionsSection(input: DischargeSummaryInput): Section {
  const items = nonEmpty(input.patientInstructions);
  const lines: Line[] =
    items.length > 0
      ? items.map((text) => ({ text, bullet: true }))
      : [
          {
            text: `No special instructions were recorded. If you are unsure about anything, ring us on ${input.clinic.contacts.phone}.`,
          },
        ];
  return { heading: 'What to expect and what to do', lines };
}

function patientUrgent(input: DischargeSummaryInput): Section {
  const { urgentPhone, outOfHours } = input.clinic.contacts;
  return {
    heading: 'Get help urgently if you notice any of these',
    tone: 'urgent',
    lines: [
      ...nonEmpty(input.urgentSymptoms).map((text) => ({ text, bullet: true })),
      { text: `Ring our urgent line straight away on ${urgentPhone}.`, strong: true },
      { text: whenClosed(outOfHours) },
    ],
  };
}

function patientContact(input: DischargeSummaryInput): Section {
  const { name, contacts } = input.clinic;
  const lines: Line[] = [{ text: `If you have any questions, ring ${name} on ${contacts.phone}.` }];
  if (contacts.email) lines.push({ label: 'Email', text: contacts.email.trim() });
  return { heading: 'Contact us', lines };
}

function patientSummary(input: DischargeSummaryInput): Summary {
  return {
    title: 'Discharge summary — your copy',
    identity: identity(input.patient),
    sections: [
      ...correctionsSection(input.corrections, input.clinic.timeZone),
      patientWhatWasDone(input),
      patientWhatWasGiven(input),
      patientHowItWent(input),
      patientInstructionsSection(input),
      patientUrgent(input),
      patientContact(input),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// GP letter: clinical register.

function gpOpening(input: DischargeSummaryInput): Section {
  const p = input.procedure;
  return openingToReferrer(
    input,
    ({ day, referred }) =>
      `${patientName(input.patient)} attended ${input.clinic.name} on ${day} for a ${SIDE_ADJECTIVE[p.side]} ` +
      `sacroiliac joint injection under ${GUIDANCE_ADJECTIVE[p.guidance]} guidance, following your ` +
      `referral of ${referred}.`,
  );
}

function gpIndication(input: DischargeSummaryInput): Section {
  return {
    heading: 'Indication',
    lines: [
      { label: 'Reason for referral', text: input.episode.reason.trim() },
      { label: 'Purpose', text: PURPOSE[input.episode.purpose] },
    ],
  };
}

function contrastText(contrast: DischargeSummaryInput['procedure']['contrast']): string {
  if (!contrast.used) return 'Not used';
  return contrast.spread
    ? `Used; ${spreadLabels[contrast.spread].toLowerCase()}`
    : 'Used; spread not recorded';
}

function radiationLine(p: DischargeSummaryInput['procedure']): Line | null {
  if (p.radiationDose) {
    return {
      label: 'Radiation dose',
      text: `${formatNumber(p.radiationDose.value)} ${p.radiationDose.unit.trim()}`,
    };
  }
  // Ultrasound uses no ionising radiation; for X-ray or CT a missing dose is worth saying.
  return p.guidance === 'ultrasound' ? null : { label: 'Radiation dose', text: 'Not recorded' };
}

function gpProcedure(input: DischargeSummaryInput): Section {
  const p = input.procedure;
  const complications = nonEmpty(p.complications);
  const radiation = radiationLine(p);
  const minutes = formatNumber(p.durationMinutes);
  const lines: Line[] = [
    {
      label: 'Date and time',
      text: formatDateTime(p.performedAt, input.clinic.timeZone, 'procedure.performedAt'),
    },
    { label: 'Operator', text: p.operator.trim() },
    { label: 'Side', text: p.side === 'both' ? 'Bilateral' : p.side === 'left' ? 'Left' : 'Right' },
    { label: 'Image guidance', text: GUIDANCE[p.guidance] },
    { label: 'Target', text: targetLabels[p.target] },
    { label: 'Contrast', text: contrastText(p.contrast) },
    ...(p.drugs.length === 0
      ? [{ label: 'Drugs', text: 'None recorded' }]
      : p.drugs.map((d) => ({ label: drugKindLabels[d.kind], text: drugLine(d) }))),
    ...(radiation ? [radiation] : []),
    { label: 'Duration', text: `${minutes} ${p.durationMinutes === 1 ? 'minute' : 'minutes'}` },
    { label: 'Complications', text: complications.length === 0 ? 'None recorded' : complications.join('; ') },
  ];
  if (p.notes.trim() !== '') lines.push({ label: 'Notes', text: p.notes.trim() });
  return { heading: 'Procedure', lines };
}

function gpPainScores(input: DischargeSummaryInput): Section {
  const r = input.recovery;
  const lines: Line[] = [{ label: 'Before injection', text: `${formatNumber(r.baselinePain)}/10` }];
  r.scores.forEach((s, i) => {
    lines.push({
      label: laterTime(input, s.at, `recovery.scores[${i}].at`),
      text: `${formatNumber(s.pain)}/10`,
    });
  });
  if (r.scores.length === 0) lines.push({ text: 'No scores were recorded after the injection.' });
  return { heading: 'Pain scores (0–10 numeric rating scale)', lines };
}

function gpBlockResponse(input: DischargeSummaryInput): Section {
  const b = input.recovery.blockResponse;
  if (!b) return { heading: 'Block interpretation', lines: [{ text: 'Not assessed.' }] };
  const peak = peakReliefWords(b.peakReliefPercent, formatNumber);
  return {
    heading: 'Block interpretation',
    lines: [
      { label: 'Result', text: CLASSIFICATION[b.classification] },
      ...nonEmpty(b.reasons).map((text) => ({
        label: b.classification === 'indeterminate' ? 'Why indeterminate' : 'Reading',
        text,
      })),
      { label: 'Peak relief', text: peak },
      { label: 'Threshold', text: b.thresholdText.trim() },
    ],
  };
}

function gpDischarge(input: DischargeSummaryInput): Section {
  const r = input.recovery;
  const lines: Line[] = [
    {
      label: 'Discharged',
      text: formatDateTime(r.dischargedAt, input.clinic.timeZone, 'recovery.dischargedAt'),
    },
  ];
  const missing = nonEmpty(r.readinessMissing);
  const reason = r.dischargeOverrideReason?.trim();
  if (reason) {
    lines.push(
      { text: 'Discharge criteria were not all met; the clinician overrode them.', strong: true },
      { label: 'Reason for override', text: `“${reason}”` },
    );
  } else if (missing.length > 0) {
    // Should not happen (an unmet criterion needs an override reason), but never hide it if it does.
    lines.push({
      text: 'Discharge criteria were not all met; no override reason was recorded.',
      strong: true,
    });
  } else {
    lines.push({ text: 'All discharge criteria were met.' });
  }
  if (missing.length > 0) {
    lines.push(
      { text: 'Criteria not met at discharge:' },
      ...missing.map((text) => ({ text, bullet: true })),
    );
  }
  return { heading: 'Discharge', lines };
}

function gpAdvice(input: DischargeSummaryInput): Section {
  const instructions = nonEmpty(input.patientInstructions);
  const symptoms = nonEmpty(input.urgentSymptoms);
  const { urgentPhone, outOfHours } = input.clinic.contacts;
  const lines: Line[] =
    instructions.length > 0
      ? instructions.map((text) => ({ text, bullet: true }))
      : [{ text: 'No specific instructions were recorded.' }];
  if (symptoms.length > 0) {
    lines.push(
      { text: `Told to ring our urgent line (${urgentPhone}) for any of:` },
      ...symptoms.map((text) => ({ text, bullet: true })),
    );
  }
  lines.push({ text: whenClosed(outOfHours) });
  return { heading: 'Instructions given to the patient', lines };
}

function referrerLetter(input: DischargeSummaryInput): Summary {
  return {
    title: 'Sacroiliac joint injection: discharge letter',
    identity: identity(input.patient),
    sections: [
      referrerAddress(input.referrer),
      ...correctionsSection(input.corrections, input.clinic.timeZone),
      gpOpening(input),
      gpIndication(input),
      gpProcedure(input),
      gpPainScores(input),
      gpBlockResponse(input),
      gpDischarge(input),
      gpAdvice(input),
      { heading: 'Follow-up', lines: [{ text: FOLLOW_UP }] },
      signOff(input.signedBy, input.clinic.name),
    ],
  };
}

function buildSummary(input: DischargeSummaryInput, copy: SummaryCopy): Summary {
  return copy === 'patient' ? patientSummary(input) : referrerLetter(input);
}

/**
 * The wording of the summary without layout. The first section is the patient identification
 * block ("Patient"); unheaded blocks (the referrer's address, the salutation and the sign-off) have
 * an empty heading. Text is Unicode as given, and the PDF prints it as given (fonts.ts).
 */
export function dischargeSummaryText(
  input: DischargeSummaryInput,
  copy: SummaryCopy,
): { title: string; sections: { heading: string; lines: string[] }[] } {
  const summary = buildSummary(input, copy);
  return {
    title: summary.title,
    sections: [
      { heading: 'Patient', lines: summary.identity.map((i) => `${i.label}: ${i.value}`) },
      ...summary.sections.map((s) => ({ heading: s.heading, lines: s.lines.map(plainLine) })),
    ],
  };
}

function plainLine(line: Line): string {
  return line.label ? `${line.label}: ${line.text}` : line.text;
}

// ---------------------------------------------------------------------------------------------
// PDF layout (A4, Unicode fonts from fonts.ts).

type Doc = PDFKit.PDFDocument;

const MARGIN = { top: 50, left: 56, right: 56, bottom: 76 } as const; // bottom leaves room for the footer
const COLOUR = {
  ink: '#1f2328',
  muted: '#5b6470',
  brand: '#1d4e89',
  rule: '#c9d1db',
  panel: '#f1f4f8',
  urgent: '#b42318',
};
const BODY = { size: 10, lineGap: 1.5 } as const;
const GAP = { line: 3, section: 12 } as const;

/** How a piece of text is set: weight and size (the face follows from each character). */
interface Style {
  weight: Weight;
  size: number;
}
const REGULAR = (size: number = BODY.size): Style => ({ weight: 'regular', size });
const BOLD = (size: number = BODY.size): Style => ({ weight: 'bold', size });

type TextOptions = PDFKit.Mixins.TextOptions;

// With features given, pdfkit lays a run out whole rather than word by word, so a right-to-left
// run reads in order. Glyph decomposition (ccmp) is off: its mark glyphs carry no text to copy back
// (Vietnamese "ị", Arabic "عبد" came back with stray characters). fontkit takes a feature map;
// pdfkit's types only list an array.
const FEATURES = { ccmp: false } as unknown as TextOptions['features'];

/**
 * Writes text in as many runs as it has faces; pdfkit wraps the runs as one paragraph.
 * Every string passes through here, so no character can reach the page in a face that lacks it.
 */
function write(doc: Doc, text: string, x: number, y: number, style: Style, options: TextOptions = {}): void {
  const parts = runs(text, style.weight);
  if (parts.length === 0) parts.push({ font: runs(' ', style.weight)[0]?.font ?? '', text: '' });
  parts.forEach((run, i) => {
    ensureFont(doc, run.font);
    doc.font(run.font).fontSize(style.size);
    const opts = {
      lineGap: BODY.lineGap,
      ...options,
      features: FEATURES,
      continued: i < parts.length - 1,
    };
    if (i === 0) doc.text(run.text, x, y, opts);
    else doc.text(run.text, opts);
  });
}

/** Width of a line of text without wrapping. */
function textWidth(doc: Doc, text: string, style: Style, options: TextOptions = {}): number {
  let width = 0;
  for (const run of runs(text, style.weight)) {
    ensureFont(doc, run.font);
    doc.font(run.font).fontSize(style.size);
    width += doc.widthOfString(run.text, { ...options, features: FEATURES });
  }
  return width;
}

// Mixed faces in one paragraph are measured by setting them, in a scratch document with a page
// too tall to break: exactly what write() will do, without guessing each face's line height.
const scratches = new WeakMap<Doc, Doc>();

function measure(doc: Doc, text: string, width: number, style: Style): number {
  let scratch = scratches.get(doc);
  if (!scratch) {
    // The document's own class: pdfkit is imported only when a document is drawn (renderDocument).
    const PDFDocument = doc.constructor as typeof import('pdfkit');
    scratch = new PDFDocument({
      size: [doc.page.width, 100_000],
      margins: { top: 0, left: 0, right: 0, bottom: 0 },
    });
    scratches.set(doc, scratch);
  }
  scratch.x = 0;
  scratch.y = 0;
  write(scratch, text, 0, 0, style, { width });
  return scratch.y;
}

function contentWidth(doc: Doc): number {
  return doc.page.width - MARGIN.left - MARGIN.right;
}

/** Starts a new page when the next block would not fit, so rows and headings are never split. */
function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.maxY()) doc.addPage();
}

function drawLetterhead(doc: Doc, input: Letterhead): void {
  const { name, contacts } = input.clinic;
  const width = contentWidth(doc);
  doc.fillColor(COLOUR.brand);
  write(doc, name, MARGIN.left, MARGIN.top, BOLD(20), { width });
  doc.fillColor(COLOUR.muted);
  if (contacts.address)
    write(doc, contacts.address.replace(/\s*\n\s*/g, ', '), MARGIN.left, doc.y + 2, REGULAR(9), { width });
  const reach = [`Telephone ${contacts.phone}`, `Urgent line ${contacts.urgentPhone}`];
  if (contacts.email) reach.push(contacts.email);
  write(doc, reach.join('   ·   '), MARGIN.left, doc.y + 1, REGULAR(9), { width });
  const ruleY = doc.y + 6;
  line(doc, [MARGIN.left, ruleY], [MARGIN.left + width, ruleY], 1.2, COLOUR.brand);
  doc.y = ruleY + 8;
}

/** A straight line from one point to another, of a width and a colour. */
function line(
  doc: Doc,
  [x1, y1]: [number, number],
  [x2, y2]: [number, number],
  width: number,
  colour: string,
) {
  doc.moveTo(x1, y1).lineTo(x2, y2).lineWidth(width).strokeColor(colour).stroke();
}

function drawTitle(doc: Doc, title: string, generatedAt: string, timeZone: string): void {
  const width = contentWidth(doc);
  const top = doc.y;
  const date = formatDay(generatedAt, timeZone, 'generatedAt');
  const dateWidth = textWidth(doc, date, REGULAR(9));
  doc.fillColor(COLOUR.muted);
  write(doc, date, MARGIN.left + width - dateWidth - 1, top + 5, REGULAR(9), { width: dateWidth + 1 });
  doc.fillColor(COLOUR.ink);
  write(doc, title, MARGIN.left, top, BOLD(15), { width: width - dateWidth - 24 });
  doc.y += 8;
}

const IDENTITY = { pad: 8, label: REGULAR(8), value: BOLD(11), labelSpacing: 0.3 } as const;

/**
 * The identification block: a shaded band so the patient can be checked at a glance. Date of
 * birth, NHS number and MRN get the width they need and never wrap; the name takes the rest, and
 * moves to a row of its own when the rest is too narrow for it.
 */
function drawIdentity(doc: Doc, items: Summary['identity']): void {
  const width = contentWidth(doc);
  const { pad } = IDENTITY;
  const natural = (item: Summary['identity'][number]) =>
    Math.max(
      textWidth(doc, item.label.toUpperCase(), IDENTITY.label, { characterSpacing: IDENTITY.labelSpacing }),
      textWidth(doc, item.value, IDENTITY.value),
    ) +
    2 * pad +
    2;
  const [name, ...rest] = items;
  if (!name) return;
  const restWidths = rest.map(natural);
  const restTotal = restWidths.reduce((a, w) => a + w, 0);
  const nameRoom = width - restTotal;
  if (nameRoom >= Math.max(natural(name), width * 0.3) || nameRoom >= width * 0.45) {
    drawBand(doc, [{ item: name, w: nameRoom }, ...rest.map((item, i) => ({ item, w: restWidths[i] ?? 0 }))]);
  } else {
    drawBand(doc, [{ item: name, w: width }]);
    const share = (width - restTotal) / Math.max(rest.length, 1);
    drawBand(
      doc,
      rest.map((item, i) => ({ item, w: (restWidths[i] ?? 0) + share })),
    );
  }
  doc.x = MARGIN.left;
  doc.y += GAP.section;
}

function drawBand(doc: Doc, columns: { item: Summary['identity'][number]; w: number }[]): void {
  const { pad } = IDENTITY;
  const valueHeight = Math.max(
    ...columns.map((c) => measure(doc, c.item.value, c.w - 2 * pad, IDENTITY.value)),
  );
  const height = pad * 2 + 12 + valueHeight;
  const top = doc.y;
  doc.rect(MARGIN.left, top, contentWidth(doc), height).fill(COLOUR.panel);
  let x = MARGIN.left;
  for (const { item, w } of columns) {
    doc.fillColor(COLOUR.muted);
    write(doc, item.label.toUpperCase(), x + pad, top + pad, IDENTITY.label, {
      width: w - 2 * pad,
      characterSpacing: IDENTITY.labelSpacing,
    });
    doc.fillColor(COLOUR.ink);
    write(doc, item.value, x + pad, top + pad + 12, IDENTITY.value, { width: w - 2 * pad });
    x += w;
  }
  doc.x = MARGIN.left;
  doc.y = top + height;
}

function labelColumnWidth(doc: Doc, lines: Line[]): number {
  const widest = Math.max(0, ...lines.map((l) => (l.label ? textWidth(doc, l.label, BOLD()) : 0)));
  return Math.min(Math.max(widest + 14, 110), contentWidth(doc) * 0.42);
}

const lineStyle = (line: Line) => (line.strong ? BOLD() : REGULAR());

function drawLabelled(doc: Doc, line: Line, labelWidth: number): void {
  const width = contentWidth(doc);
  const labelHeight = measure(doc, line.label ?? '', labelWidth - 10, BOLD());
  const textHeight = measure(doc, line.text, width - labelWidth, lineStyle(line));
  const height = Math.max(labelHeight, textHeight);
  ensureSpace(doc, height);
  const top = doc.y;
  doc.fillColor(COLOUR.muted);
  write(doc, line.label ?? '', MARGIN.left, top, BOLD(), { width: labelWidth - 10 });
  doc.fillColor(COLOUR.ink);
  write(doc, line.text, MARGIN.left + labelWidth, top, lineStyle(line), { width: width - labelWidth });
  doc.x = MARGIN.left;
  doc.y = top + height + GAP.line;
}

function drawBullet(doc: Doc, line: Line): void {
  const indent = 14;
  const width = contentWidth(doc) - indent;
  ensureSpace(doc, measure(doc, line.text, width, lineStyle(line)));
  const top = doc.y;
  doc.fillColor(COLOUR.ink);
  write(doc, '•', MARGIN.left + 3, top, REGULAR());
  write(doc, line.text, MARGIN.left + indent, top, lineStyle(line), { width });
  doc.x = MARGIN.left;
  doc.y += GAP.line;
}

function drawParagraph(doc: Doc, line: Line, gap: number): void {
  doc.fillColor(COLOUR.ink);
  const style = lineStyle(line);
  // Long paragraphs may flow onto the next page; only make sure the first lines are not orphaned.
  ensureSpace(doc, Math.min(measure(doc, line.text, contentWidth(doc), style), 3 * (BODY.size + 4)));
  write(doc, line.text, MARGIN.left, doc.y, style, { width: contentWidth(doc) });
  doc.y += gap;
}

function drawLine(doc: Doc, line: Line, labelWidth: number, tone: Section['tone']): void {
  if (line.label !== undefined) drawLabelled(doc, line, labelWidth);
  else if (line.bullet) drawBullet(doc, line);
  else drawParagraph(doc, line, tone === 'address' || tone === 'signature' ? 0 : GAP.line + 1);
}

function drawHeading(doc: Doc, section: Section): void {
  doc.fillColor(section.tone === 'urgent' ? COLOUR.urgent : COLOUR.brand);
  write(doc, section.heading, MARGIN.left, doc.y, BOLD(11.5), { width: contentWidth(doc) });
  doc.y += 4;
}

function sectionHeight(doc: Doc, section: Section, labelWidth: number): number {
  const width = contentWidth(doc);
  let height = section.heading ? 20 : 0;
  for (const line of section.lines) {
    const w = line.label !== undefined ? width - labelWidth : line.bullet ? width - 14 : width;
    height += measure(doc, line.text, w, lineStyle(line)) + GAP.line + 1;
  }
  return height;
}

function drawSection(doc: Doc, section: Section): void {
  const labelWidth = labelColumnWidth(doc, section.lines);
  // Urgent advice, an address and a signature are kept on one page so they are read whole; other
  // headings keep at least their first couple of lines with them.
  const whole = section.tone !== undefined;
  const keep = whole ? sectionHeight(doc, section, labelWidth) : 16 + 2 * (BODY.size + 4);
  ensureSpace(doc, Math.min(keep, doc.page.maxY() - MARGIN.top));
  const startPage = doc.bufferedPageRange().count;
  const startY = doc.y;
  if (section.heading) drawHeading(doc, section);
  for (const line of section.lines) drawLine(doc, line, labelWidth, section.tone);
  // Urgent advice gets a red bar in the margin so it stands out on a page of grey text.
  if (section.tone === 'urgent' && doc.bufferedPageRange().count === startPage) {
    const x = MARGIN.left - 10;
    line(doc, [x, startY], [x, doc.y - GAP.line], 3, COLOUR.urgent);
  }
  doc.y += GAP.section - GAP.line;
}

// Written after the content, once the page count is known ("Page n of m"). The patient's identifiers
// repeat on every page so a loose page can still be matched to its owner.
function drawFooters(doc: Doc, input: Letterhead, summary: Summary): void {
  const range = doc.bufferedPageRange();
  const width = contentWidth(doc);
  const generated = formatDateTime(input.generatedAt, input.clinic.timeZone, 'generatedAt');
  const who = summary.identity
    .filter((i) => i.label !== 'MRN' || i.value !== 'Not recorded')
    .map((i) => (i.label === 'Name' ? i.value : `${i.label} ${i.value}`))
    .join('  ·  ');
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // Drawing inside the bottom margin would otherwise make pdfkit start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const top = doc.page.height - 52;
    line(doc, [MARGIN.left, top], [MARGIN.left + width, top], 0.5, COLOUR.rule);
    doc.fillColor(COLOUR.muted);
    write(doc, who, MARGIN.left, top + 6, REGULAR(7.5), { width, height: 10, ellipsis: true });
    const footer = `Generated ${generated} · Decision support — clinical judgement remains with the clinician · Page ${i + 1} of ${range.count}`;
    write(doc, footer, MARGIN.left, top + 18, REGULAR(7.5), { width, height: 10, ellipsis: true });
    doc.page.margins.bottom = bottom;
  }
}

/** Lays out the summary as an A4 PDF. Reproducible: the creation date is taken from generatedAt. */
export async function renderDischargeSummary(
  input: DischargeSummaryInput,
  copy: SummaryCopy,
): Promise<Buffer> {
  // Build the wording first: invalid dates fail here, before any PDF state exists.
  return renderDocument(input, buildSummary(input, copy));
}

/** What every letter's page carries: the clinic's letterhead and when it was generated. */
export type Letterhead = Pick<DischargeSummaryInput, 'clinic' | 'generatedAt'>;

/** Any letter or summary of the clinic as an A4 PDF: letterhead, title, identity, sections, footers. */
export async function renderDocument(input: Letterhead, summary: Summary): Promise<Buffer> {
  // pdfkit and fontkit load on the first document, not at start-up (they are most of what the
  // server would otherwise load and never use on a start).
  const [{ default: PDFDocument }] = await Promise.all([import('pdfkit'), fontsReady()]);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: summary.title,
      Author: input.clinic.name,
      Creator: 'SIJ Pathway',
      CreationDate: parseInstant(input.generatedAt, 'generatedAt'),
    },
  });
  const done = collect(doc);
  drawLetterhead(doc, input);
  drawTitle(doc, summary.title, input.generatedAt, input.clinic.timeZone);
  drawIdentity(doc, summary.identity);
  for (const section of summary.sections) drawSection(doc, section);
  drawFooters(doc, input, summary);
  doc.end();
  return done;
}

function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
