/**
 * Stock reservation on the product items (R-PROC-4). Each product keeps a map of reservations
 * by order id; reserving is `stock -= qty` with the order's entry added in the same conditional
 * update, so running a reservation twice (a retried workflow task) reserves once.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { productFromItem, productKey } from '../entities/catalogue-entities.ts';
import type { InventoryStore, LowStock, Shortfall } from '../ports.ts';
import { unlessConditionFails } from './dynamo-conditions.ts';
import { batchGetAll } from './dynamo-paging.ts';

export function dynamoInventory(db: DynamoDBDocumentClient, tableName: string): InventoryStore {
  /** Products carry `reservations: {}` from creation; older items get it here, idempotently. */
  async function ensureReservationMap(sku: string): Promise<void> {
    const update = db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: productKey(sku),
        UpdateExpression: 'SET reservations = :empty',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(reservations)',
        ExpressionAttributeValues: { ':empty': {} },
      }),
    );
    await unlessConditionFails(update, undefined);
  }

  /** One write: stock down and this order's entry in, or nothing; the product as it is after. */
  async function reserveOne(
    orderId: string,
    sku: string,
    qty: number,
    hasMap: boolean,
  ): Promise<Record<string, unknown> | false> {
    if (!hasMap) await ensureReservationMap(sku);
    const update = db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: productKey(sku),
        UpdateExpression: 'SET stock = stock - :q, reservations.#o = :q',
        // A product that allows negative stock takes back orders (R-MASTER-2).
        ConditionExpression:
          '(stock >= :q OR allowNegativeStock = :yes) AND attribute_not_exists(reservations.#o)',
        ExpressionAttributeNames: { '#o': orderId },
        ExpressionAttributeValues: { ':q': qty, ':yes': true },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return unlessConditionFails(
      update.then((out) => out.Attributes ?? {}),
      false,
    );
  }

  const inventory: InventoryStore = {
    async reserve(orderId, lines) {
      const skus = Object.keys(lines);
      const stored = await batchGetAll(db, tableName, skus.map(productKey), { consistentRead: true });
      const items = new Map(stored.map((i) => [String(i['sku']), i]));
      const reserved: Record<string, number> = {};
      const shortfall: Shortfall[] = [];
      const low: LowStock[] = [];
      for (const sku of skus) {
        const item = items.get(sku);
        const requested = lines[sku]!;
        if (item?.['madeToOrder'] === true) continue; // produced for the order, nothing to reserve
        const mine = (item?.['reservations'] as Record<string, number> | undefined)?.[orderId];
        if (mine !== undefined) {
          reserved[sku] = mine; // reserved by an earlier run of this task
          continue;
        }
        const after = item && (await reserveOne(orderId, sku, requested, item['reservations'] !== undefined));
        if (after) {
          reserved[sku] = requested;
          const stock = Number(after['stock']);
          const threshold = after['lowStockAt'];
          // Told once, when this reservation crosses the threshold (R-MASTER-2).
          if (typeof threshold === 'number' && stock < threshold && stock + requested >= threshold)
            low.push({ sku, name: productFromItem(after).name, available: stock, lowStockAt: threshold });
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
      if (shortfall.length === 0) return low.length ? { reserved: true, low } : { reserved: true };
      await inventory.release(orderId, reserved);
      return { reserved: false, shortfall };
    },

    async consume(orderId, lines) {
      for (const [sku, shipped] of Object.entries(lines)) {
        for (let attempt = 0; attempt < 5; attempt++) {
          const { Item: item } = await db.send(
            new GetCommand({ TableName: tableName, Key: productKey(sku), ConsistentRead: true }),
          );
          const held = (item?.['reservations'] as Record<string, number> | undefined)?.[orderId];
          if (held === undefined) break; // nothing reserved for this line (made to order, or consumed)
          const left = held - shipped;
          const update = db.send(
            new UpdateCommand({
              TableName: tableName,
              Key: productKey(sku),
              UpdateExpression: left > 0 ? 'SET reservations.#o = :left' : 'REMOVE reservations.#o',
              ConditionExpression: 'reservations.#o = :held',
              ExpressionAttributeNames: { '#o': orderId },
              ExpressionAttributeValues: { ':held': held, ...(left > 0 ? { ':left': left } : {}) },
            }),
          );
          if (
            await unlessConditionFails(
              update.then(() => true),
              false,
            )
          )
            break;
        }
      }
    },

    async release(orderId, lines) {
      for (const [sku, qty] of Object.entries(lines)) {
        const update = db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: productKey(sku),
            UpdateExpression: 'SET stock = stock + :q REMOVE reservations.#o',
            ConditionExpression: 'attribute_exists(reservations.#o)',
            ExpressionAttributeNames: { '#o': orderId },
            ExpressionAttributeValues: { ':q': qty },
          }),
        );
        await unlessConditionFails(update, undefined); // released by an earlier run already
      }
    },
  };
  return inventory;
}
