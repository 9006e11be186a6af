/** Orders at a given point of their life, for the tests of the steps after approval. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { dynamoInventory } from '#shared/adapters/dynamo-inventory.ts';
import { dynamoOrderStore } from '#shared/adapters/dynamo-order-store.ts';
import { productKey } from '#shared/entities/catalogue-entities.ts';
import { moveOrder } from './orders.ts';
import { orderBody, type TestSystem } from './system.ts';

/** Two SKUs so shipments can be partial: BRG-6204 × 10 and VLV-DN50 × 2. */
export const TWO_LINES = [
  { sku: 'BRG-6204', quantity: 10, unitPrice: 1250 },
  { sku: 'VLV-DN50', quantity: 2, unitPrice: 26000 },
];

export async function placedOrder(sys: TestSystem, overrides: Record<string, unknown> = {}) {
  const res = await sys.api('/api/orders', { json: orderBody({ items: TWO_LINES, ...overrides }) });
  expect(res.status).toBe(201);
  return (await res.json()) as { orderId: string; orderNumber: string; trackingUrl: string };
}

export const approvedOrder = async (sys: TestSystem) => {
  const order = await placedOrder(sys);
  await moveOrder(sys, order.orderId, ['under_review', 'approved']);
  return order;
};

const withDb = async <T>(sys: TestSystem, run: (db: DynamoDBDocumentClient) => Promise<T>): Promise<T> => {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: sys.dynamoEndpoint }));
  try {
    return await run(db);
  } finally {
    db.destroy();
  }
};

/** Reserves the order's stock as the review task does, then holds the order from under_review. */
export async function heldOrder(sys: TestSystem, reserve = false) {
  const order = await placedOrder(sys);
  await moveOrder(sys, order.orderId, ['under_review']);
  if (reserve) {
    await withDb(sys, async (db) => {
      const lines = { 'BRG-6204': 10, 'VLV-DN50': 2 };
      expect(await dynamoInventory(db, sys.tableName).reserve(order.orderId, lines)).toEqual({
        reserved: true,
      });
      const store = dynamoOrderStore(db, sys.tableName);
      const current = (await store.get(order.orderId))!;
      const at = new Date().toISOString();
      await store.update(current, {
        updatedAt: at,
        set: { reservations: lines },
        history: { at, actor: 'test', action: 'review', reason: 'stock reserved' },
      });
    });
  }
  await moveOrder(sys, order.orderId, ['on_hold']);
  return order;
}

export const stockOf = (sys: TestSystem, sku: string): Promise<number> =>
  withDb(sys, async (db) => {
    const out = await db.send(new GetCommand({ TableName: sys.tableName, Key: productKey(sku) }));
    return Number(out.Item?.['stock']);
  });
