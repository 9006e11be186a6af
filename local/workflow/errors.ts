/**
 * Errors of the local Step Functions API, named as AWS names them so `@aws-sdk/client-sfn` turns
 * them into its own exception classes (`TaskTimedOut`, `ExecutionAlreadyExists`, …). They become
 * `400 { "__type", "message" }` only at the HTTP edge (api-server.ts).
 */
export type SfnErrorType =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'InvalidArn'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'StateMachineDoesNotExist'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'UnknownOperationException'
  | 'ValidationException';

export class SfnApiError extends Error {
  constructor(
    readonly type: SfnErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/**
 * A failure inside a workflow, as ASL sees it: `name` is the error name Retry/Catch match on,
 * `cause` the text a Catch puts in `Cause`. `States.Runtime` and friends are neither retried nor
 * caught, as on AWS.
 */
export interface WorkflowFailure {
  error: string;
  cause?: string;
  retryable: boolean;
  catchable: boolean;
}

export function failure(error: string, cause?: string): WorkflowFailure {
  return { error, cause, retryable: true, catchable: true };
}

/** Turns whatever the interpreter threw into a WorkflowFailure (its RuntimeError carries the flags). */
export function toFailure(thrown: unknown): WorkflowFailure {
  const error = thrown as { name?: unknown; message?: unknown; isRetryable?: unknown; isCatchable?: unknown };
  const name = typeof error?.name === 'string' ? error.name : 'States.Runtime';
  return {
    error: name,
    cause: typeof error?.message === 'string' ? error.message || undefined : String(thrown),
    retryable: error?.isRetryable !== false && name !== 'States.Runtime',
    catchable: error?.isCatchable !== false && name !== 'States.Runtime',
  };
}

/** A failure of the runtime itself (bad path value, …): never retried or caught, as on AWS. */
export class StatesRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'States.Runtime';
  }
}

/** A Task that ran past its TimeoutSeconds. */
export class StatesTimeoutError extends Error {
  constructor() {
    super('');
    this.name = 'States.Timeout';
  }
}
