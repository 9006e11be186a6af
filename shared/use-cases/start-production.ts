/**
 * Production starts an approved order (R-PROD-1, R-PROC-7).
 * 1. Load the order as the caller saw it; only an approved order can start (409 otherwise).
 * 2. The planned completion date may not lie in the past (400).
 * 3. approved → in_production with the plan, who and when, in one versioned write.
 */
import { businessDay } from '../domain/calendar.ts';
import { ValidationError } from '../domain/errors.ts';
import type { Order } from '../entities/order-entity.ts';
import type { Clock, OrderStore } from '../ports.ts';
import { loadForAction, requireStatus } from './order-action.ts';

export async function startProduction(
  deps: { orders: OrderStore; clock: Clock },
  input: { orderId: string; actor: string; plannedCompletionDate: string; expectedVersion?: number },
): Promise<Order> {
  const order = await loadForAction(deps.orders, input.orderId, input.expectedVersion);
  requireStatus(order, ['approved'], 'put into production');
  const now = deps.clock.now();
  if (input.plannedCompletionDate < businessDay(now)) {
    throw new ValidationError('Invalid production plan', [
      { path: 'plannedCompletionDate', message: 'Must be today or later' },
    ]);
  }
  const at = now.toISOString();
  return deps.orders.update(order, {
    status: 'in_production',
    updatedAt: at,
    set: {
      production: {
        plannedCompletionDate: input.plannedCompletionDate,
        startedAt: at,
        startedBy: input.actor,
      },
    },
    history: {
      at,
      actor: input.actor,
      action: 'status',
      from: order.status,
      to: 'in_production',
      reason: `production started, planned completion ${input.plannedCompletionDate}`,
    },
  });
}
