/**
 * A step's deadline passed (R-APPR-2, R-APPR-3).
 * 1. If the approver decided but the decision never reached the workflow (a crash between the
 *    two), hand that decision on instead — nothing decided is lost.
 * 2. Otherwise retire the request so its links stop working, and remind the role that missed it.
 * 3. Escalate to the next role up with a new deadline; above gm there is no one: the order goes
 *    on hold and sales is told.
 */

import { type ApprovalState, nextRoleUp, stepFor } from '../domain/approval-flow.ts';
import { roleEn, roleZh } from '../notifications/bilingual-email.ts';
import { mobilesOf, orderAlert } from '../notifications/staff-alerts.ts';
import { approvalOnHoldEmail, reminderEmail } from '../notifications/workflow-messages.ts';
import { escalateOrHold } from './escalation.ts';
import { emailRoles, loadOrder, retirePendingRequest, type WorkflowDeps } from './workflow-deps.ts';

export async function escalateApproval(deps: WorkflowDeps, state: ApprovalState): Promise<ApprovalState> {
  let order = await loadOrder(deps, state.orderId);
  const pending = order.pendingApproval;
  const role = pending?.role ?? state.step?.role ?? 'ops';
  const decided = await retirePendingRequest(deps, order);
  if (decided)
    return { orderId: order.orderId, next: 'decided', step: state.step ?? null, decision: decided };
  const now = deps.clock.now();
  const at = now.toISOString();
  const up = nextRoleUp(role);
  await emailRoles(deps, [role], (to) => reminderEmail(order, to, role, up));
  if (up) {
    await escalateOrHold(deps, order, at, { up: true, note: ['approval.escalated', { role, to: up }] });
    await deps.alerts.raise(
      orderAlert(
        'approval-escalated',
        order,
        [`审批升级：订单 ${order.orderNumber}`, `Approval escalated: order ${order.orderNumber}`],
        [`${roleZh(role)}未在时限内审批，已升级至${roleZh(up)}。`],
        [`The ${roleEn(role)} did not decide in time; escalated to the ${roleEn(up)}.`],
        { at, mobiles: mobilesOf(await deps.staff.members(up)) },
      ),
    );
    return {
      orderId: order.orderId,
      next: 'request',
      step: stepFor(up, now, deps.calendar, deps.deadlineHours, role, deps.timeScale),
    };
  }
  order = await escalateOrHold(deps, order, at, { up: false, note: ['approval.lastMissed', { role }] });
  await emailRoles(deps, ['sales'], (to) => approvalOnHoldEmail(order, to));
  await deps.alerts.raise(
    orderAlert(
      'order-held',
      order,
      [`订单暂停：${order.orderNumber}`, `Order on hold: ${order.orderNumber}`],
      ['总经理未在时限内审批，订单已暂停，请销售跟进。'],
      ['The general manager did not decide in time; the order is on hold. Sales to follow up.'],
      { at, mobiles: mobilesOf(await deps.staff.members('sales')) },
    ),
  );
  return { orderId: order.orderId, next: 'hold', step: null };
}
