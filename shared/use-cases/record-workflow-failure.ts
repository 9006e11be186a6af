/**
 * A terminal task of a workflow (approve, reject, hold, deliver, the SLA check) failed after its
 * retries: the Catch of that state lands here so no execution fails silently (R-APPR-3: the
 * order's history tells what happened; ops are the people who can repair it).
 * 1. Write `workflow-failed` to the order's history with the workflow, execution and error name
 *    (once: a retry of this task finds its entry and writes nothing more).
 * 2. Mail every member of `ops` the order, the execution to look up and the error.
 * An order that cannot be found is still reported to ops.
 */
import { historyNote } from '../domain/history-codes.ts';
import type { Order } from '../entities/order-entity.ts';
import { bilingualEmail } from '../notifications/bilingual-email.ts';
import { staffNotice } from '../notifications/workflow-messages.ts';
import { emailRoles, type WorkflowDeps } from './workflow-deps.ts';

export interface WorkflowFailureInput {
  orderId: string;
  /** The state machine's name (`$$.StateMachine.Name`). */
  workflow: string;
  /** The execution's name (`$$.Execution.Name`), for the console and GetExecutionHistory. */
  execution: string;
  /** What the Catch recorded. */
  error?: { Error?: string; Cause?: string };
}

/** Lambda's cause is `{"errorType","errorMessage"}`; staff read the message, not the JSON. */
function causeText(cause: string | undefined): string {
  if (!cause) return '—';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage.slice(0, 500);
  } catch {
    // Not JSON: shown as it is.
  }
  return cause.slice(0, 500);
}

export async function recordWorkflowFailure(
  deps: Pick<WorkflowDeps, 'orders' | 'staff' | 'mailer' | 'clock'>,
  input: WorkflowFailureInput,
): Promise<{ recorded: boolean; notified: number }> {
  const errorName = input.error?.Error || 'States.TaskFailed';
  const note = historyNote('workflow.failed', {
    workflow: input.workflow,
    execution: input.execution,
    error: errorName,
  });
  const at = deps.clock.now().toISOString();
  const order = await deps.orders.get(input.orderId);
  let recorded = false;
  if (order && !order.history.some((h) => h.action === 'workflow-failed' && h.reason === note.reason)) {
    await deps.orders.appendHistory(order.orderId, {
      at,
      actor: 'workflow',
      action: 'workflow-failed',
      ...note,
    });
    recorded = true;
  }
  const cause = causeText(input.error?.Cause);
  const zh = [
    `工作流 ${input.workflow} 的执行 ${input.execution} 在重试后仍失败：${errorName}`,
    `原因：${cause}`,
    '请在 Step Functions 控制台查看该执行并处理订单。',
  ];
  const en = [
    `Workflow ${input.workflow}, execution ${input.execution}, failed after its retries: ${errorName}`,
    `Cause: ${cause}`,
    'Look the execution up in the Step Functions console and see to the order.',
  ];
  const notified = await emailRoles(deps, ['ops'], (to) =>
    order
      ? staffNotice(
          order as Order,
          to,
          [`工作流失败：${order.orderNumber}`, `Workflow failed: ${order.orderNumber}`],
          zh,
          en,
        )
      : bilingualEmail({
          to,
          subject: [`工作流失败：${input.orderId}`, `Workflow failed: ${input.orderId}`],
          zh,
          en,
        }),
  );
  console.error(
    JSON.stringify({
      level: 'error',
      message: 'workflow failed',
      workflow: input.workflow,
      execution: input.execution,
      error: errorName,
    }),
  );
  return { recorded, notified };
}
