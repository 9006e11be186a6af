/**
 * Logistics records a delivery: who signed for it and when, per shipment (R-TRACK-2).
 * - One shipment (`shipmentId`), or every open shipment of a shipped order.
 * - When the order is `shipped` and no shipment is open any more, it becomes `delivered`; its
 *   unit prices become the customer's last transaction prices (R-PRICE-1) — recorded first, so
 *   a retry after a failed status write records the same prices again — and the customer is
 *   told, and the closing workflow starts (automatic completion, then archive, R-PROC-7) —
 *   one run per order, named after it. A partial shipment delivered while the rest is still
 *   being made changes no status.
 */
import { NotFoundError, StatusConflictError } from '../domain/errors.ts';
import { openShipments } from '../domain/fulfilment.ts';
import type { Order } from '../entities/order-entity.ts';
import { tellCustomer } from '../notifications/order-life-messages.ts';
import type { CatalogueStore, WorkflowEngine } from '../ports.ts';
import { loadForAction, requireStatus } from './order-action.ts';
import type { ShipDeps } from './record-shipment.ts';

export async function deliverShipments(
  deps: ShipDeps & {
    catalogue: Pick<CatalogueStore, 'recordLastPrices'>;
    closing?: {
      workflows: Pick<WorkflowEngine, 'start'>;
      completeAfterSeconds: number;
      archiveAfterSeconds: number;
    };
  },
  input: { orderId: string; actor: string; shipmentId?: string; signedBy?: string; expectedVersion?: number },
): Promise<Order> {
  const order = await loadForAction(deps.orders, input.orderId, input.expectedVersion);
  const shipments = order.shipments ?? [];
  let targets = openShipments(shipments);
  if (input.shipmentId) {
    const one = shipments.find((s) => s.shipmentId === input.shipmentId);
    if (!one) throw new NotFoundError(`Shipment ${input.shipmentId} of order ${input.orderId} not found`);
    if (one.deliveredAt)
      throw new StatusConflictError(`Shipment ${one.shipmentId} is delivered already`, order.status);
    requireStatus(order, ['in_production', 'shipped'], 'delivered');
    targets = [one];
  } else {
    requireStatus(order, ['shipped'], 'delivered');
  }
  const at = deps.clock.now().toISOString();
  const ids = new Set(targets.map((s) => s.shipmentId));
  const signed = input.signedBy ? { signedBy: input.signedBy } : {};
  const next = shipments.map((s) =>
    ids.has(s.shipmentId) ? { ...s, deliveredAt: at, deliveredBy: input.actor, ...signed } : s,
  );
  const done = order.status === 'shipped' && openShipments(next).length === 0;
  if (done) {
    await deps.catalogue.recordLastPrices(
      order.customerKey,
      Object.fromEntries(order.items.map((line) => [line.sku, line.unitPrice])),
      {
        name: order.customer.name,
        ...(order.customer.company ? { company: order.customer.company } : {}),
        at,
      },
    );
  }
  const what = [...ids].join(', ') || 'the order';
  const reason = `${what} delivered${input.signedBy ? `, signed by ${input.signedBy}` : ''}`;
  const updated = await deps.orders.update(order, {
    ...(done ? { status: 'delivered' as const } : {}),
    updatedAt: at,
    ...(shipments.length ? { set: { shipments: next } } : {}),
    history: done
      ? { at, actor: input.actor, action: 'status', from: order.status, to: 'delivered', reason }
      : { at, actor: input.actor, action: 'delivery', reason },
  });
  if (done) {
    await tellCustomer(deps, updated, {
      zh: '已送达。感谢您的订购。',
      en: 'Delivered. Thank you for your order.',
    });
    if (deps.closing) {
      const { workflows, ...periods } = deps.closing;
      await workflows.start('order-close', order.orderId, { orderId: order.orderId, ...periods });
    }
  }
  return updated;
}
