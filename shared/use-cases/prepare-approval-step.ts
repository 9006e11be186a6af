/**
 * Record the decision just made and work out the next approval step (R-PRICE-5, R-APPR-3).
 * 1. When the state carries an approval, append it to the order's approvals and history.
 * 2. The next role is the first of the order's chain above everyone who approved so far.
 * 3. None left: the order is approved next. Otherwise the step with its working-hours deadline.
 */
import { type ApprovalState, nextChainRole, stepFor } from '../domain/approval-flow.ts';
import { historyNote } from '../domain/history-codes.ts';
import { loadOrder, type WorkflowDeps } from './workflow-deps.ts';

export async function prepareApprovalStep(deps: WorkflowDeps, state: ApprovalState): Promise<ApprovalState> {
  let order = await loadOrder(deps, state.orderId);
  const now = deps.clock.now();
  const decision = state.decision;
  const approvals = order.approvals ?? [];
  if (
    decision?.decision === 'approve' &&
    !approvals.some((a) => a.at === decision.at && a.actor === decision.actor)
  ) {
    const step = order.pendingApproval?.role ?? state.step?.role ?? 'ops';
    const requestedAt = order.pendingApproval?.requestedAt;
    // requestedAt: the step's answer time in the reports (R-REPORT-1).
    const record = {
      role: decision.role,
      actor: decision.actor,
      at: decision.at,
      step,
      ...(requestedAt ? { requestedAt } : {}),
    };
    order = await deps.orders.update(order, {
      updatedAt: now.toISOString(),
      set: { approvals: [...approvals, record], pendingApproval: null },
      history: {
        at: decision.at,
        actor: decision.actor,
        action: 'approved-step',
        ...historyNote('approval.step', { role: decision.role, note: decision.reason }),
      },
    });
  }
  const role = nextChainRole(order.approvalChain, order.approvals ?? []);
  if (!role) return { orderId: order.orderId, next: 'approve', step: null };
  return {
    orderId: order.orderId,
    next: 'request',
    step: stepFor(role, now, deps.calendar, deps.deadlineHours, undefined, deps.timeScale),
  };
}
