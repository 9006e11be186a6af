/** Rush workflow task (statemachines/rush-order.asl.json): see shared/use-cases/rush-workflow.ts. */
import { workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { rushDecisionMinutes, rushReportIntervalMinutes } from '#shared/config.ts';
import { parseTaskInput, rushStateSchema } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { acceptRush } from '#shared/use-cases/rush-workflow.ts';

const rushSettings = () => ({
  decisionMinutes: rushDecisionMinutes(),
  intervalMinutes: rushReportIntervalMinutes(),
});

export const handler = observed(async (event: unknown) =>
  acceptRush(await workflowDeps(), rushSettings(), parseTaskInput(rushStateSchema, event)),
);
