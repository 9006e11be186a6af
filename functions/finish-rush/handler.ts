/** Rush workflow tasks RejectRush, Delivered and HoldRush (R-RUSH-4, R-RUSH-7). */
import { workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { finishRushInputSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { finishRush } from '#shared/use-cases/finish-rush.ts';

export const handler = observed(async (event: unknown) =>
  finishRush(await workflowDeps(), parseTaskInput(finishRushInputSchema, event)),
);
