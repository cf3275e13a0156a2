/**
 * Work for later, on PostgreSQL (DESIGN.md "background jobs"): reminders, diary prompts,
 * escalations, message delivery. A job is claimed with FOR UPDATE SKIP LOCKED and a lease, so
 * several server processes share the queue and each job runs once; a failure is retried with a
 * backoff until it has been tried `maxAttempts` times, then kept as failed (never dropped).
 * A job is queued in the transaction of what caused it, and its `dedupeKey` makes queueing it
 * twice harmless.
 */
import { and, eq, like, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { job } from '../../db/schema.ts';
import { roundReporter } from '../../db/unavailable.ts';

export interface JobInput {
  kind: string;
  runAt: Date;
  payload?: Record<string, unknown>;
  /** The same job is queued once: e.g. `reminder:<booking id>:day-before`. */
  dedupeKey?: string;
  clinicId?: string | null;
}

export interface ClaimedJob {
  id: string;
  kind: string;
  clinicId: string | null;
  payload: Record<string, unknown>;
  /** How many times it has been tried, this time included. */
  attempts: number;
  runAt: Date;
}

/** Queues a job (in the caller's transaction); a job with the same dedupe key is not queued again. */
export async function enqueue(db: Database | Tx, input: JobInput): Promise<void> {
  await db
    .insert(job)
    .values({
      kind: input.kind,
      runAt: input.runAt,
      payload: input.payload ?? {},
      dedupeKey: input.dedupeKey ?? null,
      clinicId: input.clinicId ?? null,
    })
    .onConflictDoNothing({ target: job.dedupeKey });
}

/** Cancels pending jobs whose dedupe key starts with `prefix` (e.g. an episode's reminders when it moves). */
export async function cancelPending(db: Database | Tx, prefix: string): Promise<number> {
  const rows = await db
    .update(job)
    .set({ status: 'cancelled', doneAt: sql`now()` })
    .where(and(eq(job.status, 'pending'), like(job.dedupeKey, `${prefix.replace(/[\\%_]/g, '\\$&')}%`)))
    .returning({ id: job.id });
  return rows.length;
}

/** What runs a job of one kind. It may use its own transactions; throwing means "try again later". */
export type JobHandler = (job: ClaimedJob, db: Database) => Promise<void>;

export interface WorkerOptions {
  handlers: Record<string, JobHandler>;
  /** How long a claimed job is held before another worker may take it (a crashed worker's job). */
  leaseSeconds?: number;
  maxAttempts?: number;
  batch?: number;
  /** Seconds to wait before retry n (1-based): 30 s, 2 min, 8 min, … */
  backoffSeconds?: (attempt: number) => number;
  now?: () => Date;
  log?: (message: string) => void;
  /** Only these kinds, or all but these: the lanes of startWorker. */
  kinds?: { only: readonly string[] } | { except: readonly string[] };
}

const defaultBackoff = (attempt: number) => 30 * 4 ** (attempt - 1);

/** Claims due jobs (none that another worker holds) and runs them; returns how many ran. */
export async function runDueJobs(db: Database, options: WorkerOptions): Promise<number> {
  const now = options.now?.() ?? new Date();
  const lease = options.leaseSeconds ?? 120;
  const claimed = await db.execute<{
    id: string;
    kind: string;
    clinic_id: string | null;
    payload: Record<string, unknown>;
    attempts: number;
    run_at: string;
  }>(sql`
    update job set locked_until = ${new Date(now.getTime() + lease * 1000)}, attempts = attempts + 1
    where id in (
      select id from job
      where status = 'pending' and run_at <= ${now} and (locked_until is null or locked_until < ${now})
      ${kindsClause(options.kinds)}
      order by run_at limit ${options.batch ?? 20}
      for update skip locked)
    returning id, kind, clinic_id, payload, attempts, run_at`);
  for (const row of claimed.rows) {
    const claimedJob: ClaimedJob = {
      id: row.id,
      kind: row.kind,
      clinicId: row.clinic_id,
      payload: row.payload,
      attempts: row.attempts,
      runAt: new Date(row.run_at),
    };
    const handler = options.handlers[row.kind];
    try {
      if (!handler) throw new Error(`no handler for jobs of kind ${row.kind}`);
      await handler(claimedJob, db);
      await db
        .update(job)
        .set({ status: 'done', doneAt: now, lockedUntil: null, lastError: null })
        .where(and(eq(job.id, row.id), eq(job.status, 'pending')));
    } catch (error) {
      // The error's class only: a message may carry patient data, and logs never do.
      const why =
        error instanceof Error ? `${error.constructor.name}: ${error.message.slice(0, 200)}` : 'error';
      const failed = row.attempts >= (options.maxAttempts ?? 8);
      const retryAt = new Date(
        now.getTime() + (options.backoffSeconds ?? defaultBackoff)(row.attempts) * 1000,
      );
      await db
        .update(job)
        .set(
          failed
            ? { status: 'failed', lastError: why, lockedUntil: null, doneAt: now }
            : { lastError: why, lockedUntil: retryAt },
        )
        .where(eq(job.id, row.id));
      options.log?.(`job ${row.kind} ${row.id} attempt ${row.attempts} failed${failed ? ' for good' : ''}`);
    }
  }
  return claimed.rows.length;
}

function kindsClause(kinds: WorkerOptions['kinds']) {
  if (!kinds) return sql``;
  return 'only' in kinds
    ? sql`and kind = any(${sql.param(kinds.only)}::text[])`
    : sql`and kind <> all(${sql.param(kinds.except)}::text[])`;
}

/**
 * Runs due jobs every `intervalMs` until stopped (each server process runs one), at once again
 * after a round that found work. The kinds in `ownLane` run beside the rest, one job a round, so
 * that one waiting on another system holds up nothing else, and a job is claimed (its lease
 * running) only while it runs.
 */
export function startWorker(
  db: Database,
  options: WorkerOptions & { intervalMs?: number; ownLane?: readonly string[] },
) {
  const { ownLane = [], ...rest } = options;
  const rounds = roundReporter('job worker', options.log);
  const lanes =
    ownLane.length === 0
      ? [rest]
      : [
          { ...rest, kinds: { except: ownLane } },
          { ...rest, kinds: { only: ownLane }, batch: 1 },
        ];
  const loops = lanes.map((lane) => repeat(() => runDueJobs(db, lane), rounds, options.intervalMs ?? 5000));
  return {
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}

/**
 * Runs `round` until stopped: again at once when it did some work (it returns how much), else
 * after `intervalMs`. What runs beside the requests (the job worker, the audit sealer) loops so.
 */
export function repeat(
  round: () => Promise<number>,
  rounds: ReturnType<typeof roundReporter>,
  intervalMs: number,
) {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout>;
  const tick = () => {
    if (stopped) return;
    let ran = 0;
    running = round()
      .then((n) => {
        ran = n;
        rounds.succeeded();
      }, rounds.failed)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, ran > 0 ? 0 : intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
