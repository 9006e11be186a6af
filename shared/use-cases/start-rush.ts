/**
 * Rush workflow, first task (R-RUSH-2, R-RUSH-3): the application goes under review, production
 * and logistics get it to assess, and the sales director is asked with a wall-clock deadline.
 */
import { historyNote } from '../domain/history-codes.ts';
import type { RushSettings } from '../domain/rush-settings.ts';
import { rushApplicationEmail } from '../notifications/rush-messages.ts';
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
    const updated = await deps.orders.update(order, {
      status: 'under_review',
      updatedAt: at,
      history: {
        at,
        actor: 'workflow',
        action: 'rush-filed',
        from: 'received',
        to: 'under_review',
        ...historyNote('rush.filed', { urgency: order.rush.urgency }),
      },
    });
    const rush = order.rush;
    await emailRoles(deps, ['production', 'logistics'], (to) => rushApplicationEmail(updated, rush, to));
  }
  return {
    orderId: order.orderId,
    next: 'request',
    step: rushStep(deps, 'sales_director', now, settings.decisionMinutes),
  };
}
