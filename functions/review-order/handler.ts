/** Workflow task Review (R-PROC-3, R-PROC-4): the whole state in, the next state out. */
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { approvalStateSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { reviewOrder } from '#shared/use-cases/review-order.ts';

/** What this task uses besides the table (its manifest entry grants exactly these). */
export const NEEDS: readonly WorkflowNeed[] = ['mail', 'staff', 'robots'];

export const handler = observed(async (event: unknown) =>
  reviewOrder(await workflowDeps(NEEDS), parseTaskInput(approvalStateSchema, event)),
);
