/**
 * What every staff action on an order starts with: the order as the caller saw it (their
 * `expectedVersion` stands in for the stored one, so a stale page is refused by the versioned
 * write), and a clear 409 with the current status when the order is not where the action
 * applies (R-PROC-7).
 */
import { NotFoundError, StatusConflictError } from '../domain/errors.ts';
import type { OrderStatus } from '../domain/status.ts';
import type { Order } from '../entities/order-entity.ts';
import type { OrderStore } from '../ports.ts';

export async function loadForAction(
  orders: OrderStore,
  orderId: string,
  expectedVersion?: number,
): Promise<Order> {
  const order = await orders.get(orderId);
  if (!order) throw new NotFoundError(`Order ${orderId} not found`);
  return expectedVersion === undefined ? order : { ...order, version: expectedVersion };
}

export function requireStatus(order: Order, allowed: readonly OrderStatus[], action: string): void {
  if (!allowed.includes(order.status)) {
    throw new StatusConflictError(
      `An order that is ${order.status} cannot be ${action} (only when ${allowed.join(' or ')})`,
      order.status,
    );
  }
}
