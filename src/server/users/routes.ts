import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { adminOnly } from '../../domain/actor.ts';
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
import type { SessionLookup } from '../auth/sessions.ts';
import { actor } from '../plugins/access.ts';
import type { RouteDeps } from '../plugins/route-types.ts';
import { changeStaff, createStaff, listStaff, resetStaffPassword } from './users.ts';

const tags = ['users'];

/** Where a set-password link lands: the web app's page that takes the new password. */
const setPasswordPage = '/set-password';

/**
 * Admins manage their clinic's staff accounts; every change is audited and versioned. A change
 * that ends sessions or access (disable, role, password) answers only once this process's session
 * cache has heard the notices it caused (sessions.sync), so the very next request here is judged
 * on the new state; the other processes hear the same notices as they are committed.
 */
export const userRoutes: FastifyPluginAsyncZod<
  RouteDeps & { auth: Auth; sessions?: SessionLookup | undefined }
> = async (app, { db, auth, sessions }) => {
  /** Writes a set-password link to the outbox (after the account's change has committed). */
  const sendSetPasswordLink = (email: string) =>
    auth.api.requestPasswordReset({ body: { email, redirectTo: setPasswordPage } });

  app.get(
    '/api/users',
    { config: { access: adminOnly }, schema: { tags, response: { 200: StaffUsers } } },
    async (request) => ({ items: await listStaff(db, actor(request).clinicId) }),
  );

  app.post(
    '/api/users',
    {
      config: { access: adminOnly },
      schema: { tags, body: NewStaffUser, response: { 201: PasswordOutcome } },
    },
    async (request, reply) => {
      const me = actor(request);
      const created = await request.auditedChange(
        (tx) => createStaff(tx, me, request.body),
        (u) => ({ action: 'user.create', recordType: 'user', recordId: u.id }),
      );
      const link = request.body.password === undefined;
      if (link) await sendSetPasswordLink(created.email);
      return reply.status(201).send({ user: created, passwordLinkSent: link });
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: adminOnly },
      schema: { tags, params: IdParams, body: StaffUserChange, response: { 200: StaffUser } },
    },
    async (request) => {
      const me = actor(request);
      const { user } = await request.auditedChange(
        (tx) => changeStaff(tx, me, request.params.id, request.body, new Date()),
        ({ user, before }) => ({
          action:
            user.disabledAt && !before.disabledAt
              ? 'user.disable'
              : !user.disabledAt && before.disabledAt
                ? 'user.enable'
                : user.role !== before.role
                  ? 'user.role.change'
                  : request.body.unlock && before.lockedUntil
                    ? 'user.unlock'
                    : 'user.update',
          recordType: 'user',
          recordId: user.id,
        }),
      );
      await sessions?.sync();
      return user;
    },
  );

  app.post(
    '/api/users/:id/password',
    {
      config: { access: adminOnly },
      schema: { tags, params: IdParams, body: PasswordReset, response: { 200: PasswordOutcome } },
    },
    async (request) => {
      const me = actor(request);
      const user = await request.auditedChange(
        (tx) => resetStaffPassword(tx, me, request.params.id, request.body, new Date()),
        (u) => ({ action: 'user.password.reset', recordType: 'user', recordId: u.id }),
      );
      await sessions?.sync();
      const link = request.body.password === undefined;
      if (link) await sendSetPasswordLink(user.email);
      return { user, passwordLinkSent: link };
    },
  );
};
