/**
 * Quotations, submitted (R-QUOTE-2, R-SPEC-1): into the one approval workflow — after the
 * special-requirement review where a line departs from the standard — or withdrawn, which ends
 * the waiting step (its links stop working) and the workflow.
 */
import { quotationAsOrder } from '../adapters/approval-subjects.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../domain/errors.ts';
import { historyNote } from '../domain/history-codes.ts';
import { specialOpinionSchema, specialReviewDepartments } from '../domain/quotation.ts';
import { isStaffRole } from '../domain/roles.ts';
import { answeringDepartment } from '../domain/special-review.ts';
import { toFieldIssues } from '../domain/validate.ts';
import type { Quotation } from '../entities/quotation-entity.ts';
import { staffNotice } from '../notifications/workflow-messages.ts';
import type { ApprovalStore, WorkflowEngine } from '../ports.ts';
import type { QuotationWorkflowDeps } from './quotation-approval.ts';
import { loadQuotation, type QuotationDeps, type Staff } from './quotation-drafts.ts';
import { emailRoles } from './workflow-deps.ts';

/** POST /api/quotations/{id}/submit: into the approval workflow (R-QUOTE-2). */
export async function submitQuotation(
  deps: QuotationDeps & {
    workflows: WorkflowEngine;
    notify?: Pick<QuotationWorkflowDeps, 'staff' | 'mailer'>;
    qualityRole?: string;
  },
  id: string,
  staff: Staff,
) {
  const q = await loadQuotation(deps, id);
  if (q.status !== 'draft') throw new ConflictError(`A ${q.status} quotation cannot be submitted`);
  const at = deps.clock.now().toISOString();
  const lines = q.items.flatMap((l, i) => (l.special?.length ? [String(i + 1)] : []));
  const departments = specialReviewDepartments(deps.qualityRole);
  let submitted = await deps.quotations.update(q, {
    status: 'submitted',
    updatedAt: at,
    set: {
      submittedAt: at,
      approvals: [],
      pendingApproval: null,
      specialReview: lines.length ? { departments, opinions: [] } : undefined,
    },
    history: {
      at,
      actor: staff.email,
      action: 'submitted',
      from: 'draft',
      to: 'submitted',
      ...historyNote('quotation.submitted', { chain: q.approvalChain }),
    },
  });
  if (lines.length) {
    // R-SPEC-1: the departments review the special requirements before the price approval.
    submitted = await deps.quotations.update(submitted, {
      updatedAt: at,
      history: {
        at,
        actor: 'workflow',
        action: 'special-review',
        ...historyNote('special.requested', { lines, departments }),
      },
    });
    if (deps.notify) {
      await emailRoles(deps.notify, departments.filter(isStaffRole), (to) =>
        staffNotice(
          quotationAsOrder(submitted),
          to,
          [
            `特殊要求评审：报价单 ${q.quotationNumber}`,
            `Special requirements to review: quotation ${q.quotationNumber}`,
          ],
          [`第 ${lines.join('、')} 行与产品标准不同，请在报价单页面给出意见。`],
          [
            `Lines ${lines.join(', ')} differ from the product standard: give your opinion on the quotations page.`,
          ],
        ),
      );
    }
    return submitted;
  }
  await startApproval(deps, submitted);
  return submitted;
}

// One execution per submission: a quotation withdrawn and submitted again runs anew.
const startApproval = (deps: { workflows: WorkflowEngine }, q: Quotation) =>
  deps.workflows.start('order-approval', `${q.quotationId}-${q.version}`, { orderId: q.quotationId });

/**
 * POST /api/quotations/{id}/special-review (R-SPEC-1): a department's opinion — accept (with
 * conditions) or reject with a reason — in the history. A rejection sends the quotation back to
 * sales with the reason (R-PRICE-6 style); when every department accepted, the price approval starts.
 */
export async function recordSpecialOpinion(
  deps: QuotationDeps & {
    workflows: WorkflowEngine;
    notify?: Pick<QuotationWorkflowDeps, 'staff' | 'mailer'>;
  },
  id: string,
  body: unknown,
  staff: Staff,
) {
  const parsed = specialOpinionSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError('Invalid opinion', toFieldIssues(parsed.error));
  const q = await loadQuotation(deps, id);
  const review = q.specialReview;
  if (q.status !== 'submitted' || !review)
    throw new ConflictError('No special-requirement review is waiting');
  const department = answeringDepartment(review, staff.roles);
  if (department === 'none')
    throw new ForbiddenError(`Only ${review.departments.join(', ')} give an opinion on this quotation`);
  if (department === 'answered')
    throw new ConflictError('Your department has given its opinion on this quotation');
  const at = deps.clock.now().toISOString();
  const { opinion, conditions, reason } = parsed.data;
  const record = {
    department,
    actor: staff.email,
    opinion,
    ...(conditions ? { conditions } : {}),
    ...(reason ? { reason } : {}),
    at,
  };
  const note = opinion === 'reject' ? reason : conditions;
  const opinions = [...review.opinions, record];
  const updated = await deps.quotations.update(q, {
    ...(opinion === 'reject' ? { status: 'rejected' as const } : {}),
    updatedAt: at,
    set: { specialReview: { ...review, opinions } },
    history: {
      at,
      actor: staff.email,
      action: 'special-opinion',
      ...(opinion === 'reject' ? { from: 'submitted' as const, to: 'rejected' as const } : {}),
      ...historyNote('special.opinion', { department, opinion, note }),
    },
  });
  if (opinion === 'reject') {
    if (deps.notify) {
      await emailRoles(deps.notify, ['sales'], (to) =>
        staffNotice(
          quotationAsOrder(q),
          to,
          [
            `特殊要求被驳回：报价单 ${q.quotationNumber}`,
            `Special requirements rejected: quotation ${q.quotationNumber}`,
          ],
          [`${department} 不同意：${reason}`],
          [`${department} rejected: ${reason}`],
        ),
      );
    }
    return updated;
  }
  if (review.departments.every((d) => opinions.some((o) => o.department === d && o.opinion === 'accept'))) {
    await startApproval(deps, updated);
  }
  return updated;
}

/**
 * POST /api/quotations/{id}/withdraw: the waiting step is retired (its links stop working) and
 * the workflow is told, so it ends; the history keeps everything.
 */
export async function withdrawQuotation(
  deps: QuotationDeps & { approvals: ApprovalStore; workflows: WorkflowEngine },
  id: string,
  staff: Staff,
  reason?: string,
) {
  const q = await loadQuotation(deps, id);
  if (q.status !== 'submitted') throw new ConflictError(`A ${q.status} quotation cannot be withdrawn`);
  const at = deps.clock.now().toISOString();
  const withdrawn = await deps.quotations.update(q, {
    status: 'withdrawn',
    updatedAt: at,
    set: { pendingApproval: null },
    history: {
      at,
      actor: staff.email,
      action: 'withdrawn',
      from: 'submitted',
      to: 'withdrawn',
      ...historyNote('quotation.withdrawn', { note: reason }),
    },
  });
  if (q.pendingApproval) {
    const request = await deps.approvals.supersede(q.pendingApproval.requestId);
    if (request?.taskToken) {
      // The workflow's RejectOrder then finds the quotation withdrawn and changes nothing.
      await deps.workflows.sendSuccess(request.taskToken, {
        decision: 'reject',
        reason: 'withdrawn',
        actor: staff.email,
        role: 'sales',
        at,
        requestId: request.requestId,
      });
    }
  }
  return withdrawn;
}
