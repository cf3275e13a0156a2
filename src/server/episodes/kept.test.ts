import { describe, expect, test } from 'vitest';
import { Kept } from './kept.ts';

/** A database whose stamp is `stamp` now: it records which statement ran and with which audit event. */
function database(stamp: () => string) {
  const ran: string[] = [];
  let built = 0;
  return {
    ran,
    check: async (audit: string | undefined) => {
      ran.push(`check${audit ? '+audit' : ''}`);
      return { stamp: stamp() };
    },
    build: async (audit: string | undefined) => {
      ran.push(`build${audit ? '+audit' : ''}`);
      built += 1;
      return { row: { stamp: stamp() }, bytes: Buffer.from(`{"built":${built}}`) };
    },
  };
}

describe('an answer kept with its stamp', () => {
  test('is sent again while the database gives the same stamp, and built again when it does not', async () => {
    let stamp = 's1';
    const db = database(() => stamp);
    const kept = new Kept(1024);
    const read = async () => (await kept.answer('e1', 'event', db.check, db.build)).bytes.toString();
    expect(await read()).toBe('{"built":1}');
    expect(await read()).toBe('{"built":1}');
    stamp = 's2';
    expect(await read()).toBe('{"built":2}');
    expect(await read()).toBe('{"built":2}');
    // Nothing kept: built at once. Kept: the stamp asked first, then built only when it changed.
    // Every read wrote its audit event exactly once.
    expect(db.ran).toEqual(['build+audit', 'check+audit', 'check+audit', 'build', 'check+audit']);
  });

  test('keeps each answer under its own key, and no more than its size allows', async () => {
    const db = database(() => 's');
    const kept = new Kept(30);
    for (const key of ['a', 'b', 'c']) await kept.answer(key, undefined, db.check, db.build);
    db.ran.length = 0;
    // 'a' made room for 'c' (three answers of 11 bytes and their stamps do not fit in 30): built again.
    expect((await kept.answer('a', undefined, db.check, db.build)).bytes.toString()).toBe('{"built":4}');
    expect((await kept.answer('a', undefined, db.check, db.build)).bytes.toString()).toBe('{"built":4}');
    expect(db.ran).toEqual(['build', 'check']);
  });
});
