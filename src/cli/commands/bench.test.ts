import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { outputsOf } from './bench.ts';

// A run narrowed to one scenario wrote its single row over bench/RESULTS.md, the record of the
// latest full run that the README and the issue cite.
describe('where sijpath bench writes its results', () => {
  const recorded = { out: path.resolve('bench/results.json'), markdown: path.resolve('bench/RESULTS.md') };

  test('a full run is the record: bench/results.json and bench/RESULTS.md', () => {
    expect(outputsOf({ startup: true })).toEqual(recorded);
  });

  test.each([
    ['short', { short: true }],
    ['one scenario', { scenario: 'worklist' }],
    ['without start-up', { startup: false }],
    ['another clinic size', { episodes: 500 }],
    ['fewer connections', { connections: 10 }],
    ['shorter', { duration: 2 }],
    ['another pool', { pool: 20 }],
  ])('a %s run writes nothing unless told where', (_case, narrowed) => {
    expect(outputsOf({ startup: true, ...narrowed })).toEqual({ out: undefined, markdown: undefined });
    expect(outputsOf({ startup: true, ...narrowed, out: 'mine.json', markdown: 'mine.md' })).toEqual({
      out: path.resolve('mine.json'),
      markdown: path.resolve('mine.md'),
    });
  });
});
