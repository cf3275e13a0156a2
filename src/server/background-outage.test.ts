import { expect, test } from 'vitest';
import { createTestDatabase } from '../../test/support/database.ts';
import { freezableProxy } from '../../test/support/freezable-proxy.ts';
import { connect } from '../db/client.ts';
import { freePort } from '../db/embedded.ts';
import { startSealer } from './audit/sealer.ts';
import { startWorker } from './jobs/queue.ts';

test('while the database is not answering, the sealer and the job worker each say so once, in words, and once when it answers again', async () => {
  const { url } = await createTestDatabase();
  const port = await freePort();
  const address = new URL(url);
  address.hostname = '127.0.0.1';
  address.port = String(port);
  const db = connect(address.toString(), 2);
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const sealer = startSealer(db, { key: 'k'.repeat(32), intervalMs: 10, log });
  const worker = startWorker(db, { handlers: {}, intervalMs: 10, log });
  // Many rounds with nothing listening: one line each.
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(lines.sort()).toEqual([
    'audit sealer: the database is not answering; trying again until it does',
    'job worker: the database is not answering; trying again until it does',
  ]);
  // The database is there again.
  const proxy = await freezableProxy(url, port);
  await expect.poll(() => lines.length, { timeout: 10_000 }).toBe(4);
  expect(lines.slice(2).sort()).toEqual([
    'audit sealer: the database answers again',
    'job worker: the database answers again',
  ]);
  await worker.stop();
  await sealer.stop();
  await db.$client.end();
  await proxy.close();
});
