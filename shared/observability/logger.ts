/**
 * Structured JSON logs of every function (Powertools Logger), one logger per invocation: each line
 * carries the function name, its request id, whether the invocation was a cold start, and the
 * order id as `correlation_id` once one is known. Locally every function runs in one process and
 * invocations overlap, so the invocation's logger travels in an AsyncLocalStorage instead of being
 * one module-level instance (Powertools scopes its state per invocation only inside Lambda).
 *
 * Never log contact data (R-SEC-1): log ids, states and counts; errors are logged by name and a
 * message with addresses and phone numbers masked (`redact`), because AWS error messages can
 * quote the address they refused.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

export const SERVICE_NAME = 'order-desk';

/** On Lambda (the runtime sets the function name); the local runtime does not. */
export const onLambda = (): boolean => Boolean(process.env['AWS_LAMBDA_FUNCTION_NAME']);

/**
 * `POWERTOOLS_LOG_LEVEL` when set; else INFO on Lambda and WARN locally, so `npm start` shows
 * problems, not one line per request.
 */
export const defaultLogLevel = (): string =>
  process.env['POWERTOOLS_LOG_LEVEL'] || (onLambda() ? 'INFO' : 'WARN');

let root: Logger | undefined;
const rootLogger = (): Logger =>
  (root ??= new Logger({ serviceName: SERVICE_NAME, logLevel: defaultLogLevel() as 'INFO' }));

const current = new AsyncLocalStorage<Logger>();

/** The logger of the running invocation, or the process's own outside any invocation. */
export const log = (): Logger => current.getStore() ?? rootLogger();

/** Marks the rest of the invocation's lines with the order they are about. */
export function correlate(orderId: string | undefined): void {
  if (orderId) log().setCorrelationId(orderId);
}

const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[^\s@<>"'(),;:]+/g;
/** A phone number: 7+ digits with optional +, spaces, dashes, dots or parentheses, not inside a word. */
const PHONE = /(?<![\w.-])\+?\(?\d[\d\s().-]{5,}\d(?![\w.-])/g;

/** Masks email addresses and phone numbers in free text (R-SEC-1). */
export const redact = (text: string): string => text.replace(EMAIL, '[email]').replace(PHONE, '[phone]');

/** An error as a log attribute: its name and masked message, never the object it came from. */
export function errorFields(error: unknown): { error: string; reason: string; stack?: string } {
  const e = error as { name?: unknown; message?: unknown; stack?: unknown } | undefined;
  return {
    error: typeof e?.name === 'string' ? e.name : typeof error,
    reason: redact(typeof e?.message === 'string' ? e.message : String(error)).slice(0, 500),
    ...(typeof e?.stack === 'string' ? { stack: redact(e.stack).slice(0, 2000) } : {}),
  };
}

/**
 * Runs one invocation with its own logger: function name, request id, cold start, and the order
 * id from `orderId` when the event names one.
 */
export async function withInvocationLogger<R>(
  context: Context | undefined,
  coldStart: boolean,
  orderId: string | undefined,
  run: () => Promise<R>,
): Promise<R> {
  const logger = rootLogger().createChild();
  if (context?.functionName) logger.addContext(context);
  // Ours, not Powertools' own flag: that one is per logger (this one lives for one invocation)
  // and reads a variable only Lambda sets.
  logger.appendKeys({ cold_start: coldStart });
  if (orderId) logger.setCorrelationId(orderId);
  return current.run(logger, run);
}
