import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { demoPassword, demoPatientEmail, demoUsers } from '../demo/demo.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';

const Health = z.object({
  status: z.literal('ok'),
  demo: z.boolean(),
  /** Only on a demo clinic: the made-up accounts the sign-in page offers. */
  demoSignIns: z
    .object({
      password: z.string(),
      users: z.array(z.object({ role: z.string(), email: z.string() })),
      /** The demo patient, who signs in at /my/sign-in with a code from the admin's Outbox page. */
      patient: z.string().optional(),
    })
    .optional(),
});

/** Ready once the database answers; load balancers and the CLI wait on it. */
export const healthRoutes: RoutePlugin = async (app, { db, demo }) => {
  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { tags: ['system'], response: { 200: Health } } },
    async () => {
      await db.execute(sql`select 1`);
      if (!demo) return { status: 'ok' as const, demo };
      const users = demoUsers.map(({ role, email }) => ({ role, email }));
      return {
        status: 'ok' as const,
        demo,
        demoSignIns: { password: demoPassword, users, patient: demoPatientEmail },
      };
    },
  );
};
