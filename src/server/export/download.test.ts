import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { DownloadCancelled, downloadWriter } from './download.ts';

const part = 'x'.repeat(100_000);

test('a client that takes nothing: the next write waits, then the download fails as cut short', async () => {
  const body = new PassThrough();
  // As the response does: it listens for the stream's error (and ends the download with it).
  body.on('error', () => {});
  let stalls = 0;
  const write = downloadWriter(body, { stallMs: 300, onStall: () => stalls++ });
  const start = performance.now();
  // The first part fills what the stream holds; nobody reads it.
  await expect(write(part)).rejects.toBeInstanceOf(DownloadCancelled);
  expect(performance.now() - start).toBeGreaterThanOrEqual(290);
  expect(stalls).toBe(1);
  expect(body.destroyed).toBe(true);
  // Failed, not ended: the client's download does not look whole.
  expect(body.errored).toBeInstanceOf(Error);
  expect(body.readableEnded).toBe(false);
});

test('a slow client that keeps taking is waited for, however long the whole download takes', async () => {
  const body = new PassThrough();
  const write = downloadWriter(body, { stallMs: 300 });
  let taken = 0;
  // Takes a part every 100 ms: slower than the writer, never stalled for 300 ms.
  const reader = setInterval(() => {
    for (let chunk = body.read(); chunk !== null; chunk = body.read()) taken += chunk.length;
  }, 100);
  for (let i = 0; i < 8; i++) await write(part);
  await new Promise((resolve) => setTimeout(resolve, 250));
  clearInterval(reader);
  for (let chunk = body.read(); chunk !== null; chunk = body.read()) taken += chunk.length;
  expect(taken).toBe(8 * part.length);
  expect(body.destroyed).toBe(false);
});

test('a client that goes away: the waiting write ends at once', async () => {
  const body = new PassThrough();
  const write = downloadWriter(body, { stallMs: 60_000 });
  const start = performance.now();
  const writing = write(part);
  setTimeout(() => body.destroy(), 50);
  await expect(writing).rejects.toBeInstanceOf(DownloadCancelled);
  expect(performance.now() - start).toBeLessThan(1_000);
});
