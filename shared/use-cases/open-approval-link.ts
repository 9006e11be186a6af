/**
 * The emailed approval link (R-APPR-1, R-SEC-3).
 * - GET (`showApprovalLink`): verify the signature and show the order with the decision form.
 *   It changes nothing — mail scanners open links before people do.
 * - POST (`decideByLink`): the recipient's decision, through decide-approval's rules.
 * A forged, used, expired or superseded link gets a page that says so and changes nothing.
 */
import { verifyApprovalLink } from '../domain/approval-link.ts';
import type { ApprovalOutcome, ApprovalPageView, OutcomeDetails } from '../notifications/approval-pages.ts';
import { type DecideApprovalDeps, decideApproval } from './decide-approval.ts';

export interface LinkDeps extends DecideApprovalDeps {
  linkSecret: string;
}

export type LinkPage =
  | { kind: 'form'; view: Omit<ApprovalPageView, 'actionUrl'> }
  | { kind: 'outcome'; outcome: ApprovalOutcome; details: OutcomeDetails };

const outcomePage = (outcome: ApprovalOutcome, details: OutcomeDetails): LinkPage => ({
  kind: 'outcome',
  outcome,
  details,
});

export async function showApprovalLink(
  deps: LinkDeps,
  linkId: string,
  sig: string | undefined,
): Promise<LinkPage> {
  const link = verifyApprovalLink(deps.linkSecret, linkId, sig);
  const request = link ? await deps.approvals.get(link.requestId) : undefined;
  const recipient = link && request?.recipients[link.recipient];
  if (!link || !request || !recipient) return outcomePage('invalid', {});
  const details = { orderNumber: request.orderNumber };
  if (request.status === 'decided') {
    return outcomePage('already-decided', {
      ...details,
      decidedBy: request.decision?.actor,
      decision: request.decision?.decision,
      decidedAt: request.decision?.at,
    });
  }
  if (request.status === 'superseded') return outcomePage('superseded', details);
  if (deps.clock.now().toISOString() > request.deadline) return outcomePage('expired', details);
  const order = await deps.orders.get(request.orderId);
  if (!order) return outcomePage('invalid', {});
  return {
    kind: 'form',
    view: {
      orderNumber: order.orderNumber,
      priority: order.priority,
      customerName: order.customer.name,
      ...(order.customer.company ? { company: order.customer.company } : {}),
      items: order.items.map(
        ({
          sku,
          name,
          spec,
          unit,
          quantity,
          unitPrice,
          listPrice,
          lastPrice,
          lineAmount,
          tier,
          tierReason,
        }) => ({
          sku,
          name,
          spec,
          unit,
          quantity,
          unitPrice,
          listPrice,
          lastPrice,
          lineAmount,
          tier,
          tierReason,
        }),
      ),
      totalAmount: order.totalAmount,
      currency: order.currency,
      requestedDate: order.delivery.requestedDate,
      paymentMethod: order.paymentMethod,
      role: request.role,
      approvalChain: order.approvalChain,
      approvals: (order.approvals ?? []).map(({ role, actor, at }) => ({ role, actor, at })),
      ...(request.escalatedFrom ? { escalatedFrom: request.escalatedFrom } : {}),
      deadline: request.deadline,
      recipientEmail: recipient,
    },
  };
}

export async function decideByLink(
  deps: LinkDeps,
  linkId: string,
  sig: string | undefined,
  form: { decision: 'approve' | 'reject'; reason?: string },
): Promise<LinkPage> {
  const link = verifyApprovalLink(deps.linkSecret, linkId, sig);
  if (!link) return outcomePage('invalid', {});
  const result = await decideApproval(deps, {
    requestId: link.requestId,
    decision: form.decision,
    reason: form.reason,
    by: { kind: 'link', recipient: link.recipient },
  });
  const details: OutcomeDetails = {
    ...(result.request ? { orderNumber: result.request.orderNumber } : {}),
    ...(result.decision
      ? {
          decidedBy: result.decision.actor,
          decision: result.decision.decision,
          decidedAt: result.decision.at,
        }
      : {}),
  };
  return outcomePage(result.outcome, details);
}
