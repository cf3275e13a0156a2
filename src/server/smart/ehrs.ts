/**
 * The EHRs a clinic trusts to launch SIJ Pathway (SMART App Launch 2.0), from SMART_EHRS: a JSON
 * array, one entry per EHR, e.g.
 *
 *     [{"name": "Riverside EHR", "iss": "https://ehr.example.nhs.uk/fhir/r4",
 *       "clinic": "Riverside Pain Service", "clientId": "sij-pathway"}]
 *
 * `iss` is the EHR's FHIR base URL exactly as the EHR sends it in a launch; only these addresses
 * are ever fetched (a launch naming any other `iss` is refused before anything is fetched).
 * `clinic` is the clinic's id or exact name: whoever the EHR signs in is looked up in that clinic
 * only. `clientSecret` is for a confidential client; without one, SIJ Pathway is a public client
 * and relies on PKCE (always used either way).
 */
import { z } from 'zod';

/** A FHIR base URL: https, or http on this machine only (a test EHR, a developer's laptop). */
const FhirBase = z
  .url()
  .transform((v) => v.replace(/\/+$/, ''))
  .refine(
    (v) => {
      const u = new URL(v);
      if (u.search || u.hash || u.username || u.password) return false;
      return u.protocol === 'https:' || (u.protocol === 'http:' && isLoopback(u.hostname));
    },
    { message: 'use an https:// address (http:// only for localhost), without query or credentials' },
  );

export const SmartEhr = z.object({
  /** What a clinician sees it called, e.g. on an error page. */
  name: z.string().trim().min(1).max(100),
  iss: FhirBase,
  clinic: z.string().trim().min(1),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  /** The scopes asked for; the launch kind (`launch` or `launch/patient`) is added to them. */
  scope: z.string().trim().min(1).default('openid fhirUser patient/Patient.rs'),
});
export type SmartEhr = z.infer<typeof SmartEhr>;
export type SmartEhrInput = z.input<typeof SmartEhr>;

export const SmartEhrList = z
  .array(SmartEhr)
  .refine((list) => new Set(list.map((e) => e.iss)).size === list.length, {
    message: 'each EHR (iss) may be listed once',
  });

/** SMART_EHRS parsed: a clear message for bad JSON as for a bad entry. */
export function parseSmartEhrs(value: string | undefined): SmartEhr[] {
  if (!value?.trim()) return [];
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new Error('SMART_EHRS: not valid JSON (an array of EHRs, see docs/smart-launch.md)');
  }
  const parsed = SmartEhrList.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  SMART_EHRS.${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid settings in the environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** The configured EHR a launch names, by its exact FHIR base URL (a trailing slash aside). */
export function trustedEhr(ehrs: readonly SmartEhr[], iss: string): SmartEhr | undefined {
  const wanted = iss.replace(/\/+$/, '');
  return ehrs.find((e) => e.iss === wanted);
}
