/**
 * The real app for browser tests: its own database with the demo clinic, the built web app
 * (run `npm run build:web` first; `npm test` does), listening on a free port on 127.0.0.1.
 */
import { existsSync } from 'node:fs';
import type { Database } from '../../src/db/client.ts';
import { freePort } from '../../src/db/embedded.ts';
import { type AppOptions, buildApp, webRoot } from '../../src/server/app.ts';
import { demoPassword, demoUsers, seedDemo } from '../../src/server/demo/demo.ts';
import { createTestDatabase } from './database.ts';

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
    stop: () => app.close(),
  };
}
