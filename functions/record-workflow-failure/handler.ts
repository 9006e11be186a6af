/** Workflow task RecordFailure of every state machine: a terminal task failed after its retries (R-APPR-3). */
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { parseTaskInput, workflowFailureInputSchema } from '#shared/domain/workflow-schemas.ts';
import { recordWorkflowFailure } from '#shared/use-cases/record-workflow-failure.ts';

/** What this task uses besides the table (its manifest entry grants exactly these). */
export const NEEDS: readonly WorkflowNeed[] = ['mail', 'staff'];

export const handler = async (event: unknown) =>
  recordWorkflowFailure(await workflowDeps(NEEDS), parseTaskInput(workflowFailureInputSchema, event));
