/** Workflow tasks ApproveOrder, RejectOrder and HoldOrder (R-PRICE-5). */
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { finishInputSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { finishApproval } from '#shared/use-cases/finish-approval.ts';

/** What this task uses besides the table (its manifest entry grants exactly these). */
export const NEEDS: readonly WorkflowNeed[] = ['mail', 'staff', 'links'];

export const handler = observed(async (event: unknown) =>
  finishApproval(await workflowDeps(NEEDS), parseTaskInput(finishInputSchema, event)),
);
