/** SLA workflow task CheckSla (R-PROC-5). */
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { approvalStateSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { checkSla } from '#shared/use-cases/check-sla.ts';

/** What this task uses besides the table (its manifest entry grants exactly these). */
export const NEEDS: readonly WorkflowNeed[] = ['mail', 'staff', 'robots'];

export const handler = observed(async (event: unknown) =>
  checkSla(await workflowDeps(NEEDS), parseTaskInput(approvalStateSchema, event)),
);
