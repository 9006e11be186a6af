/** CatalogueStore on DynamoDB: products in the CATALOGUE partition, customer profiles by key. */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { businessDay } from '../domain/calendar.ts';
import {
  CATALOGUE_PK,
  type Customer,
  customerKey,
  type Product,
  productFromItem,
  productKey,
} from '../entities/catalogue-entities.ts';
import type { CatalogueStore } from '../ports.ts';
import { unlessConditionFails } from './dynamo-conditions.ts';
import { indexCustomer } from './dynamo-customers.ts';
import { batchGetAll, queryAll } from './dynamo-paging.ts';

export function dynamoCatalogueStore(db: DynamoDBDocumentClient, tableName: string): CatalogueStore {
  /** The profile a merged record points to (merges do not chain: a target is never merged). */
  async function followMerge(profile: Record<string, unknown> | undefined) {
    const into = profile?.['mergedInto'];
    if (typeof into !== 'string') return profile;
    return (await db.send(new GetCommand({ TableName: tableName, Key: customerKey(into) }))).Item ?? profile;
  }

  return {
    async listProducts(day) {
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': CATALOGUE_PK, ':s': 'PRODUCT#' },
      });
      // Inactive products leave the order form (R-MASTER-1).
      const on = day ?? businessDay(new Date()); // once per list, not once per product
      // The packaging options are for the special-requirement check (R-SPEC-1), not the form.
      return items
        .map((item) => productFromItem(item, on))
        .filter((p) => p.active !== false)
        .map(({ packaging: _packaging, ...p }) => p);
    },

    async pricingContext(skus, key, day) {
      const keys = [...new Set(skus)].map(productKey);
      keys.push(customerKey(key));
      const products = new Map<string, Product>();
      let profile: Record<string, unknown> | undefined;
      for (const item of await batchGetAll(db, tableName, keys)) {
        if (item['sk'] === 'PROFILE') profile = item;
        else {
          const product = productFromItem(item, day);
          products.set(product.sku, product);
        }
      }
      // A record merged into another prices against the one it was merged into (R-MASTER-3).
      const target = await followMerge(profile);
      const customer: Customer | undefined = target && {
        customerKey: String(target['customerKey'] ?? key),
        name: String(target['name'] ?? ''),
        lastPrices: (target['lastPrices'] as Record<string, number>) ?? {},
      };
      return customer ? { products, customer } : { products };
    },

    async recordLastPrices(originalKey, prices, customer) {
      const skus = Object.keys(prices);
      if (skus.length === 0) return;
      const merged = await followMerge(
        (await db.send(new GetCommand({ TableName: tableName, Key: customerKey(originalKey) }))).Item,
      );
      const key = String(merged?.['customerKey'] ?? originalKey);
      // Two writes that never overwrite each other: into an existing map, else a new profile.
      for (let attempt = 0; attempt < 3; attempt++) {
        const names: Record<string, string> = { '#lp': 'lastPrices' };
        const values: Record<string, unknown> = {};
        const sets = skus.map((sku, i) => {
          names[`#s${i}`] = sku;
          values[`:p${i}`] = prices[sku];
          return `#lp.#s${i} = :p${i}`;
        });
        const intoMap = await unlessConditionFails(
          db
            .send(
              new UpdateCommand({
                TableName: tableName,
                Key: customerKey(key),
                UpdateExpression: `SET ${sets.join(', ')}, pricesUpdatedAt = :at`,
                ConditionExpression: 'attribute_exists(lastPrices)',
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: { ...values, ':at': customer.at },
              }),
            )
            .then(() => true),
          false,
        );
        if (intoMap) return;
        const created = await unlessConditionFails(
          db
            .send(
              new UpdateCommand({
                TableName: tableName,
                Key: customerKey(key),
                UpdateExpression:
                  'SET lastPrices = :prices, pricesUpdatedAt = :at, entity = :e, customerKey = :k, ' +
                  '#n = if_not_exists(#n, :name), createdAt = if_not_exists(createdAt, :at)' +
                  (customer.company ? ', company = if_not_exists(company, :company)' : ''),
                ConditionExpression: 'attribute_not_exists(lastPrices)',
                ExpressionAttributeNames: { '#n': 'name' },
                ExpressionAttributeValues: {
                  ':prices': prices,
                  ':at': customer.at,
                  ':e': 'customer',
                  ':k': key,
                  ':name': customer.name,
                  ...(customer.company ? { ':company': customer.company } : {}),
                },
              }),
            )
            .then(() => true),
          false,
        );
        if (created) {
          await indexCustomer(db, tableName, key); // a new profile is found on the customer list (R-MASTER-3)
          return;
        }
      }
      throw new Error(`Could not record the last prices of customer profile ${key}`);
    },
  };
}
