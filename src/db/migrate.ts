import path from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Database } from './client.ts';
import { packageRoot } from './package-root.ts';

/** The committed migrations, at the package root (the same folder from src/ and from dist/). */
export const migrationsFolder = path.join(packageRoot, 'drizzle');

/**
 * The advisory lock migrations run under: one number, the same in every process of the app
 * (the bytes of "sijpath" read as an integer). PostgreSQL holds it for the session that took it.
 */
export const migrationLock = 0x73696a70617468;

/**
 * Apply the committed migrations; safe to run on every start (applied ones are skipped).
 * Two processes starting at once on one empty database would both try to create the same tables:
 * the second waits here, on an advisory lock, until the first has finished, then finds nothing to do.
 * `folder` may hold a prefix of the migrations (a restore migrates to its archive's level first).
 */
export async function migrateDatabase(db: Database, folder = migrationsFolder): Promise<void> {
  // The lock belongs to a connection: hold one of its own for the whole run (the pool may have
  // only one, which the migrator needs).
  const lock = new pg.Client(db.$client.options);
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [migrationLock]);
    try {
      await migrate(db, { migrationsFolder: folder });
    } finally {
      await lock.query('select pg_advisory_unlock($1)', [migrationLock]);
    }
  } finally {
    await lock.end();
  }
}
