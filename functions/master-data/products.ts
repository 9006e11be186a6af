/**
 * Products, list prices and stock for staff (R-MASTER-1/2):
 * GET /api/stock (every product with its stock figures, inactive ones too);
 * GET /api/products/{sku} (the product, its dated prices, reservations and history);
 * POST /api/products and PUT /api/products/{sku} (ops); PUT /api/products/{sku}/price
 * (sales_director, gm); POST /api/products/{sku}/stock (ops).
 */

import type * as z from 'zod';
import { productDeps } from '#shared/adapters/product-deps.ts';
import { businessDay } from '#shared/domain/calendar.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import {
  newProductSchema,
  priceChangeSchema,
  productEditSchema,
  skuSchema,
  stockMovementSchema,
} from '#shared/domain/master-data.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import type { RouteInput } from '#shared/http/route.ts';
import {
  createProduct,
  editProduct,
  moveStock,
  productDetail,
  setListPrice,
} from '#shared/use-cases/manage-products.ts';

function parse<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new ValidationError(`Invalid ${what}`, toFieldIssues(parsed.error));
  return parsed.data;
}

export async function productsRoute({ event, staff, body }: RouteInput) {
  {
    const deps = productDeps();
    const actor = staff!.email;
    const route = event.routeKey;
    if (route === 'GET /api/stock') {
      return json(200, { items: await deps.products.list(businessDay(deps.clock.now())) });
    }
    if (route === 'POST /api/products') {
      return json(201, await createProduct(deps, parse(newProductSchema, body, 'product'), actor));
    }
    const sku = parse(skuSchema, decodeURIComponent(event.pathParameters?.['sku'] ?? ''), 'SKU');
    switch (route) {
      case 'GET /api/products/{sku}':
        return json(200, await productDetail(deps, sku));
      case 'PUT /api/products/{sku}':
        return json(
          200,
          (await editProduct(deps, sku, parse(productEditSchema, body, 'product'), actor)).product,
        );
      case 'PUT /api/products/{sku}/price':
        return json(
          200,
          (await setListPrice(deps, sku, parse(priceChangeSchema, body, 'price'), actor)).product,
        );
      case 'POST /api/products/{sku}/stock': {
        const p = await moveStock(deps, sku, parse(stockMovementSchema, body, 'stock movement'), actor);
        return json(201, { sku, onHand: p.onHand, reserved: p.reserved, available: p.available });
      }
      default:
        throw new ValidationError('No such route', [{ path: '', message: route }]);
    }
  }
}
