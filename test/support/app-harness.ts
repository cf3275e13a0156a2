/**
 * The real server with the built web app (dist/web) on a fresh database seeded with the demo clinic,
 * listening on a free port, for browser tests. Build the web app first (`npm run test:e2e` does).
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { buildApp, webRoot } from '../../src/server/app.ts';
import { demoPassword, demoUsers, seedDemo } from '../../src/server/use-cases/demo.ts';
import { createTestDatabase } from './database.ts';

type Credentials = { email: string; password: string };

export interface TestAppServer {
  baseUrl: string;
  demo: { clinician: Credentials; nurse: Credentials; admin: Credentials };
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startTestApp(): Promise<TestAppServer> {
  if (!existsSync(webRoot)) throw new Error(`No built web app at ${webRoot}: run \`npx vite build\` first.`);
  const { db } = await createTestDatabase();
  await seedDemo(db);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const app = await buildApp({
    db,
    baseUrl,
    authSecret: 'e2e-secret-e2e-secret-e2e-secret-e2e!',
    demo: true,
    serveWeb: true,
  });
  await app.listen({ port, host: '127.0.0.1' });
  const credentials = (role: (typeof demoUsers)[number]['role']): Credentials => ({
    email: demoUsers.find((u) => u.role === role)!.email,
    password: demoPassword,
  });
  return {
    baseUrl,
    demo: { clinician: credentials('clinician'), nurse: credentials('nurse'), admin: credentials('admin') },
    stop: () => app.close(),
  };
}
