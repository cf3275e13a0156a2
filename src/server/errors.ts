/**
 * The errors a command can end with. Commands know no HTTP: they throw a DomainError with a code
 * from this list; src/server/plugins/problems.ts maps each code to its status once, at the edge,
 * and tests assert codes, never the wording.
 */
import type { FieldIssue } from '../domain/field-issue.ts';

export const errorCodes = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'cross_origin',
  'too_many_sign_ins',
  'account_locked',
  'not_found',
  'version_conflict',
  'illegal_move',
  'duplicate_identifier',
  'possible_duplicate',
  'duplicate_email',
  'not_on_own_account',
  'reason_required',
  'role_not_allowed',
  'use_step_form',
  'scheduling_blocked',
  'list_full',
  'list_cancelled',
  'not_safe_yet',
  'checklist_incomplete',
  'side_mismatch',
  'not_ready_for_discharge',
  'step_out_of_order',
  'diary_closed',
  'already_answered',
  'outside_booked_day',
  'recorded_elsewhere',
  'too_many_requests',
  'database_unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export type { FieldIssue as FieldError };

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: { errors?: FieldIssue[]; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

/** A record that is not at the caller's clinic is "not found": its existence is not confirmed. */
export function notFound(kind: string): DomainError {
  return new DomainError('not_found', `No such ${kind} at your clinic.`);
}
