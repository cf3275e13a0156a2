import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { demoPassword, demoPatientEmail, demoUsers } from '../demo/demo.ts';
import { notFound } from '../errors.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';

/** Only whether the app and its database answer: no credentials, versions or settings. */
const Health = z.object({ status: z.literal('ok'), demo: z.boolean() });

/** The demo clinic's made-up accounts, for its sign-in page; nothing at all on a real clinic. */
const DemoSignIns = z.object({
  password: z.string(),
  users: z.array(z.object({ role: z.string(), email: z.string() })),
  /** The demo patient, who signs in at /my/sign-in with a code from the admin's Outbox page. */
  patient: z.string(),
});

/** Ready once the database answers; load balancers and the CLI wait on it. */
export const healthRoutes: RoutePlugin = async (app, { db, demo }) => {
  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { tags: ['system'], response: { 200: Health } } },
    async () => {
      await db.execute(sql`select 1`);
      return { status: 'ok' as const, demo };
    },
  );

  app.get(
    '/api/demo',
    { config: { access: 'public' }, schema: { tags: ['system'], response: { 200: DemoSignIns } } },
    async () => {
      if (!demo) throw notFound('demo clinic (this is a real clinic)');
      return {
        password: demoPassword,
        users: demoUsers.map(({ role, email }) => ({ role, email })),
        patient: demoPatientEmail,
      };
    },
  );
};
