/** Rush workflow task (statemachines/rush-order.asl.json): see shared/use-cases/rush-workflow.ts. */
import { workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { parseTaskInput, rushStateSchema } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { checkRushWindow } from '#shared/use-cases/check-rush-window.ts';

export const handler = observed(async (event: unknown) =>
  checkRushWindow(await workflowDeps(), parseTaskInput(rushStateSchema, event)),
);
