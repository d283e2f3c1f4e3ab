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
