import { eq } from 'drizzle-orm';
import { site } from '../../db/schema.ts';
import { Me } from '../../shared/api/core.ts';
import { actor } from '../plugins/access.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';

export const meRoutes: RoutePlugin = async (app, { db }) => {
  app.get(
    '/api/me',
    { config: { access: 'signed-in' }, schema: { tags: ['session'], response: { 200: Me } } },
    async (request) => {
      const me = actor(request);
      const clinic = await db.query.site.findFirst({ where: eq(site.id, me.siteId) });
      return {
        user: { id: me.id, name: me.name, email: me.email, role: me.role, siteId: me.siteId },
        site: { id: clinic!.id, name: clinic!.name, timeZone: clinic!.timeZone, contacts: clinic!.contacts },
      };
    },
  );
};
