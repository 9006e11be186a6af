/** POST /api/orders/{id}/cancel — gm cancels a held order; stock released, customer told (R-PROC-7). */
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { dynamoInventory } from '#shared/adapters/dynamo-inventory.ts';
import { shippingDeps } from '#shared/adapters/order-life-deps.ts';
import { tableName } from '#shared/config.ts';
import { cancelBodySchema } from '#shared/domain/order-life-schemas.ts';
import { json } from '#shared/http/errors.ts';
import { parseBody } from '#shared/http/parse-body.ts';
import { httpRoute } from '#shared/http/route.ts';
import { cancelHeldOrder } from '#shared/use-cases/cancel-held-order.ts';
import { toOrderView } from '#shared/use-cases/get-order.ts';

export const handler = httpRoute(
  'cancel-held-order',
  async ({ event, staff, body }) => {
    const input = parseBody(cancelBodySchema, body, 'Invalid cancellation');
    const deps = { ...(await shippingDeps()), inventory: dynamoInventory(documentClient(), tableName()) };
    const order = await cancelHeldOrder(deps, {
      orderId: event.pathParameters?.['id'] ?? '',
      actor: staff!.email,
      ...input,
    });
    return json(200, toOrderView(order));
  },
  { jsonBody: true },
);
