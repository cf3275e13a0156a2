/**
 * The real app for browser tests: its own database with the demo clinic, the built web app
 * (run `npm run build:web` first; `npm test` does), listening on a free port on 127.0.0.1,
 * logging as `sijpath serve` does. When it stops, its log is searched for every patient's name
 * and NHS number (issue 11: no patient data in logs): one found fails the file that ran it.
 */

import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { Database } from '../../src/db/client.ts';
import { freePort } from '../../src/db/embedded.ts';
import { patient } from '../../src/db/schema.ts';
import { type AppOptions, buildApp, webRoot } from '../../src/server/app.ts';
import { demoPassword, demoUsers, seedDemo } from '../../src/server/demo/demo.ts';
import { loggerOptions } from '../../src/server/logging.ts';
import { createTestDatabase } from './database.ts';
import { patientDataInText } from './log-leaks.ts';

type Login = { email: string; password: string };

export interface TestApp {
  baseUrl: string;
  demo: { clinician: Login; nurse: Login; admin: Login };
  /** The app's database, for what no page makes yet (e.g. a patient's sign-in). */
  db: Database;
  stop(): Promise<void>;
}

/**
 * `configure` adds app options that depend on the seeded database or on the address the app
 * will have (e.g. a test EHR for SMART launch, test/support/smart-ehr.ts).
 */
export async function startTestApp(
  configure?: (app: { baseUrl: string; db: Database }) => Promise<Partial<AppOptions>>,
): Promise<TestApp> {
  if (!existsSync(webRoot)) throw new Error('The web app is not built: run `npm run build:web` first.');
  const { db } = await createTestDatabase();
  const log = capturedLog();
  await seedDemo(db);
  // The port is known only after listening, and better-auth checks the origin against it.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const app = await buildApp({
    db,
    baseUrl,
    authSecret: 'e2e-secret-e2e-secret-e2e-secret!!',
    checkResponses: true,
    demo: true,
    serveWeb: true,
    logger: loggerOptions('info', log.stream),
    ...(configure ? await configure({ baseUrl, db }) : {}),
  });
  await app.listen({ port, host: '127.0.0.1' });
  const login = (role: 'admin' | 'clinician' | 'nurse') => ({
    email: demoUsers.find((u) => u.role === role)!.email,
    password: demoPassword,
  });
  return {
    baseUrl,
    demo: { clinician: login('clinician'), nurse: login('nurse'), admin: login('admin') },
    db,
    stop: async () => {
      await app.close();
      const leaks = await patientDataIn(db, log.text());
      if (leaks.length) throw new Error(`The server's log holds patient data: ${leaks.join(', ')}`);
    },
  };
}

/** The log's lines, kept in memory. */
function capturedLog() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Which patients' names or NHS numbers the text holds (log-leaks.ts). */
async function patientDataIn(db: Database, text: string): Promise<string[]> {
  const rows = await db
    .select({ given: patient.givenName, family: patient.familyName, nhs: patient.nhsNumber })
    .from(patient);
  return patientDataInText(text, rows);
}
