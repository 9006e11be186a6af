/** POST /api/orders/{id}/resume — gm or the stalled step's role resumes a held order (R-PROC-7). */
import { orderStore, specialReviewQueue } from '#shared/adapters/deps.ts';
import { workflowEngine } from '#shared/adapters/workflow-engine.ts';
import { resumeBodySchema } from '#shared/domain/order-life-schemas.ts';
import { json } from '#shared/http/errors.ts';
import { parseBody } from '#shared/http/parse-body.ts';
import { httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { toOrderView } from '#shared/use-cases/get-order.ts';
import { resumeOrder } from '#shared/use-cases/resume-order.ts';

export const handler = httpRoute(
  'resume-order',
  async ({ event, staff, body }) => {
    const input = parseBody(resumeBodySchema, body, 'Invalid request');
    const order = await resumeOrder(
      {
        orders: orderStore(),
        clock: systemClock,
        workflows: workflowEngine(),
        special: specialReviewQueue(),
      },
      { orderId: event.pathParameters?.['id'] ?? '', actor: staff!.email, roles: staff!.roles, ...input },
    );
    return json(200, toOrderView(order));
  },
  { jsonBody: true },
);
