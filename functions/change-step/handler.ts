/**
 * Every task of the order-change workflow (statemachines/order-change.asl.json; R-PROC-6,
 * R-CHG-1..3): `task` names the state — prepare, request (waitForTaskToken), escalate, consent
 * (waitForTaskToken), expire-consent, apply, finish. One function keeps the stack small.
 */
import { z } from 'zod';
import { catalogueStore } from '#shared/adapters/deps.ts';
import { dynamoChangeStore } from '#shared/adapters/dynamo-change-store.ts';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { workflowEngine } from '#shared/adapters/workflow-engine.ts';
import { tableName } from '#shared/config.ts';
import { parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import {
  applyChangeTask,
  type ChangeState,
  type ChangeWorkflowDeps,
  escalateChange,
  expireConsent,
  finishChange,
  prepareChange,
  requestChangeApproval,
  requestConsent,
} from '#shared/use-cases/order-changes.ts';

/** What this task uses besides the table (its manifest entry grants exactly these). */
export const NEEDS: readonly WorkflowNeed[] = ['mail', 'staff', 'links', 'stop'];

const stepSchema = z.looseObject({
  role: z.string(),
  for: z.string(),
  deadline: z.string(),
  timeoutSeconds: z.number(),
  escalatedFrom: z.string().optional(),
});
const stateSchema = z.looseObject({ orderId: z.string().min(1), changeId: z.string().min(1) });
const inputSchema = z.union([
  z.object({
    task: z.enum(['prepare', 'escalate', 'expire-consent', 'apply', 'finish']),
    state: stateSchema,
  }),
  z.object({
    task: z.literal('request'),
    token: z.string(),
    orderId: z.string(),
    changeId: z.string(),
    step: stepSchema,
  }),
  z.object({ task: z.literal('consent'), token: z.string(), orderId: z.string(), changeId: z.string() }),
]);

export const handler = observed(async (event: unknown) => {
  const input = parseTaskInput(inputSchema, event);
  const base = await workflowDeps(NEEDS);
  const deps: ChangeWorkflowDeps = {
    ...base,
    changes: dynamoChangeStore(documentClient(), tableName()),
    catalogue: catalogueStore(),
    workflows: workflowEngine(),
  };
  switch (input.task) {
    case 'request':
      return requestChangeApproval(deps, input);
    case 'consent':
      return requestConsent(deps, input);
    case 'prepare':
      return prepareChange(deps, input.state as ChangeState);
    case 'escalate':
      return escalateChange(deps, input.state as ChangeState);
    case 'expire-consent':
      return expireConsent(deps, input.state as ChangeState);
    case 'apply':
      return applyChangeTask(deps, input.state as ChangeState);
    case 'finish':
      return finishChange(deps, input.state as ChangeState);
  }
});
