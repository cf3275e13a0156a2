/**
 * Start-up, measured the way a person meets it: the real `npm start` as a child process, on a data
 * directory that a first start has already initialised (the embedded PostgreSQL cluster exists,
 * migrated and seeded), from spawning it to the first 200 from /api/health; then a SIGTERM, as a
 * process manager would send it to npm, and the wait until everything has exited. Also how long
 * `sijpath --help` and `sijpath serve --help` take. Each is run a few times; the median is kept.
 * "Cold" is the process (nothing loaded, the database server stopped), not the disk cache.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/db/embedded.ts';
import { packageRoot } from '../src/db/package-root.ts';

export interface StartupResult {
  /** How many times each was measured (the figures are medians). */
  runs: number;
  /** `npm start` (its build check included) on an initialised data directory → first 200 from /api/health. */
  coldStartMs: number;
  /** `node bin/sijpath.mjs serve` alone, as a process manager would run it after a build. */
  serveStartMs: number;
  /** `node bin/sijpath.mjs --help` until it exits. */
  cliHelpMs: number;
  /** `node bin/sijpath.mjs serve --help` until it exits. */
  serveHelpMs: number;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const bin = path.join(packageRoot, 'bin/sijpath.mjs');

export async function measureStartup({
  runs,
  log = console.log,
}: {
  runs: number;
  log?: (line: string) => void;
}): Promise<StartupResult> {
  log('Building (once; npm start reuses the build) ...');
  await run(process.execPath, [path.join(packageRoot, 'scripts/build.mjs')], process.env);

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sijpath-cold-start-'));
  try {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEMO: 'true',
      NODE_ENV: 'development',
      // The compiled build, or fail: a silent fall-back to the sources would measure the wrong thing.
      SIJPATH_FROM: 'dist',
    };
    // Everything in the temporary directory: no real database, secret, audit key or checkpoint file.
    for (const name of ['DATABASE_URL', 'PUBLIC_URL', 'AUTH_SECRET', 'AUDIT_KEY', 'AUDIT_CHECKPOINT_FILE'])
      delete env[name];

    log('First start: a new embedded PostgreSQL cluster, migrations, the demo clinic ...');
    const first = await startUntilHealthy(npm, ['start'], env, port, 300_000);
    log(`  first start ready in ${first} ms (not counted)`);

    const cold: number[] = [];
    const serve: number[] = [];
    for (let i = 0; i < runs; i++) {
      cold.push(await startUntilHealthy(npm, ['start'], env, port));
      serve.push(await startUntilHealthy(process.execPath, [bin, 'serve'], env, port));
      log(`  run ${i + 1}: npm start ${cold.at(-1)} ms, sijpath serve ${serve.at(-1)} ms`);
    }
    const help: number[] = [];
    const serveHelp: number[] = [];
    for (let i = 0; i < runs; i++) {
      help.push(await timed(() => run(process.execPath, [bin, '--help'], env)));
      serveHelp.push(await timed(() => run(process.execPath, [bin, 'serve', '--help'], env)));
    }
    return {
      runs,
      coldStartMs: median(cold),
      serveStartMs: median(serve),
      cliHelpMs: median(help),
      serveHelpMs: median(serveHelp),
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Spawns the command, polls /api/health until it answers 200, then stops it with SIGTERM and waits
 * until it and every process it started have exited. Returns the milliseconds to the first 200.
 * The time limits are generous: on a loaded machine (CI beside other jobs) a start is slow, not broken.
 */
async function startUntilHealthy(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  timeoutMs = 180_000,
): Promise<number> {
  const started = performance.now();
  // Its own process group, so that whatever it leaves behind can be found (and cleaned up).
  const child = spawn(command, args, {
    cwd: packageRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const group = child.pid!;
  const what = `\`${[command, ...args].join(' ')}\``;
  let readyMs: number | undefined;
  let failure: Error | undefined;
  while (readyMs === undefined && !failure) {
    if (exitCode !== undefined)
      failure = new Error(`${what} exited (${exitCode}) before it was healthy:\n${output}`);
    else if (performance.now() - started > timeoutMs)
      failure = new Error(`${what} was not healthy after ${timeoutMs} ms:\n${output}`);
    else {
      const status = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.status)
        .catch(() => 0);
      if (status === 200) readyMs = Math.round(performance.now() - started);
      else await sleep(20);
    }
  }

  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
  // npm has exited; nothing it started may outlive it (a server left running would hold the port and
  // the data directory).
  const leftBehind = stopped && (await groupAlive(group));
  if (!stopped || leftBehind) {
    killGroup(group);
    failure ??= new Error(
      `${what} ${stopped ? 'left processes running after SIGTERM' : 'did not stop within 60 s of SIGTERM'}:\n${output}`,
    );
  }
  if (failure) throw failure;
  return readyMs!;
}

/** Whether any process of the group is left, after giving them a moment to finish exiting. */
async function groupAlive(group: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(-group, 0);
    } catch {
      return false;
    }
    await sleep(100);
  }
  return true;
}

function killGroup(group: number): void {
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // already gone
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: packageRoot, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`\`${[command, ...args].join(' ')}\` exited with ${code}`)),
    );
  });
}

async function timed(action: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await action();
  return Math.round(performance.now() - started);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
