/**
 * POST /api/orders/{id}/ship and /deliver — logistics (R-TRACK-2): the shortcuts that ship
 * everything not yet shipped, and deliver every open shipment.
 */

import { closingDeps, shippingDeps } from '#shared/adapters/order-life-deps.ts';
import { deliverAllBodySchema } from '#shared/domain/order-life-schemas.ts';
import { shipmentSchema } from '#shared/domain/rush-schemas.ts';
import { json } from '#shared/http/errors.ts';
import { parseBody } from '#shared/http/parse-body.ts';
import { httpRoute } from '#shared/http/route.ts';
import { deliverShipments } from '#shared/use-cases/deliver-shipments.ts';
import { toOrderView } from '#shared/use-cases/get-order.ts';
import { recordShipment } from '#shared/use-cases/record-shipment.ts';

export const handler = httpRoute(
  'ship-order',
  async ({ event, staff, body }) => {
    const deps = { ...(await shippingDeps()), ...closingDeps() };
    const orderId = event.pathParameters?.['id'] ?? '';
    if (event.rawPath.endsWith('/deliver')) {
      const input = parseBody(deliverAllBodySchema, body ?? {}, 'Invalid delivery');
      return json(200, toOrderView(await deliverShipments(deps, { orderId, actor: staff!.email, ...input })));
    }
    const input = parseBody(shipmentSchema, body ?? {}, 'Invalid shipment');
    const { order } = await recordShipment(deps, { orderId, actor: staff!.email, ...input });
    return json(200, toOrderView(order));
  },
  { jsonBody: 'optional' },
);
