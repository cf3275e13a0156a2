/**
 * The app's own login (issue 11): the server's requests run as a role that is not a superuser and
 * does not own the tables, so a flaw in a request cannot drop or disable the audit trail's
 * triggers, TRUNCATE a table, or rewrite an audit event. The owner's login (the one migrations
 * run as) creates that role on the embedded PostgreSQL and grants it, in each database, what the
 * app does and no more: read and write the app's tables, but only read and append the audit trail.
 */
import type pg from 'pg';
import { migrationLock } from './migrate.ts';

/** The app's role on the embedded PostgreSQL. */
export const embeddedAppRole = 'sijpath_app';

/**
 * The tables the app may only read and append to: the audit trail, its seals, and the sealer's
 * queue (an event leaves the queue only when its seal is inserted: drizzle/0011).
 */
export const appendOnlyTables = ['audit_event', 'audit_seal', 'audit_pending'] as const;

/**
 * The tables the app only reads: kept by the database's own triggers (their functions run as the
 * owner), so a flaw in a request cannot make the outcomes dashboard disagree with the records.
 */
export const derivedTables = ['outcome_summary'] as const;

/**
 * Creates the login role if it is missing, and sets its password (so the password kept beside an
 * embedded cluster is the one that works, even for a cluster made by an older version).
 */
export async function ensureLoginRole(owner: pg.ClientBase, role: string, password: string): Promise<void> {
  await inMigrationLock(owner, async () => {
    const found = await owner.query('select 1 from pg_roles where rolname = $1', [role]);
    const verb = found.rowCount === 0 ? 'create' : 'alter';
    await owner.query(
      `${verb} role ${owner.escapeIdentifier(role)} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${owner.escapeLiteral(password)}`,
    );
  });
}

/**
 * Grants `role` what the app needs in the connected database, after each migration (so tables a
 * later migration adds are granted too; the default privileges cover tables the owner makes by
 * hand in between). Idempotent, and run under the migrations' lock so two starting processes do
 * not grant at once. TRUNCATE is granted on nothing; the audit trail only SELECT and INSERT.
 */
export async function grantAppRole(owner: pg.ClientBase, role: string): Promise<void> {
  const r = owner.escapeIdentifier(role);
  await inMigrationLock(owner, async () => {
    const self = await owner.query<{ same: boolean }>('select current_user = $1 as same', [role]);
    // Revoking from the tables' owner would take the owner's own rights away.
    if (self.rows[0]?.same)
      throw new Error(`The app's role ${role} is the owner's own login: give it its own role.`);
    const database = await owner.query<{ name: string }>('select current_database() as name');
    await owner.query(
      `grant connect, temporary on database ${owner.escapeIdentifier(database.rows[0]!.name)} to ${r}`,
    );
    await owner.query(`grant usage on schema public to ${r}`);
    await owner.query(`grant select, insert, update, delete on all tables in schema public to ${r}`);
    await owner.query(`revoke truncate, references, trigger on all tables in schema public from ${r}`);
    await owner.query(`grant usage, select on all sequences in schema public to ${r}`);
    await owner.query(`revoke update, delete on ${appendOnlyTables.join(', ')} from ${r}`);
    await owner.query(`revoke insert, update, delete on ${derivedTables.join(', ')} from ${r}`);
    await owner.query(
      `alter default privileges in schema public grant select, insert, update, delete on tables to ${r}`,
    );
    await owner.query(`alter default privileges in schema public grant usage, select on sequences to ${r}`);
  });
}

async function inMigrationLock(client: pg.ClientBase, work: () => Promise<void>): Promise<void> {
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock($1)', [migrationLock]);
    await work();
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}
