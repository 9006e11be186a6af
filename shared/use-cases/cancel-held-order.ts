/**
 * gm cancels a held order (R-PROC-7, R-PROC-4); other cancellations go through change requests.
 * 1. Only an order on hold (409 otherwise).
 * 2. on_hold → cancelled with the reason (and the internal note) in the history.
 * 3. Its reserved stock is released — after the write, as a rejection does, so a retry finds
 *    nothing left to release — and the customer is told the reason by email and SMS. The note
 *    never reaches the customer.
 */
import type { Order } from '../entities/order-entity.ts';
import { type CustomerChannels, tellCustomer } from '../notifications/order-life-messages.ts';
import type { Clock, InventoryStore, OrderStore } from '../ports.ts';
import { loadForAction, requireStatus } from './order-action.ts';

export async function cancelHeldOrder(
  deps: CustomerChannels & { orders: OrderStore; clock: Clock; inventory: Pick<InventoryStore, 'release'> },
  input: { orderId: string; actor: string; reason: string; note?: string; expectedVersion?: number },
): Promise<Order> {
  const order = await loadForAction(deps.orders, input.orderId, input.expectedVersion);
  requireStatus(order, ['on_hold'], 'cancelled here (only held orders; others go through a change request)');
  const at = deps.clock.now().toISOString();
  const updated = await deps.orders.update(order, {
    status: 'cancelled',
    updatedAt: at,
    set: { reservations: undefined, pendingApproval: null },
    history: {
      at,
      actor: input.actor,
      action: 'status',
      from: order.status,
      to: 'cancelled',
      reason: input.note ? `${input.reason} (note: ${input.note})` : input.reason,
    },
  });
  await deps.inventory.release(order.orderId, order.reservations ?? {});
  await tellCustomer(deps, updated, {
    zh: `您的订单已取消。原因：${input.reason}。如有疑问请联系我们。`,
    en: `Your order is cancelled. Reason: ${input.reason}. Please contact us with any questions.`,
    sms: true,
  });
  return updated;
}
