import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client.ts';

export interface RouteDeps {
  db: Database;
  demo: boolean;
}

/** A resource's routes, with what every resource is given and anything its own (`Extra`). */
export type RoutePlugin<Extra extends object = object> = FastifyPluginAsyncZod<RouteDeps & Extra>;
