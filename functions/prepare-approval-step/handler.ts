/** Workflow task PrepareStep (R-PRICE-5): records the decision, picks the next approver. */
import { workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { approvalStateSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { prepareApprovalStep } from '#shared/use-cases/prepare-approval-step.ts';

export const handler = observed(async (event: unknown) =>
  prepareApprovalStep(await workflowDeps(), parseTaskInput(approvalStateSchema, event)),
);
