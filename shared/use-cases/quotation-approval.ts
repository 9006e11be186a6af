/**
 * Quotations in the approval workflow (R-QUOTE-2, R-PRICE-5): the Review task (nothing to
 * reserve), and its end — approved: emailed to the customer as the company's document with the
 * signed link and `sent`; rejected or held: back to sales with the reason.
 */
import { quotationAsOrder } from '../adapters/approval-subjects.ts';
import { type Company, DEMO_COMPANY } from '../domain/company.ts';
import { historyNote } from '../domain/history-codes.ts';
import { quotationLinkUrl, signQuotationToken } from '../domain/quotation.ts';
import { quotationEmail } from '../notifications/quotation-document.ts';
import { staffNotice } from '../notifications/workflow-messages.ts';
import type { Clock, Mailer, QuotationStore, StaffDirectory } from '../ports.ts';
import type { FinishInput } from './finish-approval.ts';
import { loadQuotation } from './quotation-drafts.ts';
import { emailRoles } from './workflow-deps.ts';

export interface QuotationWorkflowDeps {
  quotations: QuotationStore;
  mailer: Mailer;
  staff: StaffDirectory;
  clock: Clock;
  linkSecret: string;
  publicBaseUrl: string;
  company?: Company;
}

/** The Review task of a quotation: nothing to reserve; a submitted one goes to its chain. */
export async function reviewQuotation(deps: Pick<QuotationWorkflowDeps, 'quotations'>, id: string) {
  const q = await loadQuotation(deps, id);
  return { orderId: id, next: q.status === 'submitted' ? ('prepare' as const) : ('held' as const) };
}

/** ApproveOrder / RejectOrder / HoldOrder of a quotation (R-QUOTE-2, R-PRICE-5). */
export async function finishQuotation(deps: QuotationWorkflowDeps, input: FinishInput) {
  const q = await loadQuotation(deps, input.orderId);
  const at = deps.clock.now().toISOString();
  const sales = (zh: string, en: string) =>
    emailRoles(deps, ['sales'], (to) =>
      staffNotice(
        quotationAsOrder(q),
        to,
        [`报价单：${q.quotationNumber}`, `Quotation ${q.quotationNumber}`],
        [zh],
        [en],
      ),
    );
  if (q.status !== 'submitted') return { status: q.status };
  if (input.outcome === 'approved') {
    const approved = await deps.quotations.update(q, {
      status: 'approved',
      updatedAt: at,
      set: { pendingApproval: null, approvedAt: at },
      history: {
        at,
        actor: 'workflow',
        action: 'status',
        from: 'submitted',
        to: 'approved',
        ...historyNote('approval.approved', { chain: q.approvalChain }),
      },
    });
    const link = quotationLinkUrl(deps.publicBaseUrl, signQuotationToken(deps.linkSecret, q.quotationId));
    await deps.mailer.send(quotationEmail(approved, deps.company ?? DEMO_COMPANY, link));
    await deps.quotations.update(approved, {
      status: 'sent',
      updatedAt: at,
      set: { sentAt: at },
      history: {
        at,
        actor: 'workflow',
        action: 'sent',
        from: 'approved',
        to: 'sent',
        ...historyNote('quotation.sent', { to: q.customer.email, validUntil: q.validUntil }),
      },
    });
    await sales(
      `已批准并发送给客户，有效期至 ${q.validUntil}。`,
      `was approved and sent to the customer, valid until ${q.validUntil}.`,
    );
    return { status: 'sent' };
  }
  if (input.outcome === 'rejected') {
    const reason = input.decision?.reason ?? 'rejected';
    const pending = q.pendingApproval;
    await deps.quotations.update(q, {
      status: 'rejected',
      updatedAt: at,
      set: {
        pendingApproval: null,
        approvalRejection: {
          step: pending?.role ?? 'ops',
          role: input.decision?.role ?? pending?.role ?? 'ops',
          at: input.decision?.at ?? at,
          ...(pending?.requestedAt ? { requestedAt: pending.requestedAt } : {}),
        },
      },
      history: {
        at,
        actor: input.decision?.actor ?? 'workflow',
        action: 'status',
        from: 'submitted',
        to: 'rejected',
        ...historyNote('approval.rejected', { role: input.decision?.role ?? pending?.role, note: reason }),
      },
    });
    // R-PRICE-6 style: back to sales with the reason; the customer hears nothing.
    await sales(
      `被${input.decision?.actor ?? ''}驳回，原因：${reason}`,
      `was rejected by ${input.decision?.actor ?? ''}: ${reason}`,
    );
    return { status: 'rejected' };
  }
  await deps.quotations.update(q, {
    status: 'withdrawn',
    updatedAt: at,
    set: { pendingApproval: null },
    history: {
      at,
      actor: 'workflow',
      action: 'status',
      from: 'submitted',
      to: 'withdrawn',
      ...historyNote('workflow.stopped', {
        workflow: 'order-approval',
        error: input.error?.Error ?? 'error',
      }),
    },
  });
  await sales('审批流程停止，报价单已退回销售。', 'is back with sales: the approval workflow stopped.');
  return { status: 'withdrawn' };
}
