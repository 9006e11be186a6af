/**
 * How an order is stored (STYLE.md 4: entities own their keys). One item per order:
 * `pk = ORDER#<id>`, `sk = ORDER`. Its history lives in the same item and is only ever
 * appended to with `list_append` under the version condition (R-ARCH-2), so a status change
 * and its history entry are one atomic write — no multi-item scheme needed.
 *
 * Index keys it carries:
 * - `queuePk`/`queueSk` while the order is open (R-PROC-1): `QUEUE` and
 *   `<priority rank>#<createdAt>#<orderId>` so a Query returns urgent → important → normal,
 *   oldest first. Removed when the order leaves the open statuses (sparse index).
 * - `notifyPk` while the confirmation (R-INTAKE-3) is not yet sent.
 * - `dayPk`/`daySk` always (R-REPORT-1): `DAY#<Asia/Shanghai day of createdAt>` and the bare
 *   `createdAt`, so reports read a day's orders with one Query (`by-day`). The sort key has no
 *   `ORDER#…#<orderId>` around it: the index needs no unique keys, ISO instants sort before the
 *   `CASE#…` keys of after-sales cases in the same day, and every byte on the order item counts —
 *   a normal order must stay within 1 KB (1 write unit) with these keys on it.
 */

import { businessDay } from '../domain/calendar.ts';
import type { DeliveryException, ProductionRecord, Shipment } from '../domain/fulfilment.ts';
import { readEntry, storedEntry } from '../domain/history-codes.ts';
import type { ChangeKind, ChangeStatus, OrderVersion } from '../domain/order-change.ts';
import type {
  ApprovalRole,
  Channel,
  HistoryEntry,
  Language,
  OrderEvidence,
  OrderLine,
  Priority,
} from '../domain/order-schema.ts';
import type { SpecialReview } from '../domain/special-review.ts';
import { isOpen, type OrderStatus } from '../domain/status.ts';
import type { RushInfo } from './rush-entity.ts';

export interface Order {
  orderId: string;
  orderNumber: string;
  channel: Channel;
  status: OrderStatus;
  priority: Priority;
  customer: { name: string; company?: string; phone?: string; email?: string };
  customerKey: string;
  items: OrderLine[];
  totalAmount: number;
  currency: string;
  paymentMethod: string;
  delivery: { address: string; requestedDate: string; transportMethod?: string };
  notes?: string;
  language: Language;
  approvalTier: ApprovalRole;
  approvalChain: ApprovalRole[];
  assignee: string | null;
  history: HistoryEntry[];
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Intake idempotency: hash of the request body the order was created from (R-INTAKE-4). */
  requestHash?: string;
  /** Set while the confirmation is still to be sent. */
  confirmationPending?: boolean;
  /** The approval step waiting for a decision (R-APPR-1), null when none. */
  pendingApproval?: PendingApproval | null;
  /** Decisions so far in the approval chain (R-PRICE-5, R-APPR-3). */
  approvals?: ApprovalRecord[];
  /** R-PROC-5: when the order must be approved or rejected, and whether that passed. */
  slaDeadline?: string;
  slaBreached?: boolean;
  /** Stock reserved for this order by SKU (R-PROC-4). */
  reservations?: Record<string, number>;
  /** A rush order's application, decision and task group (R-RUSH-1..8). */
  rush?: RushInfo;
  /**
   * R-TRACK-2: the shipments, each with carrier, tracking number, lines and who signed for it.
   * Kept on the order item (a shipment is ~150 bytes, an order has a handful) so the shipped
   * quantities and the status move in one conditional write.
   */
  shipments?: Shipment[];
  /** R-TRACK-3: delivery exceptions with their plan, on the order item for the same reason. */
  exceptions?: DeliveryException[];
  /** R-PROD-1: planned completion, start and finish of production. */
  production?: ProductionRecord;
  /** R-AFTER-2: the customer's answer to the satisfaction link (rush orders keep theirs in `rush`). */
  satisfaction?: { score: number; comment?: string; at: string };
  /** R-REPORT-1: first time the order became `approved`, and when it became `delivered` (set by the store). */
  approvedAt?: string;
  deliveredAt?: string;
  /** R-REPORT-1: the approval step that rejected the order (approvals lists only approvals). */
  approvalRejection?: { step: ApprovalRole; role: string; at: string; requestedAt?: string };
  /** R-INTAKE-6: the email the order came from (its raw message is kept), for staff and replies. */
  source?: OrderSource;
  /**
   * R-INTAKE-7: what a staff-entered order rests on — the faxed page with the customer's signature
   * or stamp (an upload), or the customer's email (an inbound message); kept with the order as the
   * basis of shipping, reconciliation and invoicing.
   */
  evidence?: OrderEvidence;
  /** R-PROC-6: the versions of the order's content, once a change was applied (v1 as placed). */
  versions?: OrderVersion[];
  /** R-PROC-6: the change request in progress; one at a time (a second one is a 409). */
  pendingChange?: { changeId: string; kind: ChangeKind; status: ChangeStatus } | null;
  /**
   * R-SPEC-1: the special-requirement review of its flagged lines, before the price approval;
   * `status` pending until every department accepted (the approval starts) or one rejected.
   */
  specialReview?: SpecialReview;
}

/** The inbound message of an emailed order; the confirmation answers in its thread (R-INTAKE-3). */
export interface OrderSource {
  inboundId: string;
  /** Key of the raw message (S3 object key; the same key locally). */
  rawKey: string;
  /** Message-ID header, with angle brackets. */
  messageId: string;
  subject: string;
  /** The message's own References, for the reply's References header. */
  references: string[];
}

export interface PendingApproval {
  requestId: string;
  /** The role the step waits for. */
  role: ApprovalRole;
  /** Roles that may decide: the role, and after an escalation the role it came from and gm. */
  allowedRoles: string[];
  deadline: string;
  escalatedFrom?: ApprovalRole;
  /** When the step was requested: answer time = decision − request (R-REPORT-1). */
  requestedAt?: string;
}

export interface ApprovalRecord {
  role: string;
  actor: string;
  at: string;
  /** Which step of the chain the decision stood for (an escalated approver decides a lower step). */
  step: ApprovalRole;
  /** When the step was requested (R-REPORT-1). */
  requestedAt?: string;
}

/** Order attributes a change may set (never keys, history or version, which the store owns). */
export type OrderFields = Partial<
  Pick<
    Order,
    | 'assignee'
    | 'pendingApproval'
    | 'approvals'
    | 'slaDeadline'
    | 'slaBreached'
    | 'reservations'
    | 'rush'
    | 'shipments'
    | 'exceptions'
    | 'production'
    | 'satisfaction'
    | 'evidence'
    | 'approvalRejection'
    // R-PROC-6: set only by applying a change request (shared/use-cases/order-changes.ts).
    | 'items'
    | 'totalAmount'
    | 'delivery'
    | 'approvalTier'
    | 'approvalChain'
    | 'versions'
    | 'pendingChange'
    | 'specialReview'
  >
>;

const PRIORITY_RANK: Record<Priority, number> = { urgent: 1, important: 2, normal: 3 };

export const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' });

export const QUEUE_PK = 'QUEUE';
/**
 * R-REPORT-1: the status changes whose time the reports need, stamped by the store in the same
 * write as the status: the first approval is kept (`if_not_exists`), delivery is the latest.
 */
export interface StatusStamp {
  field: 'approvedAt' | 'deliveredAt';
  /** Keep the first time (a later return to the status does not move it). */
  first: boolean;
}
export const STATUS_STAMPS: Partial<Record<OrderStatus, StatusStamp>> = {
  approved: { field: 'approvedAt', first: true },
  delivered: { field: 'deliveredAt', first: false },
};
/** R-REPORT-1: the `by-day` index keys of an order (its received day in Asia/Shanghai). */
export const dayKeys = (o: Pick<Order, 'createdAt'>) => ({
  dayPk: `DAY#${businessDay(new Date(o.createdAt))}`,
  daySk: o.createdAt,
});
export const NOTIFY_PK = 'CONFIRM';

export const queueSortKey = (o: Pick<Order, 'priority' | 'createdAt' | 'orderId'>): string =>
  `${PRIORITY_RANK[o.priority]}#${o.createdAt}#${o.orderId}`;

/**
 * The whole stored item of a new order, with every index key it should carry. The order id is
 * the partition key's suffix, not stored twice (an order item stays under 1 KB: 1 write unit).
 */
export function orderToItem(order: Order): Record<string, unknown> {
  const { confirmationPending, orderId, ...rest } = order;
  return {
    // No `entity` attribute: the `ORDER#` key says what the item is, and 11 bytes count here.
    ...orderKey(orderId),
    ...rest,
    history: (order.history ?? []).map(storedEntry),
    ...dayKeys(order),
    ...(isOpen(order.status) ? { queuePk: QUEUE_PK, queueSk: queueSortKey(order) } : {}),
    ...(confirmationPending ? { notifyPk: NOTIFY_PK } : {}),
  };
}

const INTERNAL = ['pk', 'sk', 'entity', 'queuePk', 'queueSk', 'notifyPk', 'dayPk', 'daySk'];

/** The order id of an order item's partition key. */
export const orderIdOf = (pk: unknown): string => String(pk).replace(/^ORDER#/, '');

export function itemToOrder(item: Record<string, unknown>): Order {
  const order = Object.fromEntries(
    Object.entries(item).filter(([k]) => !INTERNAL.includes(k)),
  ) as unknown as Order;
  order.orderId = orderIdOf(item['pk']);
  order.confirmationPending = item['notifyPk'] !== undefined;
  order.assignee = order.assignee ?? null;
  if (Array.isArray(order.history)) order.history = order.history.map(readEntry);
  return order;
}
