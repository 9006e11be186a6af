/** Rush workflow task (statemachines/rush-order.asl.json): see shared/use-cases/start-rush.ts. */
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { rushSettings } from '#shared/config.ts';
import { parseTaskInput, rushStateSchema } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { readAtColdStart } from '#shared/runtime-env.ts';
import { startRush } from '#shared/use-cases/start-rush.ts';

/** What this task uses besides the table (its manifest entry grants exactly these). */
export const NEEDS: readonly WorkflowNeed[] = ['mail', 'staff', 'robots'];

/** Read at cold start: a bad value (an interval under 15 minutes…) fails loudly, by name. */
const settings = readAtColdStart(rushSettings);

export const handler = observed(async (event: unknown) =>
  startRush(await workflowDeps(NEEDS), settings(), parseTaskInput(rushStateSchema, event)),
);
