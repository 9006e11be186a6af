/**
 * The one DynamoDB table (single-table design, ARCHITECTURE.md "Data"). CDK builds the table
 * from this definition and the local runtime creates the same table in dynalite, so the two
 * cannot drift. Indexes are named after the access pattern they serve.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

export interface IndexDefinition {
  /** Index name, after the access pattern it serves. */
  name: string;
  partitionKey: string;
  sortKey: string;
  /** What the index is for, for docs/data-model.md and the CDK description. */
  purpose: string;
}

export const INDEXES = {
  /** R-PROC-1: open orders, urgent → important → normal, oldest first. Sparse. */
  workQueue: {
    name: 'work-queue',
    partitionKey: 'queuePk',
    sortKey: 'queueSk',
    purpose: 'FIFO work queue by priority then age (R-PROC-1); only open orders carry the keys',
  },
  /** Orders of one customer, newest last. */
  byCustomer: {
    name: 'orders-by-customer',
    partitionKey: 'customerPk',
    sortKey: 'createdAt',
    purpose: 'orders of one customer in time order',
  },
  /** Orders received on one day (Asia/Shanghai), for reports. */
  byDay: {
    name: 'orders-by-day',
    partitionKey: 'dayPk',
    sortKey: 'createdAt',
    purpose: 'orders received on one calendar day, for reports',
  },
  /** Orders whose confirmation is still to be sent. Sparse: the key is removed once sent. */
  pendingNotifications: {
    name: 'pending-notifications',
    partitionKey: 'notifyPk',
    sortKey: 'createdAt',
    purpose: 'orders whose confirmation is not yet sent (local stream stand-in, recovery on AWS)',
  },
} as const satisfies Record<string, IndexDefinition>;

export const ALL_INDEXES: IndexDefinition[] = Object.values(INDEXES);
