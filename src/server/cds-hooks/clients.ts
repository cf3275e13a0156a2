/**
 * Trusting CDS clients (CDS Hooks 2.0 "Trusting CDS Clients"): each call carries
 * `Authorization: Bearer <JWT>`, signed with the client's private key. We accept it only from a
 * registered client (its `iss`), checked against that client's JWK Set (given in the registration,
 * or fetched from the registered `jwksUrl`: never from a `jku` the token itself names), with
 * `aud` the URL being called, `exp` and `iat` present and recent, and a `jti` not seen before
 * (kept in cds_token_use until the token expires, so a replay fails on every server process).
 * Asymmetric algorithms only: the spec forbids `none` and shared-secret (HMAC) signatures.
 */
import { readFileSync } from 'node:fs';
import { lt } from 'drizzle-orm';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { cdsTokenUse } from '../../db/schema.ts';
import { DomainError } from '../errors.ts';

export const CdsClientSchema = z
  .object({
    /** The client's `iss`, exactly as it signs it. */
    iss: z.string().min(1).max(500),
    /** The clinic whose settings and patients the client's calls use. */
    clinicId: z.uuid(),
    /** A name for the audit trail (default: the iss). */
    name: z.string().min(1).max(200).optional(),
    /** The client's public keys, as a JWK Set. */
    jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }).optional(),
    /** Or where to fetch them (https). */
    jwksUrl: z.url().optional(),
  })
  .refine((c) => Boolean(c.jwks) !== Boolean(c.jwksUrl), {
    message: 'give either jwks or jwksUrl',
  });
export type CdsClient = z.infer<typeof CdsClientSchema>;

export const CdsClientsSchema = z.array(CdsClientSchema).max(1000);

/** CDS_CLIENTS_FILE: a JSON file listing the trusted clients (docs/cds-hooks.md). */
export function loadCdsClients(file: string | undefined): CdsClient[] {
  if (!file) return [];
  const parsed = CdsClientsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`CDS_CLIENTS_FILE ${file} is not a list of CDS clients:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** RFC 7518 asymmetric signature algorithms (ES384 and RS384 are the ones the spec recommends). */
const ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'];
/** The longest a token may have been issued before it is used (the spec suggests short lives). */
const MAX_TOKEN_AGE = '5 minutes';
const CLOCK_TOLERANCE_SECONDS = 30;

export interface VerifiedClient {
  client: CdsClient;
  /** The audit trail's "who". */
  by: { clinicId: string; id: string; name: string; role: string };
}

const refuse = (detail: string) => new DomainError('unauthenticated', detail);

export class CdsClientVerifier {
  private readonly keys = new Map<string, JWTVerifyGetKey>();

  constructor(
    private readonly clients: () => readonly CdsClient[],
    private readonly db: Database,
  ) {}

  private keySet(client: CdsClient): JWTVerifyGetKey {
    const known = this.keys.get(client.iss);
    if (known) return known;
    const set = client.jwks
      ? createLocalJWKSet(client.jwks as JSONWebKeySet)
      : createRemoteJWKSet(new URL(client.jwksUrl!), { timeoutDuration: 3000, cooldownDuration: 30_000 });
    this.keys.set(client.iss, set);
    return set;
  }

  /**
   * The client of a call to `audience` (the URLs the token may name), or a 401 DomainError. `now`
   * is the server's clock: it judges the token's times, and it alone decides when a used token's
   * record may go, so a database clock ahead of it cannot forget a token this server still accepts.
   */
  async verify(
    authorization: string | undefined,
    audience: string[],
    now: Date = new Date(),
  ): Promise<VerifiedClient> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw refuse('Send the CDS client JWT as Authorization: Bearer <JWT>.');
    let iss: string | undefined;
    try {
      const header = decodeProtectedHeader(token);
      if (!header.kid) throw refuse('The JWT header needs a kid (the key it was signed with).');
      iss = decodeJwt(token).iss;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw refuse('The bearer token is not a JWT.');
    }
    const client = this.clients().find((c) => c.iss === iss);
    if (!iss || !client) throw refuse('This CDS client (iss) is not registered with the clinic.');
    let payload: { exp?: number; jti?: string };
    try {
      ({ payload } = await jwtVerify(token, this.keySet(client), {
        issuer: client.iss,
        audience,
        algorithms: ALGORITHMS,
        typ: 'JWT',
        requiredClaims: ['exp', 'iat', 'jti'],
        maxTokenAge: MAX_TOKEN_AGE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: now,
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw refuse(
          error.claim === 'iat'
            ? `The JWT was issued (iat) more than ${MAX_TOKEN_AGE} ago: sign a fresh one for each call.`
            : 'The JWT has expired.',
        );
      }
      if (error instanceof errors.JWTClaimValidationFailed)
        throw refuse(`The JWT's ${error.claim} claim is not acceptable: ${error.reason}.`);
      if (error instanceof errors.JOSEAlgNotAllowed)
        throw refuse('The JWT must be signed with an asymmetric algorithm (e.g. ES384 or RS384).');
      throw refuse('The JWT signature does not verify against the client’s registered keys.');
    }
    const jti = payload.jti!.slice(0, 200);
    const expiresAt = new Date((payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000);
    // Accept each token once: the insert finds the jti already there on a replay.
    const stored = await this.db
      .insert(cdsTokenUse)
      .values({ clinicId: client.clinicId, client: client.iss, jti, expiresAt })
      .onConflictDoNothing()
      .returning({ jti: cdsTokenUse.jti });
    if (stored.length === 0) throw refuse('This JWT was used before (jti): sign a new one for each call.');
    await this.db.delete(cdsTokenUse).where(lt(cdsTokenUse.expiresAt, now));
    return {
      client,
      by: { clinicId: client.clinicId, id: client.iss, name: client.name ?? client.iss, role: 'cds-client' },
    };
  }
}
