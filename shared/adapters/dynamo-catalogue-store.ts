/** CatalogueStore on DynamoDB: products in the CATALOGUE partition, customer profiles by key. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  CATALOGUE_PK,
  type Customer,
  customerKey,
  type Product,
  productFromItem,
  productKey,
} from '../entities/catalogue-entities.ts';
import type { CatalogueStore } from '../ports.ts';
import { batchGetAll, queryAll } from './dynamo-paging.ts';

export function dynamoCatalogueStore(db: DynamoDBDocumentClient, tableName: string): CatalogueStore {
  return {
    async listProducts() {
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': CATALOGUE_PK, ':s': 'PRODUCT#' },
      });
      return items.map(productFromItem);
    },

    async pricingContext(skus, key) {
      const keys = [...new Set(skus)].map(productKey);
      keys.push(customerKey(key));
      const products = new Map<string, Product>();
      let customer: Customer | undefined;
      for (const item of await batchGetAll(db, tableName, keys)) {
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
      return customer ? { products, customer } : { products };
    },
  };
}
