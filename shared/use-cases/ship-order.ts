/**
 * Logistics ships and delivers an order (R-TRACK-2).
 * - ship: carrier and tracking number recorded; an approved order passes through production;
 *   the customer is told.
 * - deliver: the order is delivered; its unit prices become the customer's last transaction
 *   prices (R-PRICE-1) — recorded first, as a retry after a failed status write records the
 *   same prices again; the customer is told. For a rush order this ends the progress loop at its
 *   next window.
 */

import { NotFoundError } from '../domain/errors.ts';
import { historyNote } from '../domain/history-codes.ts';
import { assertTransition } from '../domain/status.ts';
import { signTrackingToken, trackingUrl } from '../domain/tracking-token.ts';
import type { Order } from '../entities/order-entity.ts';
import { bilingualEmail } from '../notifications/bilingual-email.ts';
import type { CatalogueStore, Clock, Mailer, OrderStore } from '../ports.ts';

interface ShipDeps {
  orders: OrderStore;
  catalogue: Pick<CatalogueStore, 'recordLastPrices'>;
  mailer: Mailer;
  clock: Clock;
  trackingSecret: string;
  publicBaseUrl: string;
}

const tell = (deps: ShipDeps, order: Order, zh: string, en: string) =>
  order.customer.email
    ? deps.mailer.send(
        bilingualEmail({
          to: [order.customer.email],
          englishFirst: order.language === 'en',
          subject: [
            `订单 ${order.orderNumber}：${zh.split('。')[0]}`,
            `Order ${order.orderNumber}: ${en.split('.')[0]}`,
          ],
          zh: [`${order.customer.name}，您好：`, zh],
          en: [`Dear ${order.customer.name},`, en],
          link: {
            url: trackingUrl(deps.publicBaseUrl, signTrackingToken(deps.trackingSecret, order.orderId)),
            zh: '查看订单状态',
            en: 'Track your order',
          },
        }),
      )
    : Promise.resolve();

export async function shipOrder(
  deps: ShipDeps,
  input: { orderId: string; actor: string; carrier: string; trackingNumber: string },
): Promise<Order> {
  let order = await deps.orders.get(input.orderId);
  if (!order) throw new NotFoundError(`Order ${input.orderId} not found`);
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
  assertTransition(order.status, 'shipped');
  const shipped = await deps.orders.update(order, {
    status: 'shipped',
    updatedAt: at,
    set: { shipment: { carrier: input.carrier, trackingNumber: input.trackingNumber, shippedAt: at } },
    history: {
      at,
      actor: input.actor,
      action: 'status',
      from: order.status,
      to: 'shipped',
      ...historyNote('ship.sent', { carrier: input.carrier, trackingNumber: input.trackingNumber }),
    },
  });
  await tell(
    deps,
    shipped,
    `已发货。承运商：${input.carrier}，运单号：${input.trackingNumber}。`,
    `Shipped with ${input.carrier}, tracking number ${input.trackingNumber}.`,
  );
  return shipped;
}

export async function deliverOrder(
  deps: ShipDeps,
  input: { orderId: string; actor: string },
): Promise<Order> {
  const order = await deps.orders.get(input.orderId);
  if (!order) throw new NotFoundError(`Order ${input.orderId} not found`);
  assertTransition(order.status, 'delivered');
  const at = deps.clock.now().toISOString();
  await deps.catalogue.recordLastPrices(
    order.customerKey,
    Object.fromEntries(order.items.map((line) => [line.sku, line.unitPrice])),
    { name: order.customer.name, ...(order.customer.company ? { company: order.customer.company } : {}), at },
  );
  const delivered = await deps.orders.update(order, {
    status: 'delivered',
    updatedAt: at,
    ...(order.shipment ? { set: { shipment: { ...order.shipment, deliveredAt: at } } } : {}),
    history: { at, actor: input.actor, action: 'status', from: order.status, to: 'delivered' },
  });
  await tell(deps, delivered, '已送达。感谢您的订购。', 'Delivered. Thank you for your order.');
  return delivered;
}
