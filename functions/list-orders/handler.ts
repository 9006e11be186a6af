/** GET /api/orders?q=&status=&priority=&channel=&assignee=&from=&to=&limit=&cursor= — the order list (R-PROC-7). */
import { orderList } from '#shared/adapters/deps.ts';
import { trackingSecret } from '#shared/config.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { orderListQuerySchema } from '#shared/domain/order-list.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { listOrders } from '#shared/use-cases/list-orders.ts';

export const handler = httpRoute('list-orders', async ({ event }) => {
  const query = orderListQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!query.success) throw new ValidationError('Invalid query', toFieldIssues(query.error));
  return json(200, await listOrders({ list: orderList(), cursorSecret: await trackingSecret() }, query.data));
});
