import { z } from 'zod';
import { staffRoles } from '../../domain/actor.ts';
import {
  ResolvedClinicSettingsSchema,
  ResolvedProtocolSchema,
  resolveProtocol,
} from '../../domain/clinical/index.ts';
import { actor } from '../plugins/access.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';
import { clinicSettings } from './settings.ts';

/** The clinic's settings and the protocol in force: the browser runs the same rules as the server. */
export const clinicRoutes: RoutePlugin = async (app, { db }) => {
  app.get(
    '/api/clinic/settings',
    {
      config: { access: staffRoles },
      schema: {
        tags: ['clinic'],
        response: {
          200: z.object({
            settings: ResolvedClinicSettingsSchema,
            settingsVersion: z.number(),
            protocol: ResolvedProtocolSchema,
          }),
        },
      },
    },
    async (request) => {
      const { settings, settingsVersion } = await clinicSettings(db, actor(request).clinicId);
      return { settings, settingsVersion, protocol: resolveProtocol(settings) };
    },
  );
};
