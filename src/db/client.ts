import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.ts';

export type Database = NodePgDatabase<typeof schema> & { $client: pg.Pool };
/** A transaction: what every write runs in, with its audit event. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

// DATE columns come back as 'YYYY-MM-DD' strings, not Dates shifted by the server's zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export function connect(url: string, max = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection the server closes (a restart, a failover, an administrator) is dropped from
  // the pool and replaced on next use; unhandled, its 'error' event would end the whole process.
  pool.on('error', (error) => console.warn(`database connection lost: ${error.message}`));
  return drizzle(pool, { schema }) as Database;
}

/** The same server, another database: used to reach a per-test database or the maintenance db. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
