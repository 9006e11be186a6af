/**
 * Production reports an order finished and ready to ship (R-PROD-1). The status stays
 * `in_production` (shipping moves it on, R-PROC-7); the finish is recorded with who and when,
 * once — a second finish is a 409.
 */
import { StatusConflictError } from '../domain/errors.ts';
import type { Order } from '../entities/order-entity.ts';
import type { Clock, OrderStore } from '../ports.ts';
import { loadForAction, requireStatus } from './order-action.ts';

export async function finishProduction(
  deps: { orders: OrderStore; clock: Clock },
  input: { orderId: string; actor: string; expectedVersion?: number },
): Promise<Order> {
  const order = await loadForAction(deps.orders, input.orderId, input.expectedVersion);
  requireStatus(order, ['in_production'], 'finished by production');
  if (order.production?.finishedAt) {
    throw new StatusConflictError('Production of this order is finished already', order.status);
  }
  const at = deps.clock.now().toISOString();
  return deps.orders.update(order, {
    updatedAt: at,
    set: { production: { ...order.production, finishedAt: at, finishedBy: input.actor } },
    history: {
      at,
      actor: input.actor,
      action: 'production-finished',
      reason: 'production finished; ready to ship',
    },
  });
}
