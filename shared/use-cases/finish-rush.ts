/**
 * The end of a rush order's workflow (R-RUSH-4, R-RUSH-7).
 * - rejected: the order is rejected; sales gets production's explanation (the decision's
 *   capacity assessment) to pass on to the customer.
 * - delivered: the customer gets a satisfaction link; the task group is asked for the
 *   post-delivery review.
 * - held: an error the retries did not cure; the order goes on hold and sales and ops are told.
 */

import { historyNote } from '../domain/history-codes.ts';
import { signFeedbackToken } from '../domain/tracking-token.ts';
import type { ApprovalDecision } from '../entities/approval-entity.ts';
import {
  rushFeedbackEmail,
  rushHeldEmail,
  rushNotAcceptedEmail,
  rushReviewEmail,
} from '../notifications/rush-messages.ts';
import { emailRoles, holdForWorkflowError, loadOrder, type WorkflowDeps } from './workflow-deps.ts';

export async function finishRush(
  deps: WorkflowDeps,
  input: {
    orderId: string;
    outcome: 'rejected' | 'delivered' | 'held';
    decision?: ApprovalDecision;
    error?: { Error?: string };
  },
): Promise<{ status: string }> {
  const order = await loadOrder(deps, input.orderId);
  const at = deps.clock.now().toISOString();
  const sales = order.rush?.filedBy ? [order.rush.filedBy] : [];
  if (input.outcome === 'rejected') {
    if (order.status !== 'under_review') return { status: order.status };
    const explanation = input.decision?.reason ?? '—';
    const updated = await deps.orders.update(order, {
      status: 'rejected',
      updatedAt: at,
      set: { pendingApproval: null },
      history: {
        at,
        actor: input.decision?.actor ?? 'workflow',
        action: 'status',
        from: order.status,
        to: 'rejected',
        ...historyNote('rush.rejected', { note: explanation }),
      },
    });
    // R-PROC-4: a rejected rush order gives back the stock it reserved, like any order.
    await deps.inventory.release(order.orderId, order.reservations ?? {});
    if (sales.length) await deps.mailer.send(rushNotAcceptedEmail(updated, sales, explanation));
    return { status: 'rejected' };
  }
  if (input.outcome === 'delivered') {
    const link = `${deps.publicBaseUrl}/feedback/${signFeedbackToken(deps.linkSecret, order.orderId)}`;
    if (order.customer.email) await deps.mailer.send(rushFeedbackEmail(order, link));
    const group = order.rush?.taskGroup;
    const members = group ? [...new Set(Object.values(group).filter(Boolean))] : sales;
    const reviewLink = `${deps.publicBaseUrl}/staff/order.html?id=${order.orderId}`;
    if (members.length) await deps.mailer.send(rushReviewEmail(order, members, reviewLink));
    await deps.orders.update(order, {
      updatedAt: at,
      history: {
        at,
        actor: 'workflow',
        action: 'rush-delivered',
        ...historyNote('rush.delivered'),
      },
    });
    return { status: order.status };
  }
  if (!['received', 'under_review', 'approved', 'in_production'].includes(order.status))
    return { status: order.status };
  const updated = await holdForWorkflowError(deps, order, 'rush workflow', input.error);
  const error = input.error?.Error ?? 'error';
  // The filing sales rep and ops, as the approval workflow's hold does: nothing stops unseen.
  await emailRoles(deps, ['ops'], (to) => rushHeldEmail(updated, [...new Set([...sales, ...to])], error));
  return { status: 'on_hold' };
}
