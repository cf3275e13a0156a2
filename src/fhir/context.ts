/**
 * What every mapping needs to know besides the data: the canonical base under which our own
 * CodeSystems, Questionnaires, PlanDefinition and Libraries live (stable names, not the server's
 * address), the server's FHIR base for Bundle fullUrls, and the app's address for links (PDFs).
 */

/** The default canonical base (FHIR_CANONICAL_BASE overrides it; docs/fhir is generated with this one). */
export const DEFAULT_CANONICAL_BASE = 'https://sijpath.example/fhir';

/** The version of our published definitions (Questionnaires, PlanDefinition, ActivityDefinitions). */
export const DEFINITIONS_VERSION = '0.1.0';

export interface FhirContext {
  /** Canonical base of our definitions and local code systems, e.g. https://sijpath.example/fhir. */
  canonicalBase: string;
  /** The server's FHIR endpoint, e.g. http://localhost:3000/fhir (Bundle fullUrls). */
  serverBase: string;
  /** The app's public address, e.g. http://localhost:3000 (links to the PDFs). */
  appUrl: string;
  /** Add US billing codes (CPT/HCPCS) to procedures and care plan activities. */
  billingCodes?: boolean;
}

export const canonical = (ctx: Pick<FhirContext, 'canonicalBase'>, type: string, id: string) =>
  `${ctx.canonicalBase}/${type}/${id}`;

/** Identifier systems of our own records. */
export const identifierSystems = (base: string) => ({
  episode: `${base}/sid/episode`,
  mrn: `${base}/sid/mrn`,
});
