import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { connect } from '../../db/client.ts';
import { job } from '../../db/schema.ts';
import { ALERT_ESCALATION } from '../follow-up/alerts.ts';
import { DELIVER } from '../messages/outbox.ts';
import { OWN_LANE } from './handlers.ts';
import { cancelPending, enqueue, runDueJobs, startWorker } from './queue.ts';

describe('the job queue', () => {
  test('two workers on one database: every due job runs exactly once', async () => {
    const { db, url } = await createTestDatabase();
    const other = connect(url, 5);
    try {
      const due = new Date(Date.now() - 1000);
      for (let i = 0; i < 200; i++) await enqueue(db, { kind: 'count', runAt: due, dedupeKey: `n:${i}` });
      const ran: string[] = [];
      const handlers = {
        count: async (j: { id: string }) => {
          ran.push(j.id);
          await new Promise((r) => setTimeout(r, Math.random() * 3));
        },
      };
      const drain = async (d: typeof db) => {
        while ((await runDueJobs(d, { handlers, batch: 7 })) > 0);
      };
      await Promise.all([drain(db), drain(other), drain(db), drain(other)]);
      expect(ran).toHaveLength(200);
      expect(new Set(ran).size).toBe(200);
      const [left] = (await db.execute(sql`select count(*)::int as n from job where status <> 'done'`)).rows;
      expect(left).toEqual({ n: 0 });
    } finally {
      await other.$client.end();
    }
  });

  test('a mail server that hangs holds up no other job: an alert escalation due behind ten messages runs at once, and each message is claimed only while it is sent', async () => {
    const { db } = await createTestDatabase();
    const due = new Date(Date.now() - 60_000);
    for (let i = 0; i < 10; i++) await enqueue(db, { kind: DELIVER, runAt: due, dedupeKey: `m:${i}` });
    await enqueue(db, { kind: ALERT_ESCALATION, runAt: new Date(Date.now() - 1000), dedupeKey: 'a' });
    const start = Date.now();
    let escalated = 0;
    const worker = startWorker(db, {
      handlers: {
        // Each message waits on a mail server that answers slowly.
        [DELIVER]: () => new Promise((resolve) => setTimeout(resolve, 1_000)),
        [ALERT_ESCALATION]: async () => {
          escalated = Date.now();
        },
      },
      ownLane: OWN_LANE,
      intervalMs: 50,
    });
    try {
      await expect.poll(() => escalated, { timeout: 5_000 }).toBeGreaterThan(0);
      expect(escalated - start).toBeLessThan(1_000);
      // The messages waiting their turn are not held under a lease that could run out before it
      // comes (another server process would then send them too).
      const claimed = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from job where kind = ${DELIVER} and locked_until is not null and status = 'pending'`,
      );
      expect(claimed.rows[0]!.n).toBeLessThanOrEqual(1);
    } finally {
      await worker.stop();
    }
  });

  test('a job queued twice with one dedupe key is one job; a later one waits its time', async () => {
    const { db } = await createTestDatabase();
    await enqueue(db, { kind: 'k', runAt: new Date(Date.now() - 1000), dedupeKey: 'same' });
    await enqueue(db, { kind: 'k', runAt: new Date(Date.now() - 1000), dedupeKey: 'same' });
    await enqueue(db, { kind: 'k', runAt: new Date(Date.now() + 3_600_000), dedupeKey: 'later' });
    let runs = 0;
    await runDueJobs(db, { handlers: { k: async () => void runs++ } });
    expect(runs).toBe(1);
  });

  test('a failing job is retried with a backoff, then kept as failed, never dropped', async () => {
    const { db } = await createTestDatabase();
    await enqueue(db, { kind: 'flaky', runAt: new Date(Date.now() - 1000), dedupeKey: 'f' });
    let clock = Date.now();
    let tries = 0;
    const options = {
      handlers: {
        flaky: async () => {
          tries++;
          throw new Error('mail server down');
        },
      },
      maxAttempts: 3,
      now: () => new Date(clock),
    };
    expect(await runDueJobs(db, options)).toBe(1);
    expect(await runDueJobs(db, options)).toBe(0); // waiting for its backoff
    clock += 60_000;
    expect(await runDueJobs(db, options)).toBe(1);
    clock += 3_600_000;
    expect(await runDueJobs(db, options)).toBe(1);
    clock += 3_600_000;
    expect(await runDueJobs(db, options)).toBe(0);
    expect(tries).toBe(3);
    const [row] = await db.select().from(job);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastError: 'Error: mail server down' });
  });

  test('a succeeding retry after a failure is done', async () => {
    const { db } = await createTestDatabase();
    await enqueue(db, { kind: 'once-flaky', runAt: new Date(Date.now() - 1000) });
    let clock = Date.now();
    let tries = 0;
    const options = {
      handlers: {
        'once-flaky': async () => {
          if (++tries === 1) throw new Error('timeout');
        },
      },
      now: () => new Date(clock),
    };
    await runDueJobs(db, options);
    clock += 60_000;
    await runDueJobs(db, options);
    const [row] = await db.select().from(job);
    expect(row).toMatchObject({ status: 'done', attempts: 2 });
  });

  test('jobs of an episode that moved can be cancelled by their key, and are not run', async () => {
    const { db } = await createTestDatabase();
    const due = new Date(Date.now() - 1000);
    await enqueue(db, { kind: 'k', runAt: due, dedupeKey: 'reminder:ep1:day-before' });
    await enqueue(db, { kind: 'k', runAt: due, dedupeKey: 'reminder:ep1:fasting' });
    await enqueue(db, { kind: 'k', runAt: due, dedupeKey: 'reminder:ep2:day-before' });
    expect(await cancelPending(db, 'reminder:ep1:')).toBe(2);
    let runs = 0;
    await runDueJobs(db, { handlers: { k: async () => void runs++ } });
    expect(runs).toBe(1);
  });
});
