/**
 * A test EHR for SMART App Launch: a real OpenID Connect authorization server (oidc-provider, with
 * its development sign-in and consent pages) and a small FHIR endpoint beside it, both listening
 * on 127.0.0.1. SIJ Pathway talks to it exactly as to a hospital's EHR: nothing on our side is mocked.
 *
 * - `GET {fhirBase}/.well-known/smart-configuration` names the authorization server's endpoints.
 * - `GET {fhirBase}/Patient/:id` and `/Practitioner/:id` need a bearer token the server issued.
 * - `GET {ehrUrl}/ehr?patient=ID` is the EHR's own page for a patient, with an "Open SIJ Pathway"
 *   link: the EHR launch (a fresh `launch` value that stands for that patient).
 * - The authorization server refuses a request whose `aud` is not the FHIR base URL or whose
 *   `launch` it did not issue, requires PKCE (S256), and adds `patient` to the token response:
 *   the launch's patient, or `standalonePatient` for a standalone launch (`launch/patient`).
 * - At its sign-in page any password works; the login is the practitioner's id.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export interface EhrPractitioner {
  id: string;
  name: string;
  /** Put in the ID token when true; otherwise only on the Practitioner record (telecom). */
  emailInIdToken?: boolean;
  email: string;
}

export interface EhrPatient {
  id: string;
  given: string;
  family: string;
  nhsNumber?: string;
  birthDate: string;
}

export interface TestEhr {
  /** The FHIR base URL: the `iss` of a launch. */
  iss: string;
  issuer: string;
  clientId: string;
  /** The EHR's page for a patient, with the launch link. */
  patientPage(patientId: string): string;
  /** Every request path the FHIR endpoint was asked for. */
  fhirRequests: string[];
  /** The query of every authorization request. */
  authorizationRequests: URLSearchParams[];
  stop(): Promise<void>;
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export async function startTestEhr({
  appUrl,
  practitioners,
  patients,
  standalonePatient,
}: {
  appUrl: string;
  practitioners: EhrPractitioner[];
  patients: EhrPatient[];
  standalonePatient?: string;
}): Promise<TestEhr> {
  const clientId = 'sij-pathway';
  const authServer = http.createServer();
  const fhirServer = http.createServer();
  const issuer = `http://127.0.0.1:${await listen(authServer)}`;
  const fhirUrl = `http://127.0.0.1:${await listen(fhirServer)}`;
  const iss = `${fhirUrl}/fhir`;

  const launches = new Map<string, string>();
  /** The patient of each authorization request, by its PKCE code challenge. */
  const contexts = new Map<string, string>();
  const fhirRequests: string[] = [];
  const authorizationRequests: URLSearchParams[] = [];

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${appUrl}/api/smart/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'launch', 'launch/patient', 'patient/Patient.rs'],
    claims: { openid: ['sub'], fhirUser: ['fhirUser'], email: ['email'] },
    conformIdTokenClaims: false,
    cookies: { keys: ['test-ehr-cookie-key-test-ehr-cookie-key'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, sub) {
      const p = practitioners.find((x) => x.id === sub);
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            fhirUser: `Practitioner/${sub}`,
            ...(p?.emailInIdToken ? { email: p.email } : {}),
          };
        },
      };
    },
  });
  // Its warnings about development settings are expected here.
  provider.on('server_error', (_ctx: unknown, error: Error) => console.error('test EHR:', error));

  provider.use(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/auth') {
      const query = new URLSearchParams(ctx.querystring);
      authorizationRequests.push(query);
      const launch = query.get('launch');
      const scopes = (query.get('scope') ?? '').split(' ');
      let patient: string | undefined;
      if (query.get('aud') !== iss) {
        ctx.status = 400;
        ctx.body = 'aud must be this EHR’s FHIR base URL';
        return;
      }
      if (launch) {
        patient = launches.get(launch);
        if (!patient) {
          ctx.status = 400;
          ctx.body = 'unknown launch';
          return;
        }
      } else if (scopes.includes('launch/patient')) {
        patient = standalonePatient;
      }
      const challenge = query.get('code_challenge');
      if (challenge && patient) contexts.set(challenge, patient);
    }
    await next();
    const oidcCtx = (ctx as unknown as KoaContextWithOIDC).oidc;
    if (oidcCtx?.route === 'token' && ctx.status === 200) {
      const code = oidcCtx.entities.AuthorizationCode;
      const patient = code?.codeChallenge ? contexts.get(code.codeChallenge) : undefined;
      if (patient) ctx.body = { ...(ctx.body as object), patient };
    }
  });
  authServer.on('request', provider.callback());

  const send = (res: http.ServerResponse, status: number, body: unknown, type = 'application/fhir+json') => {
    res.writeHead(status, { 'content-type': type });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  fhirServer.on('request', async (req, res) => {
    const url = new URL(req.url ?? '/', fhirUrl);
    fhirRequests.push(url.pathname);
    if (url.pathname === '/ehr') {
      const patient = patients.find((p) => p.id === url.searchParams.get('patient'));
      if (!patient) return send(res, 404, 'no such patient', 'text/plain');
      const launch = randomUUID();
      launches.set(launch, patient.id);
      const href = `${appUrl}/api/smart/launch?${new URLSearchParams({ iss, launch })}`;
      return send(
        res,
        200,
        `<!doctype html><html lang="en"><head><title>Test EHR</title></head><body><main><h1>${patient.given} ${patient.family}</h1><a href="${href.replaceAll('&', '&amp;')}">Open SIJ Pathway</a></main></body></html>`,
        'text/html',
      );
    }
    if (url.pathname === '/fhir/.well-known/smart-configuration') {
      return send(
        res,
        200,
        {
          issuer,
          jwks_uri: `${issuer}/jwks`,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          grant_types_supported: ['authorization_code'],
          token_endpoint_auth_methods_supported: ['none'],
          scopes_supported: ['openid', 'fhirUser', 'launch', 'launch/patient', 'patient/Patient.rs'],
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
          capabilities: [
            'launch-ehr',
            'launch-standalone',
            'client-public',
            'context-ehr-patient',
            'context-standalone-patient',
            'sso-openid-connect',
            'permission-v2',
          ],
        },
        'application/json',
      );
    }
    const match = /^\/fhir\/(Patient|Practitioner)\/([^/]+)$/.exec(url.pathname);
    if (!match) return send(res, 404, { resourceType: 'OperationOutcome' });
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ? await provider.AccessToken.find(bearer) : undefined;
    if (!token) return send(res, 401, { resourceType: 'OperationOutcome' });
    const [, type, id] = match;
    if (type === 'Patient') {
      const p = patients.find((x) => x.id === id);
      if (!p) return send(res, 404, { resourceType: 'OperationOutcome' });
      return send(res, 200, {
        resourceType: 'Patient',
        id: p.id,
        identifier: p.nhsNumber ? [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: p.nhsNumber }] : [],
        name: [{ family: p.family, given: [p.given] }],
        birthDate: p.birthDate,
      });
    }
    const pr = practitioners.find((x) => x.id === id);
    if (!pr) return send(res, 404, { resourceType: 'OperationOutcome' });
    return send(res, 200, {
      resourceType: 'Practitioner',
      id: pr.id,
      name: [{ text: pr.name }],
      telecom: [{ system: 'email', value: pr.email }],
    });
  });

  const close = (server: http.Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    iss,
    issuer,
    clientId,
    patientPage: (patientId) => `${fhirUrl}/ehr?patient=${encodeURIComponent(patientId)}`,
    fhirRequests,
    authorizationRequests,
    stop: async () => {
      await Promise.all([close(authServer), close(fhirServer)]);
    },
  };
}

/**
 * A clinician at the EHR's sign-in and consent pages, without a browser: follows the
 * authorization server's redirects with a cookie jar, signs in as `login`, consents, and returns
 * the redirect back to SIJ Pathway (the callback URL with its code and state).
 */
export async function signInAtEhr(authorizeUrl: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = new URL(authorizeUrl);
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 12; hop++) {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: cookie(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(body ? { body } : {}),
    });
    keep(response);
    body = undefined;
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.origin !== url.origin) return next;
      url = next;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`The test EHR answered ${response.status}: ${html}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`No form on the test EHR's page: ${html.slice(0, 300)}`);
    url = new URL(action.replaceAll('&amp;', '&'), url);
    body = html.includes('name="login"')
      ? new URLSearchParams({ prompt: 'login', login, password: 'any' })
      : new URLSearchParams({ prompt: 'consent' });
  }
  throw new Error('Too many redirects at the test EHR.');
}
