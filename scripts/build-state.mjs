/**
 * What each build is made from, and whether the one in dist/ is current. Shared by scripts/build.mjs
 * (which rebuilds what is not current) and bin/sijpath.mjs (which runs the compiled CLI only when it
 * is current). Plain JavaScript with no dependencies, so both run before anything is compiled.
 *
 * A build is current when its output exists and its stamp (dist/.build/<target>.json) records the
 * same inputs: the same files with the same content. The quick check compares each file's size and
 * modification time with the stamp; only when those differ (an edit, a checkout, a touch) are the
 * contents hashed, so a file touched but unchanged does not force a rebuild.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const stampDir = path.join(root, 'dist/.build');

const isTest = (file) => /\.(test|fixture)\.tsx?$/.test(file);
// What every build depends on: the dependencies as installed, the module type, the compiler settings.
const common = ['package.json', 'package-lock.json', 'tsconfig.json'];

/** The builds. `inputs` are files and folders relative to the package root; folders are walked. */
export const targets = {
  server: {
    what: 'the server (tsc → dist/server)',
    // As tsconfig.build.json: the TypeScript under src/ but the web app, and the benchmark.
    inputs: [...common, 'tsconfig.build.json', 'src', 'bench'],
    // Tests and fixtures are not compiled, so editing one does not make the server build stale
    // (nor does a new bench/results.json).
    include: (file) =>
      /\.ts$/.test(file) && !isTest(file) && !file.startsWith(`src${path.sep}web${path.sep}`),
    output: 'dist/server',
    entry: 'dist/server/src/cli/main.js',
  },
  web: {
    what: 'the web app (vite → dist/web)',
    // src/content: the leaflet's document-control line (src/content/control.ts) is the browser's too.
    inputs: [
      ...common,
      'vite.config.ts',
      'postcss.config.cjs',
      'src/web',
      'src/shared',
      'src/domain',
      'src/content',
    ],
    include: (file) => !isTest(file),
    output: 'dist/web',
    entry: 'dist/web/index.html',
  },
};

/** The input files of a target, sorted, relative to the root, with their size and mtime. */
export function listInputs(name) {
  const target = targets[name];
  const files = [];
  for (const input of target.inputs) {
    const full = path.join(root, input);
    if (!existsSync(full)) continue;
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const rel = path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name));
        if (target.include(rel)) files.push(rel);
      }
    } else files.push(input);
  }
  files.sort();
  return files.map((file) => {
    const s = statSync(path.join(root, file));
    return { file, size: s.size, mtimeMs: s.mtimeMs };
  });
}

/** Cheap: names, sizes and modification times. */
export function fingerprint(inputs) {
  const hash = createHash('sha256');
  for (const i of inputs) hash.update(`${i.file}\0${i.size}\0${i.mtimeMs}\n`);
  return hash.digest('hex');
}

/** Exact: names and contents. */
export function contentHash(inputs) {
  const hash = createHash('sha256');
  for (const i of inputs) {
    hash.update(`${i.file}\0`);
    hash.update(readFileSync(path.join(root, i.file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function stampPath(name) {
  return path.join(stampDir, `${name}.json`);
}

export function readStamp(name) {
  try {
    return JSON.parse(readFileSync(stampPath(name), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Whether the target's build is current. `reason` says why not, in words for a person;
 * `inputs` and `hash` are handed back so a build need not walk the files again.
 */
export function buildState(name) {
  const target = targets[name];
  const inputs = listInputs(name);
  const stamp = readStamp(name);
  if (!existsSync(path.join(root, target.entry))) return { current: false, reason: 'not built yet', inputs };
  if (!stamp) return { current: false, reason: 'no build stamp', inputs };
  if (stamp.fingerprint === fingerprint(inputs)) return { current: true, inputs, hash: stamp.hash };
  const hash = contentHash(inputs);
  if (stamp.hash === hash) return { current: true, inputs, hash, touched: true };
  return { current: false, reason: 'its sources changed', inputs, hash };
}
