/** POST /api/rush-orders — sales files a rush-order application (R-RUSH-1). */
import { catalogueStore, orderStore, trackingLinks } from '#shared/adapters/deps.ts';
import { json } from '#shared/http/errors.ts';
import { header, httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { createRushOrder } from '#shared/use-cases/create-rush-order.ts';

export const handler = httpRoute(
  'create-rush-order',
  async ({ event, staff, body }) => {
    const created = await createRushOrder(
      { orders: orderStore(), catalogue: catalogueStore(), clock: systemClock, ...(await trackingLinks()) },
      { body, idempotencyKey: header(event, 'idempotency-key'), staff: staff! },
    );
    return json(201, { orderId: created.orderId, orderNumber: created.orderNumber, status: created.status });
  },
  { jsonBody: true },
);
