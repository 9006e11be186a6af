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
import { bilingualEmail } from '../notifications/bilingual-email.ts';
import { staffNotice } from '../notifications/workflow-messages.ts';
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
    if (sales.length) {
      await deps.mailer.send(
        staffNotice(
          updated,
          sales,
          [`紧急订单未被接受：${order.orderNumber}`, `Rush order not accepted: ${order.orderNumber}`],
          [`未被接受。生产说明（请转告客户）：${explanation}`],
          [`was not accepted. Production's explanation, for the customer: ${explanation}`],
        ),
      );
    }
    return { status: 'rejected' };
  }
  if (input.outcome === 'delivered') {
    const link = `${deps.publicBaseUrl}/feedback/${signFeedbackToken(deps.linkSecret, order.orderId)}`;
    if (order.customer.email) {
      await deps.mailer.send(
        bilingualEmail({
          to: [order.customer.email],
          englishFirst: order.language === 'en',
          subject: [`请评价订单 ${order.orderNumber}`, `How did we do? Order ${order.orderNumber}`],
          zh: [
            `${order.customer.name}，您好：`,
            `您的紧急订单 ${order.orderNumber} 已送达。请花一分钟告诉我们您是否满意。`,
          ],
          en: [
            `Dear ${order.customer.name},`,
            `Your rush order ${order.orderNumber} was delivered. Please take a minute to tell us how satisfied you are.`,
          ],
          link: { url: link, zh: '评价本次订单', en: 'Rate this order' },
        }),
      );
    }
    const group = order.rush?.taskGroup;
    const members = group ? [...new Set(Object.values(group).filter(Boolean))] : sales;
    const reviewLink = `${deps.publicBaseUrl}/staff/order.html?id=${order.orderId}`;
    if (members.length) {
      await deps.mailer.send(
        bilingualEmail({
          to: members,
          subject: [`请填写交付复盘：${order.orderNumber}`, `Post-delivery review: ${order.orderNumber}`],
          zh: [
            `紧急订单 ${order.orderNumber} 已交付。请专项小组填写交付复盘：做得好的、出现的问题、改进措施。`,
          ],
          en: [
            `Rush order ${order.orderNumber} was delivered. Please record the task group's review: what went well, what went wrong, actions.`,
          ],
          link: { url: reviewLink, zh: '填写复盘', en: 'Write the review' },
        }),
      );
    }
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
  await emailRoles(deps, ['ops'], (to) =>
    staffNotice(
      updated,
      [...new Set([...sales, ...to])],
      [`紧急订单暂停：${order.orderNumber}`, `Rush order on hold: ${order.orderNumber}`],
      [`流程出错（${error}），订单已暂停，请人工处理。`],
      [`is on hold: the rush workflow stopped (${error}). Please handle it by hand.`],
    ),
  );
  return { status: 'on_hold' };
}
