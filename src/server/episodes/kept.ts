/**
 * Answers kept in this process's memory with the stamp of the rows they were built from (ADR 0006):
 * the episode page and a day's worklist. A kept answer is sent only after the database, asked in
 * the read's own statement, gave the same stamp; otherwise the answer is built afresh, with its own
 * stamp, and kept in its place. Bounded by size; each answer dropped ten minutes after it was
 * built, so patient data is held no longer than a working day's rereads need (ASVS V14.2.2). Each
 * server process keeps its own.
 */
import { LRUCache } from 'lru-cache';

/** What a read of the database gave: at least the stamp of the rows the answer shows. */
export interface Stamped {
  stamp: string;
}

export class Kept {
  private readonly answers: LRUCache<string, { stamp: string; bytes: Buffer }>;

  constructor(maxBytes: number) {
    this.answers = new LRUCache({
      maxSize: maxBytes,
      sizeCalculation: (a) => a.bytes.length + a.stamp.length,
      ttl: 10 * 60_000,
      ttlAutopurge: true,
    });
  }

  /**
   * The answer for `key`, and the row of the statement that gave it. With an answer kept, `check`
   * asks for the stamp alone and writes the read's audit event; `build` runs only when nothing is
   * kept or the stamp differs, and writes the audit event only when `check` did not.
   */
  async answer<R extends Stamped, Audit>(
    key: string,
    audit: Audit | undefined,
    check: (audit: Audit | undefined) => Promise<R>,
    build: (audit: Audit | undefined) => Promise<{ row: R; bytes: Buffer }>,
  ): Promise<{ row: R; bytes: Buffer }> {
    const known = this.answers.get(key);
    if (known) {
      const row = await check(audit);
      if (row.stamp === known.stamp) return { row, bytes: known.bytes };
    }
    const built = await build(known ? undefined : audit);
    this.answers.set(key, { stamp: built.row.stamp, bytes: built.bytes });
    return built;
  }
}
