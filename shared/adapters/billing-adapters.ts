/**
 * The adapters of the billing use cases (shared/use-cases/billing.ts), built once per environment:
 * the billing function's routes and the receivables of the report emails (R-FIN-2) read the
 * same accounts the same way.
 */
import { tableName } from '../config.ts';
import { systemClock } from '../ports.ts';
import { perEnvironment } from '../runtime-env.ts';
import type { BillingDeps } from '../use-cases/billing.ts';
import { listOrders } from '../use-cases/list-orders.ts';
import { caseStore, orderList, orderStore } from './deps.ts';
import { dynamoBillingStore } from './dynamo-billing.ts';
import { documentClient } from './dynamo-client.ts';
import { dynamoCustomerStore } from './dynamo-customers.ts';

/**
 * The orders of a customer, found by its identity on the order list (as the customer page does).
 * The list signs its cursors with the tracking secret: the caller hands its reader in, so the
 * function that builds these adapters is seen to read that secret (test/infra/least-privilege).
 */
const customerOrders =
  (cursorSecret: () => Promise<string>) =>
  async (keys: string[]): Promise<string[]> => {
    const deps = { list: orderList(), cursorSecret: await cursorSecret() };
    const ids = new Set<string>();
    for (const key of keys.slice(0, 6)) {
      const q = key.replace(/^(email|phone):/, '');
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const got = await listOrders(
          deps,
          { q, limit: 100, ...(cursor ? { cursor } : {}) },
          { withCounts: false },
        );
        for (const entry of got.items) ids.add(entry.orderId);
        cursor = got.nextCursor;
        if (!cursor) break;
      }
    }
    return [...ids];
  };

/** Built once per environment (shared/runtime-env.ts): two local systems never share them. */
const built = perEnvironment((): { deps?: BillingDeps } => ({}));

export function billingDeps(cursorSecret: () => Promise<string>): BillingDeps {
  const cache = built();
  cache.deps ??= {
    customers: dynamoCustomerStore(documentClient(), tableName()),
    orders: orderStore(),
    billing: dynamoBillingStore(documentClient(), tableName()),
    cases: caseStore(),
    clock: systemClock,
    findOrders: customerOrders(cursorSecret),
  };
  return cache.deps;
}
