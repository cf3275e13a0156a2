import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client.ts';

export interface RouteDeps {
  db: Database;
  demo: boolean;
}

export type RoutePlugin = FastifyPluginAsyncZod<RouteDeps>;
