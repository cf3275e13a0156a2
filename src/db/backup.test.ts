/**
 * How a restore compares a table with its archive: by its rows, whatever their order on disk
 * (a restore packs rows into pages differently from the database they came from).
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { expect, test } from 'vitest';
import { measuring } from './backup.ts';

/** The rows as COPY writes them, streamed in chunks of `size` bytes, measured. */
async function measure(rows: string[], size: number) {
  const bytes = Buffer.from(rows.map((r) => `${r}\n`).join(''));
  const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
    bytes.subarray(i * size, (i + 1) * size),
  );
  const m = measuring();
  await pipeline(Readable.from(chunks), m.stream, new Writable({ write: (_c, _e, done) => done() }));
  return m.result();
}

const rows = [
  '1\tAisha\t{"pain": 1}',
  '2\tGrace\t{"pain": 7}',
  `3\tNikhil\t${'x'.repeat(5000)}`,
  '4\t\\N\t{}',
];

test('the same rows in another order, streamed in other chunks, have the same digest but not the same bytes', async () => {
  const asSaved = await measure(rows, 7);
  const asRestored = await measure([rows[0]!, rows[3]!, rows[2]!, rows[1]!], 4096);
  expect(asRestored.rows).toBe(4);
  expect(asRestored.rowsDigest).toBe(asSaved.rowsDigest);
  expect(asRestored.sha256).not.toBe(asSaved.sha256);
});

test('a changed, missing or repeated row changes the digest', async () => {
  const { rowsDigest } = await measure(rows, 64);
  expect((await measure([rows[0]!, '2\tGrace\t{"pain": 8}', rows[2]!, rows[3]!], 64)).rowsDigest).not.toBe(
    rowsDigest,
  );
  expect((await measure(rows.slice(1), 64)).rowsDigest).not.toBe(rowsDigest);
  expect((await measure([...rows, rows[0]!], 64)).rowsDigest).not.toBe(rowsDigest);
});
