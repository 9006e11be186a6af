/**
 * The work queue (R-PROC-1): open orders, urgent → important → normal, oldest first, one page
 * at a time. Served by the `work-queue` index — a Query, never a Scan.
 */
import type { OrderStore } from '../ports.ts';

export interface QueueEntry {
  orderId: string;
  orderNumber: string;
  priority: string;
  status: string;
  customerName: string;
  company?: string;
  totalAmount: number;
  currency: string;
  createdAt: string;
  assignee: string | null;
  approvalTier: string;
  /** R-PROC-5: not approved or rejected within 2 working days. */
  slaBreached: boolean;
  /** The role an approval step waits for, if any. */
  awaiting: string | null;
}

export async function listQueue(
  deps: { orders: OrderStore },
  page: { limit: number; cursor?: string },
): Promise<{ items: QueueEntry[]; nextCursor?: string }> {
  const { items, nextCursor } = await deps.orders.queue(page.limit, page.cursor);
  const entries = items.map((o) => ({
    orderId: o.orderId,
    orderNumber: o.orderNumber,
    priority: o.priority,
    status: o.status,
    customerName: o.customer.name,
    company: o.customer.company,
    totalAmount: o.totalAmount,
    currency: o.currency,
    createdAt: o.createdAt,
    assignee: o.assignee,
    approvalTier: o.approvalTier,
    slaBreached: o.slaBreached === true,
    awaiting: o.pendingApproval?.role ?? null,
  }));
  return nextCursor ? { items: entries, nextCursor } : { items: entries };
}
