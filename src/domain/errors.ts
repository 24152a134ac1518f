/**
 * The one catalogue of error codes that cross the API. docs/errors.md lists every code here and a
 * test keeps the two in step. Codes are stable: clients switch on them, so never rename one.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: {
    status: 400,
    summary: 'The request did not match the schema; details list each field path.',
  },
  INVALID_JSON: { status: 400, summary: 'The request body is not valid JSON.' },
  UNAUTHENTICATED: { status: 401, summary: 'No API token, or one that is unknown, revoked or expired.' },
  FORBIDDEN: { status: 403, summary: "The token's role may not do this." },
  NOT_FOUND: { status: 404, summary: 'No such resource, or no such route.' },
  CONFLICT: {
    status: 409,
    summary: 'The change clashes with the current state (a duplicate name, a stale edit).',
  },
  CHECKS_NOT_GREEN: {
    status: 409,
    summary:
      'The incident still has alerts firing or checks not passed again; resolve with force to override.',
  },
  LINK_INVALID: { status: 403, summary: 'The signed link was not made by this server, or was altered.' },
  SIGNATURE_INVALID: {
    status: 403,
    summary: "The webhook's signature does not match a secret Vigil holds for its sender.",
  },
  LINK_EXPIRED: { status: 410, summary: 'The signed link has expired; act from the API or the UI instead.' },
  POSTMORTEM_INCOMPLETE: {
    status: 409,
    summary: 'A postmortem is complete only when every action item is done, or dropped with a reason.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, summary: 'The request body is larger than the server accepts.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, summary: 'The request body is not JSON.' },
  RATE_LIMITED: { status: 429, summary: 'Too many requests; retry after the time in Retry-After.' },
  INTERNAL: { status: 500, summary: 'An unexpected error; the log has the details under the request id.' },
  STORE_UNAVAILABLE: { status: 503, summary: "Vigil's own store cannot be reached or is not migrated." },
  OVERLOADED: {
    status: 503,
    summary: 'The server is short of memory or event-loop time; retry after the time in Retry-After.',
  },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetail {
  path: string;
  message: string;
}

/** An expected failure with a stable code. Unexpected errors are never turned into one. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

/** Too many requests: the answer carries `Retry-After` with these seconds. */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super('RATE_LIMITED', message);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

export const notFound = (what: string, id: string) => new AppError('NOT_FOUND', `${what} ${id} not found`);
