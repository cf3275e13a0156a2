/**
 * Another server process on a test's database: the real `sijpath serve` (its own pool, its own
 * session listener, its own audit sealer), for tests that need two processes on one database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded.ts';
import { asAppRole } from './database.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/sijpath.mjs');

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  /** Everything it printed, for a failing test's message. */
  output(): string;
  /**
   * The CPU time the process has used so far, user and system, in ms (Linux; 10 ms steps). What a
   * request costs in CPU does not change with how busy the machine is, as its wall time does.
   */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export async function startServerProcess(options: {
  databaseUrl: string;
  authSecret: string;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sijpath-proc-'));
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: {
      ...process.env,
      // As `npm start` on an external PostgreSQL should be set up: migrations as the owner, requests as the app's role.
      DATABASE_OWNER_URL: options.databaseUrl,
      DATABASE_URL: asAppRole(options.databaseUrl),
      AUTH_SECRET: options.authSecret,
      AUDIT_KEY: 'server-process-audit-key-0123456789abcdef',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO: 'false',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server process did not start:\n${output}`)), 30_000);
    const check = () => {
      if (output.includes('is running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited with ${code}:\n${output}`));
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async cpuMs() {
      const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
      // The fields after the command name, which is in brackets and may hold spaces: utime and
      // stime are the 14th and 15th of the whole line, in clock ticks of 10 ms.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
