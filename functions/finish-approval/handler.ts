/**
 * Workflow tasks ApproveOrder, RejectOrder and HoldOrder (R-PRICE-5). For a quotation
 * (R-QUOTE-2) approval sends it to the customer; a rejection or hold goes back to sales.
 */
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { ownCompany } from '#shared/config.ts';
import { isQuotationId } from '#shared/domain/quotation.ts';
import { finishInputSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { finishApproval } from '#shared/use-cases/finish-approval.ts';
import { finishQuotation } from '#shared/use-cases/quotations.ts';

/** What this task uses besides the table (its manifest entry grants exactly these). */
export const NEEDS: readonly WorkflowNeed[] = ['mail', 'staff', 'links'];

export const handler = observed(async (event: unknown) => {
  const deps = await workflowDeps(NEEDS);
  const input = parseTaskInput(finishInputSchema, event);
  if (isQuotationId(input.orderId) && deps.quotations) {
    // The company header of the emailed quotation (ORDERDESK_COMPANY; context `company` on AWS).
    return finishQuotation({ ...deps, quotations: deps.quotations, company: ownCompany() }, input);
  }
  return finishApproval(deps, input);
});
