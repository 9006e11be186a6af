/**
 * Domain errors (STYLE.md 5). Use cases throw these; only the HTTP edge
 * (shared/http/errors.ts) turns them into statuses. A 5xx never carries internals.
 */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `items.0.quantity`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DomainError';
  }
}

/** Input breaks a rule; every bad field is named. */
export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** Someone changed the item first (optimistic locking) or a replay is still in progress. */
export class ConflictError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/**
 * The order is not in a status that allows the action, or someone changed it first: the
 * answer carries the order's current status so the caller can show where it stands (R-PROC-7).
 */
export class StatusConflictError extends ConflictError {
  constructor(
    message: string,
    readonly status: string,
  ) {
    super(message);
    this.name = 'StatusConflictError';
  }
}

/** A status change the graph of R-PROC-7 does not allow. */
export class InvalidTransitionError extends DomainError {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`An order cannot go from ${from} to ${to}`);
    this.name = 'InvalidTransitionError';
  }
}

/** The same Idempotency-Key was used with a different request body (R-INTAKE-4). */
export class IdempotencyMismatchError extends DomainError {
  constructor() {
    super('This Idempotency-Key was already used with a different request');
    this.name = 'IdempotencyMismatchError';
  }
}

export class AuthenticationError extends DomainError {
  constructor(message = 'Sign in first') {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/** R-SEC-2: authenticated, but the role may not do this. */
export class ForbiddenError extends DomainError {
  constructor(message = 'Your role may not do this') {
    super(message);
    this.name = 'ForbiddenError';
  }
}
