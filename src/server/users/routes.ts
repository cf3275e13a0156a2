import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../shared/api/core.ts';
import {
  NewStaffUser,
  PasswordOutcome,
  PasswordReset,
  StaffUser,
  StaffUserChange,
  StaffUsers,
} from '../../shared/api/users.ts';
import type { Auth } from '../auth/auth.ts';
import { actor } from '../plugins/access.ts';
import type { RouteDeps } from '../plugins/route-types.ts';
import { changeStaff, createStaff, listStaff, resetStaffPassword } from './users.ts';

const tags = ['users'];
const admin = ['admin'] as const;

/** Where a set-password link lands: the web app's page that takes the new password. */
const setPasswordPage = '/set-password';

/** Admins manage their clinic's staff accounts; every change is audited and versioned. */
export const userRoutes: FastifyPluginAsyncZod<RouteDeps & { auth: Auth }> = async (app, { db, auth }) => {
  /** Writes a set-password link to the outbox (after the account's change has committed). */
  const sendSetPasswordLink = (email: string) =>
    auth.api.requestPasswordReset({ body: { email, redirectTo: setPasswordPage } });

  app.get(
    '/api/users',
    { config: { access: admin }, schema: { tags, response: { 200: StaffUsers } } },
    async (request) => ({ items: await listStaff(db, actor(request).clinicId) }),
  );

  app.post(
    '/api/users',
    { config: { access: admin }, schema: { tags, body: NewStaffUser, response: { 201: PasswordOutcome } } },
    async (request, reply) => {
      const me = actor(request);
      const created = await db.transaction(async (tx) => {
        const u = await createStaff(tx, me, request.body);
        await request.audit({ action: 'user.create', recordType: 'user', recordId: u.id }, tx);
        return u;
      });
      const link = request.body.password === undefined;
      if (link) await sendSetPasswordLink(created.email);
      return reply.status(201).send({ user: created, passwordLinkSent: link });
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: admin },
      schema: { tags, params: IdParams, body: StaffUserChange, response: { 200: StaffUser } },
    },
    async (request) => {
      const me = actor(request);
      return db.transaction(async (tx) => {
        const { user, before } = await changeStaff(tx, me, request.params.id, request.body, new Date());
        const action =
          user.disabledAt && !before.disabledAt
            ? 'user.disable'
            : !user.disabledAt && before.disabledAt
              ? 'user.enable'
              : user.role !== before.role
                ? 'user.role.change'
                : 'user.update';
        await request.audit({ action, recordType: 'user', recordId: user.id }, tx);
        return user;
      });
    },
  );

  app.post(
    '/api/users/:id/password',
    {
      config: { access: admin },
      schema: { tags, params: IdParams, body: PasswordReset, response: { 200: PasswordOutcome } },
    },
    async (request) => {
      const me = actor(request);
      const user = await db.transaction(async (tx) => {
        const u = await resetStaffPassword(tx, me, request.params.id, request.body, new Date());
        await request.audit({ action: 'user.password.reset', recordType: 'user', recordId: u.id }, tx);
        return u;
      });
      const link = request.body.password === undefined;
      if (link) await sendSetPasswordLink(user.email);
      return { user, passwordLinkSent: link };
    },
  );
};
