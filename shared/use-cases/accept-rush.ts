/**
 * Rush workflow (R-RUSH-4, R-RUSH-5): leadership accepted. The task group is formed and told;
 * where the price needs gm (R-PRICE-4) gm confirms first; then the order is approved and goes
 * into production, and the progress loop starts (R-RUSH-6).
 */
import { historyNote } from '../domain/history-codes.ts';
import type { RushSettings } from '../domain/rush-settings.ts';
import type { Order } from '../entities/order-entity.ts';
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
    // A re-run after production started: only the progress loop continues.
    return {
      orderId: order.orderId,
      next: 'progress',
      interval,
      windowStart: rush.loopStartedAt ?? at,
      window: 0,
    };
  }
  if (!rush.decision) {
    order = await formTaskGroup(deps, settings, order, decision);
    if (order.approvalTier === 'gm' && decision.role !== 'gm') {
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
  await startProduction(deps, order, at);
  return { orderId: order.orderId, next: 'progress', interval, windowStart: at, window: 0 };
}

type Decision = NonNullable<RushState['decision']>;

/** The leadership decision recorded with the task group (lead, sales, production, logistics), who are told. */
async function formTaskGroup(
  deps: WorkflowDeps,
  settings: RushSettings,
  order: Order,
  decision: Decision,
): Promise<Order> {
  const rush = order.rush!;
  const record = {
    decision: decision.decision,
    actor: decision.actor,
    role: decision.role,
    at: decision.at,
    ...(decision.reason ? { reason: decision.reason } : {}),
  };
  const [production] = await deps.staff.members('production');
  const [logistics] = await deps.staff.members('logistics');
  const taskGroup = {
    lead: decision.actor,
    sales: rush.filedBy,
    production: production?.email ?? '',
    logistics: logistics?.email ?? '',
  };
  const accepted = await deps.orders.update(order, {
    updatedAt: deps.clock.now().toISOString(),
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
  await mailTo(deps, members, (to) => rushTaskGroupEmail(accepted, to, taskGroup, settings));
  return accepted;
}

/** Approved, then in production at once, with the progress loop's counters at zero (R-RUSH-6). */
async function startProduction(deps: WorkflowDeps, order: Order, at: string): Promise<void> {
  const approved = await deps.orders.update(order, {
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
  await deps.orders.update(approved, {
    status: 'in_production',
    updatedAt: at,
    set: { rush: { ...approved.rush!, loopStartedAt: at, missed: { sales: 0, production: 0 } } },
    history: {
      at,
      actor: 'workflow',
      action: 'status',
      from: 'approved',
      to: 'in_production',
      ...historyNote('rush.production'),
    },
  });
}
