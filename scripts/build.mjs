#!/usr/bin/env node
/**
 * Builds what production runs, each part only when its sources changed since its last build:
 *   server  tsc -p tsconfig.build.json → dist/server (the CLI, the API, the database code)
 *   web     vite build → dist/web (the React app the server serves)
 *
 *   node scripts/build.mjs [server] [web] [--force] [--check]
 *
 * No target named: both. --force rebuilds even when current; --check builds nothing and exits 1
 * when a build is missing or stale. Plain JavaScript, so it runs before anything is compiled.
 * The compilers (typescript, vite) are dev dependencies: an install without them can run a build
 * made elsewhere (dist/ copied in) but cannot make one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildState, contentHash, fingerprint, root, stampDir, stampPath, targets } from './build-state.mjs';

const args = process.argv.slice(2);
const force = args.includes('--force');
const check = args.includes('--check');
const named = args.filter((a) => !a.startsWith('--'));
for (const name of named) {
  if (!(name in targets)) {
    console.error(`Unknown build "${name}": choose from ${Object.keys(targets).join(', ')}.`);
    process.exit(2);
  }
}
const chosen = named.length > 0 ? named : Object.keys(targets);

// How each target is built. The server build only translates TypeScript to JavaScript: it neither
// checks types (--noCheck; `npm run typecheck` does, and CI runs it on every change) nor follows
// imports into the packages' type definitions (--noResolve). With isolatedModules on, the JavaScript
// is the same as a checked build's, and it takes seconds instead of half a minute.
const commands = {
  server: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--noCheck', '--noResolve'],
  web: ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
};

let failed = false;
for (const name of chosen) {
  const target = targets[name];
  const state = buildState(name);
  if (state.current && !force) {
    // Touched but unchanged (e.g. a checkout): record the new times so the next check is quick.
    if (state.touched) writeStamp(name, state.inputs, state.hash);
    console.log(`${name}: up to date (${target.output})`);
    continue;
  }
  if (check) {
    console.log(`${name}: needs a build (${state.reason ?? 'forced'})`);
    failed = true;
    continue;
  }
  const [script, ...rest] = commands[name];
  if (!existsSync(path.join(root, script))) {
    console.error(
      `${name}: cannot build ${target.what}: ${script.split('/')[1]} is not installed (it is a dev dependency: run npm ci).`,
    );
    failed = true;
    continue;
  }
  // Hashed before building: a file edited during the build makes the next check rebuild.
  const hash = state.hash ?? contentHash(state.inputs);
  console.log(`${name}: building ${target.what} (${force ? 'forced' : state.reason}) ...`);
  const started = performance.now();
  rmSync(stampPath(name), { force: true });
  // The server's output is removed first, so a deleted source leaves no stale module behind
  // (Vite empties dist/web itself).
  if (name === 'server') rmSync(path.join(root, target.output), { recursive: true, force: true });
  const run = spawnSync(process.execPath, [script, ...rest], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`${name}: the build failed (exit ${run.status ?? run.signal}).`);
    failed = true;
    continue;
  }
  const missing = name === 'server' ? unresolvedImports(path.join(root, target.output)) : [];
  if (missing.length > 0) {
    console.error(
      `${name}: these imports name modules the build did not compile (add their folder to the include of tsconfig.build.json):\n  ${missing.join('\n  ')}`,
    );
    failed = true;
    continue;
  }
  writeStamp(name, state.inputs, hash);
  console.log(`${name}: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
process.exit(failed ? 1 : 0);

function writeStamp(name, inputs, hash) {
  mkdirSync(stampDir, { recursive: true });
  const stamp = {
    builtAt: new Date().toISOString(),
    files: inputs.length,
    hash,
    fingerprint: fingerprint(inputs),
  };
  writeFileSync(stampPath(name), `${JSON.stringify(stamp, null, 2)}\n`);
}

/**
 * With --noResolve, tsc compiles only the files tsconfig.build.json includes, not what they import:
 * a module importing one from elsewhere would fail only when that import runs. So every relative
 * import in the output (static or dynamic) must name a file that is there.
 */
function unresolvedImports(dir) {
  const missing = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const code = readFileSync(file, 'utf8');
    for (const [, , specifier] of code.matchAll(
      /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g,
    )) {
      if (!existsSync(path.resolve(path.dirname(file), specifier)))
        missing.push(`${path.relative(root, file)}: ${specifier}`);
    }
  }
  return missing;
}
