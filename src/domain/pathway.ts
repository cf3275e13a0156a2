/**
 * The SI joint injection pathway as a state machine: one episode per patient per referral.
 * The stages and the allowed moves follow ../shared/DESIGN.md ("The pathway").
 * Pure: who may act and whether a move is legal is decided here; the server only records it.
 */
import { z } from 'zod';

export const stages = [
  'referred',
  'triaged',
  'declined',
  'screened',
  'deferred',
  'scheduled',
  'checked-in',
  'performed',
  'discharged',
  'following-up',
  'outcome-reviewed',
  'closed',
] as const;
export const Stage = z.enum(stages);
export type Stage = z.infer<typeof Stage>;

export const stageLabels: Record<Stage, string> = {
  referred: 'Referred',
  triaged: 'Triaged',
  declined: 'Declined',
  screened: 'Screened',
  deferred: 'Not safe yet',
  scheduled: 'Scheduled',
  'checked-in': 'Checked in',
  performed: 'Performed',
  discharged: 'Discharged',
  'following-up': 'Following up',
  'outcome-reviewed': 'Outcome reviewed',
  closed: 'Closed',
};

export const staffRoles = ['admin', 'clinician', 'nurse'] as const;
export type StaffRole = (typeof staffRoles)[number];

interface Move {
  from: readonly Stage[];
  to: Stage;
  label: string;
  /** Who may make the move: clinical decisions stay with clinicians. */
  by: readonly StaffRole[];
  /** A move that ends or holds up care must say why, for the record and the patient's letter. */
  needsReason: boolean;
  /** A move made by recording a step's form (the record is the reason to move), not by a button. */
  form?: StepForm;
}

export const stepForms = ['triage', 'screening', 'booking', 'check-in', 'procedure', 'discharge'] as const;
export type StepForm = (typeof stepForms)[number];

const clinical: readonly StaffRole[] = ['clinician'];
const careTeam: readonly StaffRole[] = ['clinician', 'nurse'];
const open: readonly Stage[] = ['referred', 'triaged', 'screened', 'deferred', 'scheduled', 'checked-in'];

export const moves = {
  accept: {
    from: ['referred'],
    to: 'triaged',
    label: 'Accept referral',
    by: clinical,
    needsReason: false,
    form: 'triage',
  },
  decline: {
    from: ['referred'],
    to: 'declined',
    label: 'Decline referral',
    by: clinical,
    needsReason: true,
    form: 'triage',
  },
  'screen-safe': {
    from: ['triaged', 'deferred'],
    to: 'screened',
    label: 'Record screening: safe to proceed',
    by: careTeam,
    needsReason: false,
    form: 'screening',
  },
  defer: {
    from: ['triaged', 'screened', 'scheduled', 'checked-in'],
    to: 'deferred',
    label: 'Not safe yet: defer',
    by: careTeam,
    needsReason: true,
  },
  schedule: {
    from: ['screened'],
    to: 'scheduled',
    label: 'Schedule',
    by: careTeam,
    needsReason: false,
    form: 'booking',
  },
  'check-in': {
    from: ['scheduled'],
    to: 'checked-in',
    label: 'Check in',
    by: careTeam,
    needsReason: false,
    form: 'check-in',
  },
  perform: {
    from: ['checked-in'],
    to: 'performed',
    label: 'Record procedure',
    by: clinical,
    needsReason: false,
    form: 'procedure',
  },
  discharge: {
    from: ['performed'],
    to: 'discharged',
    label: 'Discharge',
    by: careTeam,
    needsReason: false,
    form: 'discharge',
  },
  'start-follow-up': {
    from: ['discharged'],
    to: 'following-up',
    label: 'Start follow-up',
    by: careTeam,
    needsReason: false,
  },
  'review-outcome': {
    from: ['following-up'],
    to: 'outcome-reviewed',
    label: 'Review outcome',
    by: clinical,
    needsReason: false,
  },
  close: {
    from: ['outcome-reviewed'],
    to: 'closed',
    label: 'Close episode',
    by: clinical,
    needsReason: false,
  },
  withdraw: {
    from: open,
    to: 'closed',
    label: 'Withdraw (patient or referrer)',
    by: careTeam,
    needsReason: true,
  },
} as const satisfies Record<string, Move>;

export type Action = keyof typeof moves;
export const actions = Object.keys(moves) as Action[];
export const ActionSchema = z.enum(actions as [Action, ...Action[]]);

export type TransitionResult =
  | { ok: true; to: Stage }
  | { ok: false; code: 'illegal_transition' | 'role_not_allowed' | 'reason_required'; message: string };

/** Decide whether `role` may apply `action` to an episode in stage `from`. */
export function transition(from: Stage, action: Action, role: StaffRole, reason?: string): TransitionResult {
  const move: Move = moves[action];
  if (!move.from.includes(from)) {
    const allowed = move.from.map((s) => stageLabels[s]).join(', ');
    return {
      ok: false,
      code: 'illegal_transition',
      message: `Cannot "${move.label.toLowerCase()}" an episode that is ${stageLabels[from].toLowerCase()}: it must be ${allowed.toLowerCase()} first.`,
    };
  }
  if (!move.by.includes(role)) {
    return {
      ok: false,
      code: 'role_not_allowed',
      message: `Only a ${move.by.join(' or ')} may "${move.label.toLowerCase()}"; you are signed in as ${role}.`,
    };
  }
  if (move.needsReason && !reason?.trim()) {
    return { ok: false, code: 'reason_required', message: `"${move.label}" needs a reason for the record.` };
  }
  return { ok: true, to: move.to };
}

/** The moves a person in `role` could make next, for the UI's buttons and forms. */
export function availableActions(
  from: Stage,
  role: StaffRole,
): { action: Action; label: string; needsReason: boolean; form: StepForm | null }[] {
  return actions
    .filter((action) => transition(from, action, role, 'x').ok)
    .map((action) => {
      const move: Move = moves[action];
      return { action, label: move.label, needsReason: move.needsReason, form: move.form ?? null };
    });
}

/** The step form that makes this move, if any: such moves are refused as bare transitions. */
export const formOf = (action: Action): StepForm | null => (moves[action] as Move).form ?? null;

export const isOpen = (stage: Stage): boolean => stage !== 'closed' && stage !== 'declined';
