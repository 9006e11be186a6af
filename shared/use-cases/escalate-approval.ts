/**
 * A step's deadline passed (R-APPR-2, R-APPR-3).
 * 1. If the approver decided but the decision never reached the workflow (a crash between the
 *    two), hand that decision on instead — nothing decided is lost.
 * 2. Otherwise retire the request so its links stop working, and remind the role that missed it.
 * 3. Escalate to the next role up with a new deadline; above gm there is no one: the order goes
 *    on hold and sales is told.
 */
import { type ApprovalState, nextRoleUp, stepFor } from '../domain/approval-flow.ts';
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
    return {
      orderId: order.orderId,
      next: 'request',
      step: stepFor(up, now, deps.calendar, deps.deadlineHours, role, deps.timeScale),
    };
  }
  order = await escalateOrHold(deps, order, at, { up: false, note: ['approval.lastMissed', { role }] });
  await emailRoles(deps, ['sales'], (to) => approvalOnHoldEmail(order, to));
  return { orderId: order.orderId, next: 'hold', step: null };
}
