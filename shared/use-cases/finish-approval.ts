/**
 * The end of the approval workflow (R-PRICE-5, R-APPR-3).
 * - approved: the order is approved; the customer is told; production and logistics are notified.
 * - rejected: the order is rejected; the reason goes to the history and to sales, never to the
 *   customer, who gets a standard message (R-APPR-3); stock is released.
 * - held: something failed that retries did not cure; the order goes on hold and sales is told,
 *   so nothing waits silently.
 * A re-run after the order already moved on changes nothing.
 */

import { historyNote } from '../domain/history-codes.ts';
import { signTrackingToken, trackingUrl } from '../domain/tracking-token.ts';
import type { ApprovalDecision } from '../entities/approval-entity.ts';
import { customerDecisionEmail, staffNotice } from '../notifications/workflow-messages.ts';
import { emailRoles, holdForWorkflowError, loadOrder, type WorkflowDeps } from './workflow-deps.ts';

export interface FinishInput {
  orderId: string;
  outcome: 'approved' | 'rejected' | 'held';
  decision?: ApprovalDecision;
  error?: { Error?: string; Cause?: string };
}

export async function finishApproval(deps: WorkflowDeps, input: FinishInput): Promise<{ status: string }> {
  const order = await loadOrder(deps, input.orderId);
  const at = deps.clock.now().toISOString();
  const link = trackingUrl(deps.publicBaseUrl, signTrackingToken(deps.linkSecret, order.orderId));

  if (input.outcome === 'approved') {
    if (order.status !== 'under_review') return { status: order.status };
    const updated = await deps.orders.update(order, {
      status: 'approved',
      updatedAt: at,
      set: { pendingApproval: null },
      history: {
        at,
        actor: 'workflow',
        action: 'status',
        from: order.status,
        to: 'approved',
        ...historyNote('approval.approved', { chain: order.approvalChain }),
      },
    });
    await deps.mailer.send(customerDecisionEmail(updated, 'approved', link));
    await emailRoles(deps, ['production', 'logistics'], (to) =>
      staffNotice(
        updated,
        to,
        [`订单已批准：${order.orderNumber}`, `Order approved: ${order.orderNumber}`],
        [`已批准，请安排生产与物流。要求交货日期 ${order.delivery.requestedDate}。`],
        [
          `is approved: please schedule production and logistics. Requested delivery ${order.delivery.requestedDate}.`,
        ],
      ),
    );
    return { status: 'approved' };
  }

  if (input.outcome === 'rejected') {
    if (order.status !== 'under_review') return { status: order.status };
    const reason = input.decision?.reason ?? 'rejected';
    const pending = order.pendingApproval;
    // Which step rejected and when it was asked: approvals per tier in the reports (R-REPORT-1).
    const approvalRejection = {
      step: pending?.role ?? 'ops',
      role: input.decision?.role ?? pending?.role ?? 'ops',
      at: input.decision?.at ?? at,
      ...(pending?.requestedAt ? { requestedAt: pending.requestedAt } : {}),
    };
    const updated = await deps.orders.update(order, {
      status: 'rejected',
      updatedAt: at,
      set: { pendingApproval: null, reservations: undefined, approvalRejection },
      history: {
        at,
        actor: input.decision?.actor ?? 'workflow',
        action: 'status',
        from: order.status,
        to: 'rejected',
        ...historyNote('approval.rejected', { role: approvalRejection.role, note: reason }),
      },
    });
    await deps.inventory.release(order.orderId, order.reservations ?? {});
    await deps.mailer.send(customerDecisionEmail(updated, 'rejected', link));
    await emailRoles(deps, ['sales'], (to) =>
      staffNotice(
        updated,
        to,
        [`订单被驳回：${order.orderNumber}`, `Order rejected: ${order.orderNumber}`],
        [`被${input.decision?.actor ?? ''}驳回，原因：${reason}`],
        [`was rejected by ${input.decision?.actor ?? ''}: ${reason}`],
      ),
    );
    return { status: 'rejected' };
  }

  if (!['received', 'under_review', 'approved'].includes(order.status)) return { status: order.status };
  const error = input.error?.Error ?? 'error';
  const updated = await holdForWorkflowError(deps, order, 'workflow', input.error);
  await emailRoles(deps, ['sales', 'ops'], (to) =>
    staffNotice(
      updated,
      to,
      [`订单暂停：${order.orderNumber}`, `Order on hold: ${order.orderNumber}`],
      [`审批流程出错（${error}），订单已暂停，请人工处理。`],
      [`is on hold: the approval workflow stopped (${error}). Please handle it by hand.`],
    ),
  );
  return { status: 'on_hold' };
}
