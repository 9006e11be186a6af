/** Closing workflow task: complete a delivered order, later archive it (R-PROC-7, R-ARCH-1). */
import { caseStore } from '#shared/adapters/deps.ts';
import { workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { closeStateSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { closeOrder } from '#shared/use-cases/close-order.ts';

export const handler = async (event: unknown) =>
  closeOrder({ ...(await workflowDeps()), cases: caseStore() }, parseTaskInput(closeStateSchema, event));
