/** Rush workflow task (statemachines/rush-order.asl.json): see shared/use-cases/escalate-rush.ts. */
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { rushSettings } from '#shared/config.ts';
import { parseTaskInput, rushStateSchema } from '#shared/domain/workflow-schemas.ts';
import { countEvent } from '#shared/observability/metrics.ts';
import { observed } from '#shared/observability/observed.ts';
import { readAtColdStart } from '#shared/runtime-env.ts';
import { escalateRush } from '#shared/use-cases/escalate-rush.ts';

/** What this task uses besides the table (its manifest entry grants exactly these). */
export const NEEDS: readonly WorkflowNeed[] = ['mail', 'staff', 'sms', 'robots'];

/** Read at cold start: a bad value (an interval under 15 minutes…) fails loudly, by name. */
const settings = readAtColdStart(rushSettings);

export const handler = observed(async (event: unknown) => {
  const state = await escalateRush(
    await workflowDeps(NEEDS),
    settings(),
    parseTaskInput(rushStateSchema, event),
  );
  // Leadership that decided just before the deadline is no escalation.
  if (state.next !== 'decided') countEvent('escalations', 'rush');
  return state;
});
