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
import { historyNote, problemText, type ReviewProblem } from '../domain/history-codes.ts';
import type { Order } from '../entities/order-entity.ts';
import { orderAlert } from '../notifications/staff-alerts.ts';
import { reservedLowEmail } from '../notifications/stock-messages.ts';
import { shortageEmail, staffNotice } from '../notifications/workflow-messages.ts';
import { emailRoles, loadOrder, type WorkflowDeps } from './workflow-deps.ts';

/** R-PRICE-6: what is wrong with the order, as codes (REVIEW_PROBLEMS). */
function reviewProblems(order: Order, today: string): ReviewProblem[] {
  const problems: ReviewProblem[] = [];
  if (order.items.length === 0) problems.push('noItems');
  if (!order.customer.email && !order.customer.phone) problems.push('noContact');
  if (order.items.some((i) => i.quantity <= 0)) problems.push('badQuantity');
  if (order.delivery.requestedDate < today) problems.push('datePassed');
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
    const date = order.delivery.requestedDate;
    const note = historyNote('review.failed', { problems, requestedDate: date });
    await deps.orders.update(order, {
      status: 'on_hold',
      updatedAt: at,
      history: { at, actor, action: 'review', from: order.status, to: 'on_hold', ...note },
    });
    await emailRoles(deps, ['sales'], (to) =>
      staffNotice(
        order,
        to,
        [`订单需处理：${order.orderNumber}`, `Order needs attention: ${order.orderNumber}`],
        [`审核未通过，已暂停：${problems.map((p) => problemText(p, date, 0)).join('；')}`],
        [`failed review and is on hold: ${problems.map((p) => problemText(p, date, 1)).join('; ')}`],
      ),
    );
    await deps.alerts.raise(
      orderAlert(
        'order-held',
        order,
        [`订单需处理：${order.orderNumber}`, `Order needs attention: ${order.orderNumber}`],
        [`审核未通过，已暂停：${problems.map((p) => problemText(p, date, 0)).join('；')}`],
        [`Failed review, on hold: ${problems.map((p) => problemText(p, date, 1)).join('; ')}`],
        { at },
      ),
    );
    return { orderId: order.orderId, next: 'held' };
  }

  const lines: Record<string, number> = {};
  for (const item of order.items) lines[item.sku] = (lines[item.sku] ?? 0) + item.quantity;
  const stock = await deps.inventory.reserve(order.orderId, lines);
  if (!stock.reserved) {
    const note = historyNote('stock.short', {
      shortfall: stock.shortfall.map(({ sku, short }) => ({ sku, short })),
    });
    await deps.orders.update(order, {
      status: 'on_hold',
      updatedAt: at,
      history: { at, actor, action: 'shortage', from: order.status, to: 'on_hold', ...note },
    });
    await emailRoles(deps, ['sales'], (to) => shortageEmail(order, to, stock.shortfall));
    await deps.alerts.raise(
      orderAlert(
        'order-held',
        order,
        [`库存不足：订单 ${order.orderNumber}`, `Stock shortage: order ${order.orderNumber}`],
        ['库存不足，订单已暂停：', ...stock.shortfall.map((s) => `· ${s.sku} ${s.name}：缺 ${s.short}`)],
        [
          'On hold for lack of stock:',
          ...stock.shortfall.map((s) => `· ${s.sku} ${s.name}: short by ${s.short}`),
        ],
        { at },
      ),
    );
    return { orderId: order.orderId, next: 'held' };
  }

  if (stock.low?.length) {
    // R-MASTER-2: ops hear when a reservation takes a product below its low-stock threshold.
    const low = stock.low;
    await emailRoles(deps, ['ops'], (to) => reservedLowEmail(order.orderNumber, low, to));
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
      ...historyNote('review.passed'),
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
    if (order.priority === 'urgent') {
      await deps.alerts.raise(
        orderAlert(
          'urgent-order',
          order,
          [`紧急订单：${order.orderNumber}`, `Urgent order: ${order.orderNumber}`],
          ['优先级：紧急，已进入审批。'],
          ['Urgent; it has entered approval.'],
          { at },
        ),
      );
    }
  }
  return { orderId: order.orderId, next: 'prepare' };
}
