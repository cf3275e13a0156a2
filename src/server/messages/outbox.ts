/**
 * Messages to people (email now; the channel is a field, so SMS can follow). A message is written
 * to the outbox in the transaction of what caused it, with a job to deliver it; delivery goes
 * through one Transport. Without a mail server the outbox itself is the delivery: admins read it
 * (the demo clinic and tests work this way).
 */
import { eq } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { message } from '../../db/schema.ts';
import { enqueue, type JobHandler } from '../jobs/queue.ts';

export interface OutgoingMessage {
  clinicId: string;
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
  /** What it is for, e.g. `invitation`, `reminder`, `diary-prompt`, `alert-escalation`. */
  kind: string;
  episodeId?: string | null;
  /**
   * A message that must be written once whatever happens (a reminder: its job's id). Queueing it
   * again with the same id writes nothing.
   */
  id?: string;
}

/** One way out: SMTP when configured, or none (the outbox is read by admins). */
export interface Transport {
  /** A name for the outbox page ("kept in the outbox", "sent by email"). */
  readonly name: string;
  send(m: { channel: 'email' | 'sms'; to: string; subject: string; text: string }): Promise<void>;
}

/** No mail server: messages stay in the outbox, marked sent, for an admin to read and pass on. */
export const outboxOnly: Transport = { name: 'outbox', send: async () => {} };

export const DELIVER = 'deliver-message';

/**
 * Writes the message and queues its delivery, both in the caller's transaction. With an `id` that
 * is already in the outbox nothing is written again (`written` is false).
 */
export async function queueMessage(
  tx: Database | Tx,
  m: OutgoingMessage,
): Promise<{ id: string; written: boolean }> {
  const [row] = await tx
    .insert(message)
    .values({ ...m, episodeId: m.episodeId ?? null })
    .onConflictDoNothing({ target: message.id })
    .returning({ id: message.id });
  if (!row) return { id: m.id!, written: false };
  await enqueue(tx, {
    kind: DELIVER,
    runAt: new Date(),
    payload: { messageId: row.id },
    dedupeKey: `deliver:${row.id}`,
    clinicId: m.clinicId,
  });
  return { id: row.id, written: true };
}

/**
 * The delivery job: sends through the transport, then marks the message sent. A crash between the
 * two sends it again on the retry (at least once); it is never lost.
 */
export function deliverMessages(transport: Transport): JobHandler {
  return async (job, db) => {
    const id = String(job.payload.messageId);
    const [m] = await db.select().from(message).where(eq(message.id, id));
    if (!m || m.status === 'sent') return;
    try {
      await transport.send({ channel: m.channel, to: m.to, subject: m.subject, text: m.text });
    } catch (error) {
      await db
        .update(message)
        .set({ attempts: m.attempts + 1, lastError: (error as Error).constructor.name })
        .where(eq(message.id, id));
      throw error;
    }
    await db
      .update(message)
      .set({ status: 'sent', sentAt: new Date(), attempts: m.attempts + 1, lastError: null })
      .where(eq(message.id, id));
  };
}
