/**
 * Starting the app for real: the database (embedded or external), migrations, the auth secret.
 * Shared by `sijpath serve`, `migrate`, `seed` and `user add`, so each finds the same database.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { connect, type Database, withDatabase } from '../db/client.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateDatabase } from '../db/migrate.ts';
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

/** Opens the database the config names, starting the embedded server if needed, and migrates it (unless told not to: a backup reads the database as it is, a restore migrates to its archive's level). */
export async function openRuntime(
  config: Config,
  log: (line: string) => void = () => {},
  options: { migrate?: boolean } = {},
): Promise<Runtime> {
  let url = config.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let databaseLabel = 'PostgreSQL at DATABASE_URL';
  if (!url) {
    log(`Starting the embedded PostgreSQL (data in ${path.resolve(config.DATA_DIR)}) ...`);
    const embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, notice: log });
    stopEmbedded = embedded.stop;
    url = withDatabase(embedded.url, appDatabaseName);
    await ensureDatabase(embedded.url, appDatabaseName);
    databaseLabel = `embedded PostgreSQL on port ${embedded.port}`;
  }
  const db = connect(url);
  try {
    await db.$client.query('select 1').catch((cause: unknown) => {
      throw new Error(
        `Cannot reach the database (${databaseLabel}). Is the server running, and is the address right?`,
        {
          cause,
        },
      );
    });
    if (options.migrate !== false) {
      log('Applying database migrations ...');
      await migrateDatabase(db);
    }
  } catch (error) {
    await db.$client.end();
    await stopEmbedded?.();
    throw error;
  }
  return {
    config,
    db,
    databaseLabel,
    async close() {
      await db.$client.end();
      await stopEmbedded?.();
    },
  };
}

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
