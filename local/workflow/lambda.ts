/**
 * Runs a Task's function in-process with the event and context Lambda would give it, and shapes
 * the outcome the way Step Functions sees a Lambda: a thrown error becomes a task failure whose
 * error is the error's `name` and whose cause is the JSON Lambda reports
 * (`{"errorType","errorMessage"}`); the optimised integration wraps the result as
 * `{ Payload, StatusCode, … }`.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { lambdaContext } from '../api-event.ts';

export type LocalFunction = (event: unknown, context: Context) => Promise<unknown>;

/** A function's failure; `name` and `message` are what Retry/Catch see as Error and Cause. */
export class FunctionError extends Error {
  constructor(errorType: string, cause: string) {
    super(cause);
    this.name = errorType;
  }
}

export interface FunctionResolver {
  resolve(nameOrArn: string): { arn: string; name: string; handler: LocalFunction } | undefined;
  knows(nameOrArn: string): boolean;
}

const FUNCTION_ARN = /^arn:aws:lambda:[^:]+:\d{12}:function:([^:]+)(?::[^:]+)?$/;

/** Resolves a FunctionName (name, ARN, or ARN with a version/alias qualifier) to a handler. */
export function functionResolver(functions: Record<string, LocalFunction>): FunctionResolver {
  const byName = new Map<string, string>();
  for (const arn of Object.keys(functions)) {
    const name = FUNCTION_ARN.exec(arn)?.[1];
    if (name) byName.set(name, arn);
  }
  function resolve(nameOrArn: string) {
    const name = FUNCTION_ARN.exec(nameOrArn)?.[1] ?? nameOrArn;
    const arn = functions[nameOrArn] ? nameOrArn : byName.get(name);
    const handler = arn ? functions[arn] : undefined;
    return arn && handler ? { arn, name, handler } : undefined;
  }
  return { resolve, knows: (nameOrArn) => resolve(nameOrArn) !== undefined };
}

function toJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/** Invokes a function once; the result is JSON-cloned, a throw becomes a FunctionError. */
export async function invokeFunction(
  resolver: FunctionResolver,
  nameOrArn: string,
  event: unknown,
  timeoutMs = 900_000,
): Promise<unknown> {
  const target = resolver.resolve(nameOrArn);
  if (!target) {
    throw new FunctionError(
      'Lambda.ResourceNotFoundException',
      `Function not found: ${nameOrArn} (no local handler)`,
    );
  }
  try {
    return toJson(await target.handler(toJson(event), lambdaContext(target.name, timeoutMs)));
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    const errorType = error.name || 'Error';
    throw new FunctionError(errorType, JSON.stringify({ errorType, errorMessage: error.message }));
  }
}

/** What `arn:aws:states:::lambda:invoke` returns to the state machine. */
export function lambdaInvokeOutput(payload: unknown): Record<string, unknown> {
  const requestId = randomUUID();
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: { 'X-Amz-Executed-Version': ['$LATEST'], 'x-amzn-RequestId': [requestId] },
      HttpHeaders: { 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-RequestId': requestId },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** Runs a Task's resource with its effective input: direct function ARN or lambda:invoke. */
export async function runResource(
  resolver: FunctionResolver,
  resource: { kind: 'function'; functionArn: string } | { kind: 'invoke'; callback: boolean },
  input: unknown,
  timeoutMs?: number,
): Promise<unknown> {
  if (resource.kind === 'function') return invokeFunction(resolver, resource.functionArn, input, timeoutMs);
  const parameters = (input ?? {}) as { FunctionName?: unknown; Payload?: unknown };
  if (typeof parameters.FunctionName !== 'string') {
    throw new FunctionError('Lambda.InvalidParameterValueException', 'FunctionName must be a string');
  }
  const payload = await invokeFunction(
    resolver,
    parameters.FunctionName,
    parameters.Payload ?? {},
    timeoutMs,
  );
  return lambdaInvokeOutput(payload);
}
