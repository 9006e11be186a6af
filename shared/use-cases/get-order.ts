/**
 * Show an order to staff (R-SEC-1: contact data only for staff roles).
 * 1. Load the order; 404 when it does not exist.
 * 2. Return its view: status, history (R-ARCH-2), approval tier, and its tracking link.
 */

import { NotFoundError } from '../domain/errors.ts';
import { versionsOf } from '../domain/order-change.ts';
import type { RushSettings } from '../domain/rush-settings.ts';
import { signTrackingToken, trackingUrl } from '../domain/tracking-token.ts';
import type { Order } from '../entities/order-entity.ts';
import type { OrderStore, RushStore } from '../ports.ts';

export type OrderView = Omit<Order, 'customerKey' | 'requestHash' | 'confirmationPending'> & {
  trackingUrl?: string;
};

export function toOrderView(order: Order, link?: string): OrderView {
  const { customerKey, requestHash, confirmationPending, ...rest } = order;
  // R-PROC-6: every version of the content stays readable (v1 as placed until a change applies).
  const view = { ...rest, versions: versionsOf(order) };
  return link ? { ...view, trackingUrl: link } : view;
}

export async function getOrder(
  deps: {
    orders: OrderStore;
    rush: RushStore;
    trackingSecret: string;
    publicBaseUrl: string;
    rushSettings: RushSettings;
  },
  orderId: string,
): Promise<OrderView> {
  const order = await deps.orders.get(orderId);
  if (!order) throw new NotFoundError(`Order ${orderId} not found`);
  const view = toOrderView(
    order,
    trackingUrl(deps.publicBaseUrl, signTrackingToken(deps.trackingSecret, orderId)),
  );
  if (!order.rush) return view;
  // R-RUSH-6: the rush timeline — windows and reports are items of their own.
  const { reports, windows } = await deps.rush.records(orderId);
  return {
    ...view,
    rush: {
      ...order.rush,
      decisionMinutes: deps.rushSettings.decisionMinutes,
      intervalMinutes: deps.rushSettings.intervalMinutes,
      windows: windows.sort((a, b) => a.index - b.index),
      reports: reports.sort((a, b) => b.at.localeCompare(a.at)),
    },
  } as OrderView;
}
