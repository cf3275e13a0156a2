/**
 * Fonts for printed documents. pdfkit's built-in Helvetica can only show Latin-1, so a name such as
 * "Łucja Wójcik-Nakamura 中村" came out as "Lucja Wójcik-Nakamura ??" (issue 9, defect 13). The
 * letters are now set in Unicode fonts shipped in npm packages (nothing to install by hand), each
 * character in the first face that has it:
 *
 *   Noto Sans          Latin (with Latin Extended and Vietnamese), Greek, Cyrillic, Devanagari
 *   Noto Sans Arabic   Arabic, Persian, Urdu
 *   DejaVu Sans        symbols Noto Sans lacks (≥ ≤ →), Hebrew, Armenian, Georgian
 *   Noto Sans SC       Chinese (simplified and common traditional), Japanese kana
 *
 * pdfkit embeds only the glyphs a document uses. A character none of them has (Korean, Thai and
 * other scripts not listed) is set in Noto Sans, which prints its empty box rather than another
 * letter, so the loss is visible; the text layer still carries the character.
 */
import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';

export type Weight = 'regular' | 'bold';

interface Face {
  family: string;
  files: Record<Weight, string>;
}

const FACES: readonly Face[] = [
  {
    family: 'NotoSans',
    files: {
      regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
      bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
    },
  },
  {
    family: 'NotoSansArabic',
    files: {
      regular: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
      bold: '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf',
    },
  },
  {
    family: 'DejaVuSans',
    files: {
      regular: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff',
      bold: '@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff',
    },
  },
  {
    family: 'NotoSansSC',
    files: {
      regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
      bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
    },
  },
];

const require = createRequire(import.meta.url);
const loaded = new Map<string, Fontkit.Font>();

// fontkit (with pdfkit, the largest code the server loads) is imported when the first document is
// drawn, not at start-up: most starts never print anything.
let fontkit: typeof Fontkit | undefined;

/** Loads the font library; call (and await) before runs() or ensureFont(). */
export async function fontsReady(): Promise<void> {
  fontkit ??= await import('fontkit');
}

/** A font file parsed once per process (the CJK face only when a document needs it). */
function load(spec: string): Fontkit.Font {
  let font = loaded.get(spec);
  if (!font) {
    if (!fontkit) throw new Error('fonts.ts: await fontsReady() before laying out text');
    font = fontkit.openSync(require.resolve(spec)) as Fontkit.Font;
    loaded.set(spec, font);
  }
  return font;
}

const faceOf = new Map<number, number>();

/** The first face with a glyph for this code point; the primary face when none has one. */
function faceFor(codePoint: number): number {
  let face = faceOf.get(codePoint);
  if (face === undefined) {
    face = FACES.findIndex((f) => load(f.files.regular).hasGlyphForCodePoint(codePoint));
    if (face === -1) face = 0;
    faceOf.set(codePoint, face);
  }
  return face;
}

const has = (face: number, codePoint: number) =>
  load((FACES[face] as Face).files.regular).hasGlyphForCodePoint(codePoint);

// Combining marks and joiners stay in the face of the letter they belong to.
const MARK = /\p{M}|\u200c|\u200d|[\ufe00-\ufe0f]/u;
// Spaces join the run around them, so a run of Arabic words stays one run and is laid out right to
// left as a whole; at the edge of a right-to-left run they go to the other side, where they stand.
const SPACE = /\s/u;
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;

export interface Run {
  /** The name the font is registered under on the document. */
  font: string;
  text: string;
}

/** Text split into runs of one face each, in reading order. */
export function runs(text: string, weight: Weight): Run[] {
  const chars = [...text.normalize('NFC')];
  const strong = chars.map((c) => !SPACE.test(c) && !MARK.test(c));
  const faces = chars.map((c, i) => (strong[i] ? faceFor(c.codePointAt(0) ?? 0) : -1));
  const neighbour = (from: number, step: 1 | -1) => {
    for (let j = from + step; j >= 0 && j < chars.length; j += step) if (strong[j]) return j;
    return -1;
  };
  chars.forEach((c, i) => {
    if (strong[i]) return;
    const cp = c.codePointAt(0) ?? 0;
    const before = neighbour(i, -1);
    const after = neighbour(i, 1);
    let pick = before === -1 ? after : before;
    if (SPACE.test(c) && before !== -1 && after !== -1 && faces[before] !== faces[after]) {
      pick = RTL.test(chars[before] ?? '') && !RTL.test(chars[after] ?? '') ? after : before;
    }
    // A mark follows its letter; anything else must exist in the face it joins.
    const face = pick === -1 ? 0 : (faces[pick] ?? 0);
    faces[i] = MARK.test(c) && i > 0 ? (faces[i - 1] ?? face) : has(face, cp) ? face : faceFor(cp);
  });
  const out: Run[] = [];
  chars.forEach((c, i) => {
    const font = fontName(faces[i] ?? 0, weight);
    const last = out.at(-1);
    if (last?.font === font) last.text += c;
    else out.push({ font, text: c });
  });
  return out;
}

function fontName(face: number, weight: Weight): string {
  return `${(FACES[face] as Face).family}-${weight}`;
}

const registered = new WeakMap<PDFKit.PDFDocument, Set<string>>();

/** Registers the faces a run needs on this document (pdfkit embeds only what is used). */
export function ensureFont(doc: PDFKit.PDFDocument, name: string): void {
  let names = registered.get(doc);
  if (!names) {
    names = new Set();
    registered.set(doc, names);
  }
  if (names.has(name)) return;
  const [family, weight] = name.split('-') as [string, Weight];
  const face = FACES.find((f) => f.family === family) as Face;
  // pdfkit accepts a fontkit font object; its types only list paths and buffers.
  doc.registerFont(name, load(face.files[weight]) as unknown as string);
  names.add(name);
}

/** The primary face, for text known to be Latin (labels, dates). */
export const PRIMARY = { regular: fontName(0, 'regular'), bold: fontName(0, 'bold') } as const;
