/** Closing workflow task: complete a delivered order, later archive it (R-PROC-7, R-ARCH-1). */
import { caseStore, dossierStore } from '#shared/adapters/deps.ts';
import { type WorkflowNeed, workflowDeps } from '#shared/adapters/workflow-adapters.ts';
import { closeStateSchema, parseTaskInput } from '#shared/domain/workflow-schemas.ts';
import { observed } from '#shared/observability/observed.ts';
import { closeOrder } from '#shared/use-cases/close-order.ts';

/** What this task uses besides the table (its manifest entry grants exactly these): the satisfaction link by mail and SMS. */
export const NEEDS: readonly WorkflowNeed[] = ['mail', 'sms', 'links'];

export const handler = observed(async (event: unknown) =>
  closeOrder(
    { ...(await workflowDeps(NEEDS)), cases: caseStore(), dossiers: dossierStore() },
    parseTaskInput(closeStateSchema, event),
  ),
);
