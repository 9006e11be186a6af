/** GET /api/products — the public catalogue the order form uses. */
import { catalogueStore } from '#shared/adapters/deps.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';

export const handler = httpRoute('list-products', async () => {
  const products = await catalogueStore().listProducts();
  return json(200, products, { 'cache-control': 'public, max-age=60' });
});
