import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.ts';
// drizzle's transaction, mended to give back a connection whose BEGIN failed (see the module).
import './transactions.ts';

export type Database = NodePgDatabase<typeof schema> & { $client: pg.Pool };
/** A transaction: what every write runs in, with its audit event. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
/** What a query runs on: the database, or a transaction the caller has opened in it. */
export type Executor = Database | Tx;

// DATE columns come back as 'YYYY-MM-DD' strings, not Dates shifted by the server's zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** How much longer than PostgreSQL's statement limit the driver waits for any answer. */
const DRIVER_GRACE_MS = 2_000;

/**
 * A pool of connections to the database at `url`. With `statementSeconds` (the server's pool: its
 * requests must not wait for ever), PostgreSQL cancels a statement that runs longer, and the driver
 * gives up a little later on one that gets no answer at all (a database that hangs: a frozen host,
 * a network dropping packets), so that PostgreSQL's own cancel, which keeps the connection usable,
 * comes first when it can. The operator's commands (a migration, a rebuild at registry scale) have
 * no limit.
 */
export function connect(url: string, max = 10, statementSeconds?: number): Database {
  // A request waits at most this long for a connection (a database that hangs, or every
  // connection busy): then it fails, and the client is told to try again, instead of waiting for ever.
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 10_000,
    ...(statementSeconds && {
      statement_timeout: statementSeconds * 1000,
      query_timeout: statementSeconds * 1000 + DRIVER_GRACE_MS,
    }),
  });
  // An idle connection the server closes (a restart, a failover, an administrator) is dropped from
  // the pool and replaced on next use; unhandled, its 'error' event would end the whole process.
  // Once the pool is ending, its closing connections may still be cut by the server (a database
  // dropped WITH (FORCE) after a test or benchmark): expected, not worth a warning.
  const lost = (error: Error) => {
    if (!pool.ending) console.warn(`database connection lost: ${error.message}`);
  };
  pool.on('error', lost);
  // The pool listens only to its idle connections. One lent to a transaction that the server
  // cuts between two statements (PostgreSQL killed or restarted) emits 'error' with nobody
  // listening, which would end the whole process; its transaction fails on its next statement
  // instead, and the pool drops the connection when it comes back.
  pool.on('connect', (client) => client.on('error', lost));
  return drizzle(pool, { schema }) as Database;
}

/** The same server, another database: used to reach a per-test database or the maintenance db. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The same server and database, another login: the app's role beside the owner's. */
export function withLogin(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

const dialect = new PgDialect();
const statementNames = new Map<string, string>();

/**
 * The connection a query runs on: the pool, or a transaction's own client. drizzle keeps the
 * latter on the transaction's session without a public name for it; a step save reads its page
 * inside its transaction, and must not lose the prepared statement there.
 */
function clientOf(db: Database | Tx): pg.Pool | pg.PoolClient {
  if ('$client' in db) return db.$client;
  return (db as unknown as { session: { client: pg.PoolClient } }).session.client;
}

/**
 * Runs a query as a named prepared statement, so that PostgreSQL plans it once per connection
 * instead of on every request (the pages' JSON-building queries take longer to plan than to run
 * when cached). Each distinct text gets its own name; in a transaction, on the transaction's client.
 */
export async function prepared<T extends Record<string, unknown>>(
  db: Database | Tx,
  query: SQL,
): Promise<T[]> {
  const client = clientOf(db);
  const { sql: text, params } = dialect.sqlToQuery(query);
  let name = statementNames.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (statementNames.size < 1000) statementNames.set(text, name);
  }
  return (await client.query<T>({ name, text, values: params })).rows;
}

/**
 * A drizzle query built once per database connection, as a named prepared statement with
 * placeholders (`sql.placeholder`), instead of on every call: building a wide select (whole rows
 * of several tables) costs Node more than running it costs PostgreSQL. A prepared query is bound
 * to the connection it was built on, so it is kept per connection — a transaction's own client,
 * which the pool hands to later transactions — and used only on that one.
 */
export function perConnection<Q extends { execute(values?: Record<string, unknown>): Promise<unknown> }>(
  build: (db: Database | Tx) => Q,
): (db: Database | Tx, values: Record<string, unknown>) => ReturnType<Q['execute']> {
  const built = new WeakMap<object, Q>();
  return (db, values) => {
    const client = clientOf(db);
    let query = built.get(client);
    if (!query) {
      query = build(db);
      built.set(client, query);
    }
    return query.execute(values) as ReturnType<Q['execute']>;
  };
}

/**
 * A value of a perConnection query, given when it runs and sent to PostgreSQL exactly as given.
 * A bare placeholder in a column's place would be encoded by the column at run time — a null
 * jsonb would become JSON `null`, not SQL NULL — so it is wrapped in SQL, which drizzle passes
 * through untouched: the caller gives jsonb as JSON text and times as ISO strings.
 */
export const value = (name: string) => sql`${sql.placeholder(name)}`;
