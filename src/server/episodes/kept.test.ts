import { describe, expect, test } from 'vitest';
import { Kept } from './kept.ts';

describe('an answer kept with its stamp', () => {
  test('is sent again while the database gives the same stamp, and built again when it does not', async () => {
    const kept = new Kept(1024);
    const asked: (string | null)[] = [];
    const read = (stamp: string, text: string | null) => async (known: string | null) => {
      asked.push(known);
      return { stamp, text };
    };
    expect(await kept.through('e1', read('s1', '{"v":1}'))).toBe('{"v":1}');
    expect(await kept.through('e1', read('s1', null))).toBe('{"v":1}');
    expect(await kept.through('e1', read('s2', '{"v":2}'))).toBe('{"v":2}');
    expect(await kept.through('e1', read('s2', null))).toBe('{"v":2}');
    // Each read was told the stamp kept at the time: none, then s1, s1, s2.
    expect(asked).toEqual([null, 's1', 's1', 's2']);
  });

  test('never sends a kept answer whose stamp the database did not give', async () => {
    const kept = new Kept(1024);
    await kept.through('e1', async () => ({ stamp: 's1', text: '{}' }));
    await expect(kept.through('e1', async () => ({ stamp: 's2', text: null }))).rejects.toThrow(/no answer/);
    await expect(kept.through('e2', async () => ({ stamp: 's1', text: null }))).rejects.toThrow(/no answer/);
  });

  test('keeps each answer under its own key, and no more than its size allows', async () => {
    const kept = new Kept(40);
    await kept.through('a', async () => ({ stamp: 'sa', text: 'x'.repeat(15) }));
    await kept.through('b', async () => ({ stamp: 'sb', text: 'y'.repeat(15) }));
    await kept.through('c', async () => ({ stamp: 'sc', text: 'z'.repeat(15) }));
    // 'a' made room for 'c': asked with its stamp, the database's same stamp finds nothing kept.
    await expect(kept.through('a', async () => ({ stamp: 'sa', text: null }))).rejects.toThrow(/no answer/);
    expect(await kept.through('c', async () => ({ stamp: 'sc', text: null }))).toBe('z'.repeat(15));
  });
});
