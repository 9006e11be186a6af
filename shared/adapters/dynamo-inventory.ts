/**
 * Stock reservation on the product items (R-PROC-4). Each product keeps a map of reservations
 * by order id; reserving is `stock -= qty` with the order's entry added in the same conditional
 * update, so running a reservation twice (a retried workflow task) reserves once.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { productFromItem, productKey } from '../entities/catalogue-entities.ts';
import type { InventoryStore, Shortfall } from '../ports.ts';

export function dynamoInventory(db: DynamoDBDocumentClient, tableName: string): InventoryStore {
  /** Products carry `reservations: {}` from creation; older items get it here, idempotently. */
  async function ensureReservationMap(sku: string): Promise<void> {
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: productKey(sku),
          UpdateExpression: 'SET reservations = :empty',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(reservations)',
          ExpressionAttributeValues: { ':empty': {} },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** One write: stock down and this order's entry in, or nothing. */
  async function reserveOne(orderId: string, sku: string, qty: number, hasMap: boolean): Promise<boolean> {
    if (!hasMap) await ensureReservationMap(sku);
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: productKey(sku),
          UpdateExpression: 'SET stock = stock - :q, reservations.#o = :q',
          ConditionExpression: 'stock >= :q AND attribute_not_exists(reservations.#o)',
          ExpressionAttributeNames: { '#o': orderId },
          ExpressionAttributeValues: { ':q': qty },
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return false;
    }
  }

  const inventory: InventoryStore = {
    async reserve(orderId, lines) {
      const skus = Object.keys(lines);
      const out = await db.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: skus.map(productKey), ConsistentRead: true } },
        }),
      );
      const items = new Map((out.Responses?.[tableName] ?? []).map((i) => [String(i['sku']), i]));
      const reserved: Record<string, number> = {};
      const shortfall: Shortfall[] = [];
      for (const sku of skus) {
        const item = items.get(sku);
        const requested = lines[sku]!;
        if (item?.['madeToOrder'] === true) continue; // produced for the order, nothing to reserve
        const mine = (item?.['reservations'] as Record<string, number> | undefined)?.[orderId];
        if (mine !== undefined) {
          reserved[sku] = mine; // reserved by an earlier run of this task
          continue;
        }
        if (item && (await reserveOne(orderId, sku, requested, item['reservations'] !== undefined))) {
          reserved[sku] = requested;
          continue;
        }
        const product = item ? productFromItem(item) : undefined;
        const available = product?.stock ?? 0;
        shortfall.push({
          sku,
          name: product?.name ?? sku,
          requested,
          available,
          short: requested - available,
        });
      }
      if (shortfall.length === 0) return { reserved: true };
      await inventory.release(orderId, reserved);
      return { reserved: false, shortfall };
    },

    async release(orderId, lines) {
      for (const [sku, qty] of Object.entries(lines)) {
        try {
          await db.send(
            new UpdateCommand({
              TableName: tableName,
              Key: productKey(sku),
              UpdateExpression: 'SET stock = stock + :q REMOVE reservations.#o',
              ConditionExpression: 'attribute_exists(reservations.#o)',
              ExpressionAttributeNames: { '#o': orderId },
              ExpressionAttributeValues: { ':q': qty },
            }),
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
    },
  };
  return inventory;
}
