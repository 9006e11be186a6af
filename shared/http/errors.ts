/**
 * The HTTP edge of domain errors (STYLE.md 5): one place maps them to statuses. Unknown errors
 * become a 500 that says nothing about internals; the log gets the error, never the request
 * body (R-SEC-1).
 */

import type { FieldIssue } from '../domain/errors.ts';
import {
  AuthenticationError,
  ConflictError,
  DomainError,
  ForbiddenError,
  IdempotencyMismatchError,
  InvalidTransitionError,
  NotFoundError,
  StatusConflictError,
  ValidationError,
} from '../domain/errors.ts';
import { coded } from '../domain/issue-codes.ts';
import { errorFields, log } from '../observability/logger.ts';

export interface HttpResult {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
  /** The body is base64 of binary content (a raw email); API Gateway decodes it. */
  isBase64Encoded?: boolean;
}

/** A ready-made HTTP answer thrown from inside a handler (413, 415, 400 on bad JSON…). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly issues?: FieldIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

export function errorToResult(error: unknown): HttpResult {
  if (error instanceof HttpError) {
    return json(
      error.statusCode,
      { error: error.message, ...(error.issues ? { issues: error.issues.map(coded) } : {}) },
      error.headers,
    );
  }
  if (error instanceof ValidationError) {
    return json(400, { error: error.message, issues: error.issues.map(coded) });
  }
  if (error instanceof AuthenticationError) return json(401, { error: error.message });
  if (error instanceof ForbiddenError) return json(403, { error: error.message });
  if (error instanceof NotFoundError) return json(404, { error: error.message });
  if (error instanceof StatusConflictError) return json(409, { error: error.message, status: error.status });
  if (error instanceof ConflictError) {
    const retry = error.retryAfterSeconds;
    return json(409, { error: error.message }, retry ? { 'retry-after': String(retry) } : {});
  }
  // R-PROC-7: a refused move answers the status the order is in.
  if (error instanceof InvalidTransitionError) return json(409, { error: error.message, status: error.from });
  if (error instanceof IdempotencyMismatchError) return json(422, { error: error.message });
  if (error instanceof DomainError) return json(400, { error: error.message });
  log().error('unexpected error answered 500', errorFields(error));
  return json(500, { error: 'Something went wrong on our side; nothing was changed. Please try again.' });
}
