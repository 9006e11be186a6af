/**
 * Workflow task Review (R-PROC-3, R-PROC-4): the whole state in, the next state out. The same
 * workflow approves quotations (R-QUOTE-2): a quotation has no stock to reserve, so its review
 * only checks it is still submitted.
 */
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { isQuotationId } from '#shared/domain/quotation.ts';
import { approvalStateSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { reviewQuotation } from '#shared/use-cases/quotations.ts';
import { reviewOrder } from '#shared/use-cases/review-order.ts';

/** What this task uses besides the table (its manifest entry grants exactly these). */
export const NEEDS: readonly WorkflowNeed[] = ['mail', 'staff', 'robots'];

export const handler = observed(async (event: unknown) => {
  const deps = await workflowDeps(NEEDS);
  const state = parseTaskInput(approvalStateSchema, event);
  if (isQuotationId(state.orderId) && deps.quotations)
    return reviewQuotation({ quotations: deps.quotations }, state.orderId);
  return reviewOrder(deps, state);
});
