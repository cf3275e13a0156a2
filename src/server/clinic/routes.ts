import { z } from 'zod';
import { adminOnly, staffRoles } from '../../domain/actor.ts';
import {
  ResolvedClinicSettingsSchema,
  ResolvedProtocolSchema,
  resolveProtocol,
} from '../../domain/clinical/index.ts';
import {
  ClinicAdmin,
  ClinicUpdate,
  SettingsVersions,
  SettingsVersionsQuery,
} from '../../shared/api/clinic.ts';
import { actor } from '../plugins/access.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';
import { clinicForAdmin, clinicSettings, settingsHistory, updateClinic } from './settings.ts';

const tags = ['clinic'];

/**
 * The clinic's settings. Staff read the settings in force (the browser runs the same rules as the
 * server); an admin reads every setting explained, changes them as a new version, and reads the history.
 */
export const clinicRoutes: RoutePlugin = async (app, { db }) => {
  app.get(
    '/api/clinic/settings',
    {
      config: { access: staffRoles },
      schema: {
        tags,
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

  app.get(
    '/api/clinic',
    { config: { access: adminOnly }, schema: { tags, response: { 200: ClinicAdmin } } },
    async (request) => clinicForAdmin(db, actor(request).clinicId),
  );

  app.put(
    '/api/clinic',
    { config: { access: adminOnly }, schema: { tags, body: ClinicUpdate, response: { 200: ClinicAdmin } } },
    async (request) => {
      const me = actor(request);
      return request.auditedChange(
        (tx) => updateClinic(tx, me, request.body, new Date()),
        () => ({ action: 'clinic.settings.update', recordType: 'clinic', recordId: me.clinicId }),
      );
    },
  );

  app.get(
    '/api/clinic/settings/versions',
    {
      config: { access: adminOnly },
      schema: { tags, querystring: SettingsVersionsQuery, response: { 200: SettingsVersions } },
    },
    async (request) => settingsHistory(db, actor(request).clinicId, request.query),
  );
};
