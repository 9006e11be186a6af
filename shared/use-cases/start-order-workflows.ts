/**
 * Start the approval workflow and the SLA clock of a new order (R-PROC-5, R-APPR-1), or the
 * rush-order workflow of a rush application (R-RUSH-2).
 * Executions are named after the order id: a replayed start (the stream delivers at least once)
 * finds the running one and starts nothing.
 */

import { onWorkflowClock } from '../domain/workflow-time.ts';
import { addWorkingDays, type WorkingCalendar } from '../domain/working-calendar.ts';
import type { Order } from '../entities/order-entity.ts';
import type { WorkflowEngine } from '../ports.ts';

/** R-PROC-5: an order is processed within 2 working days of receipt. */
export const SLA_WORKING_DAYS = 2;

export interface StartDeps {
  workflows: WorkflowEngine;
  calendar: WorkingCalendar;
  timeScale?: number;
}

/** The input of the approval and SLA workflows: the order and its SLA deadline (R-PROC-5). */
function workflowInput(deps: StartDeps, order: Pick<Order, 'orderId' | 'createdAt'>) {
  const received = new Date(order.createdAt);
  const slaDeadline = onWorkflowClock(
    received,
    addWorkingDays(deps.calendar, received, SLA_WORKING_DAYS),
    deps.timeScale,
  ).toISOString();
  return { orderId: order.orderId, slaDeadline };
}

/**
 * The approval workflow of an order, named after it: started at intake, or — for an order whose
 * special requirements were reviewed first (R-SPEC-1) — once every department accepted. A second
 * start of the same name finds the first and starts nothing.
 */
export const startOrderApproval = (deps: StartDeps, order: Pick<Order, 'orderId' | 'createdAt'>) =>
  deps.workflows.start('order-approval', order.orderId, workflowInput(deps, order));

export async function startOrderWorkflows(
  deps: StartDeps,
  order: Pick<Order, 'orderId' | 'createdAt'> & { rush?: boolean; specialReviewPending?: boolean },
): Promise<void> {
  // R-RUSH-2: a rush order runs its own workflow; its leadership decision covers the review.
  if (order.rush) {
    await deps.workflows.start('rush-order', order.orderId, { orderId: order.orderId });
    return;
  }
  // R-SPEC-1: an order with special requirements waits for the departments' review; the SLA
  // clock runs from receipt all the same (R-PROC-5).
  if (!order.specialReviewPending) await startOrderApproval(deps, order);
  await deps.workflows.start('order-sla', order.orderId, workflowInput(deps, order));
}
