/**
 * How often the sign-in endpoints may be called from one client address (better-auth's rate
 * limiter, counting in the `rate_limit` table so that every server process counts alike). These
 * are security settings, not clinical ones. A patient's code also dies after three wrong tries
 * (auth.ts), whatever the address.
 */

/** The header our auth route sets from the socket (or TRUST_PROXY's) address; a client's own is replaced. */
export const CLIENT_ADDRESS_HEADER = 'x-sijpath-client-address';

/** Per client address and path, within `window` seconds. */
export const signInRateLimits = {
  // Staff passwords: limited per address and per account by sign-in-limits.ts (with the lockout),
  // which a shared workstation's right passwords do not count against.
  '/sign-in/email': false,
  // Patients: each request emails a link or a code, so few; using them, a few more.
  '/sign-in/magic-link': { window: 60, max: 3 },
  '/email-otp/send-verification-otp': { window: 60, max: 3 },
  '/magic-link/verify': { window: 60, max: 10 },
  '/sign-in/email-otp': { window: 60, max: 5 },
} as const;

/** Every other better-auth endpoint (e.g. get-session), per client address. */
export const defaultRateLimit = { window: 60, max: 300 } as const;

/**
 * The patients' API (`/api/my/...`), per fixed window of `windowSeconds`: per patient account
 * (a person reading their pages sends a few requests a page) and per client address (a household
 * or a care home may share one). Counted in the `rate_limit` table, so every server process counts
 * alike. Security settings (OWASP ASVS 5.0 V2.4.1), not clinical ones.
 */
export const patientApiLimits = {
  windowSeconds: 60,
  perPatient: 120,
  perAddress: 600,
} as const;
export type PatientApiLimits = { windowSeconds: number; perPatient: number; perAddress: number };
