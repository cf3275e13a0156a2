/**
 * Publishes the pathway as computable FHIR in docs/fhir/: the PlanDefinition, its
 * ActivityDefinitions, the Questionnaires and the protocol profiles as Libraries (one JSON file
 * each, generated from src/fhir/definitions.ts under the default canonical base), and
 * docs/fhir/codes.md, the code table of src/fhir/codes.ts with what is not confirmed. With --check,
 * writes nothing and exits 1 when a committed file differs or is left over, so CI fails on a stale one.
 *
 *   npx tsx scripts/generate-fhir.ts [--check]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIRMED, LOCAL_DISPLAYS, LOCAL_SYSTEMS, localSystemUrl, NOT_EMITTED } from '../src/fhir/codes.ts';
import { DEFAULT_CANONICAL_BASE } from '../src/fhir/context.ts';
import { DEFINITION_TYPES, definitions } from '../src/fhir/definitions.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = 'docs/fhir';
const cell = (s: string) => s.replace(/\|/g, '\\|');

function codesMarkdown(): string {
  const base = DEFAULT_CANONICAL_BASE;
  const lines = [
    '# Codes SIJ Pathway emits in FHIR',
    '',
    'Generated from src/fhir/codes.ts by `npx tsx scripts/generate-fhir.ts`: do not edit by hand.',
    'A standard code is emitted only where the clinical sources (../shared/clinical: README "Codes",',
    'sources.md §8, sources-addendum.md) confirm it; everything else is a code of one of our own',
    `code systems under \`${base}/CodeSystem/\`, so that no receiver mistakes it for a confirmed one.`,
    '',
    '## Confirmed standard codes',
    '',
    '| system | code | display | confirmed in | used for |',
    '|---|---|---|---|---|',
    ...Object.values(CONFIRMED).map(
      (c) => `| ${c.system} | ${c.code} | ${cell(c.display)} | ${cell(c.source)} | ${cell(c.usedFor)} |`,
    ),
    '',
    '## Our own code systems (not confirmed elsewhere)',
    '',
    '| code system | why local | codes |',
    '|---|---|---|',
    ...(Object.keys(LOCAL_SYSTEMS) as (keyof typeof LOCAL_SYSTEMS)[]).map(
      (name) =>
        `| ${localSystemUrl(base, name)} | ${cell(LOCAL_SYSTEMS[name])} | ${Object.keys(LOCAL_DISPLAYS[name])
          .map((c) => `\`${c}\``)
          .join(', ')} |`,
    ),
    '',
    '## Candidates not emitted (the gaps)',
    '',
    '| system | code | what | why not |',
    '|---|---|---|---|',
    ...NOT_EMITTED.map((n) => `| ${n.system} | ${n.code} | ${cell(n.what)} | ${cell(n.why)} |`),
    '',
  ];
  return lines.join('\n');
}

export function expectedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const published = definitions({ canonicalBase: DEFAULT_CANONICAL_BASE });
  for (const type of DEFINITION_TYPES) {
    for (const resource of published[type]) {
      files.set(join(dir, `${type}-${resource.id}.json`), `${JSON.stringify(resource, null, 2)}\n`);
    }
  }
  files.set(join(dir, 'codes.md'), codesMarkdown());
  return files;
}

function main(check: boolean): number {
  const expected = expectedFiles();
  const stale: string[] = [];
  for (const [path, text] of expected) {
    const full = join(root, path);
    const current = existsSync(full) ? readFileSync(full, 'utf8') : undefined;
    if (current === text) continue;
    stale.push(path);
    if (!check) {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
  }
  // A definition that is no longer generated must not linger in the published set.
  const full = join(root, dir);
  for (const file of existsSync(full) ? readdirSync(full) : []) {
    const path = join(dir, file);
    if (!file.endsWith('.json') || expected.has(path)) continue;
    stale.push(`${path} (no longer generated)`);
    if (!check) rmSync(join(root, path));
  }
  if (check && stale.length > 0) {
    console.error(`Out of date (run npx tsx scripts/generate-fhir.ts):\n  ${stale.join('\n  ')}`);
    return 1;
  }
  console.log(check ? 'FHIR definitions are current' : `wrote ${stale.length} file(s)`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.includes('--check'));
}
