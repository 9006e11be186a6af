/** GET /api/orders/{id} — an order with status, history and approval tier, for staff. */
import { orderStore, rushStore, trackingLinks } from '#shared/adapters/deps.ts';
import { rushSettings } from '#shared/config.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { getOrder } from '#shared/use-cases/get-order.ts';

const settings = rushSettings();

export const handler = httpRoute('get-order', async ({ event }) => {
  const order = await getOrder(
    { orders: orderStore(), rush: rushStore(), rushSettings: settings, ...(await trackingLinks()) },
    event.pathParameters?.['id'] ?? '',
  );
  return json(200, order);
});
