/** Workflow task RequestApproval (R-APPR-1), invoked with the task token; its result is ignored: the workflow waits for the decision. */
import { workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { parseTaskInput, requestApprovalInputSchema } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { requestApproval } from '#shared/use-cases/request-approval.ts';

export const handler = observed(async (event: unknown) =>
  requestApproval(await workflowDeps(), parseTaskInput(requestApprovalInputSchema, event)),
);
