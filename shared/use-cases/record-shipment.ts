/**
 * Logistics ships an order, whole or in part (R-TRACK-2, R-PROC-7).
 * 1. Load the order as the caller saw it; only approved or in-production orders ship (409).
 * 2. The lines: the ones given (each within what is left, 400 field by field) or everything
 *    not yet shipped. An approved order passes through production ("shipped from stock").
 * 3. One versioned write adds the shipment; when it carries the last of every line the order
 *    becomes `shipped`, otherwise it stays `in_production`, partially shipped.
 * 4. The shipped quantities leave the order's stock reservations (R-MASTER-2).
 * 5. The customer is told carrier, tracking number and whether more is to come.
 */
import { StatusConflictError } from '../domain/errors.ts';
import {
  fullyShipped,
  MAX_SHIPMENTS,
  nextId,
  remainingLines,
  SHIPPABLE,
  type Shipment,
  type ShipmentLine,
  shipmentLines,
} from '../domain/fulfilment.ts';
import { historyNote } from '../domain/history-codes.ts';
import type { Order } from '../entities/order-entity.ts';
import { type CustomerChannels, tellCustomer } from '../notifications/order-life-messages.ts';
import type { Clock, InventoryStore, OrderStore } from '../ports.ts';
import { loadForAction, requireStatus } from './order-action.ts';

export type ShipDeps = CustomerChannels & {
  orders: OrderStore;
  clock: Clock;
  /** Stock leaves with the shipment: its lines come out of the order's reservations (R-MASTER-2). */
  inventory?: Pick<InventoryStore, 'consume'>;
};

const linesText = (lines: ShipmentLine[]) => lines.map((l) => `${l.sku}×${l.quantity}`).join(', ');

export async function recordShipment(
  deps: ShipDeps,
  input: {
    orderId: string;
    actor: string;
    carrier: string;
    trackingNumber: string;
    lines?: ShipmentLine[];
    expectedVersion?: number;
  },
): Promise<{ order: Order; shipment: Shipment }> {
  let order = await loadForAction(deps.orders, input.orderId, input.expectedVersion);
  requireStatus(order, SHIPPABLE, 'shipped');
  if ((order.shipments?.length ?? 0) >= MAX_SHIPMENTS) {
    throw new StatusConflictError(`An order goes out in at most ${MAX_SHIPMENTS} shipments`, order.status);
  }
  const lines = shipmentLines(order, input.lines);
  const at = deps.clock.now().toISOString();
  if (order.status === 'approved') {
    order = await deps.orders.update(order, {
      status: 'in_production',
      updatedAt: at,
      history: {
        at,
        actor: input.actor,
        action: 'status',
        from: 'approved',
        to: 'in_production',
        ...historyNote('ship.fromStock'),
      },
    });
  }
  const shipment: Shipment = {
    shipmentId: nextId('S', order.shipments),
    carrier: input.carrier,
    trackingNumber: input.trackingNumber,
    lines,
    shippedAt: at,
    shippedBy: input.actor,
  };
  const shipments = [...(order.shipments ?? []), shipment];
  const complete = fullyShipped(order, shipments);
  const left = remainingLines(order, shipments);
  const what = `shipment ${shipment.shipmentId} ${input.carrier} ${input.trackingNumber}: ${linesText(lines)}`;
  const updated = await deps.orders.update(order, {
    ...(complete ? { status: 'shipped' as const } : {}),
    updatedAt: at,
    set: { shipments },
    history: complete
      ? { at, actor: input.actor, action: 'status', from: order.status, to: 'shipped', reason: what }
      : { at, actor: input.actor, action: 'shipment', reason: `${what}; still to ship ${linesText(left)}` },
  });
  // After the order's write: a crash in between leaves the quantity reserved (visible on the
  // product, released by hand), never stock taken twice — consume is conditional per order.
  await deps.inventory?.consume(order.orderId, Object.fromEntries(lines.map((l) => [l.sku, l.quantity])));
  await tellCustomer(deps, updated, {
    zh: `${complete ? '已发货' : '部分发货'}。承运商：${input.carrier}，运单号：${input.trackingNumber}。${complete ? '' : '其余货物将另行发出。'}`,
    en: `${complete ? 'Shipped' : 'Partly shipped'} with ${input.carrier}, tracking number ${input.trackingNumber}.${complete ? '' : ' The rest follows in another shipment.'}`,
  });
  return { order: updated, shipment };
}
