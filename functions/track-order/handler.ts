/** GET /api/track/{token} — public status through a signed link (R-TRACK-1, R-SEC-3). */
import { orderStore } from '#shared/adapters/deps.ts';
import { trackingSecret } from '#shared/config.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { trackOrder } from '#shared/use-cases/track-order.ts';

export const handler = httpRoute('track-order', async ({ event }) => {
  const view = await trackOrder(
    { orders: orderStore(), trackingSecret: await trackingSecret() },
    event.pathParameters?.['token'] ?? '',
  );
  return json(200, view);
});
