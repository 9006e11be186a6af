/**
 * Rush workflow (R-RUSH-4, R-RUSH-5): leadership accepted. The task group is formed and told;
 * where the price needs gm (R-PRICE-4) gm confirms first; then the order is approved and goes
 * into production, and the progress loop starts (R-RUSH-6).
 */
import { historyNote } from '../domain/history-codes.ts';
import type { RushSettings } from '../domain/rush-settings.ts';
import { rushTaskGroupEmail } from '../notifications/rush-messages.ts';
import { mailTo, type RushState, rushStep } from './rush-state.ts';
import { loadOrder, type WorkflowDeps } from './workflow-deps.ts';

/** R-RUSH-4, R-RUSH-5: accepted — the task group is formed and told, production starts. */
export async function acceptRush(
  deps: WorkflowDeps,
  settings: RushSettings,
  state: RushState,
): Promise<RushState> {
  let order = await loadOrder(deps, state.orderId);
  const rush = order.rush;
  const decision = state.decision;
  if (!rush || !decision) throw new Error('Not a decided rush order');
  const now = deps.clock.now();
  const at = now.toISOString();
  const interval = Math.round(settings.intervalMinutes * 60);
  if (['approved', 'in_production', 'shipped', 'delivered'].includes(order.status)) {
    return {
      orderId: order.orderId,
      next: 'progress',
      interval,
      windowStart: rush.loopStartedAt ?? at,
      window: 0,
    };
  }
  const record = {
    decision: decision.decision,
    actor: decision.actor,
    role: decision.role,
    at: decision.at,
    ...(decision.reason ? { reason: decision.reason } : {}),
  };
  if (!rush.decision) {
    const [production] = await deps.staff.members('production');
    const [logistics] = await deps.staff.members('logistics');
    const taskGroup = {
      lead: decision.actor,
      sales: rush.filedBy,
      production: production?.email ?? '',
      logistics: logistics?.email ?? '',
    };
    const needsGm = order.approvalTier === 'gm' && decision.role !== 'gm';
    order = await deps.orders.update(order, {
      updatedAt: at,
      set: { pendingApproval: null, rush: { ...rush, decision: record, taskGroup } },
      history: {
        at: decision.at,
        actor: decision.actor,
        action: 'rush-accepted',
        ...historyNote('rush.accepted', {
          note: decision.reason,
          group: Object.values(taskGroup).filter((m): m is string => Boolean(m)),
        }),
      },
    });
    const members = [...new Set(Object.values(taskGroup).filter(Boolean))];
    const accepted = order;
    await mailTo(deps, members, (to) => rushTaskGroupEmail(accepted, to, taskGroup, settings));
    if (needsGm) {
      // R-PRICE-4: the price needs gm; gm confirms before production starts.
      return {
        orderId: order.orderId,
        next: 'confirm',
        step: rushStep(deps, 'gm', now, settings.decisionMinutes),
      };
    }
  } else {
    order = await deps.orders.update(order, {
      updatedAt: at,
      set: { pendingApproval: null },
      history: {
        at: decision.at,
        actor: decision.actor,
        action: 'approved-step',
        ...historyNote('rush.priceConfirmed'),
      },
    });
  }
  order = await deps.orders.update(order, {
    status: 'approved',
    updatedAt: at,
    history: {
      at,
      actor: 'workflow',
      action: 'status',
      from: order.status,
      to: 'approved',
      ...historyNote('rush.approved'),
    },
  });
  order = await deps.orders.update(order, {
    status: 'in_production',
    updatedAt: at,
    set: { rush: { ...order.rush!, loopStartedAt: at, missed: { sales: 0, production: 0 } } },
    history: {
      at,
      actor: 'workflow',
      action: 'status',
      from: 'approved',
      to: 'in_production',
      ...historyNote('rush.production'),
    },
  });
  return { orderId: order.orderId, next: 'progress', interval, windowStart: at, window: 0 };
}
