/** Workflow tasks ApproveOrder, RejectOrder and HoldOrder (R-PRICE-5). */
import { workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { finishInputSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { finishApproval } from '#shared/use-cases/finish-approval.ts';

export const handler = observed(async (event: unknown) =>
  finishApproval(await workflowDeps(), parseTaskInput(finishInputSchema, event)),
);
