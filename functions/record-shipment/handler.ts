/**
 * POST /api/orders/{id}/shipments → 201 the shipment, and
 * POST /api/orders/{id}/shipments/{shipmentId}/deliver — logistics (R-TRACK-2).
 */
import { closingDeps, shippingDeps } from '#shared/adapters/order-life-deps.ts';
import { deliverShipmentBodySchema, shipmentBodySchema } from '#shared/domain/order-life-schemas.ts';
import { json } from '#shared/http/errors.ts';
import { parseBody } from '#shared/http/parse-body.ts';
import { httpRoute } from '#shared/http/route.ts';
import { deliverShipments } from '#shared/use-cases/deliver-shipments.ts';
import { toOrderView } from '#shared/use-cases/get-order.ts';
import { recordShipment } from '#shared/use-cases/record-shipment.ts';

export const handler = httpRoute(
  'record-shipment',
  async ({ event, staff, body }) => {
    const deps = { ...(await shippingDeps()), ...closingDeps() };
    const orderId = event.pathParameters?.['id'] ?? '';
    const shipmentId = event.pathParameters?.['shipmentId'];
    if (shipmentId) {
      const input = parseBody(deliverShipmentBodySchema, body, 'Invalid delivery');
      const order = await deliverShipments(deps, { orderId, shipmentId, actor: staff!.email, ...input });
      return json(200, toOrderView(order));
    }
    const input = parseBody(shipmentBodySchema, body, 'Invalid shipment');
    const { shipment } = await recordShipment(deps, { orderId, actor: staff!.email, ...input });
    return json(201, shipment);
  },
  { jsonBody: true },
);
