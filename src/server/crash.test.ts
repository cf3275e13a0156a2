/**
 * Crashes, on the real `sijpath serve` with its embedded PostgreSQL in a temporary DATA_DIR (the set-up
 * `npm start` runs): the app is killed with SIGKILL in the middle of a burst of writes, its
 * PostgreSQL left running as it would be. The next start finds that orphan, stops it, starts
 * afresh, and every write that was acknowledged before the kill is there. The same burst and kill
 * on the PostgreSQL server the tests run on (in CI: the embedded PostgreSQL 18 and PostgreSQL 15).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { createTestDatabase } from '../../test/support/database.ts';
import { startServerProcess } from '../../test/support/server-process.ts';
import { freePort } from '../db/embedded.ts';
import { demoPassword } from './demo/demo.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/sijpath.mjs');
let dataDir: string | undefined;
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  if (!dataDir) return;
  // Whatever PostgreSQL the test left (it kills the app on purpose) is stopped with its data dir.
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
    try {
      process.kill(pid, 'SIGINT');
    } catch {}
    for (let i = 0; i < 100 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
  }
  await rm(dataDir, { recursive: true, force: true });
});

async function serve(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const { DATABASE_URL: _, ...env } = process.env;
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: {
      ...env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      DEMO: 'true',
      LOG_LEVEL: 'warn',
      SIJPATH_FROM: 'source',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 90_000);
    child.stdout?.on('data', () => {
      if (output.includes('is running at')) {
        clearTimeout(timer);
        resolve();
      }
    });
    const spawnedAt = Date.now();
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // The signal and the time tell a kill from outside (once seen in CI: no output, under 1 s)
      // from a start that failed.
      const how = code === null ? `signal ${signal}` : code;
      reject(
        new Error(
          `the server (pid ${child.pid}) exited with ${how} after ${Date.now() - spawnedAt} ms:\n${output}`,
        ),
      );
    });
  });
  return { child, output: () => output };
}

/** A server on a free port and the file's data directory (made by the first test that needs it). */
async function started() {
  dataDir ??= await mkdtemp(path.join(os.tmpdir(), 'sijpath-crash-'));
  const port = await freePort();
  const server = await serve(port);
  const exited = new Promise<number | null>((r) => server.child.once('exit', (code) => r(code)));
  return { ...server, port, base: `http://127.0.0.1:${port}`, exited };
}

/** The PostgreSQL on the data directory, from its postmaster.pid (NaN when there is none). */
async function postgresPid(): Promise<number> {
  const file = path.join(dataDir!, 'pg', 'postmaster.pid');
  return Number((await readFile(file, 'utf8').catch(() => '')).split('\n')[0] || Number.NaN);
}

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'nurse@demo.sijpath.test', password: demoPassword }),
  });
  expect(res.status).toBe(200);
  return (res.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
}

/** One write of the bursts: a new patient, numbered. */
function addPatient(base: string, cookie: string, name: string, i: number): Promise<Response> {
  return fetch(`${base}/api/patients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({
      givenName: name,
      familyName: `Test ${name} ${i}`,
      birthDate: '1970-01-01',
      sex: 'female',
      mrn: `${name.toUpperCase()}-${i}`,
    }),
  });
}

/**
 * A burst of writes, eight at a time; the app is killed with SIGKILL once 40 are acknowledged,
 * others still in flight. Returns the ids of the acknowledged ones.
 */
async function burstThenKill(base: string, cookie: string, child: ChildProcess): Promise<string[]> {
  const acknowledged: string[] = [];
  let sent = 0;
  let killed = false;
  let inFlightAtKill = 0;
  const writer = async () => {
    while (!killed) {
      const i = sent++;
      try {
        const res = await addPatient(base, cookie, 'Crash', i);
        if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
        else expect(res.status).toBe(201);
      } catch {
        // The connection died with the process: not acknowledged, may or may not be there.
      }
      if (acknowledged.length >= 40 && !killed) {
        killed = true;
        inFlightAtKill = sent - acknowledged.length;
        child.kill('SIGKILL');
      }
    }
  };
  const exited = new Promise((r) => child.once('exit', r));
  await Promise.all(Array.from({ length: 8 }, writer));
  await exited;
  // Some were in flight when the kill was sent (they may still have been answered before the
  // process died: those count as acknowledged, and must be there too).
  expect(inFlightAtKill).toBeGreaterThan(0);
  return acknowledged;
}

async function missing(base: string, cookie: string, ids: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) {
    const res = await fetch(`${base}/api/patients/${id}`, { headers: { cookie } });
    if (res.status !== 200) out.push(`${id}: ${res.status}`);
  }
  return out;
}

test('after SIGKILL of the app mid-burst, the next start stops its orphaned PostgreSQL, and every acknowledged write is there', async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'sijpath-crash-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const first = await serve(port);
  const cookie = await signIn(base);

  const acknowledged = await burstThenKill(base, cookie, first.child);
  // Its PostgreSQL is still running, holding the data directory.
  const pid = await postgresPid();
  expect(() => process.kill(pid, 0)).not.toThrow();

  const second = await serve(port);
  expect(second.output()).toMatch(/Stopping the embedded PostgreSQL left running by an earlier run/);
  expect((await fetch(`${base}/api/health`)).status).toBe(200);
  const cookieAgain = await signIn(base);
  expect(await missing(base, cookieAgain, acknowledged)).toEqual([]);
  const stopped = new Promise((r) => second.child.once('exit', r));
  second.child.kill('SIGTERM');
  await stopped;
}, 180_000);

test('its embedded PostgreSQL killed mid-burst: the app starts it again, answers 503 with a retry time meanwhile, keeps every acknowledged write, and still stops on SIGTERM', async () => {
  const server = await started();
  const { base, exited } = server;
  const cookie = await signIn(base);
  const postgres = await postgresPid();
  const acknowledged: string[] = [];
  const refusals = new Map<string, number>();
  let killedAt: number | undefined;
  let afterKill = 0;
  let sent = 0;
  // Eight writers; PostgreSQL is killed once 20 writes are acknowledged. They write on until 20
  // more are acknowledged after it (it is back) or a minute has passed (it is not).
  const writer = async () => {
    while (afterKill < 20 && (killedAt === undefined || Date.now() - killedAt < 60_000)) {
      const res = await addPatient(base, cookie, 'Pgdown', sent++).catch((e: Error) => e);
      if (res instanceof Error) refusals.set(`no answer: ${res.message}`, 1);
      else if (res.status === 201) {
        acknowledged.push(((await res.json()) as { id: string }).id);
        if (killedAt !== undefined) afterKill++;
      } else {
        const body = (await res.json()) as { type?: string };
        const what = `${res.status} ${body.type} retry-after ${res.headers.get('retry-after')}`;
        refusals.set(what, (refusals.get(what) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 100));
      }
      if (acknowledged.length >= 20 && killedAt === undefined) {
        killedAt = Date.now();
        process.kill(postgres, 'SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
  // Back within the minute; refused meanwhile as "the database is not answering, try again", not 500.
  expect(
    [...refusals.keys()].filter(
      (k) => !/^503 \/api\/problems\/database_unavailable retry-after \d+$/.test(k),
    ),
  ).toEqual([]);
  expect(afterKill).toBeGreaterThanOrEqual(20);
  expect(server.output()).toMatch(/The embedded PostgreSQL stopped unexpectedly/);
  expect(server.output()).toMatch(/The embedded PostgreSQL is running again/);
  expect((await fetch(`${base}/api/health`)).status).toBe(200);
  expect(await missing(base, cookie, acknowledged)).toEqual([]);
  // It still stops cleanly: its PostgreSQL (the new one) with it.
  server.child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(existsSync(path.join(dataDir!, 'pg', 'postmaster.pid'))).toBe(false);
}, 180_000);

test('its embedded PostgreSQL killed again and again (a crash loop): the app stops with exit 1 and says what to do', async () => {
  const server = await started();
  let kills = 0;
  while (server.child.exitCode === null && kills < 10) {
    const before = server.output().match(/is running again/g)?.length ?? 0;
    process.kill(await postgresPid(), 'SIGKILL');
    kills++;
    // The next kill once it is back (or the app has given up).
    await expect
      .poll(
        () =>
          (server.output().match(/is running again/g)?.length ?? 0) > before ||
          server.child.exitCode !== null,
        {
          timeout: 30_000,
        },
      )
      .toBe(true);
  }
  expect(await server.exited).toBe(1);
  expect(kills).toBe(6);
  expect(server.output()).toMatch(/The embedded PostgreSQL \(data in .*\) stopped 6 times in ten minutes/);
  expect(server.output()).toMatch(/What to do: /);
  // No PostgreSQL is left running on the data directory (its pid file is stale: the next start
  // overwrites it).
  const last = await postgresPid();
  expect(() => process.kill(last, 0)).toThrow();
}, 180_000);

test('SIGTERM mid-burst: every write in flight is answered, then the server stops its PostgreSQL and exits 0', async () => {
  const server = await started();
  const { base, exited } = server;
  const cookie = await signIn(base);
  const answers: (number | string)[] = [];
  let sent = 0;
  let stopping = false;
  const writer = async () => {
    while (!stopping) {
      const i = sent++;
      const res = await addPatient(base, cookie, 'Stop', i).catch((e: Error) => e);
      answers.push(res instanceof Error ? `${res.message}: ${res.cause}` : res.status);
      if (answers.length >= 20 && !stopping) {
        stopping = true;
        server.child.kill('SIGTERM');
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
  const answered = Date.now();
  // Some were in flight at the signal (sent before it, not yet answered): each one is answered.
  expect(sent).toBeGreaterThan(20);
  expect(answers.filter((a) => a !== 201)).toEqual([]);
  expect(await exited).toBe(0);
  // Not held for the keep-alive timeout (72 s) by the sockets of the requests it answered.
  expect(Date.now() - answered).toBeLessThan(30_000);
  expect(server.output()).toMatch(/SIGTERM: stopping/);
  expect(server.output()).not.toMatch(/connection lost|terminating connection|ECONNREFUSED/);
}, 180_000);

test('SIGTERM: a request sent on a kept-alive socket as the server stops is still read and answered, then the socket closes', async () => {
  const server = await started();
  const { port, exited } = server;
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (d) => {
    received += String(d);
  });
  socket.on('error', (e) => {
    received += `\nsocket error: ${e.message}`;
  });
  const closed = once(socket, 'close');
  const until = async (done: () => boolean) => {
    for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 25));
  };
  const ask = 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n';
  socket.write(ask);
  await until(() => received.includes('"ok"'));
  expect(received).toMatch(/^HTTP\/1\.1 200/);
  received = '';
  // The socket is idle and kept alive; the next request goes out the moment the server says it stops.
  server.child.kill('SIGTERM');
  await until(() => server.output().includes('SIGTERM: stopping'));
  socket.write(ask);
  await closed;
  expect(received).toMatch(/^HTTP\/1\.1 200/);
  expect(received.toLowerCase()).toContain('connection: close');
  expect(await exited).toBe(0);
}, 120_000);

test('while the app runs on its embedded PostgreSQL, `sijpath backup`, `audit verify` and `user add` use that database; `restore` is refused', async () => {
  dataDir ??= await mkdtemp(path.join(os.tmpdir(), 'sijpath-crash-'));
  const port = await freePort();
  const server = await serve(port);
  const cli = (args: string[]) => {
    const { DATABASE_URL: _, ...env } = process.env;
    return run(process.execPath, [bin, ...args], {
      env: { ...env, DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent', SIJPATH_FROM: 'source' },
    }).then(
      ({ stdout }) => ({ code: 0, out: stdout }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );
  };
  try {
    const archive = path.join(dataDir, 'while-running.tar.gz');
    const backup = await cli(['backup', archive]);
    expect(backup.out).toMatch(/^Wrote .*tables, \d+ rows/m);
    expect(backup.code).toBe(0);
    const verify = await cli(['audit', 'verify']);
    expect(verify.out).toContain('The audit chain is intact.');
    expect(verify.code).toBe(0);
    const added = await cli([
      'user',
      'add',
      '--email',
      'late@clinic.example',
      '--name',
      'Dr Late',
      '--role',
      'nurse',
      '--password',
      'a-long-enough-password-1',
    ]);
    expect(added.code).toBe(0);
    const res = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'late@clinic.example', password: 'a-long-enough-password-1' }),
    });
    expect(res.status).toBe(200);
    // A restore would replace the database under the running app: it says to stop it first.
    const restore = await cli(['restore', '--force', archive]);
    expect(restore.code).not.toBe(0);
    expect(restore.out).toMatch(/Another SIJ Pathway \(pid \d+\) is running/);
    expect(restore.out).toMatch(/What to do: stop it first .*restore, migrate and seed do not/s);
    // The app still has its database.
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
  } finally {
    const stopped = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await stopped;
  }
}, 180_000);

test('a port another program holds: the server says which and what to do, stops its PostgreSQL and exits 1', async () => {
  dataDir ??= await mkdtemp(path.join(os.tmpdir(), 'sijpath-crash-'));
  const port = await freePort();
  const holder = net.createServer().listen(port, '127.0.0.1');
  await once(holder, 'listening');
  try {
    const error = await serve(port).then(
      () => new Error('the server started'),
      (e: Error) => e,
    );
    expect(error.message).toMatch(/exited with 1/);
    expect(error.message).toContain(`Port ${port} is in use`);
    expect(error.message).toMatch(/What to do: .*PORT=/);
    expect(error.message).not.toMatch(/EADDRINUSE/);
    // Its PostgreSQL is stopped with it: the next start needs no orphan stopped.
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  } finally {
    holder.close();
  }
}, 180_000);

test('on the PostgreSQL the tests run on (DATABASE_URL): after SIGKILL mid-burst, every acknowledged write is there', async () => {
  const { url } = await createTestDatabase();
  const authSecret = 'crash-test-auth-secret-0123456789abcdef';
  const first = await startServerProcess({ databaseUrl: url, authSecret, env: { DEMO: 'true' } });
  const cookie = await signIn(first.baseUrl);
  const acknowledged = await burstThenKill(first.baseUrl, cookie, first.child);
  await first.stop();
  const second = await startServerProcess({ databaseUrl: url, authSecret, env: { DEMO: 'true' } });
  try {
    expect(await missing(second.baseUrl, await signIn(second.baseUrl), acknowledged)).toEqual([]);
  } finally {
    await second.stop();
  }
}, 120_000);
