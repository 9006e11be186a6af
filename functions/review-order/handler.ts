/** Workflow task Review (R-PROC-3, R-PROC-4): the whole state in, the next state out. */
import { workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { approvalStateSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { reviewOrder } from '#shared/use-cases/review-order.ts';

export const handler = observed(async (event: unknown) =>
  reviewOrder(await workflowDeps(), parseTaskInput(approvalStateSchema, event)),
);
