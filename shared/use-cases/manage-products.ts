/**
 * Products, list prices and stock as the company maintains them (R-MASTER-1/2): ops add and
 * edit products and record receipts and adjustments; sales_director and gm set dated list
 * prices. Every change is recorded with who, when and why (shared/adapters/dynamo-ledger.ts).
 */

import { businessDay } from '../domain/calendar.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import {
  type NewProduct,
  newEventId,
  type PriceChange,
  type ProductEdit,
  priceInForce,
  type StockMovement,
  withPrice,
} from '../domain/master-data.ts';
import { productName } from '../entities/catalogue-entities.ts';
import type { Clock, ProductRecord, ProductStore } from '../ports.ts';

export interface ProductDeps {
  products: ProductStore;
  clock: Clock;
  /** Ops are told when a product's available stock falls below its threshold. */
  lowStock?: (product: ProductRecord) => Promise<void>;
}

export async function createProduct(deps: ProductDeps, input: NewProduct, actor: string) {
  const at = deps.clock.now().toISOString();
  if ((await deps.products.create(input, actor, at)) === 'exists')
    throw new ConflictError(`A product with SKU ${input.sku} exists already`);
  return (await deps.products.get(input.sku))!.product;
}

const EDITABLE = [
  'nameZh',
  'nameEn',
  'spec',
  'unit',
  'packaging',
  'active',
  'madeToOrder',
  'lowStockAt',
  'allowNegativeStock',
] as const;

export async function editProduct(deps: ProductDeps, sku: string, edit: ProductEdit, actor: string) {
  const at = deps.clock.now().toISOString();
  return deps.products.update(sku, (product) => {
    if (edit.version !== undefined && edit.version !== product.version)
      throw new ConflictError(
        `Someone changed ${sku} after you opened it (version ${product.version}, yours ${edit.version}): reload and edit again`,
      );
    const current: Record<string, unknown> = {
      ...product,
      nameEn: product.nameEn ?? null,
      lowStockAt: product.lowStockAt,
    };
    const changes: Record<string, [unknown, unknown]> = {};
    const set: Record<string, unknown> = {};
    for (const field of EDITABLE) {
      const wanted = edit[field];
      if (wanted === undefined) continue;
      if (JSON.stringify(wanted) === JSON.stringify(current[field])) continue;
      changes[field] = [current[field], wanted];
      set[field] = wanted === null ? undefined : wanted;
    }
    if (Object.keys(changes).length === 0) return 'unchanged';
    if ('nameZh' in changes || 'nameEn' in changes) {
      const nameEn = 'nameEn' in changes ? (edit.nameEn ?? undefined) : product.nameEn;
      set['name'] = productName(edit.nameZh ?? product.nameZh, nameEn);
    }
    return {
      set,
      bumpVersion: true,
      event: {
        id: newEventId(at),
        kind: 'edited',
        at,
        by: actor,
        changes,
        ...(edit.reason ? { reason: edit.reason } : {}),
      },
    };
  });
}

/** R-MASTER-1: a dated list price; the dates before today are history and cannot change. */
export async function setListPrice(deps: ProductDeps, sku: string, change: PriceChange, actor: string) {
  const now = deps.clock.now();
  const at = now.toISOString();
  const today = businessDay(now);
  return deps.products.update(sku, (product) => {
    const same = product.prices.find((p) => p.effectiveFrom === change.effectiveFrom);
    if (same && same.listPrice === change.listPrice) return 'unchanged';
    if (change.effectiveFrom < today)
      throw new ValidationError('The price cannot start in the past', [
        {
          path: 'effectiveFrom',
          message: `Must be today (${today}) or later: orders already placed keep their prices`,
        },
      ]);
    const entry = {
      listPrice: change.listPrice,
      effectiveFrom: change.effectiveFrom,
      at,
      by: actor,
      reason: change.reason,
    };
    const before = priceInForce(
      product.prices,
      change.effectiveFrom,
      product.prices.length ? null : product.listPrice,
    );
    return {
      set: { prices: withPrice(product.prices, entry) },
      bumpVersion: true,
      event: {
        id: newEventId(at),
        kind: 'price',
        at,
        by: actor,
        reason: change.reason,
        listPrice: change.listPrice,
        effectiveFrom: change.effectiveFrom,
        before,
      },
    };
  });
}

/** R-MASTER-2: a receipt adds stock; an adjustment (stocktake, damage) moves it either way, never below what is reserved. */
export async function moveStock(deps: ProductDeps, sku: string, movement: StockMovement, actor: string) {
  const at = deps.clock.now().toISOString();
  const { product } = await deps.products.update(sku, (p) => {
    if (!p.allowNegativeStock && p.available + movement.quantity < 0)
      throw new ConflictError(
        `This would take the stock of ${sku} below what is reserved: on hand ${p.onHand}, reserved ${p.reserved}, available ${p.available}`,
      );
    return {
      stockDelta: movement.quantity,
      allowNegative: p.allowNegativeStock,
      event: {
        id: newEventId(at),
        kind: movement.kind,
        at,
        by: actor,
        quantity: movement.quantity,
        ...(movement.reason ? { reason: movement.reason } : {}),
      },
    };
  });
  const before = product.available - movement.quantity;
  if (
    deps.lowStock &&
    product.lowStockAt !== null &&
    product.available < product.lowStockAt &&
    before >= product.lowStockAt
  )
    await deps.lowStock(product);
  return product;
}

export async function productDetail(deps: Pick<ProductDeps, 'products' | 'clock'>, sku: string) {
  const found = await deps.products.get(sku, businessDay(deps.clock.now()));
  if (!found) throw new NotFoundError(`No product ${sku}`);
  return found;
}
