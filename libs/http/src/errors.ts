/**
 * The error catalogue: every error the APIs return carries one of these codes, documented in docs/api.md
 * (a unit test keeps the two in step). Services throw ApiError subclasses; the filter renders them.
 */
export const errorCodes = {
  OPS_ERR_VALIDATION: { status: 400, summary: 'A field of the body, query or path is missing, mistyped or out of range.' },
  OPS_ERR_INVALID_JSON: { status: 400, summary: 'The body is not valid JSON.' },
  OPS_ERR_UNAUTHENTICATED: { status: 401, summary: 'No bearer token, or it is invalid, expired or revoked.' },
  OPS_ERR_FORBIDDEN: { status: 403, summary: 'The caller is authenticated but may not do this.' },
  OPS_ERR_NOT_FOUND: { status: 404, summary: 'No such resource visible to the caller.' },
  OPS_ERR_CONFLICT: {
    status: 409,
    summary:
      'The resource already exists (a hardware id in the same organization, a member added twice), or its state does not allow this now.',
  },
  OPS_ERR_REQUEST_TIMEOUT: { status: 408, summary: 'The request (headers or body) did not arrive in time; the connection is closed.' },
  OPS_ERR_PAYLOAD_TOO_LARGE: { status: 413, summary: 'The body exceeds the size limit (256 KiB), at the gateway as behind it.' },
  OPS_ERR_URI_TOO_LONG: { status: 414, summary: 'A path segment is longer than 512 characters.' },
  OPS_ERR_RATE_LIMITED: {
    status: 429,
    summary:
      'Too many requests (to a public route from one address, members added by one user, failed sign-ins for an account from an address); `Retry-After` says when to try again.',
  },
  OPS_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, summary: 'The body is not application/json.' },
  OPS_ERR_RANGE_NOT_IN_STREAM: {
    status: 422,
    summary: 'A replay range reaches events the stream no longer (or does not yet) hold; the message gives what it holds.',
  },
  OPS_ERR_HEADERS_TOO_LARGE: { status: 431, summary: "The request headers exceed 16 KiB (Node.js's limit); the connection is closed." },
  OPS_ERR_UPSTREAM: {
    status: 502,
    summary: 'A service this request needs did not answer (the one behind a gateway path, or the organization service for roles).',
  },
  OPS_ERR_UNAVAILABLE: { status: 503, summary: 'The service cannot reach its database right now; `Retry-After` says when to try again.' },
  OPS_ERR_INTERNAL: { status: 500, summary: 'A bug or an outage on our side; the response carries a request id to report.' },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export interface Issue {
  /** Dotted path of the offending field, e.g. `events.0`. */
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  /** Response headers that go with the error (Retry-After). */
  headers?: Record<string, string>;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = errorCodes[code].status;
  }
}

export class ValidationError extends ApiError {
  constructor(issues: Issue[]) {
    super('OPS_ERR_VALIDATION', issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), issues);
    this.name = 'ValidationError';
  }
}

export class UnauthenticatedError extends ApiError {
  constructor(message = 'a valid bearer token is required') {
    super('OPS_ERR_UNAUTHENTICATED', message);
    this.name = 'UnauthenticatedError';
  }
}

export class ForbiddenError extends ApiError {
  constructor(message: string) {
    super('OPS_ERR_FORBIDDEN', message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends ApiError {
  constructor(what: string) {
    super('OPS_ERR_NOT_FOUND', `${what} not found`);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends ApiError {
  constructor(message: string) {
    super('OPS_ERR_CONFLICT', message);
    this.name = 'ConflictError';
  }
}

export class TooManyRequestsError extends ApiError {
  constructor(message: string, retryAfterSeconds: number) {
    super('OPS_ERR_RATE_LIMITED', message);
    this.name = 'TooManyRequestsError';
    this.headers = { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) };
  }
}
