/**
 * Structured JSON logs of every function, one logger per invocation: each line carries the
 * function name, its request id, whether the invocation was a cold start, the X-Ray trace id and
 * the order id as `correlation_id` once one is known — the fields and names of Powertools Logger,
 * written by these few lines instead of the library, which cost 20 KB of bundle and pushed the
 * workflow tasks over the 500 KB target (docs/decisions.md 15). Locally every function runs in
 * one process and invocations overlap, so the invocation's logger travels in an AsyncLocalStorage.
 *
 * Never log contact data (R-SEC-1): log ids, states and counts; errors are logged by name and a
 * message with addresses and phone numbers masked (`redact`), because AWS error messages can
 * quote the address they refused.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'aws-lambda';

export const SERVICE_NAME = 'order-desk';

/** On Lambda (the runtime sets the function name); the local runtime does not. */
export const onLambda = (): boolean => Boolean(process.env['AWS_LAMBDA_FUNCTION_NAME']);

const LEVELS = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20 } as const;
type Level = keyof typeof LEVELS;

/**
 * `POWERTOOLS_LOG_LEVEL` (or `LOG_LEVEL`) when set; else INFO on Lambda and WARN locally, so
 * `npm start` shows problems, not one line per request.
 */
export function logLevel(): Level {
  const named = (process.env['POWERTOOLS_LOG_LEVEL'] || process.env['LOG_LEVEL'] || '').toUpperCase();
  if (named in LEVELS) return named as Level;
  return onLambda() ? 'INFO' : 'WARN';
}

type Fields = Record<string, unknown>;

/** One line per call, JSON, on stdout (no runtime prefix, so CloudWatch reads it as JSON). */
export class Logger {
  private readonly threshold = LEVELS[logLevel()];

  constructor(private readonly fields: Fields = {}) {}

  /** The invocation's logger: its context fields on every line. */
  child(fields: Fields): Logger {
    return new Logger({ ...this.fields, ...fields });
  }

  setCorrelationId(id: string): void {
    this.fields['correlation_id'] = id;
  }

  debug(message: string, extra?: Fields): void {
    this.write('DEBUG', message, extra);
  }
  info(message: string, extra?: Fields): void {
    this.write('INFO', message, extra);
  }
  warn(message: string, extra?: Fields): void {
    this.write('WARN', message, extra);
  }
  error(message: string, extra?: Fields): void {
    this.write('ERROR', message, extra);
  }

  private write(level: Level, message: string, extra: Fields = {}): void {
    if (LEVELS[level] < this.threshold) return;
    const line = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: SERVICE_NAME,
      ...this.fields,
      ...extra,
    };
    (level === 'ERROR' ? process.stderr : process.stdout).write(`${JSON.stringify(line)}\n`);
  }
}

let root: Logger | undefined;
const current = new AsyncLocalStorage<Logger>();

/** The logger of the running invocation, or the process's own outside any invocation. */
export const log = (): Logger => current.getStore() ?? (root ??= new Logger());

/** Marks the rest of the invocation's lines with the order they are about. */
export function correlate(orderId: string | undefined): void {
  if (orderId) log().setCorrelationId(orderId);
}

const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[^\s@<>"'(),;:]+/g;
/** A phone number: 7+ digits with optional +, spaces, dashes, dots or parentheses, not inside a word. */
const PHONE = /(?<![\w.-])\+?\(?\d[\d\s().-]{5,}\d(?![\w.-])/g;

/** A date at the start of a candidate (2026-12-03, 2026.12.03): a date, not a phone number. */
const LEADING_DATE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}/;

function maskPhones(text: string): string {
  return text.replace(PHONE, (candidate) => {
    const date = LEADING_DATE.exec(candidate);
    if (date) return date[0] + maskPhones(candidate.slice(date[0].length));
    return (candidate.match(/\d/g)?.length ?? 0) >= 7 ? '[phone]' : candidate;
  });
}

/** Masks email addresses and phone numbers in free text (R-SEC-1); dates stay readable. */
export const redact = (text: string): string => maskPhones(text.replace(EMAIL, '[email]'));

/** An error as log fields: its name and masked message and stack, never the object it came from. */
export function errorFields(error: unknown): { error: string; reason: string; stack?: string } {
  const e = error as { name?: unknown; message?: unknown; stack?: unknown } | undefined;
  return {
    error: typeof e?.name === 'string' ? e.name : typeof error,
    reason: redact(typeof e?.message === 'string' ? e.message : String(error)).slice(0, 500),
    ...(typeof e?.stack === 'string' ? { stack: redact(e.stack).slice(0, 2000) } : {}),
  };
}

/**
 * Runs one invocation with its own logger: function name, request id, cold start, trace id, and
 * the order id from `orderId` when the event names one.
 */
export async function withInvocationLogger<R>(
  context: Context | undefined,
  coldStart: boolean,
  orderId: string | undefined,
  run: () => Promise<R>,
): Promise<R> {
  const trace = process.env['_X_AMZN_TRACE_ID']?.match(/Root=([^;]+)/)?.[1];
  const logger = (root ??= new Logger()).child({
    cold_start: coldStart,
    ...(context?.functionName
      ? {
          function_name: context.functionName,
          function_request_id: context.awsRequestId,
          function_memory_size: context.memoryLimitInMB,
        }
      : {}),
    ...(trace ? { xray_trace_id: trace } : {}),
    ...(orderId ? { correlation_id: orderId } : {}),
  });
  return current.run(logger, run);
}
