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
