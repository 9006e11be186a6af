/** POST /api/orders/{id}/complete — sales or ops close a delivered order (R-PROC-7, R-AFTER-2). */
import { shippingDeps } from '#shared/adapters/order-life-deps.ts';
import { versionBodySchema } from '#shared/domain/order-life-schemas.ts';
import { json } from '#shared/http/errors.ts';
import { parseBody } from '#shared/http/parse-body.ts';
import { httpRoute } from '#shared/http/route.ts';
import { completeOrder } from '#shared/use-cases/complete-order.ts';
import { toOrderView } from '#shared/use-cases/get-order.ts';

export const handler = httpRoute(
  'complete-order',
  async ({ event, staff, body }) => {
    const input = parseBody(versionBodySchema, body ?? {}, 'Invalid request');
    const order = await completeOrder(await shippingDeps(), {
      orderId: event.pathParameters?.['id'] ?? '',
      actor: staff!.email,
      reason: `closed by ${staff!.roles.filter((r) => r === 'sales' || r === 'ops').join('/') || 'staff'}`,
      ...input,
    });
    return json(200, toOrderView(order));
  },
  { jsonBody: 'optional' },
);
