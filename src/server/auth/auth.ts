/**
 * Sign-in through better-auth: email and password for staff, sessions stored in the database with
 * an expiry. Accounts are never self-registered: staff are added by an admin or `sijpath user add`.
 */
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError } from 'better-auth/api';
// The minimal entry is better-auth without its Kysely database layer, which we do not use (the
// drizzle adapter talks to the database); it loads about 0.35 s faster at every start.
import { betterAuth } from 'better-auth/minimal';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { setPasswordMessage } from './messages.ts';

export interface AuthOptions {
  db: Database;
  baseUrl: string;
  secret: string;
  sessionHours: number;
  trustedOrigins: string[];
}

export function createAuth({ db, baseUrl, secret, sessionHours, trustedOrigins }: AuthOptions) {
  return betterAuth({
    appName: 'SIJ Pathway',
    baseURL: baseUrl,
    basePath: '/api/auth',
    secret,
    trustedOrigins,
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: {
        user: schema.user,
        session: schema.session,
        account: schema.account,
        verification: schema.verification,
      },
    }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 10,
      // Set-password links are issued by an admin (src/server/users/), never asked for by anyone
      // (the public request route is closed in routes.ts); they go to the outbox for now.
      sendResetPassword: async ({ user, url }) => {
        const u = user as typeof user & { clinicId: string };
        await db.insert(schema.message).values(setPasswordMessage(u, url));
      },
      resetPasswordTokenExpiresIn: 24 * 3600,
      revokeSessionsOnPasswordReset: true,
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled account cannot sign in (an admin disables it in src/server/users/).
          before: async (session) => {
            const [u] = await db
              .select({ disabledAt: schema.user.disabledAt })
              .from(schema.user)
              .where(eq(schema.user.id, session.userId));
            if (!u || u.disabledAt) {
              throw new APIError('FORBIDDEN', {
                code: 'ACCOUNT_DISABLED',
                message: 'This account is disabled. Ask your clinic administrator.',
              });
            }
          },
        },
      },
    },
    session: { expiresIn: sessionHours * 3600, updateAge: Math.min(3600, sessionHours * 1800) },
    user: {
      additionalFields: {
        role: { type: 'string', input: false, required: true },
        clinicId: { type: 'string', input: false, required: true },
        patientId: { type: 'string', input: false, required: false },
      },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
