/**
 * Who is signed in, on every request, for one indexed query or none.
 *
 * The session cookie is better-auth's (`better-auth.session_token`, `__Secure-` prefixed behind
 * https): `<token>.<signature>`, the signature being the standard base64 of HMAC-SHA256(secret,
 * token), URI-encoded (better-call's signCookieValue, which better-auth 1.7 signs it with). We
 * verify it the same way, then read the session, its user and the user's clinic in ONE prepared
 * statement (the session token's unique index, two primary keys), refusing an expired session and
 * a disabled user.
 *
 * Answers are cached in the process for a short while (`ttlMs`), and every process is told at once
 * when a cached answer stops being true: triggers (drizzle/0004_session_notify.sql) NOTIFY on the
 * channel `sijpath_auth` when a session ends or is cut short, when a user is disabled, deleted or
 * changes role, clinic, patient, name or email, and when a clinic's header changes. A dedicated
 * connection (not from the pool) LISTENs; while it is down the cache is not used at all, and when
 * it comes back the cache starts empty, since notices sent meanwhile are lost.
 *
 * Refresh: this lookup only reads. A session lasts SESSION_HOURS from sign-in, as the cookie's
 * Max-Age does; better-auth's own routes (e.g. /api/auth/get-session) still slide its expiry if a
 * client calls them, and a shortened or deleted session is noticed through the triggers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import pg from 'pg';
import type { Actor } from '../../domain/actor.ts';

export interface ClinicHeader {
  id: string;
  name: string;
  timeZone: string;
  contacts: { phone: string; urgentPhone: string; outOfHours: string };
}

export interface SignedIn {
  actor: Actor;
  clinic: ClinicHeader;
  sessionId: string;
  /** When the session ends, ms since the epoch. */
  expiresAt: number;
}

export interface SessionLookupOptions {
  pool: pg.Pool;
  /** The session cookie's name, as better-auth sets it. */
  cookieName: string;
  /** The secret better-auth signs the cookie with. */
  secret: string;
  /** How long a cached answer may be used (a notice ends it sooner). */
  ttlMs?: number;
  /** The most answers kept; the oldest go first. */
  maxEntries?: number;
  /** How often the listening connection proves it still hears notices. */
  heartbeatMs?: number;
  /** The first wait before listening again after the connection was lost (doubling to 5 s). */
  retryMs?: number;
  log?: (message: string) => void;
}

export const authChannel = 'sijpath_auth';
/** The listening connection's application_name, as pg_stat_activity shows it. */
export const listenerName = 'sijpath-session-listener';

/** ONE statement: the session, its user and the user's clinic, by the token's unique index. */
const lookupText = `
  select s.id as "sessionId", (extract(epoch from s.expires_at) * 1000)::float8 as "expiresAt",
    u.id, u.name, u.email, u.role, u.clinic_id::text as "clinicId", u.patient_id::text as "patientId",
    c.name as "clinicName", c.time_zone as "timeZone", c.contacts
  from "session" s
    join "user" u on u.id = s.user_id
    join clinic c on c.id = u.clinic_id
  where s.token = $1 and s.expires_at > now() and u.disabled_at is null`;

/** A session's row: the actor it signs in, with the session's and the clinic's own columns. */
interface LookupRow extends Actor {
  sessionId: string;
  expiresAt: number;
  clinicName: string;
  timeZone: string;
  contacts: ClinicHeader['contacts'];
}

/** The value of one cookie in a Cookie header, as sent (still URI-encoded). */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    return part.slice(eq + 1).trim();
  }
  return null;
}

/** The session token inside a signed cookie value, or null when the signature does not hold. */
export function verifiedToken(raw: string, secret: string): string | null {
  let value = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  if (value.includes('%')) {
    try {
      value = decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  const dot = value.lastIndexOf('.');
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(createHmac('sha256', secret).update(token).digest('base64'));
  return signature.length === expected.length && timingSafeEqual(signature, expected) ? token : null;
}

interface Entry {
  signedIn: SignedIn;
  cachedAt: number;
}

export class SessionLookup {
  private readonly cache = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  /** Bumped by every notice: an answer read before a notice must not be cached after it. */
  private generation = 0;
  private listener: pg.Client | null = null;
  private listening = false;
  private stopped = false;
  private retryMs: number;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private syncs = new Map<string, (heard: boolean) => void>();
  private syncCounter = 0;

  constructor(private readonly options: SessionLookupOptions) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.retryMs = options.retryMs ?? 100;
  }

  /** Whether cached answers are being used (the listening connection is up). */
  get caching(): boolean {
    return this.listening;
  }

  /** The signed-in person behind a Cookie header, or null. */
  async signedIn(cookieHeader: string | undefined): Promise<SignedIn | null> {
    const raw = cookieValue(cookieHeader, this.options.cookieName);
    if (!raw) return null;
    const now = Date.now();
    if (this.listening) {
      const hit = this.cache.get(raw);
      if (hit) {
        if (now - hit.cachedAt < this.ttlMs && hit.signedIn.expiresAt > now) return hit.signedIn;
        this.cache.delete(raw);
      }
    }
    const token = verifiedToken(raw, this.options.secret);
    if (!token) return null;
    const generation = this.generation;
    const wasListening = this.listening;
    const { rows } = await this.options.pool.query<LookupRow>({
      name: 'sijpath_signed_in',
      text: lookupText,
      values: [token],
    });
    const row = rows[0];
    if (!row) return null;
    const signedIn: SignedIn = {
      actor: {
        id: row.id,
        name: row.name,
        email: row.email,
        role: row.role,
        clinicId: row.clinicId,
        patientId: row.patientId,
      },
      clinic: { id: row.clinicId, name: row.clinicName, timeZone: row.timeZone, contacts: row.contacts },
      sessionId: row.sessionId,
      expiresAt: row.expiresAt,
    };
    // Cached only if no notice came (or could have been missed) while the row was being read.
    if (wasListening && this.listening && generation === this.generation) {
      if (this.cache.size >= this.maxEntries) {
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
      this.cache.set(raw, { signedIn, cachedAt: now });
    }
    return signedIn;
  }

  /** Forgets a cookie's answer in this process at once (sign-out); the trigger tells the others. */
  forget(cookieHeader: string | undefined): void {
    const raw = cookieValue(cookieHeader, this.options.cookieName);
    this.generation += 1;
    if (raw) this.cache.delete(raw);
  }

  /** Starts listening for notices; until it is up, every request is looked up. */
  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeatTimer);
    this.goDeaf();
    const client = this.listener;
    this.listener = null;
    await client?.end().catch(() => {});
  }

  /**
   * Resolves once every notice committed before the call has been handled: a NOTIFY of our own
   * comes back after them, since each listener gets notices in commit order. Tests use it to
   * wait out the notice's flight; it also proves the connection still hears (the heartbeat).
   */
  async sync(timeoutMs = 5_000): Promise<boolean> {
    const client = this.listener;
    if (!client || !this.listening) return false;
    const id = `${process.pid}.${++this.syncCounter}`;
    const heard = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.syncs.delete(id);
        resolve(false);
      }, timeoutMs);
      this.syncs.set(id, (ok) => {
        clearTimeout(timer);
        resolve(ok);
      });
    });
    try {
      await client.query('select pg_notify($1, $2)', [authChannel, `sync:${id}`]);
    } catch {
      this.syncs.delete(id);
      return false;
    }
    return heard;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      ...this.options.pool.options,
      keepAlive: true,
      application_name: listenerName,
    });
    this.listener = client;
    client.on('notification', (n) => {
      if (n.channel === authChannel) this.notice(n.payload ?? 'all');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen ${authChannel}`);
      if (this.stopped || this.listener !== client) {
        await client.end().catch(() => {});
        return;
      }
      // Notices sent while we were not listening are lost: start from an empty cache.
      this.cache.clear();
      this.generation += 1;
      this.listening = true;
      this.retryMs = this.options.retryMs ?? 100;
      clearInterval(this.heartbeatTimer);
      this.heartbeatTimer = setInterval(
        () => void this.heartbeat(client),
        this.options.heartbeatMs ?? 10_000,
      );
      this.heartbeatTimer.unref();
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private async heartbeat(client: pg.Client): Promise<void> {
    if (this.listener !== client || !this.listening) return;
    if (!(await this.sync())) this.lost(client, new Error('the listening connection stopped answering'));
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.listener !== client) return;
    this.goDeaf();
    this.listener = null;
    client.removeAllListeners('notification');
    client.end().catch(() => {});
    if (this.stopped) return;
    this.options.log?.(
      `session notices: listening connection lost${error ? ` (${error.message})` : ''}; every request is looked up until it is back`,
    );
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.reconnectTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, 5_000);
  }

  private goDeaf(): void {
    this.listening = false;
    clearInterval(this.heartbeatTimer);
    this.cache.clear();
    this.generation += 1;
    for (const done of this.syncs.values()) done(false);
    this.syncs.clear();
  }

  private notice(payload: string): void {
    const colon = payload.indexOf(':');
    const kind = colon < 0 ? payload : payload.slice(0, colon);
    const id = colon < 0 ? '' : payload.slice(colon + 1);
    if (kind === 'sync') {
      this.syncs.get(id)?.(true);
      this.syncs.delete(id);
      return;
    }
    this.generation += 1;
    if (kind === 'all' || !id) {
      this.cache.clear();
      return;
    }
    for (const [key, { signedIn }] of this.cache) {
      const gone =
        (kind === 'session' && signedIn.sessionId === id) ||
        (kind === 'user' && signedIn.actor.id === id) ||
        (kind === 'clinic' && signedIn.clinic.id === id);
      if (gone) this.cache.delete(key);
    }
  }
}
