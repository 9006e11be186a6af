/** Orders set up for tests that run without the workflow (background work off). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { dynamoOrderStore } from '#shared/adapters/dynamo-order-store.ts';
import type { OrderStatus } from '#shared/domain/status.ts';
import { orderBody, type TestSystem } from './system.ts';

/** Moves the order along `path` of its status graph through the order store, as the workflow would. */
export async function moveOrder(
  sys: Pick<TestSystem, 'dynamoEndpoint' | 'tableName'>,
  orderId: string,
  path: readonly OrderStatus[],
): Promise<void> {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: sys.dynamoEndpoint }));
  try {
    const store = dynamoOrderStore(db, sys.tableName);
    for (const to of path) {
      const order = (await store.get(orderId))!;
      const at = new Date().toISOString();
      await store.update(order, {
        status: to,
        updatedAt: at,
        history: { at, actor: 'test', action: 'status', from: order.status, to },
      });
    }
  } finally {
    db.destroy();
  }
}

/** A new order placed through the API (sample body), approved through the store and shipped through the API. */
export async function shippedOrder(sys: TestSystem): Promise<{ orderId: string; orderNumber: string }> {
  const placed = await sys.api('/api/orders', { json: orderBody() });
  expect(placed.status).toBe(201);
  const order = (await placed.json()) as { orderId: string; orderNumber: string };
  await moveOrder(sys, order.orderId, ['under_review', 'approved']);
  const shipped = await sys.api(`/api/orders/${order.orderId}/ship`, {
    token: await sys.login('logistics'),
    json: { carrier: '顺丰速运', trackingNumber: 'SF1234567890' },
  });
  expect(shipped.status).toBe(200);
  return order;
}
