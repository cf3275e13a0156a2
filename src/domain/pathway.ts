/**
 * The SI joint injection pathway as a state machine: one episode per patient per referral.
 * The stages and the moves between them follow ../shared/DESIGN.md ("The pathway").
 * Pure: whether a move is legal and who may make it is decided here; the server only records it.
 *
 * Words (docs/glossary.md): a *stage* is where an episode stands; a *move* takes it from one
 * stage to another; a *step* is a record a form makes (triage, screening, …), and some steps make
 * a move when they are recorded.
 */
import { z } from 'zod';
import { careTeam, clinicianOnly, type StaffRole } from './actor.ts';
import { type Stage, stageLabels } from './stages.ts';
import type { StepName } from './steps.ts';

export { endStages, isOpen, Stage, stageLabels, stages } from './stages.ts';
export { StepName, stepNames } from './steps.ts';

interface Move {
  from: readonly Stage[];
  to: Stage;
  label: string;
  /** Who may make the move: clinical decisions stay with clinicians. */
  by: readonly StaffRole[];
  /** A move that ends or holds up care must say why, for the record and the patient's letter. */
  needsReason: boolean;
  /** The step whose record makes this move: such a move is made by saving that form, never by a button. */
  step?: StepName;
}

const open: readonly Stage[] = ['referred', 'triaged', 'screened', 'not-safe-yet', 'scheduled', 'checked-in'];

export const moves = {
  accept: {
    from: ['referred'],
    to: 'triaged',
    label: 'Accept referral',
    by: clinicianOnly,
    needsReason: false,
    step: 'triage',
  },
  decline: {
    from: ['referred'],
    to: 'declined',
    label: 'Decline referral',
    by: clinicianOnly,
    needsReason: true,
    step: 'triage',
  },
  'screen-safe': {
    from: ['triaged', 'not-safe-yet'],
    to: 'screened',
    label: 'Screened: may be booked',
    by: careTeam,
    needsReason: false,
    step: 'screening',
  },
  defer: {
    from: ['triaged', 'screened', 'scheduled', 'checked-in'],
    to: 'not-safe-yet',
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
    step: 'booking',
  },
  'cancel-booking': {
    from: ['scheduled'],
    to: 'screened',
    label: 'Cancel the booking',
    by: careTeam,
    needsReason: true,
  },
  'did-not-attend': {
    from: ['scheduled'],
    to: 'screened',
    label: 'Did not attend',
    by: careTeam,
    needsReason: false,
  },
  'check-in': {
    from: ['scheduled'],
    to: 'checked-in',
    label: 'Check in',
    by: careTeam,
    needsReason: false,
    step: 'check-in',
  },
  perform: {
    from: ['checked-in'],
    to: 'performed',
    label: 'Record procedure',
    by: clinicianOnly,
    needsReason: false,
    step: 'procedure',
  },
  discharge: {
    from: ['performed'],
    to: 'discharged',
    label: 'Discharge',
    by: careTeam,
    needsReason: false,
    step: 'discharge',
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
    by: clinicianOnly,
    needsReason: false,
    step: 'outcome-review',
  },
  close: {
    from: ['outcome-reviewed'],
    to: 'closed',
    label: 'Close episode',
    by: clinicianOnly,
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

export type MoveName = keyof typeof moves;
export const moveNames = Object.keys(moves) as MoveName[];
export const MoveNameSchema = z.enum(moveNames as [MoveName, ...MoveName[]]);

export type MoveRefusal = 'illegal_move' | 'role_not_allowed' | 'reason_required';
export type MoveResult = { ok: true; to: Stage } | { ok: false; code: MoveRefusal; message: string };

/** Decide whether `role` may make `move` on an episode in stage `from`. */
export function checkMove(from: Stage, move: MoveName, role: StaffRole, reason?: string): MoveResult {
  const m: Move = moves[move];
  if (!m.from.includes(from)) {
    const allowed = m.from.map((s) => stageLabels[s]).join(', ');
    return {
      ok: false,
      code: 'illegal_move',
      message: `Cannot "${m.label.toLowerCase()}" an episode that is ${stageLabels[from].toLowerCase()}: it must be ${allowed.toLowerCase()} first.`,
    };
  }
  if (!m.by.includes(role)) {
    return {
      ok: false,
      code: 'role_not_allowed',
      message: `Only a ${m.by.join(' or ')} may "${m.label.toLowerCase()}"; you are signed in as ${role}.`,
    };
  }
  if (m.needsReason && !reason?.trim()) {
    return { ok: false, code: 'reason_required', message: `"${m.label}" needs a reason for the record.` };
  }
  return { ok: true, to: m.to };
}

/** The moves a person in `role` could make next, for the UI's buttons and forms. */
export function allowedMoves(
  from: Stage,
  role: StaffRole,
): { move: MoveName; label: string; needsReason: boolean; step: StepName | null }[] {
  return moveNames
    .filter((move) => checkMove(from, move, role, 'x').ok)
    .map((move) => {
      const m: Move = moves[move];
      return { move, label: m.label, needsReason: m.needsReason, step: m.step ?? null };
    });
}

/** The step whose form makes this move, if any: such moves are refused as bare moves. */
export const stepOf = (move: MoveName): StepName | null => (moves[move] as Move).step ?? null;
