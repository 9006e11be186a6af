/**
 * Assign the responsible handler of an order (R-PROC-2).
 * 1. Load the order; 404 when missing.
 * 2. If the caller says which version they saw and it is stale, refuse (409) before writing.
 * 3. Record the assignee and a history entry in one conditional write (R-ARCH-2); a concurrent
 *    change loses with a ConflictError instead of overwriting (optimistic locking).
 */
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { historyNote } from '../domain/history-codes.ts';
import type { Clock, OrderStore } from '../ports.ts';
import { type OrderView, toOrderView } from './get-order.ts';

export async function assignOrder(
  deps: { orders: OrderStore; clock: Clock },
  request: { orderId: string; assignee: string; expectedVersion?: number; actor: string },
): Promise<OrderView> {
  const order = await deps.orders.get(request.orderId);
  if (!order) throw new NotFoundError(`Order ${request.orderId} not found`);
  if (request.expectedVersion !== undefined && request.expectedVersion !== order.version) {
    throw new ConflictError(
      `Order ${order.orderNumber} was changed by someone else (version ${order.version}, you had ${request.expectedVersion})`,
    );
  }
  const at = deps.clock.now().toISOString();
  const updated = await deps.orders.update(order, {
    assignee: request.assignee,
    updatedAt: at,
    history: {
      at,
      actor: request.actor,
      action: 'assigned',
      ...historyNote('assigned', { from: order.assignee ?? undefined, to: request.assignee }),
    },
  });
  return toOrderView(updated);
}
