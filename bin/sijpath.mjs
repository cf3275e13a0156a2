#!/usr/bin/env node
/**
 * `sijpath`. Runs the compiled CLI in dist/server (made by `npm run build`, which `npm start` runs
 * first) when that build is current. Otherwise — a fresh clone, or sources edited since the last
 * build — it runs the TypeScript sources through tsx, and says so on stderr. SIJPATH_FROM chooses:
 *   dist     the compiled CLI; stops with a message when it is missing or out of date
 *   source   the TypeScript sources through tsx, silently (npm run dev, the tests)
 *   unset    dist when current, otherwise source
 */
import { buildState } from '../scripts/build-state.mjs';

const from = process.env.SIJPATH_FROM ?? '';
if (!['', 'dist', 'source'].includes(from)) {
  console.error(`SIJPATH_FROM must be "dist" or "source", not "${from}".`);
  process.exit(2);
}

let useDist = false;
if (from !== 'source') {
  const state = buildState('server');
  useDist = state.current;
  if (!state.current) {
    const why = `no current compiled CLI in dist/server (${state.reason})`;
    if (from === 'dist') {
      console.error(`sijpath: ${why}; build it with \`npm run build\`.`);
      process.exit(1);
    }
    console.error(
      `sijpath: ${why}; running the TypeScript sources through tsx (\`npm run build\` compiles).`,
    );
  }
}

if (useDist) {
  await import('../dist/server/src/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
