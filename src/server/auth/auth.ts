/**
 * Sign-in through better-auth, sessions stored in the database with an expiry. Staff sign in with
 * email and password; patients with a one-time link or a 6-digit code sent to their email
 * (better-auth's magic-link and email-OTP plugins). Nobody registers themselves: staff are added by
 * an admin or `sijpath user add`, patients are invited by staff (src/server/portal/), and only an
 * existing patient account can sign in without a password.
 */
import { randomUUID } from 'node:crypto';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthEndpoint } from 'better-auth/api';
// The minimal entry is better-auth without its Kysely database layer, which we do not use (the
// drizzle adapter talks to the database); it loads about 0.35 s faster at every start.
import { setSessionCookie } from 'better-auth/cookies';
import { betterAuth } from 'better-auth/minimal';
import { emailOTP } from 'better-auth/plugins/email-otp';
import { magicLink } from 'better-auth/plugins/magic-link';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { queueMessage } from '../messages/outbox.ts';
import { CLIENT_ADDRESS_HEADER, defaultRateLimit, signInRateLimits } from './limits.ts';
import { setPasswordMessage, signInCodeMessage, signInLinkMessage } from './messages.ts';

export interface AuthOptions {
  db: Database;
  baseUrl: string;
  secret: string;
  sessionHours: number;
  trustedOrigins: string[];
  /** How long a patient's sign-in link or code works (once), in minutes. */
  patientSignInMinutes?: number;
}

/** Where a patient's sign-in link lands, and where a used or expired one sends them instead. */
export const PATIENT_HOME = '/my';
export const PATIENT_SIGN_IN = '/my/sign-in';

/** The endpoints that sign in without a password: patients only. */
const passwordless = ['/magic-link/verify', '/sign-in/email-otp'];

/**
 * A session for a staff user whom a trusted EHR has signed in (SMART launch, src/server/smart/):
 * better-auth makes the session and sets its cookie as for any sign-in (the same hooks run, so a
 * disabled account is refused). Server-only: no URL reaches it.
 */
const smartSignIn = {
  id: 'sijpath-smart-sign-in',
  endpoints: {
    smartSignIn: createAuthEndpoint.serverOnly(
      { method: 'POST', body: z.object({ userId: z.string().min(1) }) },
      async (ctx) => {
        const user = await ctx.context.internalAdapter.findUserById(ctx.body.userId);
        if (!user) throw new APIError('NOT_FOUND', { message: 'No such user.' });
        const session = await ctx.context.internalAdapter.createSession(user.id);
        await setSessionCookie(ctx, { session, user });
        return ctx.json({ userId: user.id });
      },
    ),
  },
} as const;

/** Links made for a message the caller writes itself (the invitation), by a one-off key. */
const captured = new Map<string, string>();

export function createAuth({
  db,
  baseUrl,
  secret,
  sessionHours,
  trustedOrigins,
  patientSignInMinutes = 60,
}: AuthOptions) {
  /** The patient account with this email, if it may sign in without a password. */
  const patientAccount = async (email: string) => {
    const [u] = await db
      .select({
        name: schema.user.name,
        email: schema.user.email,
        role: schema.user.role,
        disabledAt: schema.user.disabledAt,
        clinicId: schema.user.clinicId,
        clinicName: schema.clinic.name,
        contacts: schema.clinic.contacts,
      })
      .from(schema.user)
      .innerJoin(schema.clinic, eq(schema.clinic.id, schema.user.clinicId))
      .where(eq(schema.user.email, email.trim().toLowerCase()));
    return u && u.role === 'patient' && !u.disabledAt ? u : undefined;
  };

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
        rateLimit: schema.rateLimit,
      },
    }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 10,
      // Set-password links are issued by an admin (src/server/users/), never asked for by anyone
      // (routes.ts lets no request for one through); they go out like every other message.
      sendResetPassword: async ({ user, url }) => {
        const u = user as typeof user & { clinicId: string };
        await queueMessage(db, setPasswordMessage(u, url));
      },
      resetPasswordTokenExpiresIn: 24 * 3600,
      revokeSessionsOnPasswordReset: true,
    },
    plugins: [
      smartSignIn,
      magicLink({
        expiresIn: patientSignInMinutes * 60,
        disableSignUp: true,
        storeToken: 'hashed',
        sendMagicLink: async ({ email, url, metadata }) => {
          if (typeof metadata?.capture === 'string') {
            captured.set(metadata.capture, url);
            return;
          }
          // Anyone else's address gets nothing, and the answer is the same: no account is revealed.
          const account = await patientAccount(email);
          if (!account) return;
          await queueMessage(db, signInLinkMessage(account, url, patientSignInMinutes));
        },
      }),
      emailOTP({
        expiresIn: patientSignInMinutes * 60,
        disableSignUp: true,
        storeOTP: 'hashed',
        // A code dies after three wrong tries; a new one must be asked for.
        allowedAttempts: 3,
        sendVerificationOTP: async ({ email, otp, type }) => {
          if (type !== 'sign-in') return;
          const account = await patientAccount(email);
          if (!account) return;
          await queueMessage(db, signInCodeMessage(account, otp, patientSignInMinutes));
        },
      }),
    ],
    // Patients' link and code endpoints are limited here, per address, in every mode. Staff
    // password sign-in is limited by our own wrapper instead (sign-in-limits.ts: per address and per
    // account, with the lockout), so its rule here is off (limits.ts).
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: defaultRateLimit.window,
      max: defaultRateLimit.max,
      customRules: { ...signInRateLimits },
    },
    // The client address: only the header routes.ts sets from Fastify's request.ip.
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] } },
    databaseHooks: {
      session: {
        create: {
          before: async (session, context) => {
            const [u] = await db
              .select({ disabledAt: schema.user.disabledAt, role: schema.user.role })
              .from(schema.user)
              .where(eq(schema.user.id, session.userId));
            // A disabled account cannot sign in (an admin disables it in src/server/users/).
            if (!u || u.disabledAt) {
              throw new APIError('FORBIDDEN', {
                code: 'ACCOUNT_DISABLED',
                message: 'This account is disabled. Ask your clinic administrator.',
              });
            }
            // Belt and braces: links and codes are sent to patients only, and only patients may use them.
            if (context?.path && passwordless.includes(context.path) && u.role !== 'patient') {
              throw new APIError('FORBIDDEN', {
                code: 'PASSWORD_REQUIRED',
                message: 'Staff sign in with their password.',
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

/**
 * A one-time sign-in link for a patient, for a message the caller writes in its own transaction
 * (the invitation): made by the magic-link plugin like any other, but handed back instead of sent.
 */
export async function patientSignInLink(auth: Auth, email: string): Promise<string> {
  const key = randomUUID();
  try {
    await auth.api.signInMagicLink({
      body: {
        email: email.trim().toLowerCase(),
        callbackURL: PATIENT_HOME,
        errorCallbackURL: PATIENT_SIGN_IN,
        metadata: { capture: key },
      },
      headers: new Headers(),
    });
    const url = captured.get(key);
    if (!url) throw new Error('The sign-in link was not made.');
    return url;
  } finally {
    captured.delete(key);
  }
}
