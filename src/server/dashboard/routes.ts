/**
 * The outcomes dashboard for service leads: aggregates of the clinic's own episodes, filtered.
 * Admins and clinicians (the clinical and service leads) may read it — a read-only `lead` role
 * would add a role to every access rule for one page, so the dashboard uses the two that exist.
 * The read is audited as a read of aggregate data, in the transaction that reads it.
 */
import { Dashboard, DashboardQuery } from '../../shared/api/dashboard.ts';
import { actor } from '../plugins/access.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';
import { dashboard } from './query.ts';

export const dashboardRoutes: RoutePlugin = async (app, { db }) => {
  app.get(
    '/api/dashboard',
    {
      config: { access: ['admin', 'clinician'] },
      schema: { tags: ['dashboard'], querystring: DashboardQuery, response: { 200: Dashboard } },
    },
    async (request) => {
      const me = actor(request);
      return db.transaction(async (tx) => {
        const result = await dashboard(tx, me.clinicId, request.query, new Date());
        await request.audit({ action: 'dashboard.read', recordType: 'clinic', recordId: me.clinicId }, tx);
        return result;
      });
    },
  );
};
