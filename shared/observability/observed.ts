/**
 * The wrapper every handler runs in (HTTP routes through shared/http/route.ts, the others
 * directly): its own logger per invocation (function, request id, cold start, order id as
 * correlation id) and one error line, masked (R-SEC-1), when the invocation fails.
 */
import type { Context } from 'aws-lambda';
import { errorFields, log, withInvocationLogger } from './logger.ts';

/** Routes whose `{id}` is an order id: `/api/orders/{id}/…` and `/api/rush-orders/{id}/…`. */
const ORDER_ROUTE = /^(?:[A-Z]+ )?\/api\/(?:rush-)?orders\/\{id\}/;

/** The order an event is about: a workflow task's `orderId`, or an order route's `{id}`. */
export function orderIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as {
    orderId?: unknown;
    routeKey?: unknown;
    pathParameters?: Record<string, string | undefined> | null;
  };
  if (typeof e.orderId === 'string' && e.orderId) return e.orderId;
  if (typeof e.routeKey === 'string' && ORDER_ROUTE.test(e.routeKey)) return e.pathParameters?.['id'];
  return undefined;
}

/** Context is optional: tests call handlers with the event alone. */
export type Handler<E, R> = (event: E, context?: Context) => Promise<R>;

export function observed<E, R>(handler: Handler<E, R>): Handler<E, R> {
  let coldStart = true;
  return (event, context) => {
    const cold = coldStart;
    coldStart = false;
    return withInvocationLogger(context, cold, orderIdOf(event), async () => {
      try {
        return await handler(event, context);
      } catch (error) {
        log().error('invocation failed', errorFields(error));
        throw error;
      }
    });
  };
}
