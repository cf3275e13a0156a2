/** Each test file gets its own database, cloned from the migrated template in milliseconds. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { connect, type Database, withDatabase, withLogin } from '../../src/db/client.ts';

export interface TestDatabase {
  /** The owner's connection (a superuser's), for setting up and inspecting what a test needs. */
  db: Database;
  url: string;
  /** The same database as the app's own role (what `sijpath serve` logs in as). */
  appUrl: string;
}

/** The same server and database, logged in as the app's role (test/support/global-database.ts). */
export function asAppRole(url: string): string {
  const { user, password } = inject('appLogin');
  return withLogin(url, user, password);
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('serverUrl');
  const template = inject('templateDatabase');
  const name = newDatabaseName();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database "${name}" template "${template}"`);
        break;
      } catch (error) {
        // 55006: another file is copying the template this very moment; wait and try again.
        if ((error as { code?: string }).code !== '55006' || attempt > 50) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const db = connect(url, 5);
  afterAll(async () => {
    await db.$client.end();
    await dropDatabase(serverUrl, name);
  });
  return { db, url, appUrl: asAppRole(url) };
}

/** A database name of this test run (the template's process id), so a crashed run's leftovers are recognisable. */
function newDatabaseName(): string {
  return `t_${inject('templateDatabase').split('_')[2]}_${randomBytes(6).toString('hex')}`;
}

/** Drops a test database, whoever is still connected to it. */
async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const cleanup = new pg.Client({ connectionString: serverUrl });
  await cleanup.connect();
  await cleanup.query(`drop database if exists "${name}" with (force)`);
  await cleanup.end();
}

/**
 * A new database with nothing in it (no tables), as on a fresh machine, not the migrated template
 * the other tests clone. The caller drops it (after closing its own connections).
 */
export async function createEmptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = inject('serverUrl');
  const name = newDatabaseName();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  return { url: withDatabase(serverUrl, name), drop: () => dropDatabase(serverUrl, name) };
}
