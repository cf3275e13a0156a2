/**
 * The one HTTP client of the web app. Every call goes through `request`, which sends the session cookie,
 * parses RFC 9457 problem details (and better-auth's `{code, message}` errors) into `ApiError`,
 * and reports a 401 outside /api/auth so the app can go to the sign-in page.
 */
import type { z } from 'zod';
import type { Role } from '../domain/actor';
import type { ClinicRules, ClinicSettings, Drug as DrugFacts, ResolvedProtocol } from '../domain/clinical';
import type { Stage } from '../domain/pathway';
import type * as clinicApi from '../shared/api/clinic';
import type * as core from '../shared/api/core';
import type * as dashboardApi from '../shared/api/dashboard';
import type * as followUp from '../shared/api/follow-up';
import type * as leafletsApi from '../shared/api/leaflets';
import type * as messagesApi from '../shared/api/messages';
import type * as portal from '../shared/api/portal';
import type * as smart from '../shared/api/smart';
import type * as steps from '../shared/api/steps';
import type * as usersApi from '../shared/api/users';

export type { Role };
export type Sex = z.infer<typeof core.Sex>;
export type Side = z.infer<typeof core.Side>;

export interface Health {
  status: 'ok';
  demo: boolean;
}

/** The demo clinic's made-up accounts (GET /api/demo answers 404 on a real clinic). */
export interface DemoSignIns {
  password: string;
  users: { role: string; email: string }[];
  /** The demo patient, who signs in at /my/sign-in with a code from the admin's Outbox page. */
  patient?: string;
}

export type Me = z.infer<typeof core.Me>;
export type Patient = z.infer<typeof core.Patient>;

export interface NewPatient {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: Sex;
  nhsNumber?: string;
  mrn?: string;
  email?: string;
  phone?: string;
  /** The patients of this family name and birth date the person adding has seen and says are someone else. */
  notDuplicateOf?: string[];
}

export type PatientChanges = Partial<{
  [K in keyof Omit<NewPatient, 'notDuplicateOf'>]: NewPatient[K] | null;
}>;

export type Episode = z.infer<typeof core.Episode>;
export type NewReferral = z.input<typeof core.Referral>;
export type EpisodeEvent = z.infer<typeof core.EpisodeEvent>;
export type AllowedMove = z.infer<typeof core.AllowedMove>;
export type EpisodeDetail = z.infer<typeof core.EpisodeDetail>;
export type EpisodeSteps = EpisodeDetail['steps'];

export type PatientWithEpisodes = Patient & { episodes: Episode[] };
/** A worklist row (core.WorklistItem): what the list shows, no contact details. */
export type EpisodeWithPatient = z.infer<typeof core.Worklist>['items'][number];

export interface Worklist {
  items: EpisodeWithPatient[];
  countsByStage: Partial<Record<Stage, number>>;
}

export type AuditPage = z.infer<typeof core.AuditPage>;
export type LeftOpen = z.infer<typeof core.LeftOpen>;

// Leaflets (src/shared/api/leaflets.ts).
export type RenderedLeaflet = z.infer<typeof leafletsApi.RenderedLeaflet>;
export type LeafletIssue = z.infer<typeof leafletsApi.LeafletIssue>;
export type EpisodeLeaflet = z.infer<typeof leafletsApi.EpisodeLeaflet>;
export type MyLeaflet = z.infer<typeof leafletsApi.MyLeaflet>;
export type LeafletList = z.infer<typeof leafletsApi.LeafletList>;
export type AuditEvent = AuditPage['items'][number];

// The episode's steps (src/shared/api/steps.ts). Requests are the schemas' inputs (defaults optional).
export type TriageInput = z.input<typeof steps.TriageInput>;
export type TriageRecord = z.infer<typeof steps.TriageRecord>;
export type ScreeningInput = z.input<typeof steps.ScreeningInput>;
export type ScreeningRecord = z.infer<typeof steps.ScreeningRecord>;
export type PlanFacts = z.infer<typeof steps.PlanFacts>;
export type ProcedureListInput = z.input<typeof steps.ProcedureListInput>;
export type ProcedureList = z.infer<typeof steps.ProcedureList>;
export type ProcedureListCancelled = z.infer<typeof steps.ProcedureListCancelled>;
export type ProcedureListChange = z.input<typeof steps.ProcedureListChange>;
export type ProcedureListEntry = z.infer<typeof steps.ProcedureListDetail>['entries'][number];
export type BookingInput = z.input<typeof steps.BookingInput>;
export type BookingRecord = z.infer<typeof steps.BookingRecord>;
export type CheckInInput = z.input<typeof steps.CheckInInput>;
export type CheckInRecord = z.infer<typeof steps.CheckInRecord>;
export type Drug = DrugFacts;
export type ProcedureInput = z.input<typeof steps.ProcedureInput>;
export type ProcedureRecord = z.infer<typeof steps.ProcedureRecord>;
export type RecoveryInput = z.input<typeof steps.RecoveryInput>;
export type RecoveryRecord = z.infer<typeof steps.RecoveryRecord>;
export type DischargeInput = z.input<typeof steps.DischargeInput>;
export type DischargeRecord = z.infer<typeof steps.DischargeRecord>;
export type OutcomeReviewInput = z.input<typeof steps.OutcomeReviewInput>;
export type OutcomeReviewRecord = z.infer<typeof steps.OutcomeReviewRecord>;

// The follow-up (src/shared/api/follow-up.ts).
export type Diary = z.infer<typeof followUp.Diary>;
export type DiaryEntry = z.infer<typeof followUp.DiaryEntryRecord>;
export type DiaryEntryInput = z.input<typeof followUp.DiaryEntryInput>;
export type MyFollowUp = z.infer<typeof followUp.MyFollowUp>;
export type SymptomReportInput = z.input<typeof followUp.SymptomReportInput>;
export type SymptomReportResult = z.infer<typeof followUp.SymptomReportResult>;
export type SymptomReportRecord = z.infer<typeof followUp.SymptomReportRecord>;
export type AlertRecord = z.infer<typeof followUp.AlertRecord>;
export type AlertSummary = z.infer<typeof followUp.AlertSummary>;
export type Alerts = z.infer<typeof followUp.Alerts>;

export interface ClinicSettingsInForce {
  settings: ClinicSettings & { rules: ClinicRules };
  settingsVersion: number;
  protocol: ResolvedProtocol;
}

export type ClinicAdmin = z.infer<typeof clinicApi.ClinicAdmin>;
export type ClinicUpdate = z.input<typeof clinicApi.ClinicUpdate>;
export type SettingsVersions = z.infer<typeof clinicApi.SettingsVersions>;
export type StaffUser = z.infer<typeof usersApi.StaffUser>;
export type NewStaffUser = z.input<typeof usersApi.NewStaffUser>;
export type StaffUserChange = z.input<typeof usersApi.StaffUserChange>;
export type PasswordReset = z.input<typeof usersApi.PasswordReset>;
export type PasswordOutcome = z.infer<typeof usersApi.PasswordOutcome>;

export type Outbox = z.infer<typeof messagesApi.Outbox>;
export type OutboxMessage = Outbox['items'][number];
export type OutboxStamp = z.infer<typeof messagesApi.OutboxStamp>;
export type MyEpisodeSummary = z.infer<typeof portal.MyEpisodeSummary>;
export type MyEpisode = z.infer<typeof portal.MyEpisode>;
export type PatientChecklist = z.infer<typeof portal.PatientChecklist>;
export type PortalAccess = z.infer<typeof portal.PortalAccess>;

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
  matches?: Patient[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly errors: FieldError[];
  /** The record as it is now, sent with a 409 version conflict. */
  readonly current: unknown;
  /** The patients a `possible_duplicate` names: registered here with the same family name and birth date. */
  readonly matches: Patient[];

  constructor(status: number, body: ProblemBody) {
    super(body.detail ?? body.message ?? body.title ?? `The server answered ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.title = body.title;
    this.detail = body.detail ?? body.message;
    this.errors = Array.isArray(body.errors) ? body.errors : [];
    this.current = body.current;
    this.matches = Array.isArray(body.matches) ? body.matches : [];
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

/** Where the discharge summary PDF of an episode is, for a download link. */
export const dischargeSummaryUrl = (episodeId: string, copy: 'patient' | 'referrer') =>
  `/api/episodes/${id(episodeId)}/discharge-summary.pdf?copy=${copy}`;

/** Where the outcome letter to the referrer is, for a download link. */
export const outcomeLetterUrl = (episodeId: string) => `/api/episodes/${id(episodeId)}/outcome-letter.pdf`;

/** The patient's preparation letter for their booking, for a download link. */
export const instructionsLetterUrl = (episodeId: string) => `/api/episodes/${id(episodeId)}/instructions.pdf`;

/** The leaflet as its patient reads it, as a PDF: staff's copy and the patient's own. */
export const leafletPdfUrl = (episodeId: string) => `/api/episodes/${id(episodeId)}/leaflet.pdf`;
export const myLeafletPdfUrl = (episodeId: string) => `/api/my/episodes/${id(episodeId)}/leaflet.pdf`;

/** The procedure list as CSV, for a download link. */
export const procedureListCsvUrl = (listId: string) => `/api/procedure-lists/${id(listId)}/list.csv`;

export const api = {
  health: () => request<Health>('GET', '/api/health'),
  /** Asked only where the demo runs: a real clinic's 404 would land in every sign-in page's console. */
  demoSignIns: async () => ((await api.health()).demo ? request<DemoSignIns>('GET', '/api/demo') : null),
  /** The EHRs configured for SMART launch (sign in with your EHR). */
  smartEhrs: () => request<z.infer<typeof smart.SmartEhrLinks>>('GET', '/api/smart/ehrs'),
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

  amendReferral: (episodeId: string, body: z.input<typeof core.ReferralAmendment>) =>
    request<EpisodeDetail>('PUT', `/api/episodes/${id(episodeId)}/referral`, body),
  refer: (patientId: string, referral: NewReferral) =>
    request<Episode>('POST', `/api/patients/${id(patientId)}/episodes`, referral),
  worklist: (params: { stage?: Stage | 'open'; q?: string; date?: string }) =>
    request<Worklist>('GET', `/api/episodes${query(params)}`),
  episode: (episodeId: string) => request<EpisodeDetail>('GET', `/api/episodes/${id(episodeId)}`),
  move: (
    episodeId: string,
    body: { move: AllowedMove['move']; reason?: string | undefined; version: number },
  ) => request<Episode>('POST', `/api/episodes/${id(episodeId)}/moves`, body),

  clinicSettings: () => request<ClinicSettingsInForce>('GET', '/api/clinic/settings'),
  triage: (episodeId: string, body: TriageInput) =>
    request<EpisodeDetail>('PUT', `/api/episodes/${id(episodeId)}/triage`, body),
  screen: (episodeId: string, body: ScreeningInput) =>
    request<EpisodeDetail>('POST', `/api/episodes/${id(episodeId)}/screenings`, body),
  overrideScreening: (episodeId: string, screeningId: string, body: { reason: string; version: number }) =>
    request<EpisodeDetail>(
      'POST',
      `/api/episodes/${id(episodeId)}/screenings/${id(screeningId)}/override`,
      body,
    ),
  procedureLists: (params: { from?: string; to?: string }) =>
    request<{ items: ProcedureList[] }>('GET', `/api/procedure-lists${query(params)}`),
  procedureList: (listId: string) =>
    request<z.infer<typeof steps.ProcedureListDetail>>('GET', `/api/procedure-lists/${id(listId)}`),
  createProcedureList: (body: ProcedureListInput) =>
    request<ProcedureList>('POST', '/api/procedure-lists', body),
  changeProcedureList: (listId: string, body: ProcedureListChange) =>
    request<ProcedureList>('PATCH', `/api/procedure-lists/${id(listId)}`, body),
  cancelProcedureList: (listId: string, body: z.infer<typeof steps.ProcedureListCancel>) =>
    request<ProcedureListCancelled>('POST', `/api/procedure-lists/${id(listId)}/cancel`, body),
  book: (episodeId: string, body: BookingInput) =>
    request<EpisodeDetail>('PUT', `/api/episodes/${id(episodeId)}/booking`, body),
  checkIn: (episodeId: string, body: CheckInInput) =>
    request<EpisodeDetail>('PUT', `/api/episodes/${id(episodeId)}/check-in`, body),
  recordProcedure: (episodeId: string, body: ProcedureInput) =>
    request<EpisodeDetail>('PUT', `/api/episodes/${id(episodeId)}/procedure`, body),
  recordRecovery: (episodeId: string, body: RecoveryInput) =>
    request<EpisodeDetail>('PUT', `/api/episodes/${id(episodeId)}/recovery`, body),
  discharge: (episodeId: string, body: DischargeInput) =>
    request<EpisodeDetail>('POST', `/api/episodes/${id(episodeId)}/discharge`, body),
  recordedInjections: (episodeId: string) =>
    request<z.infer<typeof core.RecordedInjections>>(
      'GET',
      `/api/episodes/${id(episodeId)}/recorded-injections`,
    ),
  outcome: (episodeId: string) =>
    request<z.infer<typeof core.OutcomeNow>>('GET', `/api/episodes/${id(episodeId)}/outcome`),
  reviewOutcome: (episodeId: string, body: OutcomeReviewInput) =>
    request<EpisodeDetail>('PUT', `/api/episodes/${id(episodeId)}/outcome-review`, body),

  clinic: () => request<ClinicAdmin>('GET', '/api/clinic'),
  updateClinic: (body: ClinicUpdate) => request<ClinicAdmin>('PUT', '/api/clinic', body),
  settingsVersions: (before: number | null) =>
    request<SettingsVersions>('GET', `/api/clinic/settings/versions${query({ before })}`),

  users: () => request<{ items: StaffUser[] }>('GET', '/api/users'),
  addUser: (body: NewStaffUser) => request<PasswordOutcome>('POST', '/api/users', body),
  changeUser: (userId: string, body: StaffUserChange) =>
    request<StaffUser>('PATCH', `/api/users/${id(userId)}`, body),
  resetPassword: (userId: string, body: PasswordReset) =>
    request<PasswordOutcome>('POST', `/api/users/${id(userId)}/password`, body),
  setPassword: (token: string, newPassword: string) =>
    request<unknown>('POST', '/api/auth/reset-password', { token, newPassword }),

  // The follow-up: staff.
  diary: (episodeId: string) => request<Diary>('GET', `/api/episodes/${id(episodeId)}/diary`),
  addDiaryEntryForPatient: (episodeId: string, body: DiaryEntryInput) =>
    request<DiaryEntry>('POST', `/api/episodes/${id(episodeId)}/diary`, body),
  symptomReports: (episodeId: string) =>
    request<{ items: SymptomReportRecord[] }>('GET', `/api/episodes/${id(episodeId)}/symptom-reports`),
  alerts: () => request<Alerts>('GET', '/api/alerts'),
  alertSummary: () => request<AlertSummary>('GET', '/api/alerts/summary'),
  leftOpen: () => request<LeftOpen>('GET', '/api/episodes/left-open'),
  acknowledgeAlert: (alertId: string, body: { note: string; version: number }) =>
    request<AlertRecord>('POST', `/api/alerts/${id(alertId)}/acknowledge`, body),
  openRepeat: (episodeId: string, version: number) =>
    request<Episode>('POST', `/api/episodes/${id(episodeId)}/repeat`, { version }),

  // The follow-up: the patient's own (/api/my).
  myFollowUp: () => request<MyFollowUp>('GET', '/api/my/follow-up'),
  myDiary: (episodeId: string) => request<Diary>('GET', `/api/my/episodes/${id(episodeId)}/diary`),
  addMyDiaryEntry: (episodeId: string, body: DiaryEntryInput) =>
    request<DiaryEntry>('POST', `/api/my/episodes/${id(episodeId)}/diary`, body),
  reportSymptoms: (episodeId: string, body: SymptomReportInput) =>
    request<SymptomReportResult>('POST', `/api/my/episodes/${id(episodeId)}/symptom-reports`, body),
  episodeLeaflet: (episodeId: string) =>
    request<EpisodeLeaflet>('GET', `/api/episodes/${id(episodeId)}/leaflet`),
  myLeaflet: (episodeId: string) => request<MyLeaflet>('GET', `/api/my/episodes/${id(episodeId)}/leaflet`),
  leafletFeedback: (episodeId: string, helpful: boolean) =>
    request<LeafletIssue>('POST', `/api/my/episodes/${id(episodeId)}/leaflet/feedback`, { helpful }),
  leaflets: () => request<LeafletList>('GET', '/api/leaflets'),

  outbox: (cursor: string | null, limit = 50) =>
    request<Outbox>('GET', `/api/messages${query({ cursor, limit })}`),
  outboxStamp: () => request<OutboxStamp>('GET', '/api/messages/stamp'),
  portalAccess: (patientId: string) => request<PortalAccess>('GET', `/api/patients/${id(patientId)}/portal`),
  invitePatient: (patientId: string, body: { email: string; version: number }) =>
    request<PortalAccess>('POST', `/api/patients/${id(patientId)}/invitation`, body),

  // The patient's own pages. Asking for a link or a code answers the same whether or not the
  // email has an account, so nobody learns who is a patient.
  sendSignInCode: (email: string) =>
    request<unknown>('POST', '/api/auth/email-otp/send-verification-otp', { email }),
  sendSignInLink: (email: string) => request<unknown>('POST', '/api/auth/sign-in/magic-link', { email }),
  signInWithCode: (email: string, otp: string) =>
    request<unknown>('POST', '/api/auth/sign-in/email-otp', { email, otp }),
  myEpisodes: () => request<{ items: MyEpisodeSummary[] }>('GET', '/api/my/episodes'),
  myEpisode: (episodeId: string) => request<MyEpisode>('GET', `/api/my/episodes/${id(episodeId)}`),
  tickChecklist: (episodeId: string, item: string, checked: boolean) =>
    request<PatientChecklist>('PUT', `/api/my/episodes/${id(episodeId)}/checklist`, { item, checked }),

  /** The clinic's audit trail, newest first; with `patient`, only the events about that patient. */
  audit: (cursor: string | null, limit = 50, patient?: string) =>
    request<AuditPage>('GET', `/api/audit${query({ cursor, limit, patient })}`),

  /** The outcomes dashboard; empty filters are left out. */
  dashboard: (filters: Record<string, string>) =>
    request<z.infer<typeof dashboardApi.Dashboard>>('GET', `/api/dashboard${query(filters)}`),
};
