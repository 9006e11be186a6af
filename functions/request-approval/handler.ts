/** Workflow task RequestApproval (R-APPR-1), invoked with the task token; its result is ignored: the workflow waits for the decision. */
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { parseTaskInput, requestApprovalInputSchema } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { requestApproval } from '#shared/use-cases/request-approval.ts';

/** What this task uses besides the table (its manifest entry grants exactly these). */
export const NEEDS: readonly WorkflowNeed[] = ['mail', 'staff', 'topic', 'links', 'robots'];

export const handler = observed(async (event: unknown) =>
  requestApproval(await workflowDeps(NEEDS), parseTaskInput(requestApprovalInputSchema, event)),
);
