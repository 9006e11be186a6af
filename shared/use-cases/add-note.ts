/**
 * Any staff member notes a contact with the customer — a call, what was agreed (R-PROC-8). The
 * note is appended to the order's history, the communication record; it depends on nothing
 * read before, so it never conflicts with a concurrent change. Notes are never shown to the
 * customer (the tracking page shows status changes only). An archived order is read-only.
 */
import { NotFoundError, StatusConflictError } from '../domain/errors.ts';
import type { Order } from '../entities/order-entity.ts';
import type { Clock, OrderStore } from '../ports.ts';

export async function addNote(
  deps: { orders: OrderStore; clock: Clock },
  input: { orderId: string; actor: string; text: string },
): Promise<Order> {
  const order = await deps.orders.get(input.orderId);
  if (!order) throw new NotFoundError(`Order ${input.orderId} not found`);
  if (order.status === 'archived')
    throw new StatusConflictError('An archived order is read-only', order.status);
  const at = deps.clock.now().toISOString();
  return deps.orders.appendHistory(order.orderId, {
    at,
    actor: input.actor,
    action: 'note',
    reason: input.text,
  });
}
