/**
 * The leaflets in src/content/leaflets, read from disk once and checked when the server starts: a
 * leaflet that does not parse stops the app rather than reaching a patient half-rendered. The one
 * place src/content's files meet IO.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LeafletDocument, parseLeaflet } from '../../content/document.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/**
 * The leaflets are Markdown, not compiled: from the sources they sit beside this module's folder;
 * from the compiled server (dist/server/src/server/leaflets) they are read where the package keeps
 * them, src/content/leaflets.
 */
export const leafletDir = [
  path.resolve(here, '../../content/leaflets'),
  path.resolve(here, '../../../../../src/content/leaflets'),
].find((dir) => existsSync(dir)) as string;

/** The leaflet every SI joint injection episode is given. */
export const EPISODE_LEAFLET = 'SIJ-1';

let cache: LeafletDocument[] | undefined;

/** Every leaflet, by reference; parsed on first use and kept (a new version needs a restart). */
export function leaflets(dir: string = leafletDir): LeafletDocument[] {
  if (dir !== leafletDir) return read(dir);
  cache ??= read(dir);
  return cache;
}

function read(dir: string): LeafletDocument[] {
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => parseLeaflet(f, readFileSync(path.join(dir, f), 'utf8')));
  const seen = new Set<string>();
  for (const d of docs) {
    if (seen.has(d.control.reference))
      throw new Error(`Two leaflets have the reference ${d.control.reference}.`);
    seen.add(d.control.reference);
  }
  return docs;
}

export function leaflet(reference: string): LeafletDocument {
  const found = leaflets().find((d) => d.control.reference === reference);
  if (!found) throw new Error(`No leaflet ${reference} in ${leafletDir}.`);
  return found;
}
