/**
 * The environment, parsed once at start-up. Each variable is documented where it is declared
 * (and in the README's settings table); a bad value stops the app with a message that names it.
 */
import { z } from 'zod';
import { parseSmartEhrs, type SmartEhr } from './smart/ehrs.ts';

const Env = z.object({
  /** Port the HTTP server listens on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to listen on; 0.0.0.0 to accept connections from other machines. */
  HOST: z.string().default('localhost'),
  /**
   * An external PostgreSQL (15 or newer), as the app's own login: not a superuser, not the tables'
   * owner (README, "An external PostgreSQL"). Unset: the embedded PostgreSQL under DATA_DIR.
   */
  DATABASE_URL: z.string().url().optional(),
  /**
   * The owner's login on that database, for migrations and backups; it grants DATABASE_URL's role
   * what the app needs. Unset: DATABASE_URL does both (it then owns the tables: not advised).
   */
  DATABASE_OWNER_URL: z.string().url().optional(),
  /**
   * The longest a request waits for one statement, in seconds: PostgreSQL cancels one that runs
   * longer, and the server gives up (2 s later) on a database that does not answer at all. The
   * request is then told the database is not answering, instead of waiting for ever.
   */
  DATABASE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(15),
  /** Where the embedded PostgreSQL keeps its data. */
  DATA_DIR: z.string().default('./data'),
  /** Public address of the app, used in sign-in links and cookies. Defaults to http://HOST:PORT. */
  PUBLIC_URL: z.string().url().optional(),
  /** Secret that signs session cookies. Required in production; generated and kept in DATA_DIR otherwise. */
  AUTH_SECRET: z.string().min(32).optional(),
  /**
   * Key of the audit chain's HMAC, kept outside the database so that the database login alone
   * cannot rewrite the chain. Required in production; generated and kept in DATA_DIR otherwise.
   */
  AUDIT_KEY: z.string().min(32).optional(),
  /** Where signed audit checkpoints are appended (keep a copy elsewhere). Default: DATA_DIR/audit-checkpoints.jsonl. */
  AUDIT_CHECKPOINT_FILE: z.string().optional(),
  /**
   * The proxies whose X-Forwarded-For to believe: `true` (all), a hop count, or addresses/CIDRs
   * separated by commas. Unset: the client address is the socket's, whatever a header says.
   */
  TRUST_PROXY: z.string().optional(),
  /** Where our FHIR definitions and local code systems are named (src/fhir/context.ts). */
  FHIR_CANONICAL_BASE: z.url().optional(),
  /**
   * A JSON file listing the CDS Hooks clients the clinics trust: [{ iss, clinicId, jwks | jwksUrl }]
   * (docs/cds-hooks.md). Unset: no client may call the CDS services (discovery stays open).
   */
  CDS_CLIENTS_FILE: z.string().optional(),
  /**
   * How long a session lasts after sign-in, in hours (the cookie's Max-Age too). Signing out,
   * or an admin disabling the user, ends it sooner, on every server process at once.
   */
  SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  /**
   * The mail server for messages to patients and staff, e.g. smtp://user:pass@host:587 (smtps:// for
   * TLS from the start). Unset: messages stay in the outbox, where admins read them.
   */
  SMTP_URL: z
    .string()
    .url()
    .refine((v) => /^smtps?:\/\//.test(v), { message: 'use smtp://… or smtps://…' })
    .optional(),
  /** The sender of those messages, e.g. "Riverside Pain Service <pain@clinic.example>". */
  MAIL_FROM: z.string().min(3).optional(),
  /** How long a patient's sign-in link or code works (once), in minutes. */
  PATIENT_SIGN_IN_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  /**
   * Run the demo clinic (seeded on first start, its made-up sign-ins shown on the sign-in page).
   * Default: on in development, off when NODE_ENV=production (a real clinic must ask for it).
   */
  DEMO: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  /**
   * The EHRs that may launch the clinician workspace (SMART App Launch), as a JSON array of
   * {name, iss, clinic, clientId, clientSecret?, scope?}: see docs/smart-launch.md. Unset: none.
   */
  SMART_EHRS: z.string().optional(),
  /** Log level: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

export type Env = Omit<z.infer<typeof Env>, 'DEMO' | 'SMART_EHRS'> & {
  DEMO: boolean;
  SMART_EHRS: SmartEhr[];
};

export type Config = Env & {
  baseUrl: string;
  authSecret: string;
  auditKey: string;
  auditCheckpointFile: string;
};

export function parseEnv(env: NodeJS.ProcessEnv): Env {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid settings in the environment:\n${lines.join('\n')}`);
  }
  const { DEMO, SMART_EHRS, ...rest } = parsed.data;
  return { ...rest, DEMO: DEMO ?? rest.NODE_ENV !== 'production', SMART_EHRS: parseSmartEhrs(SMART_EHRS) };
}
