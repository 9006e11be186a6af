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

export async function startOrderWorkflows(
  deps: { workflows: WorkflowEngine; calendar: WorkingCalendar; timeScale?: number },
  order: Pick<Order, 'orderId' | 'createdAt'> & { rush?: boolean },
): Promise<void> {
  // R-RUSH-2: a rush order runs its own workflow; its leadership decision covers the review.
  if (order.rush) {
    await deps.workflows.start('rush-order', order.orderId, { orderId: order.orderId });
    return;
  }
  const received = new Date(order.createdAt);
  const slaDeadline = onWorkflowClock(
    received,
    addWorkingDays(deps.calendar, received, SLA_WORKING_DAYS),
    deps.timeScale,
  ).toISOString();
  const input = { orderId: order.orderId, slaDeadline };
  await deps.workflows.start('order-approval', order.orderId, input);
  await deps.workflows.start('order-sla', order.orderId, input);
}
