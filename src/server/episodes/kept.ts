/**
 * Answers kept in this process's memory with the stamp of the rows they were built from (ADR 0006).
 * A kept answer is sent only after the database, asked in the read's own statement, gave the same
 * stamp; otherwise the answer is built afresh and kept in its place. Bounded by size; each answer
 * dropped ten minutes after it was built, so patient data is held no longer than a working day's
 * rereads need (ASVS V14.2.2). Each server process keeps its own.
 */
import { LRUCache } from 'lru-cache';

/** What one read gave: the database's stamp now, and the answer built — null when it was not built. */
export interface StampedRead {
  stamp: string;
  text: string | null;
}

export class Kept {
  private readonly answers: LRUCache<string, { stamp: string; text: string }>;

  constructor(maxBytes: number) {
    this.answers = new LRUCache({
      maxSize: maxBytes,
      sizeCalculation: (a) => a.text.length + a.stamp.length,
      ttl: 10 * 60_000,
      ttlAutopurge: true,
    });
  }

  /**
   * The answer for `key`: `read` is given the stamp kept (null when nothing is), and builds the
   * answer only when the database's stamp differs from it.
   */
  async through(key: string, read: (known: string | null) => Promise<StampedRead>): Promise<string> {
    const known = this.answers.get(key);
    const { stamp, text } = await read(known?.stamp ?? null);
    if (text === null) {
      // Not built only when the stamps agreed, so what is kept is the answer.
      if (!known || known.stamp !== stamp) throw new Error(`no answer was built for ${key}`);
      return known.text;
    }
    this.answers.set(key, { stamp, text });
    return text;
  }
}
