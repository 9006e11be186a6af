/**
 * Rush workflow, first task (R-RUSH-2, R-RUSH-3): the application goes under review, production
 * and logistics get it to assess, and the sales director is asked with a wall-clock deadline.
 * Stock is reserved like for every order (R-PROC-4); a shortage does not stop a rush
 * application — it is written in the history and in the application production assesses — and
 * a rejection or cancellation releases what was reserved.
 */

import { historyNote } from '../domain/history-codes.ts';
import type { RushSettings } from '../domain/rush-settings.ts';
import { rushApplicationEmail } from '../notifications/rush-messages.ts';
import { orderAlert } from '../notifications/staff-alerts.ts';
import { type RushState, rushStep } from './rush-state.ts';
import { emailRoles, loadOrder, type WorkflowDeps } from './workflow-deps.ts';

/** R-RUSH-2: production and logistics get the application while leadership is asked (R-RUSH-3). */
export async function startRush(
  deps: WorkflowDeps,
  settings: RushSettings,
  state: RushState,
): Promise<RushState> {
  const order = await loadOrder(deps, state.orderId);
  const now = deps.clock.now();
  if (order.status === 'received' && order.rush) {
    const at = now.toISOString();
    const lines: Record<string, number> = {};
    for (const item of order.items) lines[item.sku] = (lines[item.sku] ?? 0) + item.quantity;
    const stock = await deps.inventory.reserve(order.orderId, lines);
    let updated = await deps.orders.update(order, {
      status: 'under_review',
      updatedAt: at,
      ...(stock.reserved ? { set: { reservations: lines } } : {}),
      history: {
        at,
        actor: 'workflow',
        action: 'rush-filed',
        from: 'received',
        to: 'under_review',
        ...historyNote('rush.filed', { urgency: order.rush.urgency }),
      },
    });
    if (!stock.reserved) {
      updated = await deps.orders.update(updated, {
        updatedAt: at,
        history: {
          at,
          actor: 'workflow',
          action: 'shortage',
          ...historyNote('stock.short', {
            shortfall: stock.shortfall.map(({ sku, short }) => ({ sku, short })),
          }),
        },
      });
    }
    const rush = order.rush;
    const shortfall = stock.reserved ? [] : stock.shortfall;
    const application = updated;
    await emailRoles(deps, ['production', 'logistics'], (to) =>
      rushApplicationEmail(application, rush, to, shortfall),
    );
    const email = rushApplicationEmail(application, rush, [], shortfall);
    const [zh, en] = email.text.split('\n\n——————\n\n').map((block) => block.split('\n').slice(1));
    await deps.alerts.raise(
      orderAlert(
        'rush-order',
        application,
        [`紧急订单申请：${order.orderNumber}`, `Rush order application: ${order.orderNumber}`],
        zh ?? [],
        en ?? [],
        { at },
      ),
    );
  }
  return {
    orderId: order.orderId,
    next: 'request',
    step: rushStep(deps, 'sales_director', now, settings.decisionMinutes),
  };
}
