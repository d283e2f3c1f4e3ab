// Expected failures of the domain. Their messages are written for the user and are safe to show;
// anything else that is thrown is a bug and reaches the user only as a generic message.

export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super("validation_failed", message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = "Sign in to continue") {
    super("unauthenticated", message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You do not have permission to do that") {
    super("forbidden", message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message = "Not found") {
    super("not_found", message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, readonly fieldErrors: FieldErrors = {}) {
    super("conflict", message);
  }
}

export class QuotaExceededError extends DomainError {
  constructor(message: string) {
    super("quota_exceeded", message);
  }
}

/** A dependency (the Kubernetes API) cannot be reached right now; retrying later may work. */
export class UnavailableError extends DomainError {
  constructor(message: string) {
    super("unavailable", message);
  }
}

export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", message);
  }
}

/** The request body is larger than the API reads (API_BODY_LIMIT_BYTES). */
export class PayloadTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    super("payload_too_large", `The request body is larger than ${limitBytes} bytes`);
  }
}

/** The HTTP status of each expected error: one table for the API and anything else that answers HTTP. */
const HTTP_STATUS: [new (...args: never[]) => DomainError, number][] = [
  [ValidationError, 422],
  [UnauthenticatedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [PayloadTooLargeError, 413],
  [QuotaExceededError, 403],
  [RateLimitedError, 429],
  [UnavailableError, 503],
];

export function httpStatusOf(error: DomainError): number {
  return HTTP_STATUS.find(([type]) => error instanceof type)?.[1] ?? 400;
}
