/**
 * Customers (R-MASTER-3): GET /api/customers?q=&cursor=&limit= (prefix search on names, company,
 * contacts, phones, emails); POST /api/customers; GET | PUT /api/customers/{key} (the record, its
 * history and its latest orders); POST /api/customers/{key}/merge { into }.
 */

import * as z from 'zod';
import { orderList, quotationStore } from '#shared/adapters/deps.ts';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { dynamoCustomerStore } from '#shared/adapters/dynamo-customers.ts';
import { tableName, trackingSecret } from '#shared/config.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { customerEditSchema, mergeSchema, newCustomerSchema } from '#shared/domain/master-data.ts';
import type { OrderListEntry } from '#shared/domain/order-list.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import type { RouteInput } from '#shared/http/route.ts';
import { type CustomerStore, systemClock } from '#shared/ports.ts';
import { perEnvironment } from '#shared/runtime-env.ts';
import { listOrders } from '#shared/use-cases/list-orders.ts';
import { createCustomer, editCustomer, mergeCustomers } from '#shared/use-cases/manage-customers.ts';

const customerStore = perEnvironment((): CustomerStore => dynamoCustomerStore(documentClient(), tableName()));
const listQuery = z.object({
  q: z.string().trim().max(100, 'At most 100 characters').optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new ValidationError(`Invalid ${what}`, toFieldIssues(parsed.error));
  return parsed.data;
}

/** The latest orders of a customer and the records merged into it, found by its identity on the order list. */
async function ordersOf(keys: string[]): Promise<OrderListEntry[]> {
  const deps = { list: orderList(), cursorSecret: await trackingSecret() };
  const found = new Map<string, OrderListEntry>();
  for (const key of keys.slice(0, 6)) {
    const q = key.replace(/^(email|phone):/, '');
    for (const entry of (await listOrders(deps, { q, limit: 20 }, { withCounts: false })).items)
      found.set(entry.orderId, entry);
  }
  return [...found.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 20);
}

export async function customersRoute({ event, staff, body }: RouteInput) {
  {
    const store = customerStore();
    const deps = { customers: store, clock: systemClock };
    const actor = staff!.email;
    const key = event.pathParameters?.['key'] ? decodeURIComponent(event.pathParameters['key']) : '';
    switch (event.routeKey) {
      case 'GET /api/customers': {
        const q = parse(listQuery, event.queryStringParameters, 'query');
        return json(200, await store.list(q.q || undefined, q.limit, q.cursor));
      }
      case 'POST /api/customers':
        return json(201, await createCustomer(deps, parse(newCustomerSchema, body, 'customer'), actor));
      case 'GET /api/customers/{key}': {
        const got = await store.get(key);
        if (!got) return json(404, { error: `No customer ${key}` });
        const keys = [got.customer.customerKey, ...(got.customer.aliases ?? [])];
        const orders = await ordersOf(keys);
        // R-QUOTE-1: the customer's quotations beside its orders, newest first.
        const quotations = (await quotationStore().list({ customerKeys: keys }, 20)).items.map((q) => ({
          quotationId: q.quotationId,
          quotationNumber: q.quotationNumber,
          status: q.status,
          totalAmount: q.totalAmount,
          validUntil: q.validUntil,
          createdAt: q.createdAt,
          ...(q.orderNumber ? { orderNumber: q.orderNumber } : {}),
        }));
        return json(200, { ...got, orders, quotations });
      }
      case 'PUT /api/customers/{key}':
        return json(200, await editCustomer(deps, key, parse(customerEditSchema, body, 'customer'), actor));
      case 'POST /api/customers/{key}/merge':
        return json(200, await mergeCustomers(deps, key, parse(mergeSchema, body, 'merge').into, actor));
      default:
        throw new ValidationError('No such route', [{ path: '', message: event.routeKey }]);
    }
  }
}
