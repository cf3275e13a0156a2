/**
 * The one HTTP client of the web app. Every call goes through `request`, which sends the session cookie,
 * parses RFC 9457 problem details (and better-auth's `{code, message}` errors) into `ApiError`,
 * and reports a 401 outside /api/auth so the app can go to the sign-in page.
 */
import type { Stage } from '../domain/pathway';

export type Role = 'admin' | 'clinician' | 'nurse' | 'patient';
export type Sex = 'female' | 'male' | 'other' | 'unknown';
export type Side = 'left' | 'right' | 'both';

export interface Health {
  status: 'ok';
  demo: boolean;
  demoSignIns?: { password: string; users: { role: string; email: string }[] };
}

export interface Me {
  user: { id: string; name: string; email: string; role: Role; siteId: string };
  site: { id: string; name: string; timeZone: string; contacts: { phone: string; urgentPhone: string } };
}

export interface Patient {
  id: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: Sex;
  nhsNumber: string | null;
  mrn: string | null;
  email: string | null;
  phone: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface NewPatient {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: Sex;
  nhsNumber?: string;
  mrn?: string;
  email?: string;
  phone?: string;
}

export type PatientChanges = Partial<{ [K in keyof NewPatient]: NewPatient[K] | null }>;

export interface Episode {
  id: string;
  patientId: string;
  stage: Stage;
  referrer: string;
  referredOn: string;
  reason: string;
  side: Side | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface NewReferral {
  referrer: string;
  referredOn: string;
  reason: string;
  side?: Side;
}

export interface EpisodeEvent {
  id: string;
  at: string;
  action: string;
  fromStage: Stage | null;
  toStage: Stage | null;
  reason: string | null;
  actor: { name: string; role: string };
}

export interface AllowedAction {
  action: string;
  label: string;
  needsReason: boolean;
}

export type PatientWithEpisodes = Patient & { episodes: Episode[] };
export type EpisodeWithPatient = Episode & { patient: Patient };
export type EpisodeDetail = EpisodeWithPatient & { events: EpisodeEvent[]; allowedActions: AllowedAction[] };

export interface Worklist {
  items: EpisodeWithPatient[];
  countsByStage: Partial<Record<Stage, number>>;
}

export interface AuditEvent {
  id: string;
  at: string;
  actorName: string | null;
  role: string | null;
  action: string;
  recordType: string;
  recordId: string | null;
  clientAddress: string | null;
}

export interface AuditPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

export interface FieldError {
  field: string;
  message: string;
}

interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  message?: string;
  errors?: FieldError[];
  current?: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly errors: FieldError[];
  /** The record as it is now, sent with a 409 version conflict. */
  readonly current: unknown;

  constructor(status: number, body: ProblemBody) {
    super(body.detail ?? body.message ?? body.title ?? `The server answered ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.title = body.title;
    this.detail = body.detail ?? body.message;
    this.errors = Array.isArray(body.errors) ? body.errors : [];
    this.current = body.current;
  }

  /** Field messages keyed by field name, for showing against form inputs. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { field, message } of this.errors) {
      const name = field.replace(/^body[./]/, '');
      out[name] ??= message;
    }
    return out;
  }
}

let onUnauthorized: () => void = () => {};

/** Called on any 401 outside /api/auth (the session has ended or never began). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, { title: 'The server could not be reached. Check the connection and try again.' });
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (res.ok) return parsed as T;
  if (res.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized();
  const problem: ProblemBody = parsed && typeof parsed === 'object' ? (parsed as ProblemBody) : {};
  throw new ApiError(res.status, { title: res.statusText || undefined, ...problem });
}

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

const id = (value: string) => encodeURIComponent(value);

export const api = {
  health: () => request<Health>('GET', '/api/health'),
  signIn: (email: string, password: string) =>
    request<unknown>('POST', '/api/auth/sign-in/email', { email, password }),
  signOut: () => request<unknown>('POST', '/api/auth/sign-out', {}),
  me: () => request<Me>('GET', '/api/me'),

  patients: (params: { q?: string; birthDate?: string; identifier?: string }) =>
    request<{ items: Patient[] }>('GET', `/api/patients${query(params)}`),
  patient: (patientId: string) => request<PatientWithEpisodes>('GET', `/api/patients/${id(patientId)}`),
  createPatient: (patient: NewPatient) => request<Patient>('POST', '/api/patients', patient),
  updatePatient: (patientId: string, version: number, changes: PatientChanges) =>
    request<Patient>('PATCH', `/api/patients/${id(patientId)}`, { version, ...changes }),

  refer: (patientId: string, referral: NewReferral) =>
    request<Episode>('POST', `/api/patients/${id(patientId)}/episodes`, referral),
  worklist: (params: { stage?: Stage; q?: string }) =>
    request<Worklist>('GET', `/api/episodes${query(params)}`),
  episode: (episodeId: string) => request<EpisodeDetail>('GET', `/api/episodes/${id(episodeId)}`),
  transition: (episodeId: string, body: { action: string; reason?: string; version: number }) =>
    request<Episode>('POST', `/api/episodes/${id(episodeId)}/transitions`, body),

  audit: (cursor: string | null, limit = 50) =>
    request<AuditPage>('GET', `/api/audit${query({ cursor, limit })}`),
};
