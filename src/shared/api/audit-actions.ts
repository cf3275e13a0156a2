/**
 * What each audit event's action code means, in words for the audit page. The code is what the
 * trail stores and `sijpath audit verify` hashes; the words are for the administrator reading it.
 * `AuditAction` is the only type the server's audit helpers take, so an event cannot be written
 * without words here: a new action is a line in `FIXED` (or a family below) or it does not compile.
 */
import { type MoveName, moves } from '../../domain/pathway.ts';
import { type StepName, stepRules } from '../../domain/steps.ts';
import { type StepRoute, stepRoute } from './steps.ts';

const FIXED = {
  'alert.acknowledge': 'Acknowledged an alert',
  'alert.list': 'Listed the alerts',
  'alert.read': 'Opened an alert',
  'auth.sign-in.smart': 'Signed in from the EHR (SMART launch)',
  'clinic.create': 'Created the clinic',
  'clinic.settings.update': 'Changed the clinic’s settings',
  'dashboard.read': 'Opened the outcomes dashboard',
  'diary.entry.create': 'Added a pain diary entry',
  'diary.read': 'Read the pain diary',
  'episode.create': 'Created an episode',
  'episode.discharge-summary.patient': 'Downloaded the discharge summary (patient’s copy)',
  'episode.discharge-summary.referrer': 'Downloaded the letter to the referrer',
  'episode.instructions-letter': 'Downloaded the instructions letter',
  'episode.leaflet.feedback': 'Gave feedback on a leaflet',
  'episode.leaflet.pdf': 'Downloaded a leaflet',
  'episode.leaflet.read': 'Read a leaflet',
  'episode.list': 'Opened the worklist',
  'episode.open.smart': 'Opened an episode from the EHR',
  'episode.outcome-letter': 'Downloaded the outcome letter',
  'episode.outcome.read': 'Read an episode’s outcome',
  'episode.patient-checklist': 'Read the patient’s checklist',
  'episode.read': 'Opened an episode',
  'episode.recorded-injections.read': 'Read the injections recorded before',
  'episode.refer': 'Recorded a referral',
  'episode.referral.amend': 'Amended a referral',
  'episode.repeat': 'Offered a repeat injection',
  'episode.screening.override': 'Overrode a screening verdict',
  'fhir.export': 'Exported the clinic’s records (FHIR)',
  'fhir.import': 'Tried to import a FHIR bundle',
  'fhir.import.created': 'Imported an episode (FHIR): new',
  'fhir.import.updated': 'Imported an episode (FHIR): updated',
  'fhir.import.unchanged': 'Imported an episode (FHIR): unchanged',
  'fhir.patient.everything': 'Exported a patient’s record (FHIR)',
  'follow-up.read': 'Read the follow-up',
  'message.list': 'Opened the outbox',
  'outcomes.export': 'Exported the outcomes data',
  'patient.create': 'Added a patient',
  'patient.invite': 'Invited a patient to the portal',
  'patient.open.smart': 'Opened a patient from the EHR',
  'patient.portal': 'Read a patient’s portal access',
  'patient.read': 'Opened a patient’s record',
  'patient.search': 'Searched the patients',
  'patient.update': 'Changed a patient’s details',
  'portal.checklist': 'Ticked the checklist (patient portal)',
  'portal.episode': 'Opened their injection (patient portal)',
  'portal.episodes': 'Opened their injections (patient portal)',
  'procedure-list.cancel': 'Cancelled a procedure list',
  'procedure-list.create': 'Created a procedure list',
  'procedure-list.export': 'Exported a procedure list',
  'procedure-list.read': 'Opened a procedure list',
  'procedure-list.update': 'Changed a procedure list',
  'smart.open.no-patient': 'Opened from the EHR with no patient',
  'smart.patient.unmatched': 'Opened from the EHR: patient not found',
  'symptom-report.advice': 'Was given advice on a symptom report',
  'symptom-report.create': 'Reported a symptom',
  'symptom-report.list': 'Read the symptom reports',
  'user.create': 'Added a user',
  'user.disable': 'Disabled a user',
  'user.enable': 'Enabled a user',
  'user.password.reset': 'Reset a user’s password',
  'user.role.change': 'Changed a user’s role',
  'user.unlock': 'Unlocked a user',
  'user.update': 'Changed a user',
} as const;

/** The CDS Hooks an EHR calls (docs/cds-hooks.md). */
export type CdsHook = keyof typeof HOOKS;
const HOOKS = {
  'order-select': 'an order being chosen',
  'order-sign': 'an order being signed',
  'patient-view': 'a patient’s chart being opened',
} as const;
/** What an EHR reports a clinician did with a card. */
const FEEDBACK = ['accepted', 'overridden'] as const;

export type AuditAction =
  | keyof typeof FIXED
  | `episode.${MoveName}`
  | `episode.${StepRoute['path']}`
  | `cds.${CdsHook}`
  | `cds.feedback.${(typeof FEEDBACK)[number]}`;

/** Each step's label by the name its save is audited under (its route: `screenings` for the screening). */
const STEP_LABELS = new Map<StepRoute['path'], string>(
  (Object.keys(stepRules) as StepName[]).map((s) => [stepRoute(s).path, stepRules[s].label]),
);

/** Every action the server may write, for documentation and tests: the type above, as a list. */
export const AUDIT_ACTIONS: readonly AuditAction[] = [
  ...(Object.keys(FIXED) as (keyof typeof FIXED)[]),
  ...(Object.keys(moves) as MoveName[]).map((m) => `episode.${m}` as const),
  ...[...STEP_LABELS.keys()].map((path) => `episode.${path}` as const),
  ...(Object.keys(HOOKS) as CdsHook[]).map((h) => `cds.${h}` as const),
  ...FEEDBACK.map((f) => `cds.feedback.${f}` as const),
];

/**
 * The action in words; an action this version does not know (an event from a newer or older
 * server, say) reads as its code, never as nothing.
 */
export function auditActionWords(action: string): string {
  if (Object.hasOwn(FIXED, action)) return FIXED[action as keyof typeof FIXED];
  const [kind, name, more] = action.split('.');
  if (kind === 'episode' && name && more === undefined) {
    // A step saved (named by its route, as `/api/episodes/:id/screenings`) or a move made.
    const step = STEP_LABELS.get(name as StepRoute['path']);
    if (step) return `Recorded: ${step}`;
    if (Object.hasOwn(moves, name)) return `Moved the episode: ${moves[name as MoveName].label}`;
  }
  if (kind === 'cds' && name === 'feedback' && (FEEDBACK as readonly string[]).includes(more ?? ''))
    return `EHR reported a card ${more}`;
  if (kind === 'cds' && name && more === undefined && Object.hasOwn(HOOKS, name))
    return `EHR asked for advice on ${HOOKS[name as keyof typeof HOOKS]}`;
  return action;
}
