/**
 * Review and stock check, the first task of the approval workflow (R-PROC-3, R-PROC-4, R-PRICE-6,
 * R-INTAKE-5).
 * 1. Load the order; a re-run after the order moved on just answers where it stands.
 * 2. Completeness and legality: lines present, contact present, delivery date still ahead;
 *    a failed check holds the order and tells sales why.
 * 3. Reserve stock for every line; a shortage holds the order and sends sales the shortfall
 *    per SKU so they can offer alternatives.
 * 4. Move the order to under_review with the reservations and SLA deadline, and tell the
 *    superior about important and urgent orders.
 */
import type { ApprovalState } from '../domain/approval-flow.ts';
import { businessDay } from '../domain/calendar.ts';
import { shortageEmail, staffNotice } from '../notifications/workflow-messages.ts';
import { emailRoles, loadOrder, type WorkflowDeps } from './workflow-deps.ts';

function reviewProblems(order: Awaited<ReturnType<typeof loadOrder>>, today: string): string[] {
  const problems: string[] = [];
  if (order.items.length === 0) problems.push('no items');
  if (!order.customer.email && !order.customer.phone) problems.push('no contact');
  if (order.items.some((i) => i.quantity <= 0)) problems.push('a quantity is not positive');
  if (order.delivery.requestedDate < today)
    problems.push(`requested date ${order.delivery.requestedDate} has passed`);
  return problems;
}

export async function reviewOrder(
  deps: WorkflowDeps,
  state: ApprovalState & { slaDeadline?: string },
): Promise<ApprovalState> {
  const order = await loadOrder(deps, state.orderId);
  if (order.status === 'under_review') return { orderId: order.orderId, next: 'prepare' };
  if (order.status !== 'received') return { orderId: order.orderId, next: 'held' };
  const now = deps.clock.now();
  const at = now.toISOString();
  const actor = 'workflow';

  const problems = reviewProblems(order, businessDay(now));
  if (problems.length > 0) {
    const reason = `R-PRICE-6 review failed: ${problems.join('; ')}`;
    await deps.orders.update(order, {
      status: 'on_hold',
      updatedAt: at,
      history: { at, actor, action: 'review', from: order.status, to: 'on_hold', reason },
    });
    await emailRoles(deps, ['sales'], (to) =>
      staffNotice(
        order,
        to,
        [`订单需处理：${order.orderNumber}`, `Order needs attention: ${order.orderNumber}`],
        [`审核未通过，已暂停：${problems.join('；')}`],
        [`failed review and is on hold: ${problems.join('; ')}`],
      ),
    );
    return { orderId: order.orderId, next: 'held' };
  }

  const lines: Record<string, number> = {};
  for (const item of order.items) lines[item.sku] = (lines[item.sku] ?? 0) + item.quantity;
  const stock = await deps.inventory.reserve(order.orderId, lines);
  if (!stock.reserved) {
    const reason = `R-PROC-4 shortage: ${stock.shortfall.map((s) => `${s.sku} short ${s.short}`).join(', ')}`;
    await deps.orders.update(order, {
      status: 'on_hold',
      updatedAt: at,
      history: { at, actor, action: 'shortage', from: order.status, to: 'on_hold', reason },
    });
    await emailRoles(deps, ['sales'], (to) => shortageEmail(order, to, stock.shortfall));
    return { orderId: order.orderId, next: 'held' };
  }

  await deps.orders.update(order, {
    status: 'under_review',
    updatedAt: at,
    set: { reservations: lines, ...(state.slaDeadline ? { slaDeadline: state.slaDeadline } : {}) },
    history: {
      at,
      actor,
      action: 'review',
      from: order.status,
      to: 'under_review',
      reason: 'complete; stock reserved',
    },
  });
  if (order.priority !== 'normal') {
    // R-INTAKE-5: important (and urgent) orders are reported to a superior.
    await emailRoles(deps, ['sales_director'], (to) =>
      staffNotice(
        order,
        to,
        [`重要订单：${order.orderNumber}`, `${order.priority} order: ${order.orderNumber}`],
        [`优先级：${order.priority === 'urgent' ? '紧急' : '重要'}，已进入审批。`],
        [`is ${order.priority} and has entered approval.`],
      ),
    );
  }
  return { orderId: order.orderId, next: 'prepare' };
}
