/**
 * A delivered order is closed (R-PROC-7, R-AFTER-2): by sales or ops at once, or by the
 * automatic completion some days after the last delivery when no after-sales case is open.
 * delivered → completed with who, when and why; the customer gets the satisfaction link —
 * every order, not only rush orders.
 */
import { signFeedbackToken } from '../domain/tracking-token.ts';
import type { Order } from '../entities/order-entity.ts';
import { type CustomerChannels, tellCustomer } from '../notifications/order-life-messages.ts';
import type { Clock, OrderStore } from '../ports.ts';
import { loadForAction, requireStatus } from './order-action.ts';

export const feedbackUrl = (
  deps: Pick<CustomerChannels, 'publicBaseUrl' | 'trackingSecret'>,
  orderId: string,
) => `${deps.publicBaseUrl}/feedback/${signFeedbackToken(deps.trackingSecret, orderId)}`;

export async function completeOrder(
  deps: CustomerChannels & { orders: OrderStore; clock: Clock },
  input: { orderId: string; actor: string; reason: string; expectedVersion?: number },
): Promise<Order> {
  const order = await loadForAction(deps.orders, input.orderId, input.expectedVersion);
  requireStatus(order, ['delivered'], 'completed');
  const at = deps.clock.now().toISOString();
  const updated = await deps.orders.update(order, {
    status: 'completed',
    updatedAt: at,
    history: {
      at,
      actor: input.actor,
      action: 'status',
      from: order.status,
      to: 'completed',
      reason: input.reason,
    },
  });
  await tellCustomer(deps, updated, {
    zh: '订单已完成。欢迎您对本次服务进行评价。',
    en: 'Your order is complete. Please tell us how we did.',
    link: { url: feedbackUrl(deps, order.orderId), zh: '评价本次服务', en: 'Rate our service' },
  });
  return updated;
}
