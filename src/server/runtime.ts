/**
 * Starting the app for real: the database (embedded or external), migrations, the auth secret.
 * Shared by `sijpath serve`, `migrate`, `seed` and `user add`, so each finds the same database.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { connect, type Database, withDatabase, withLogin } from '../db/client.ts';
import { keptPassword, startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { embeddedAppRole, ensureLoginRole, grantAppRole } from '../db/roles.ts';
import { type Config, parseEnv } from './config.ts';

export const appDatabaseName = 'sijpath';

export interface Runtime {
  config: Config;
  db: Database;
  databaseLabel: string;
  close(): Promise<void>;
}

export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  const parsed = parseEnv(env);
  const host = parsed.HOST === '0.0.0.0' ? 'localhost' : parsed.HOST;
  return {
    ...parsed,
    baseUrl: parsed.PUBLIC_URL ?? `http://${host}:${parsed.PORT}`,
    authSecret: parsed.AUTH_SECRET ?? (await localSecret(parsed.DATA_DIR, parsed.NODE_ENV, 'auth-secret')),
    auditKey: parsed.AUDIT_KEY ?? (await localSecret(parsed.DATA_DIR, parsed.NODE_ENV, 'audit-key')),
    auditCheckpointFile:
      parsed.AUDIT_CHECKPOINT_FILE ?? path.join(path.resolve(parsed.DATA_DIR), 'audit-checkpoints.jsonl'),
  };
}

/**
 * Opens the database the config names, starting the embedded server if needed, and migrates it
 * (unless told not to: a backup reads the database as it is, a restore migrates to its archive's
 * level). Migrations run as the owner's login, which then grants the app's role its rights.
 * `as: 'app'` (the server) connects as the app's role; the operator's commands run as the owner.
 */
export async function openRuntime(
  config: Config,
  log: (line: string) => void = () => {},
  options: {
    migrate?: boolean;
    as?: 'app' | 'owner';
    /** An operator's command that may use the embedded PostgreSQL of a server running on DATA_DIR. */
    share?: boolean;
    /**
     * The server's: its embedded PostgreSQL is started again when it stops unexpectedly; this is
     * told when that fails (the server then stops).
     */
    onDatabaseGone?: (error: Error) => void;
  } = {},
): Promise<Runtime> {
  let ownerUrl = config.DATABASE_OWNER_URL ?? config.DATABASE_URL;
  let appUrl = config.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let databaseLabel = 'PostgreSQL at DATABASE_URL';
  let appRole: { name: string; password?: string } | undefined;
  if (!ownerUrl || !appUrl) {
    if (config.DATABASE_OWNER_URL)
      throw new Error(
        'DATABASE_OWNER_URL is set without DATABASE_URL: set both (the app logs in as DATABASE_URL).',
      );
    log(`Starting the embedded PostgreSQL (data in ${path.resolve(config.DATA_DIR)}) ...`);
    const embedded = await startEmbeddedPostgres({
      dataDir: config.DATA_DIR,
      notice: log,
      share: options.share,
      restart: options.onDatabaseGone && { log, gaveUp: options.onDatabaseGone },
    });
    stopEmbedded = embedded.stop;
    ownerUrl = withDatabase(embedded.url, appDatabaseName);
    await ensureDatabase(embedded.url, appDatabaseName);
    databaseLabel = `embedded PostgreSQL on port ${embedded.port}${embedded.shared ? ', the running server’s' : ''}`;
    const password = await embeddedAppPassword(config.DATA_DIR);
    appRole = { name: embeddedAppRole, password };
    appUrl = withLogin(ownerUrl, embeddedAppRole, password);
  }
  const owner = connect(ownerUrl, options.as === 'app' ? 2 : 10);
  // The server's requests wait a bounded time for each statement; the operator's commands do not.
  const serving = options.as === 'app' ? config.DATABASE_TIMEOUT_SECONDS : undefined;
  let app: Database | undefined;
  const end = async () => {
    if (!owner.$client.ending) await owner.$client.end();
    if (app && !app.$client.ending) await app.$client.end();
  };
  try {
    await owner.$client.query('select 1').catch((cause: unknown) => {
      throw new Error(
        `Cannot reach the database (${databaseLabel}). Is the server running, and is the address right?`,
        {
          cause,
        },
      );
    });
    if (options.migrate !== false) {
      log('Applying database migrations ...');
      await migrateDatabase(owner);
      if (appRole?.password)
        await asClient(owner, (c) => ensureLoginRole(c, appRole.name, appRole.password!));
    }
    // A backup or restore (no migration, as the owner) needs no app login: an older data directory may not have one yet.
    if (ownerUrl !== appUrl && (options.as === 'app' || options.migrate !== false)) {
      app = connect(appUrl, 10, serving);
      const who = await app.$client.query<{ name: string }>('select current_user as name').catch((cause) => {
        throw new Error(
          `Cannot log in as DATABASE_URL's role (${databaseLabel}): ${(cause as Error).message}`,
          {
            cause,
          },
        );
      });
      if (options.migrate !== false) await asClient(owner, (c) => grantAppRole(c, who.rows[0]!.name));
    } else if (options.as === 'app' && config.NODE_ENV !== 'test') {
      await warnIfSuperuser(owner, log);
    }
    // The server keeps only the app's login, in a pool of its own (with one login for everything,
    // the same URL: the owner's pool is sized for migrations); the operator's commands only the owner's.
    if (options.as === 'app') {
      app ??= connect(appUrl, 10, serving);
      await owner.$client.end();
    } else if (app) {
      await app.$client.end();
      app = undefined;
    }
  } catch (error) {
    await end();
    await stopEmbedded?.();
    throw error;
  }
  return {
    config,
    db: app ?? owner,
    databaseLabel,
    async close() {
      await end();
      await stopEmbedded?.();
    },
  };
}

/** One connection of the pool, for statements that must share a session (a transaction, a lock). */
async function asClient(db: Database, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await db.$client.connect();
  try {
    await work(client);
  } finally {
    client.release();
  }
}

/** With one login for everything, the app owns its tables: said once, at start, if it is even a superuser. */
async function warnIfSuperuser(db: Database, log: (line: string) => void): Promise<void> {
  const row = await db.$client.query<{ rolsuper: boolean }>(
    'select rolsuper from pg_roles where rolname = current_user',
  );
  if (row.rows[0]?.rolsuper)
    log(
      'Warning: DATABASE_URL logs in as a superuser, so a flaw in a request could erase the audit trail. ' +
        'Give the app its own role and DATABASE_OWNER_URL the owner\'s (README, "An external PostgreSQL").',
    );
}

/** The app role's password on the embedded PostgreSQL: made once, kept in DATA_DIR, readable by us only. */
const embeddedAppPassword = (dataDir: string) => keptPassword(path.join(dataDir, 'pg-app-password'));

async function ensureDatabase(maintenanceUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

/** Outside production a secret is made once and kept in DATA_DIR, so sessions and the chain survive restarts. */
async function localSecret(
  dataDir: string,
  nodeEnv: string,
  name: 'auth-secret' | 'audit-key',
): Promise<string> {
  if (nodeEnv === 'production') {
    const variable = name === 'auth-secret' ? 'AUTH_SECRET' : 'AUDIT_KEY';
    throw new Error(`${variable} must be set (32 characters or more) in production.`);
  }
  const file = path.join(dataDir, name);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
