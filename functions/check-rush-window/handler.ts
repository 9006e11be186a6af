/** Rush workflow task (statemachines/rush-order.asl.json): see shared/use-cases/check-rush-window.ts. */
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { rushWindowsPerExecution } from '#shared/config.ts';
import { parseTaskInput, rushStateSchema } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { readAtColdStart } from '#shared/runtime-env.ts';
import { checkRushWindow } from '#shared/use-cases/check-rush-window.ts';

/** What this task uses besides the table (its manifest entry grants exactly these). */
export const NEEDS: readonly WorkflowNeed[] = ['mail', 'robots'];

/** Read at cold start: a bad value fails loudly before any window is checked. */
const handOver = readAtColdStart(() => ({ windowsPerExecution: rushWindowsPerExecution() }));

export const handler = observed(async (event: unknown) =>
  checkRushWindow(await workflowDeps(NEEDS), handOver(), parseTaskInput(rushStateSchema, event)),
);
