/**
 * The SMART App Launch 2.0 client half (https://hl7.org/fhir/smart-app-launch/app-launch.html),
 * on openid-client: discovery from the EHR's `.well-known/smart-configuration`, the authorization
 * request (PKCE S256 always, `aud` = the FHIR base URL, `launch` in an EHR launch), and the code
 * exchange with its checks (state, nonce, PKCE verifier, the ID token's issuer and audience).
 *
 * Only configured EHRs (ehrs.ts) are ever fetched: the caller resolves `iss` to one first. No
 * address from a request is fetched, and redirects are not followed.
 */
import type * as Oidc from 'openid-client';
import { z } from 'zod';
import { isLoopback, type SmartEhr } from './ehrs.ts';

// openid-client is imported by the first launch, not at start-up (most servers have no EHR).
const openidClient = () => import('openid-client');

/** Why a launch cannot go on, as a clinician reads it (a page, never a stack). */
export class SmartRefusal extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    /** Where the page leads on (default: the password sign-in). */
    readonly link?: { href: string; text: string },
  ) {
    super(detail);
  }
}

const FETCH_TIMEOUT_MS = 10_000;

const Endpoint = z.url().refine((v) => {
  const u = new URL(v);
  return u.protocol === 'https:' || (u.protocol === 'http:' && isLoopback(u.hostname));
}, 'must be https');

/** The fields of `.well-known/smart-configuration` SIJ Pathway uses (SMART 2.0 §Metadata). */
const SmartConfiguration = z.object({
  issuer: Endpoint.optional(),
  jwks_uri: Endpoint.optional(),
  authorization_endpoint: Endpoint,
  token_endpoint: Endpoint,
  capabilities: z.array(z.string()).optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});

export type ServerMetadata = Oidc.ServerMetadata;

/** What the callback needs from the launch, kept server-side under the state. */
export interface PendingLaunch {
  iss: string;
  /** The EHR's metadata as read at launch, so the callback needs no second fetch. */
  server: ServerMetadata;
  verifier: string;
  nonce: string;
  ehrLaunch: boolean;
}

/** Each EHR's metadata, read at most every few minutes: a burst of launches is not a burst of fetches. */
const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { server: ServerMetadata; at: number }>();

async function smartConfiguration(ehr: SmartEhr): Promise<ServerMetadata> {
  const hit = cache.get(ehr.iss);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.server;
  const server = await readSmartConfiguration(ehr);
  cache.set(ehr.iss, { server, at: Date.now() });
  return server;
}

async function readSmartConfiguration(ehr: SmartEhr): Promise<ServerMetadata> {
  const unreachable = new SmartRefusal(
    502,
    `${ehr.name} did not answer`,
    `SIJ Pathway could not read ${ehr.name}'s SMART configuration, so it cannot sign you in from there. Try again in a minute; if it keeps happening, tell your clinic administrator.`,
  );
  let body: unknown;
  try {
    const response = await fetch(`${ehr.iss}/.well-known/smart-configuration`, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (!response.ok) throw unreachable;
    body = await response.json();
  } catch {
    throw unreachable;
  }
  const parsed = SmartConfiguration.safeParse(body);
  const wrong = (what: string) =>
    new SmartRefusal(
      502,
      `${ehr.name} cannot launch SIJ Pathway`,
      `${ehr.name}'s SMART configuration ${what}, so SIJ Pathway cannot sign you in from there. Tell your clinic administrator.`,
    );
  if (!parsed.success) throw wrong('is not complete (it needs an authorization and a token endpoint)');
  const c = parsed.data;
  // SMART 2.0: PKCE with S256 is required, and the server says it offers it.
  if (!c.code_challenge_methods_supported?.includes('S256')) throw wrong('does not offer PKCE (S256)');
  // Who the clinician is comes from the ID token (OpenID Connect, `fhirUser`).
  if (!c.issuer || !c.jwks_uri) throw wrong('does not offer OpenID Connect sign-in (sso-openid-connect)');
  return {
    issuer: c.issuer,
    jwks_uri: c.jwks_uri,
    authorization_endpoint: c.authorization_endpoint,
    token_endpoint: c.token_endpoint,
    code_challenge_methods_supported: c.code_challenge_methods_supported,
  };
}

function configuration(oidc: typeof Oidc, ehr: SmartEhr, server: ServerMetadata): Oidc.Configuration {
  const config = ehr.clientSecret
    ? new oidc.Configuration(server, ehr.clientId, ehr.clientSecret, oidc.ClientSecretBasic(ehr.clientSecret))
    : new oidc.Configuration(server, ehr.clientId, undefined, oidc.None());
  config.timeout = FETCH_TIMEOUT_MS / 1000;
  // http only ever reaches this machine (ehrs.ts and Endpoint above allow nothing else).
  const insecure = [ehr.iss, server.token_endpoint, server.jwks_uri].some(
    (v) => v && new URL(v).protocol === 'http:',
  );
  if (insecure) oidc.allowInsecureRequests(config);
  return config;
}

/** The authorization request for a launch: where to send the browser, and what to keep. */
export async function beginLaunch(
  ehr: SmartEhr,
  { launch, redirectUri }: { launch: string | undefined; redirectUri: string },
): Promise<{ url: URL; state: string; pending: PendingLaunch }> {
  const oidc = await openidClient();
  const server = await smartConfiguration(ehr);
  const config = configuration(oidc, ehr, server);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  // EHR launch: `launch` (the EHR's context comes with the token); standalone: ask for a patient.
  const scope = [...new Set([launch ? 'launch' : 'launch/patient', ...ehr.scope.split(/\s+/)])].join(' ');
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    state,
    nonce,
    aud: ehr.iss,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...(launch ? { launch } : {}),
  });
  return { url, state, pending: { iss: ehr.iss, server, verifier, nonce, ehrLaunch: Boolean(launch) } };
}

export interface LaunchResult {
  config: Oidc.Configuration;
  accessToken: string;
  /** The patient in context (the token response's `patient`), if the EHR gave one. */
  patient: string | undefined;
  claims: Oidc.IDToken;
}

/** The code exchange at the callback, with every check the protocol has. */
export async function finishLaunch(
  ehr: SmartEhr,
  pending: PendingLaunch,
  callbackUrl: URL,
  state: string,
): Promise<LaunchResult> {
  const oidc = await openidClient();
  const config = configuration(oidc, ehr, pending.server);
  let tokens: Awaited<ReturnType<typeof Oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    if (error instanceof oidc.AuthorizationResponseError && error.error === 'access_denied') {
      throw new SmartRefusal(
        403,
        'Not allowed at the EHR',
        `${ehr.name} did not allow SIJ Pathway to open: it said “${error.error_description ?? 'access denied'}”.`,
      );
    }
    throw new SmartRefusal(
      400,
      'The launch could not be finished',
      `${ehr.name} and SIJ Pathway could not agree on this sign-in (it may have been used already or taken too long). Open SIJ Pathway from ${ehr.name} again.`,
    );
  }
  const claims = tokens.claims();
  if (!claims) throw new SmartRefusal(400, 'The launch could not be finished', 'No ID token came back.');
  const patient = typeof tokens.patient === 'string' ? tokens.patient : undefined;
  return { config, accessToken: tokens.access_token, patient, claims };
}

/** A FHIR id (R4: 1–64 of A–Z, a–z, 0–9, '-' and '.'). */
export const fhirId = /^[A-Za-z0-9\-.]{1,64}$/;

/** GET one resource from the EHR's FHIR endpoint with the launch's access token. */
export async function readResource(
  ehr: SmartEhr,
  result: LaunchResult,
  type: string,
  id: string,
): Promise<Record<string, unknown> | null> {
  if (!fhirId.test(id)) return null;
  try {
    const oidc = await openidClient();
    const response = await oidc.fetchProtectedResource(
      result.config,
      result.accessToken,
      new URL(`${ehr.iss}/${type}/${id}`),
      'GET',
      undefined,
      new Headers({ accept: 'application/fhir+json' }),
    );
    if (!response.ok) return null;
    const body = (await response.json()) as unknown;
    return body && typeof body === 'object' && (body as { resourceType?: unknown }).resourceType === type
      ? (body as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
