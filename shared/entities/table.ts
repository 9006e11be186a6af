/**
 * The one DynamoDB table (single-table design, ARCHITECTURE.md "Data"). CDK builds the table
 * from this definition and the local runtime creates the same table in dynalite, so the two
 * cannot drift. Indexes are named after the access pattern they serve.
 *
 * Every index an order enters costs write units on each write that touches its projection, so
 * intake keeps to the table plus one index (docs/data-model.md "Write units at intake"):
 * the work queue projects only what the queue shows.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

export type IndexProjection =
  | { type: 'ALL' }
  | { type: 'KEYS_ONLY' }
  | { type: 'INCLUDE'; attributes: readonly string[] };

export interface IndexDefinition {
  /** Index name, after the access pattern it serves. */
  name: string;
  partitionKey: string;
  sortKey: string;
  projection: IndexProjection;
  /** What the index is for, for docs/data-model.md and the CDK description. */
  purpose: string;
  /** Only the local runtime creates it (a stand-in for an AWS feature). */
  localOnly?: boolean;
}

export const INDEXES = {
  /** R-PROC-1: open orders, urgent → important → normal, oldest first. Sparse. */
  workQueue: {
    name: 'work-queue',
    partitionKey: 'queuePk',
    sortKey: 'queueSk',
    projection: {
      type: 'INCLUDE',
      attributes: [
        'orderNumber',
        'priority',
        'status',
        'customer',
        'totalAmount',
        'currency',
        'createdAt',
        'assignee',
        'approvalTier',
        'slaBreached',
        'pendingApproval',
      ],
    },
    purpose: 'FIFO work queue by priority then age (R-PROC-1); only open orders carry the keys',
  },
  /**
   * R-REPORT-1/2: a day's orders (sort key: their ISO `createdAt`) and after-sales cases
   * (`CASE#<createdAt>#<caseId>`), by the Asia/Shanghai day they were received or opened, so a
   * report reads its period one Query per day — never a Scan. Projects only what the figures
   * need (docs/reports.md): no history, no contact details beyond the customer's name block.
   */
  byDay: {
    name: 'by-day',
    partitionKey: 'dayPk',
    sortKey: 'daySk',
    projection: {
      type: 'INCLUDE',
      attributes: [
        'createdAt',
        'channel',
        'status',
        'priority',
        'totalAmount',
        'customerKey',
        'customer',
        'items',
        'approvedAt',
        'deliveredAt',
        'slaBreached',
        'rush',
        'approvals',
        'approvalRejection',
        'orderId',
        'caseId',
        'caseType',
        'caseStatus',
        'refundAmount',
        'refundedAt',
        // Fulfilment figures (R-PROC-7, R-TRACK-2/3): the requested date, shipments, exceptions.
        'delivery',
        'shipments',
        'exceptions',
      ],
    },
    purpose: 'orders and after-sales cases by the day they arrived, for the reports (R-REPORT-1)',
  },
  /**
   * R-PROC-7, the order list (订单列表): every order, archived ones too, by status and newest
   * first. Keyed on attributes the order already has — `status` and `daySk` (its bare
   * `createdAt`) — so the order item grows by nothing and stays within 1 KB at intake. Approval
   * requests have a `status` but no `daySk` and stay out; after-sales cases enter under their
   * own statuses with `CASE#…` sort keys, never under an order status. A status change moves the
   * entry from one partition to another (a delete and a put).
   */
  orderList: {
    name: 'order-list',
    partitionKey: 'status',
    sortKey: 'daySk',
    projection: {
      type: 'INCLUDE',
      attributes: [
        'orderNumber',
        'priority',
        'channel',
        'customer',
        'totalAmount',
        'currency',
        'createdAt',
        'assignee',
        // What "My work" needs to tell whose turn it is (shared/domain/my-work.ts).
        'pendingApproval',
        'production',
        'exceptions',
      ],
    },
    purpose: 'every order by status, newest first, for the order list and its filters (R-PROC-7)',
  },
  /**
   * New orders not yet handled by `order-received`. Local only: dynalite has no streams, so the
   * local runtime polls this sparse index instead; on AWS the table stream delivers new orders
   * and the index is not created (the attribute alone costs no write units).
   */
  pendingNotifications: {
    name: 'pending-notifications',
    partitionKey: 'notifyPk',
    sortKey: 'createdAt',
    projection: { type: 'ALL' },
    purpose: 'orders whose confirmation is not yet sent (the local stand-in for the table stream)',
    localOnly: true,
  },
} as const satisfies Record<string, IndexDefinition>;

export const ALL_INDEXES: IndexDefinition[] = Object.values(INDEXES);

/** The indexes of the AWS table. */
export const AWS_INDEXES: IndexDefinition[] = ALL_INDEXES.filter((i) => !i.localOnly);
