/** POST /api/orders/{id}/assign — record the responsible handler (R-PROC-2). */
import { orderStore } from '#shared/adapters/deps.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { assignBodySchema } from '#shared/domain/request-schemas.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { assignOrder } from '#shared/use-cases/assign-order.ts';

export const handler = httpRoute(
  'assign-order',
  async ({ event, staff, body }) => {
    const parsed = assignBodySchema.safeParse(body);
    if (!parsed.success) throw new ValidationError('Invalid assignment', toFieldIssues(parsed.error));
    const order = await assignOrder(
      { orders: orderStore(), clock: systemClock },
      { orderId: event.pathParameters?.['id'] ?? '', ...parsed.data, actor: staff!.email },
    );
    return json(200, order);
  },
  { jsonBody: true },
);
