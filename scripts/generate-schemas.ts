/**
 * Generates docs/schemas/*.json (JSON Schema from the clinical zod schemas) and the worked
 * examples' responses docs/examples/*.response.json. With --check, writes nothing and exits 1
 * when a committed file differs, so CI fails on a stale schema or example.
 *
 *   npx tsx scripts/generate-schemas.ts [--check]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  AssessmentRequestSchema,
  AssessmentSchema,
  assessJson,
  ClinicSettingsSchema,
  FindingSchema,
  ResolvedProtocolSchema,
} from '../src/domain/clinical/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const schemas: Record<string, { schema: z.ZodType; io: 'input' | 'output' }> = {
  'assessment-request': { schema: AssessmentRequestSchema, io: 'input' },
  assessment: { schema: AssessmentSchema, io: 'output' },
  'clinic-settings': { schema: ClinicSettingsSchema, io: 'input' },
  finding: { schema: FindingSchema, io: 'output' },
  'resolved-protocol': { schema: ResolvedProtocolSchema, io: 'output' },
};

export function expectedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, { schema, io }] of Object.entries(schemas)) {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
    files.set(join('docs/schemas', `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  }
  const examples = join(root, 'docs/examples');
  for (const file of readdirSync(examples)
    .filter((f) => f.endsWith('.request.json'))
    .sort()) {
    const out = assessJson(readFileSync(join(examples, file), 'utf8'));
    if (out.exitCode !== 0) throw new Error(`${file}: ${out.stderr}`);
    files.set(join('docs/examples', file.replace('.request.json', '.response.json')), out.stdout);
  }
  return files;
}

function main(check: boolean): number {
  const stale: string[] = [];
  for (const [path, text] of expectedFiles()) {
    const full = join(root, path);
    const current = existsSync(full) ? readFileSync(full, 'utf8') : undefined;
    if (current === text) continue;
    stale.push(path);
    if (!check) {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
  }
  if (check && stale.length > 0) {
    console.error(`Out of date (run npx tsx scripts/generate-schemas.ts):\n  ${stale.join('\n  ')}`);
    return 1;
  }
  console.log(check ? 'schemas and examples are current' : `wrote ${stale.length} file(s)`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.includes('--check'));
}
