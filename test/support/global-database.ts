/**
 * One PostgreSQL server per test run: the embedded one (default) or TEST_DATABASE_URL's.
 * A template database is migrated once; each test file clones its own from it (test/support/database.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect, withDatabase } from '../../src/db/client.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { ensureLoginRole, grantAppRole } from '../../src/db/roles.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    templateDatabase: string;
    /** The app's own login (not a superuser, not the owner), granted in the template and so in every clone. */
    appLogin: { user: string; password: string };
  }
}

export default async function setup(project: TestProject) {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopServer = async () => {};
  if (!serverUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sijpath-test-'));
    const embedded = await startEmbeddedPostgres({ dataDir: dir, persistent: false });
    serverUrl = embedded.url;
    stopServer = async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const templateDatabase = `sijpath_template_${process.pid}_${project.name}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${templateDatabase}"`);
  await admin.query(`create database "${templateDatabase}"`);
  const db = connect(withDatabase(serverUrl, templateDatabase), 1);
  await migrateDatabase(db);
  // Roles belong to the server, not to a database: one per run (runs may share TEST_DATABASE_URL's
  // server), created once here; its grants are the template's, copied into each test's database.
  const appLogin = {
    user: `sijpath_app_${process.pid}_${project.name}`,
    password: randomBytes(12).toString('hex'),
  };
  const owner = await db.$client.connect();
  try {
    await ensureLoginRole(owner, appLogin.user, appLogin.password);
    await grantAppRole(owner, appLogin.user);
  } finally {
    owner.release();
  }
  // The template must have no open connections while it is copied.
  await db.$client.end();

  project.provide('serverUrl', serverUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('appLogin', appLogin);

  return async () => {
    const leftovers = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like 't\\_${process.pid}\\_%' or datname = $1`,
      [templateDatabase],
    );
    for (const { datname } of leftovers.rows)
      await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin
      .query(`drop role if exists ${admin.escapeIdentifier(appLogin.user)}`)
      .catch((error: Error) => {
        console.warn(`the tests' app role ${appLogin.user} is left on the server: ${error.message}`);
      });
    await admin.end();
    await stopServer();
  };
}
