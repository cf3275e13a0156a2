/**
 * drizzle-orm's node-postgres transaction (0.45.4, the latest) runs BEGIN before the `try` whose
 * `finally` gives the connection back to the pool, and gives it back as healthy even when its
 * ROLLBACK failed. A BEGIN on a connection the server has just cut (PostgreSQL killed or
 * restarted, a failover) therefore kept that connection out of the pool for good: after a few,
 * every request waited for a connection that never came (drizzle-orm issues 6241 and 6114, open).
 *
 * This is the same method with BEGIN inside the `try`, the transaction's own error kept when a
 * ROLLBACK fails too, and a connection whose transaction did not end cleanly destroyed rather
 * than lent again. Loaded by client.ts, before any database is opened. Remove it when drizzle
 * fixes the method: client.test.ts's "BEGIN fails" test, run with client.ts's import of this module
 * taken out, says whether drizzle's own method still leaks.
 */
import { type SQL, sql, type TablesRelationalConfig } from 'drizzle-orm';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import type { PgTransactionConfig } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { unanswered } from './unavailable.ts';

/** What the method reads of the session: fields drizzle's types keep private. */
interface SessionParts {
  client: pg.Pool | pg.PoolClient | pg.Client;
  dialect: ConstructorParameters<typeof NodePgSession>[1];
  schema: ConstructorParameters<typeof NodePgSession>[2];
  options: ConstructorParameters<typeof NodePgSession>[3];
}

const isPool = (client: SessionParts['client']): client is pg.Pool =>
  client instanceof pg.Pool || Object.getPrototypeOf(client).constructor.name.includes('Pool');

NodePgSession.prototype.transaction = async function transaction<T>(
  this: NodePgSession<Record<string, unknown>, TablesRelationalConfig>,
  work: (tx: NodePgTransaction<Record<string, unknown>, TablesRelationalConfig>) => Promise<T>,
  config?: PgTransactionConfig,
): Promise<T> {
  const self = this as unknown as SessionParts;
  const lent = isPool(self.client) ? await self.client.connect() : undefined;
  const session = lent ? new NodePgSession(lent, self.dialect, self.schema, self.options) : this;
  const tx = new NodePgTransaction(self.dialect, session, self.schema as never);
  const settings = config
    ? (tx as unknown as { getTransactionConfigSQL(c: PgTransactionConfig): SQL }).getTransactionConfigSQL(
        config,
      )
    : undefined;
  let began = false;
  let clean = true;
  try {
    await tx.execute(sql`begin${settings ? sql` ${settings}` : undefined}`);
    began = true;
    const result = await work(tx);
    await tx.execute(sql`commit`);
    return result;
  } catch (error) {
    // A statement the driver gave up waiting for (query_timeout) still holds the connection: a
    // ROLLBACK would queue behind it and wait as long again. The connection is destroyed instead,
    // and PostgreSQL rolls the transaction back when it sees it gone.
    clean =
      began &&
      !unanswered(error) &&
      (await tx.execute(sql`rollback`).then(
        () => true,
        () => false,
      ));
    throw error;
  } finally {
    lent?.release(clean ? undefined : new Error('its transaction did not end cleanly'));
  }
} as typeof NodePgSession.prototype.transaction;
