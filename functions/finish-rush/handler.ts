/** Rush workflow tasks RejectRush, Delivered and HoldRush (R-RUSH-4, R-RUSH-7). */
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { finishRushInputSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { finishRush } from '#shared/use-cases/finish-rush.ts';

/** What this task uses besides the table (its manifest entry grants exactly these). */
export const NEEDS: readonly WorkflowNeed[] = ['mail', 'staff', 'links'];

export const handler = observed(async (event: unknown) =>
  finishRush(await workflowDeps(NEEDS), parseTaskInput(finishRushInputSchema, event)),
);
