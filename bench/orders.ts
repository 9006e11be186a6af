/**
 * Order bodies the load phases send: valid public orders (test/support `orderBody()`), with the
 * customer varied so pricing tiers come out as they would in real traffic — new customers at
 * list price (ops), the seeded customers whose last price is above list (gm, R-PRICE-4), and now
 * and then the product without a list price (sales_director, R-PRICE-3).
 */
import { randomUUID } from 'node:crypto';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '#local/seed.ts';
import { orderBody } from '../test/support/system.ts';

const NEW_CUSTOMERS = 200;

interface Contact {
  name: string;
  company?: string;
  email?: string;
  phone?: string;
}

const seeded: Contact[] = DEMO_CUSTOMERS.map((c) =>
  c.key.startsWith('email:')
    ? { name: c.name, company: c.name, email: c.key.slice('email:'.length) }
    : { name: c.name, phone: c.key.slice('phone:'.length) },
);

const contact = (n: number): Contact => {
  const i = n % (NEW_CUSTOMERS + seeded.length);
  if (i < seeded.length) return seeded[i]!;
  return {
    name: `采购员 ${i}`,
    company: `测试客户 ${i % 40} 有限公司`,
    email: `buyer${i}@customer${i % 40}.example`,
    phone: `139${String(10_000_000 + i).slice(-8)}`,
  };
};

const priced = DEMO_PRODUCTS.filter((p) => p.listPrice !== null);
const unpriced = DEMO_PRODUCTS.find((p) => p.listPrice === null)!;

const line = (sku: string, unitPrice: number, quantity: number) => ({ sku, quantity, unitPrice });

/** The n-th order of a run: 1–3 lines at list price; every 10th adds the unpriced product. */
export function loadOrderBody(n: number): Record<string, unknown> {
  const lines = 1 + (n % 4 === 3 ? 1 : 0) + (n % 8 === 7 ? 1 : 0);
  const items = Array.from({ length: lines }, (_, k) => {
    const product = priced[(n + k * 3) % priced.length]!;
    return line(product.sku, product.listPrice!, 1 + ((n * 7 + k) % 50));
  });
  if (n % 10 === 9) items.push(line(unpriced.sku, 1_580_000, 1));
  return orderBody({ customer: contact(n), items });
}

/** A normal single-line order from a new customer, at list price. */
export const oneLineOrder = (): Record<string, unknown> =>
  orderBody({ customer: contact(NEW_CUSTOMERS - 1), items: [line('BRG-6204', 1250, 10)] });

/** The same customer ordering three catalogue products at list price. */
export const threeLineOrder = (): Record<string, unknown> =>
  orderBody({
    customer: contact(NEW_CUSTOMERS - 1),
    items: priced.slice(0, 3).map((p, k) => line(p.sku, p.listPrice!, 2 + k * 3)),
  });

/** The same customer ordering one line of each of the 8 catalogue products. */
export const eightLineOrder = (): Record<string, unknown> =>
  orderBody({
    customer: contact(NEW_CUSTOMERS - 1),
    items: DEMO_PRODUCTS.map((p, k) => line(p.sku, p.listPrice ?? 1_580_000, 1 + k * 5)),
  });

/** Raw autocannon requests: each one a fresh body and, like the web form, its own Idempotency-Key. */
export function orderRequests(path = '/api/orders') {
  let n = 0;
  return [
    {
      method: 'POST',
      path,
      setupRequest: (request: { headers?: Record<string, string> }) => ({
        ...request,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(loadOrderBody(n++)),
      }),
    },
  ];
}
