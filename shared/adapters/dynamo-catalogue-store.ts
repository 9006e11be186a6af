/** CatalogueStore on DynamoDB: products in the CATALOGUE partition, customer profiles by key. */
import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  CATALOGUE_PK,
  type Customer,
  customerKey,
  type Product,
  productFromItem,
  productKey,
} from '../entities/catalogue-entities.ts';
import type { CatalogueStore } from '../ports.ts';

export function dynamoCatalogueStore(db: DynamoDBDocumentClient, tableName: string): CatalogueStore {
  return {
    async listProducts() {
      const products: Product[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
            ExpressionAttributeValues: { ':p': CATALOGUE_PK, ':s': 'PRODUCT#' },
            ExclusiveStartKey: start,
          }),
        );
        products.push(...(out.Items ?? []).map(productFromItem));
        start = out.LastEvaluatedKey;
      } while (start);
      return products;
    },

    async pricingContext(skus, key) {
      const keys = [...new Set(skus)].map(productKey);
      keys.push(customerKey(key));
      const products = new Map<string, Product>();
      let customer: Customer | undefined;
      let pending: Record<string, unknown>[] = keys;
      // BatchGetItem takes 100 keys; an order has at most 100 lines plus the customer.
      for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
        const batch = pending.slice(0, 100);
        const rest = pending.slice(100);
        const out = await db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: batch } } }));
        for (const item of out.Responses?.[tableName] ?? []) {
          if (item['sk'] === 'PROFILE') {
            customer = {
              customerKey: key,
              name: String(item['name'] ?? ''),
              lastPrices: (item['lastPrices'] as Record<string, number>) ?? {},
            };
          } else {
            const product = productFromItem(item);
            products.set(product.sku, product);
          }
        }
        pending = [...rest, ...((out.UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[]) ?? [])];
        if (pending.length > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
      if (pending.length > 0) throw new Error('Catalogue lookup did not complete');
      return customer ? { products, customer } : { products };
    },
  };
}
