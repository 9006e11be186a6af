/** POST /api/orders/{id}/production/start and /production/finish — production (R-PROD-1). */
import { orderStore } from '#shared/adapters/deps.ts';
import { productionStartBodySchema, versionBodySchema } from '#shared/domain/order-life-schemas.ts';
import { json } from '#shared/http/errors.ts';
import { parseBody } from '#shared/http/parse-body.ts';
import { httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { finishProduction } from '#shared/use-cases/finish-production.ts';
import { toOrderView } from '#shared/use-cases/get-order.ts';
import { startProduction } from '#shared/use-cases/start-production.ts';

export const handler = httpRoute(
  'order-production',
  async ({ event, staff, body }) => {
    const deps = { orders: orderStore(), clock: systemClock };
    const orderId = event.pathParameters?.['id'] ?? '';
    if (event.rawPath.endsWith('/finish')) {
      const input = parseBody(versionBodySchema, body ?? {}, 'Invalid request');
      return json(200, toOrderView(await finishProduction(deps, { orderId, actor: staff!.email, ...input })));
    }
    const input = parseBody(productionStartBodySchema, body, 'Invalid production plan');
    return json(200, toOrderView(await startProduction(deps, { orderId, actor: staff!.email, ...input })));
  },
  { jsonBody: 'optional' },
);
