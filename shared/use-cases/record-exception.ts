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
import { orderAlert } from '../notifications/staff-alerts.ts';
import type { Clock, OrderStore, StaffAlerts } from '../ports.ts';

/** How staff name each kind of exception in a robot message. */
const EXCEPTION_WORDS: Partial<Record<string, [string, string]>> = {
  shortage: ['缺货', 'shortage'],
  damage: ['损坏', 'damage'],
  delay: ['延误', 'delay'],
  quality: ['质量', 'quality'],
};

import { loadForAction, requireStatus } from './order-action.ts';

export async function recordException(
  deps: CustomerChannels & { orders: OrderStore; clock: Clock; alerts?: StaffAlerts },
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
  const kind = EXCEPTION_WORDS[input.kind] ?? [input.kind, input.kind];
  const expected = input.expectedDate;
  await deps.alerts?.raise(
    orderAlert(
      'delivery-exception',
      updated,
      [
        `交付异常（${kind[0]}）：订单 ${order.orderNumber}`,
        `Delivery exception (${kind[1]}): order ${order.orderNumber}`,
      ],
      [`处理方案：${input.plan}`, ...(expected ? [`预计日期：${expected}`] : []), `登记人：${input.actor}`],
      [`Plan: ${input.plan}`, ...(expected ? [`Expected: ${expected}`] : []), `Recorded by ${input.actor}`],
      { at },
    ),
  );
  return { order: updated, exception };
}
