/**
 * CI's reading-grade check: every leaflet in src/content/leaflets, in every locale, with its
 * Flesch–Kincaid grade (src/content/reading-grade.ts). Patient leaflets aim for grade 8 or easier:
 * a leaflet above it fails the check, so a change that makes one harder to read is seen before it
 * reaches a patient.
 *
 *   npx tsx scripts/reading-grade.ts [--json]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLeaflet } from '../src/content/document.ts';
import { leafletProse, readingGrade, TARGET_GRADE } from '../src/content/reading-grade.ts';
import { LOCALES } from '../src/domain/clinical/settings.ts';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/content/leaflets');
const rows = readdirSync(dir)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .flatMap((file) => {
    const doc = parseLeaflet(file, readFileSync(path.join(dir, file), 'utf8'));
    return LOCALES.map((locale) => ({
      file,
      reference: doc.control.reference,
      version: doc.control.version,
      locale,
      ...readingGrade(leafletProse(doc, locale)),
    }));
  });

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ targetGrade: TARGET_GRADE, leaflets: rows }, null, 2));
} else {
  console.log(`Reading grade (Flesch–Kincaid), target ${TARGET_GRADE} or easier:`);
  for (const r of rows) {
    const verdict = r.grade <= TARGET_GRADE ? 'ok' : 'TOO HARD';
    console.log(
      `  ${r.reference} v${r.version} ${r.locale}  grade ${r.grade.toFixed(1)}  (${r.words} words, ${r.sentences} sentences)  ${verdict}  ${r.file}`,
    );
  }
}
const hard = rows.filter((r) => r.grade > TARGET_GRADE);
if (hard.length > 0) {
  console.error(
    `${hard.length} leaflet text(s) above grade ${TARGET_GRADE}: simplify them (shorter sentences, shorter words).`,
  );
  process.exit(1);
}
