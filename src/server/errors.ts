/**
 * Every API error the server returns, with its HTTP status. Responses are RFC 9457 problem details
 * (application/problem+json); tests assert `code`, never the wording.
 */
export const errorCatalogue = {
  validation_failed: { status: 400, title: 'Some fields need attention' },
  unauthenticated: { status: 401, title: 'Sign in to continue' },
  forbidden: { status: 403, title: 'Your role does not allow this' },
  not_found: { status: 404, title: 'Not found' },
  version_conflict: { status: 409, title: 'Someone else changed this record' },
  illegal_transition: { status: 409, title: 'That step is not possible now' },
  duplicate_identifier: { status: 409, title: 'A patient with this identifier already exists' },
  reason_required: { status: 422, title: 'A reason is needed' },
  role_not_allowed: { status: 403, title: 'Your role does not allow this step' },
  use_step_form: { status: 409, title: 'Record this step on its form' },
  scheduling_blocked: { status: 409, title: 'This episode cannot be scheduled yet' },
  list_full: { status: 409, title: 'That procedure list is full' },
  not_safe_yet: { status: 409, title: 'Not safe to go ahead yet' },
  checklist_incomplete: { status: 422, title: 'The checklist is not complete' },
  side_mismatch: { status: 422, title: 'The sides do not match' },
  not_ready_for_discharge: { status: 422, title: 'Not ready for discharge' },
  step_out_of_order: { status: 409, title: 'That step is not possible now' },
  internal: { status: 500, title: 'Something went wrong on our side' },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: { errors?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.status = errorCatalogue[code].status;
  }
}

export function problem(code: ErrorCode, detail: string, extra: Record<string, unknown> = {}) {
  const { status, title } = errorCatalogue[code];
  return { type: `/api/problems/${code}`, title, status, detail, code, ...extra };
}
