/**
 * Sign-in through better-auth: email and password for staff, sessions stored in the database with
 * an expiry. Accounts are never self-registered: staff are added by an admin or `sijpath user add`.
 */
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Database } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';

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
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
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
