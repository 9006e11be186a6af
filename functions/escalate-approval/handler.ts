/** Workflow task Escalate (R-APPR-2): the step's deadline passed. */
import { workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { approvalStateSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { escalateApproval } from '#shared/use-cases/escalate-approval.ts';

export const handler = async (event: unknown) =>
  escalateApproval(await workflowDeps(), parseTaskInput(approvalStateSchema, event));
