/** SLA workflow task CheckSla (R-PROC-5). */
import { workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { approvalStateSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { checkSla } from '#shared/use-cases/check-sla.ts';

export const handler = observed(async (event: unknown) =>
  checkSla(await workflowDeps(), parseTaskInput(approvalStateSchema, event)),
);
