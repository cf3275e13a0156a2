import { z } from 'zod';
import {
  ClinicSettingsSchema,
  ResolvedProtocolSchema,
  resolveProtocol,
} from '../../domain/clinical/index.ts';
import { actor, staff } from '../plugins/access.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';
import { clinicSettings } from './settings.ts';

/** The clinic's settings and the protocol in force: the browser runs the same rules as the server. */
export const siteRoutes: RoutePlugin = async (app, { db }) => {
  app.get(
    '/api/site/settings',
    {
      config: { access: staff },
      schema: {
        tags: ['site'],
        response: { 200: z.object({ settings: ClinicSettingsSchema, protocol: ResolvedProtocolSchema }) },
      },
    },
    async (request) => {
      const settings = await clinicSettings(db, actor(request).siteId);
      return { settings, protocol: resolveProtocol(settings) };
    },
  );
};
