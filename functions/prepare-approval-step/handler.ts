/** Workflow task PrepareStep (R-PRICE-5): records the decision, picks the next approver. */
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { approvalStateSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { prepareApprovalStep } from '#shared/use-cases/prepare-approval-step.ts';

/** What this task uses besides the table (its manifest entry grants exactly these). */
export const NEEDS: readonly WorkflowNeed[] = [];

export const handler = observed(async (event: unknown) =>
  prepareApprovalStep(await workflowDeps(NEEDS), parseTaskInput(approvalStateSchema, event)),
);
