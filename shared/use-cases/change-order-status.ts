/**
 * Move an order to another status (R-PROC-7).
 * 1. Load the order; 404 when missing.
 * 2. Check the move against the status graph; refuse what it does not allow.
 * 3. Write the new status with who, when and why in the same conditional write (R-ARCH-2),
 *    under optimistic locking; open statuses keep the order in the work queue (R-PROC-1).
 */
import { NotFoundError } from '../domain/errors.ts';
import { assertTransition, type OrderStatus } from '../domain/status.ts';
import type { Order } from '../entities/order-entity.ts';
import type { Clock, OrderStore } from '../ports.ts';

export async function changeOrderStatus(
  deps: { orders: OrderStore; clock: Clock },
  request: { orderId: string; to: OrderStatus; actor: string; reason?: string; expectedVersion?: number },
): Promise<Order> {
  const order = await deps.orders.get(request.orderId);
  if (!order) throw new NotFoundError(`Order ${request.orderId} not found`);
  const current =
    request.expectedVersion === undefined ? order : { ...order, version: request.expectedVersion };
  assertTransition(order.status, request.to);
  const at = deps.clock.now().toISOString();
  return deps.orders.update(current, {
    status: request.to,
    updatedAt: at,
    history: {
      at,
      actor: request.actor,
      action: 'status',
      from: order.status,
      to: request.to,
      reason: request.reason,
    },
  });
}
