/**
 * A problem in delivery — shortage, damage, delay, quality (R-TRACK-3) — recorded by ops,
 * production or logistics with the plan and, when it moves, the new expected date.
 * 1. Only while the order is being fulfilled or just delivered (409 otherwise).
 * 2. One versioned write adds the exception and a history entry; the status does not change.
 * 3. The customer is told the plan by email and SMS in their language; the tracking page shows
 *    the plan and dates, never who recorded it.
 */
import { StatusConflictError } from '../domain/errors.ts';
import {
  type DeliveryException,
  EXCEPTION_STATUSES,
  type ExceptionKind,
  MAX_EXCEPTIONS,
  nextId,
} from '../domain/fulfilment.ts';
import type { Order } from '../entities/order-entity.ts';
import {
  type CustomerChannels,
  exceptionMessage,
  tellCustomer,
} from '../notifications/order-life-messages.ts';
import type { Clock, OrderStore } from '../ports.ts';
import { loadForAction, requireStatus } from './order-action.ts';

export async function recordException(
  deps: CustomerChannels & { orders: OrderStore; clock: Clock },
  input: {
    orderId: string;
    actor: string;
    kind: ExceptionKind;
    plan: string;
    expectedDate?: string;
    expectedVersion?: number;
  },
): Promise<{ order: Order; exception: DeliveryException }> {
  const order = await loadForAction(deps.orders, input.orderId, input.expectedVersion);
  requireStatus(order, EXCEPTION_STATUSES, 'given a delivery exception');
  if ((order.exceptions?.length ?? 0) >= MAX_EXCEPTIONS) {
    throw new StatusConflictError(`An order holds at most ${MAX_EXCEPTIONS} exceptions`, order.status);
  }
  const at = deps.clock.now().toISOString();
  const exception: DeliveryException = {
    exceptionId: nextId('E', order.exceptions),
    kind: input.kind,
    plan: input.plan,
    ...(input.expectedDate ? { expectedDate: input.expectedDate } : {}),
    at,
    by: input.actor,
  };
  const updated = await deps.orders.update(order, {
    updatedAt: at,
    set: { exceptions: [...(order.exceptions ?? []), exception] },
    history: {
      at,
      actor: input.actor,
      action: 'exception',
      reason: `${input.kind}: ${input.plan}${input.expectedDate ? `; expected ${input.expectedDate}` : ''}`,
    },
  });
  await tellCustomer(deps, updated, exceptionMessage(input.kind, input.plan, input.expectedDate));
  return { order: updated, exception };
}
