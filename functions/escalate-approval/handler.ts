/** Workflow task Escalate (R-APPR-2): the step's deadline passed. */
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { approvalStateSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { countEvent } from '#shared/observability/metrics.ts';
import { observed } from '#shared/observability/observed.ts';
import { escalateApproval } from '#shared/use-cases/escalate-approval.ts';

/** What this task uses besides the table (its manifest entry grants exactly these). */
export const NEEDS: readonly WorkflowNeed[] = ['mail', 'staff', 'robots'];

export const handler = observed(async (event: unknown) => {
  const state = await escalateApproval(await workflowDeps(NEEDS), parseTaskInput(approvalStateSchema, event));
  // An approver who decided just before the deadline is no escalation.
  if (state.next !== 'decided') countEvent('escalations', 'approval');
  return state;
});
