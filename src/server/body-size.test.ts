/**
 * No request costs more than its size (issue 11, item 1): a body over the limit is refused before
 * it is read, and the largest body the server does read, sent to every write route at once, does
 * not hold up anyone else. Measured on the real server in its own process, so that a stalled event
 * loop shows as a late answer to `/api/health`, as it would to every other user.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/api.ts';
import { type ServerProcess, startServerProcess } from '../../test/support/server-process.ts';
import { quantile } from '../domain/statistics/index.ts';
import { BODY_LIMIT_BYTES } from './app.ts';

const secret = 'test-secret-test-secret-test-secret!';
let t: TestApp;
let server: ServerProcess;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp();
  server = await startServerProcess({ databaseUrl: t.url, authSecret: secret });
  cookie = await t.signIn(t.users.clinician.email);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

/** A JSON body of about `bytes`: many small objects, the costliest shape to parse and validate. */
function bodyOf(bytes: number): string {
  const item = JSON.stringify({ code: 'x'.repeat(20), value: 12345, note: 'y'.repeat(20) });
  const items = Array.from({ length: Math.floor((bytes - 64) / (item.length + 1)) }, () => item);
  return `{"version":1,"items":[${items.join(',')}]}`;
}

function send(method: string, url: string, body: string) {
  return fetch(`${server.baseUrl}${url}`, {
    method,
    body,
    headers: { cookie, origin: server.baseUrl, 'content-type': 'application/json' },
  });
}

test('a body over the limit is refused with 413 and a sentence, and nothing is read of it', async () => {
  const response = await send('POST', '/api/patients', bodyOf(BODY_LIMIT_BYTES + 10_000));
  expect(response.status).toBe(413);
  expect((await response.json()).detail).toMatch(/too large/i);
});

test('the largest body read, at every write route, never holds /api/health up for long', async () => {
  const writes = t.app.routeTable.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
  expect(writes.length).toBeGreaterThan(20);
  const largest = bodyOf(BODY_LIMIT_BYTES - 2048);
  const small = bodyOf(256);
  // Each route gets three small bodies, then three of the largest size read, while /api/health
  // is polled: what the size adds is the difference. Measured against small bodies sent the same
  // way rather than against an idle server, so that a CI machine busy with other test files (on
  // both cores) slows both alike. A request that stalled the server (the probe's 81 s screening
  // save) would push every answer during it far past the bound.
  const waits = { small: [] as number[], largest: [] as number[] };
  for (const route of writes) {
    const url = route.url.replace(/:[A-Za-z]+/g, randomUUID()).replace('*', 'sign-in/email');
    for (const [size, body] of [
      ['small', small],
      ['largest', largest],
    ] as const) {
      let sending = true;
      const polling = (async () => {
        while (sending) {
          const started = performance.now();
          const health = await fetch(`${server.baseUrl}/api/health`);
          await health.arrayBuffer();
          waits[size].push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      const answers = await Promise.all([1, 2, 3].map(() => send(route.method, url, body)));
      sending = false;
      await polling;
      for (const answer of answers) {
        expect(answer.status, `${route.method} ${route.url}`).toBeLessThan(500);
        await answer.arrayBuffer();
      }
    }
  }
  const added = quantile(waits.largest, 0.95)! - quantile(waits.small, 0.95)!;
  expect(added, `health p95 ${quantile(waits.small, 0.95)} ms with small bodies`).toBeLessThan(100);
  expect(Math.max(...waits.largest)).toBeLessThan(1000);
}, 120_000);
