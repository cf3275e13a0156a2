import { Me } from '../../shared/api/core.ts';
import { actor } from '../plugins/access.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';

/**
 * Who is signed in, and at which clinic: every page's header and the web app's time zone. Both
 * come with the session lookup (src/server/auth/sessions.ts), so this asks the database nothing more.
 */
export const meRoutes: RoutePlugin = async (app) => {
  app.get(
    '/api/me',
    {
      config: { access: 'signed-in', trustedResponse: true },
      schema: { tags: ['session'], response: { 200: Me } },
    },
    async (request) => {
      const me = actor(request);
      const c = request.clinic!;
      const { phone, urgentPhone, outOfHours } = c.contacts;
      return {
        user: { id: me.id, name: me.name, email: me.email, role: me.role, clinicId: me.clinicId },
        clinic: {
          id: c.id,
          name: c.name,
          timeZone: c.timeZone,
          contacts: { phone, urgentPhone, outOfHours },
        },
      };
    },
  );
};
