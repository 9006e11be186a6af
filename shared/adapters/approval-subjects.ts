/**
 * What the approval workflow approves: an order or a quotation (R-QUOTE-2). The one workflow
 * definition (statemachines/order-approval.asl.json) and its tasks read and write "the order"
 * of their `orderId` through this store: a quotation id is answered with the quotation seen as
 * the approval needs it (chain, approvals, pending step, history), and its changes are written
 * back to the quotation, with the workflow's statuses mapped onto the quotation's. Everything
 * else goes to the order store untouched, so orders behave exactly as before.
 */
import { isQuotationId, type QuotationStatus } from '../domain/quotation.ts';
import type { OrderStatus } from '../domain/status.ts';
import type { Order } from '../entities/order-entity.ts';
import type { Quotation, QuotationLine } from '../entities/quotation-entity.ts';
import type { OrderStore, QuotationStore } from '../ports.ts';

/** A quotation's status as the workflow sees it. */
const AS_ORDER: Record<QuotationStatus, OrderStatus> = {
  draft: 'received',
  submitted: 'under_review',
  approved: 'approved',
  rejected: 'rejected',
  sent: 'approved',
  accepted: 'completed',
  declined: 'cancelled',
  expired: 'cancelled',
  withdrawn: 'cancelled',
};

/** A status the workflow writes, on a quotation: a hold (workflow stopped, gm missed) goes back to sales. */
const AS_QUOTATION: Partial<Record<OrderStatus, QuotationStatus>> = {
  under_review: 'submitted',
  approved: 'approved',
  rejected: 'rejected',
  on_hold: 'withdrawn',
  cancelled: 'withdrawn',
};

/** The quotation as the approval workflow and the approval pages read it. */
/** A quotation line as an order line, under `sku` (a free-text product has none of its own). */
export const quotationLineAsOrderLine = (i: QuotationLine, sku: string): Order['items'][number] => ({
  sku,
  name: i.name,
  spec: i.spec,
  unit: i.unit ?? '',
  packaging: i.packaging,
  quantity: i.quantity,
  unitPrice: i.unitPrice,
  listPrice: i.listPrice,
  lastPrice: i.lastPrice,
  lineAmount: i.lineAmount,
  tier: i.tier,
  tierReason: i.tierReason,
});

export function quotationAsOrder(q: Quotation): Order {
  return {
    orderId: q.quotationId,
    orderNumber: q.quotationNumber,
    channel: 'quotation',
    status: AS_ORDER[q.status],
    priority: 'normal',
    customer: {
      name: q.customer.name,
      company: q.customer.company,
      phone: q.customer.phone,
      email: q.customer.email,
    },
    customerKey: q.customerKey,
    items: q.items.map((i) => quotationLineAsOrderLine(i, i.sku ?? '—')),
    totalAmount: q.totalAmount,
    currency: q.currency,
    paymentMethod: q.paymentTerms ?? '',
    delivery: { address: q.deliveryTerms ?? '', requestedDate: q.validUntil },
    ...(q.notes ? { notes: q.notes } : {}),
    language: 'zh-CN',
    approvalTier: q.approvalTier,
    approvalChain: q.approvalChain,
    assignee: null,
    history: q.history as Order['history'],
    version: q.version,
    createdAt: q.createdAt,
    updatedAt: q.updatedAt,
    pendingApproval: q.pendingApproval ?? null,
    approvals: q.approvals ?? [],
    ...(q.approvalRejection ? { approvalRejection: q.approvalRejection } : {}),
  } as Order;
}

export function approvalSubjects(orders: OrderStore, quotations: QuotationStore): OrderStore {
  return {
    ...orders,
    create: (order) => orders.create(order),
    async get(id) {
      if (!isQuotationId(id)) return orders.get(id);
      const q = await quotations.get(id);
      return q ? quotationAsOrder(q) : undefined;
    },
    async update(current, change) {
      if (!isQuotationId(current.orderId)) return orders.update(current, change);
      const q = await quotations.get(current.orderId);
      if (!q) throw new Error(`Quotation ${current.orderId} not found`);
      // The approval fields are the only ones the approval tasks set.
      const { pendingApproval, approvals, approvalRejection } = change.set ?? {};
      const set = {
        ...(change.set && 'pendingApproval' in change.set ? { pendingApproval } : {}),
        ...(approvals ? { approvals } : {}),
        ...(approvalRejection ? { approvalRejection } : {}),
      };
      const status = change.status ? AS_QUOTATION[change.status] : undefined;
      const updated = await quotations.update(
        { ...q, version: current.version },
        { ...(status ? { status } : {}), set, history: change.history, updatedAt: change.updatedAt },
      );
      return quotationAsOrder(updated);
    },
    appendHistory: (id, entry) => orders.appendHistory(id, entry),
  };
}
