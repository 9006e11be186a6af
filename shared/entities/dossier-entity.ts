/**
 * The frozen dossier of an archived order (R-ARCH-1): written once when the closing workflow
 * archives the order, never changed (`attribute_not_exists`), in the order's own partition
 * (`pk = ORDER#<id>`, `sk = DOSSIER`). It holds what the policy asks an archive to keep: what was
 * received (the intake data and the raw email's reference), every processing step, each
 * approver's and department's opinion, shipments, exceptions, after-sales cases and the
 * customer's feedback.
 */
import type { AfterSalesCase } from './case-entity.ts';
import type { Order } from './order-entity.ts';

export interface Dossier {
  orderId: string;
  orderNumber: string;
  archivedAt: string;
  /** What was received, as it was received. */
  intake: Pick<
    Order,
    | 'channel'
    | 'customer'
    | 'items'
    | 'totalAmount'
    | 'currency'
    | 'paymentMethod'
    | 'delivery'
    | 'notes'
    | 'language'
    | 'priority'
    | 'createdAt'
  > & {
    /** An emailed order: its message id and where the raw email is kept. */
    source?: unknown;
  };
  /** Every processing step, oldest first: the order's whole history (append-only, R-ARCH-2). */
  history: Order['history'];
  /** The approvers' decisions (R-PRICE-5, R-APPR-1) and a rejection, if any. */
  approvals: NonNullable<Order['approvals']>;
  production?: Order['production'];
  shipments: NonNullable<Order['shipments']>;
  exceptions: NonNullable<Order['exceptions']>;
  cases: AfterSalesCase[];
  satisfaction?: Order['satisfaction'];
  rush?: Order['rush'];
}

export const dossierKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'DOSSIER' });

/** The dossier of an order as archived. */
export function dossierOf(order: Order, cases: AfterSalesCase[], archivedAt: string): Dossier {
  const source = (order as Order & { source?: unknown }).source;
  return {
    orderId: order.orderId,
    orderNumber: order.orderNumber,
    archivedAt,
    intake: {
      channel: order.channel,
      customer: order.customer,
      items: order.items,
      totalAmount: order.totalAmount,
      currency: order.currency,
      paymentMethod: order.paymentMethod,
      delivery: order.delivery,
      ...(order.notes ? { notes: order.notes } : {}),
      language: order.language,
      priority: order.priority,
      createdAt: order.createdAt,
      ...(source ? { source } : {}),
    },
    history: order.history,
    approvals: order.approvals ?? [],
    ...(order.production ? { production: order.production } : {}),
    shipments: order.shipments ?? [],
    exceptions: order.exceptions ?? [],
    cases,
    ...(order.satisfaction ? { satisfaction: order.satisfaction } : {}),
    ...(order.rush ? { rush: order.rush } : {}),
  };
}
