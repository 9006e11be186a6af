/**
 * What a customer sees through the tracking link (R-TRACK-1, R-SEC-3).
 * 1. Verify the signed token; a forged or altered token is "not found", like a missing order.
 * 2. Return the status, the timeline of status changes, the items and the order's language —
 *    no contact data, no prices, no staff names, no internal notes (R-PROC-8).
 * 3. Shipments with carrier, tracking number, lines and dates (R-TRACK-2), and delivery
 *    exceptions with their plan and dates only (R-TRACK-3).
 */
import { NotFoundError } from '../domain/errors.ts';
import { verifyTrackingToken } from '../domain/tracking-token.ts';
import type { OrderStore } from '../ports.ts';

export interface TrackingView {
  orderNumber: string;
  status: string;
  priority: string;
  createdAt: string;
  requestedDate: string;
  /** The order's language: the tracking page opens in it (R-TRACK-1). */
  language: string;
  items: { sku: string; name: string; spec?: string; unit: string; quantity: number }[];
  timeline: { status: string; at: string }[];
  /** R-TRACK-2: the latest shipment (kept for clients that read one). */
  shipment?: TrackedShipment;
  shipments: TrackedShipment[];
  /** R-TRACK-3: the plan and dates of each delivery exception. */
  exceptions: { kind: string; plan: string; expectedDate?: string; at: string }[];
}

export interface TrackedShipment {
  carrier: string;
  trackingNumber: string;
  lines: { sku: string; quantity: number }[];
  shippedAt: string;
  deliveredAt?: string;
}

export async function trackOrder(
  deps: { orders: OrderStore; trackingSecret: string },
  token: string,
): Promise<TrackingView> {
  const orderId = verifyTrackingToken(deps.trackingSecret, token);
  const order = orderId ? await deps.orders.get(orderId) : undefined;
  if (!order) throw new NotFoundError('Tracking link not found');
  const shipments = (order.shipments ?? []).map(
    ({ carrier, trackingNumber, lines, shippedAt, deliveredAt }): TrackedShipment => ({
      carrier,
      trackingNumber,
      lines,
      shippedAt,
      ...(deliveredAt ? { deliveredAt } : {}),
    }),
  );
  return {
    orderNumber: order.orderNumber,
    status: order.status,
    priority: order.priority,
    createdAt: order.createdAt,
    requestedDate: order.delivery.requestedDate,
    language: order.language,
    items: order.items.map(({ sku, name, spec, unit, quantity }) => ({ sku, name, spec, unit, quantity })),
    timeline: order.history.filter((h) => h.to).map((h) => ({ status: h.to!, at: h.at })),
    ...(shipments.length ? { shipment: shipments.at(-1) } : {}),
    shipments,
    exceptions: (order.exceptions ?? []).map(({ kind, plan, expectedDate, at }) => ({
      kind,
      plan,
      ...(expectedDate ? { expectedDate } : {}),
      at,
    })),
  };
}
