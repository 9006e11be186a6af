/** GET /api/orders/{id}/workflow — the order's workflow executions, for the timeline (R-APPR-3). */
import { workflowEngine } from '#shared/adapters/workflow-engine.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';

export const handler = httpRoute('get-order-workflow', async ({ event }) => {
  const orderId = event.pathParameters?.['id'] ?? '';
  if (!/^[0-9A-Z]{26}$/.test(orderId)) throw new NotFoundError('No workflow for this order');
  const engine = workflowEngine();
  const executions = (
    await Promise.all([
      engine.execution('order-approval', orderId),
      engine.execution('order-sla', orderId),
      engine.execution('rush-order', orderId),
    ])
  ).filter((e) => e !== undefined);
  if (executions.length === 0) throw new NotFoundError('No workflow for this order yet');
  return json(200, { executions });
});
