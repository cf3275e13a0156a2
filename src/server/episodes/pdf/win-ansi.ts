// pdfkit's built-in Helvetica is a standard-14 font written with WinAnsiEncoding: it can only show
// Latin-1 plus the handful of typographic characters in Windows-1252's 0x80–0x9F block. Anything else
// is emitted as a wrong byte and shows up as a different glyph or nothing, which in a clinical letter
// could silently change a meaning (e.g. '≥ 50%' losing its comparator). So every string goes through
// toWinAnsi() before it reaches the PDF: characters Helvetica has are kept, common symbols get an
// ASCII spelling that keeps their meaning, and anything left is shown as '?' so the loss is visible.

// The Windows-1252 characters above U+00FF that pdfkit's encoder maps into 0x80–0x9F
// (mirrors WIN_ANSI_MAP in pdfkit/js/pdfkit.js).
const CP1252_EXTRAS = new Set([
  0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017d, 0x017e, 0x0192, 0x02c6, 0x02dc, 0x2013, 0x2014, 0x2018,
  0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac,
  0x2122,
]);

// Spellings that keep the meaning of symbols Helvetica lacks. Greek small mu (U+03BC) is what many
// keyboards produce for "micro"; Latin-1 has the micro sign (U+00B5), which looks the same.
const SUBSTITUTES: Readonly<Record<string, string>> = {
  '\u03bc': '\u00b5', // μ → µ
  '\u2265': '>=', // ≥
  '\u2264': '<=', // ≤
  '\u2260': '!=', // ≠
  '\u2248': '~', // ≈
  '\u2192': '->', // →
  '\u2190': '<-', // ←
  '\u2194': '<->', // ↔
  '\u21d2': '=>', // ⇒
  '\u2212': '-', // minus sign
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // figure dash
  '\u2015': '\u2014', // horizontal bar → em dash
  '\u2032': "'", // prime
  '\u2033': '"', // double prime
  '\u2009': ' ', // thin space
  '\u202f': ' ', // narrow no-break space (Intl uses it in some locales)
  '\u200b': '', // zero-width space
  '\u2060': '', // word joiner
  '\ufeff': '', // byte-order mark
  '\u2074': '4', // superscript four (Latin-1 has only ¹ ² ³)
  '\u2070': '0', // superscript zero
  '\u2219': '\u00b7', // bullet operator → middle dot
  '\u22c5': '\u00b7', // dot operator → middle dot
  '\u2715': 'x', // multiplication x
  '\u0141': 'L', // Ł (does not decompose under NFKD)
  '\u0142': 'l', // ł
  '\u0110': 'D', // Đ
  '\u0111': 'd', // đ
  '\u0131': 'i', // dotless i
};

const FALLBACK = '?';

/** True when Helvetica (WinAnsi) has a glyph for this code point. */
export function isWinAnsi(codePoint: number): boolean {
  if (codePoint === 0x0a) return true; // newline is handled by pdfkit's line wrapper
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return false; // control characters
  return codePoint <= 0xff || CP1252_EXTRAS.has(codePoint);
}

/** Rewrites text so that every character can be shown by pdfkit's built-in Helvetica. */
export function toWinAnsi(text: string): string {
  let out = '';
  // NFC first so a base letter plus combining accent becomes the single Latin-1 letter (e + ́ → é).
  for (const char of text.normalize('NFC')) out += winAnsiChar(char);
  return out;
}

function winAnsiChar(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  if (isWinAnsi(codePoint)) return char;
  const substitute = SUBSTITUTES[char];
  if (substitute !== undefined) return substitute;
  if (char === '\t' || char === '\r') return ' ';
  return decomposed(char) ?? FALLBACK;
}

// Letters outside Latin-1 (ő, č, ſ, ﬁ) usually decompose into a Latin-1 base plus marks; dropping the
// marks keeps a name readable rather than turning it into question marks.
function decomposed(char: string): string | null {
  const base = char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  if (base === '' || base === char) return null;
  for (const c of base) if (!isWinAnsi(c.codePointAt(0) ?? 0)) return null;
  return base;
}
