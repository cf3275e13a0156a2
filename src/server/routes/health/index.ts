import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RoutePlugin } from '../types.ts';

/** Ready once the database answers; load balancers and the CLI wait on it. */
export const healthRoutes: RoutePlugin = async (app, { db, demo }) => {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        response: { 200: z.object({ status: z.literal('ok'), demo: z.boolean() }) },
      },
    },
    async () => {
      await db.execute(sql`select 1`);
      return { status: 'ok' as const, demo };
    },
  );
};
