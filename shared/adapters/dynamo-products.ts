/**
 * Products, dated list prices and stock on the product items of the CATALOGUE partition
 * (R-MASTER-1/2). Each change is one conditional UpdateItem carrying its own record
 * (`lastEvent`, dynamo-ledger.ts); stock moves are relative (`stock = stock + :q`) so they never
 * lose a concurrent reservation, and they are refused below what is reserved unless the
 * product allows negative stock.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { businessDay } from '../domain/calendar.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { type PriceEntry, stockFigures } from '../domain/master-data.ts';
import { CATALOGUE_PK, productFromItem, productKey, productName } from '../entities/catalogue-entities.ts';
import type { ProductRecord, ProductStore, ProductUpdate } from '../ports.ts';
import { isConditionFailure, putNew } from './dynamo-conditions.ts';
import {
  keepLastEvent,
  type LedgerEvent,
  lastEventCondition,
  newEventId,
  readHistory,
  readItem,
} from './dynamo-ledger.ts';
import { type Item, queryAll } from './dynamo-paging.ts';

/** Concurrent changes of one product retry with a growing random pause before giving up with a 409. */
const ATTEMPTS = 20;

export function productRecord(item: Item, day?: string): ProductRecord {
  const product = productFromItem(item, day);
  const reservations = (item['reservations'] as Record<string, number> | undefined) ?? {};
  return {
    ...product,
    nameZh: String(item['nameZh'] ?? item['name'] ?? ''),
    ...(typeof item['nameEn'] === 'string' && item['nameEn'] ? { nameEn: item['nameEn'] } : {}),
    packaging: Array.isArray(item['packaging']) ? (item['packaging'] as string[]) : [],
    active: item['active'] !== false,
    madeToOrder: item['madeToOrder'] === true,
    lowStockAt: typeof item['lowStockAt'] === 'number' ? item['lowStockAt'] : null,
    allowNegativeStock: item['allowNegativeStock'] === true,
    prices: Array.isArray(item['prices']) ? (item['prices'] as PriceEntry[]) : [],
    reservations,
    ...stockFigures(product.stock, reservations),
    version: typeof item['version'] === 'number' ? item['version'] : 0,
    ...(typeof item['updatedAt'] === 'string' ? { updatedAt: item['updatedAt'] } : {}),
  };
}

export function dynamoProductStore(db: DynamoDBDocumentClient, tableName: string): ProductStore {
  return {
    async create(p, actor, at, price) {
      const event: LedgerEvent = {
        id: newEventId(at),
        kind: 'created',
        at,
        by: actor,
        ...(price
          ? { listPrice: price.listPrice, effectiveFrom: price.effectiveFrom, reason: price.reason }
          : {}),
      };
      return putNew(db, {
        TableName: tableName,
        Item: {
          ...productKey(p.sku),
          entity: 'product',
          sku: p.sku,
          nameZh: p.nameZh,
          ...(p.nameEn ? { nameEn: p.nameEn } : {}),
          name: productName(p.nameZh, p.nameEn),
          spec: p.spec ?? '',
          unit: p.unit,
          packaging: p.packaging ?? [],
          active: p.active ?? true,
          ...(p.madeToOrder ? { madeToOrder: true } : {}),
          ...(p.lowStockAt != null ? { lowStockAt: p.lowStockAt } : {}),
          ...(p.allowNegativeStock ? { allowNegativeStock: true } : {}),
          prices: price ? [price] : [],
          listPrice: null,
          stock: 0,
          reservations: {},
          version: 1,
          createdAt: at,
          updatedAt: at,
          lastEvent: event,
        },
      });
    },

    async list(day) {
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': CATALOGUE_PK, ':s': 'PRODUCT#' },
      });
      const on = day ?? businessDay(new Date()); // once per list, not once per product
      return items.map((i) => productRecord(i, on));
    },

    async get(sku, day) {
      const item = await readItem(db, tableName, productKey(sku));
      if (!item) return undefined;
      return {
        product: productRecord(item, day),
        history: await readHistory(db, tableName, productKey(sku), item),
      };
    },

    async update(sku, decide) {
      const key = productKey(sku);
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const item = await readItem(db, tableName, key);
        if (!item) throw new NotFoundError(`No product ${sku}`);
        const change = decide(productRecord(item));
        if (change === 'unchanged') return { product: productRecord(item), changed: false };
        await keepLastEvent(db, tableName, key, item);
        const last = lastEventCondition(item);
        try {
          const out = await db.send(new UpdateCommand(updateInput(tableName, key, change, last)));
          return { product: productRecord(out.Attributes ?? item), changed: true };
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          // Someone changed it first: read again, decide again (a stale version or too little stock throws then).
          await new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));
        }
      }
      throw new ConflictError(`Product ${sku} is being changed by others; try again`, 1);
    },
  };
}

function updateInput(
  tableName: string,
  key: Item,
  change: ProductUpdate,
  last: { expression: string; values: Item },
) {
  const names: Record<string, string> = {};
  const values: Item = { ...last.values, ':event': change.event, ':at': change.event.at };
  const sets = ['lastEvent = :event', 'updatedAt = :at'];
  const removes: string[] = [];
  Object.entries(change.set ?? {}).forEach(([field, value], i) => {
    names[`#f${i}`] = field;
    if (value === undefined) removes.push(`#f${i}`);
    else {
      values[`:v${i}`] = value;
      sets.push(`#f${i} = :v${i}`);
    }
  });
  const conditions = ['attribute_exists(pk)', last.expression];
  if (change.bumpVersion) {
    sets.push('version = if_not_exists(version, :zero) + :one');
    values[':zero'] = 0;
    values[':one'] = 1;
  }
  if (change.stockDelta !== undefined) {
    sets.push('stock = stock + :dq');
    values[':dq'] = change.stockDelta;
    if (change.stockDelta < 0 && !change.allowNegative) {
      conditions.push('stock >= :need');
      values[':need'] = -change.stockDelta;
    }
  }
  return {
    TableName: tableName,
    Key: key,
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: conditions.join(' AND '),
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
    ReturnValues: 'ALL_NEW' as const,
  };
}
