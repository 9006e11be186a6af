/**
 * Master data (R-MASTER-1..3), one function for its routes (one Lambda, role and log group
 * instead of three: the stateless stack stays under CloudFormation's 500 resources):
 * products, prices and stock (products.ts), customers (customers.ts), imports, templates and
 * exports (files.ts). Each route has its own roles in the manifest; JSON bodies are parsed here,
 * an import's body is the file itself.
 */
import { httpRoute, parseJsonBody } from '#shared/http/route.ts';
import { customersRoute } from './customers.ts';
import { filesRoute } from './files.ts';
import { productsRoute } from './products.ts';

export const handler = httpRoute('master-data', async ({ event, staff }) => {
  const key = event.routeKey;
  if (/ \/api\/(imports|exports)\//.test(key)) return filesRoute({ event, ...(staff ? { staff } : {}) });
  const body = event.body ? parseJsonBody(event) : undefined;
  const input = { event, ...(staff ? { staff } : {}), body };
  return key.includes(' /api/customers') ? customersRoute(input) : productsRoute(input);
});
