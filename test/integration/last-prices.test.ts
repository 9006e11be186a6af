/**
 * R-PRICE-1: a delivered order's unit prices become the customer's last transaction prices, so
 * the next order of that customer is priced against them — also for a customer who had no
 * profile before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveOrder, shippedOrder } from '../support/orders.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ background: false });
});
afterAll(() => sys.close());

interface Line {
  sku: string;
  unitPrice: number;
  lastPrice: number | null;
}

const linesOf = async (orderId: string, token: string): Promise<Line[]> =>
  ((await (await sys.api(`/api/orders/${orderId}`, { token })).json()) as { items: Line[] }).items;

describe('last transaction prices (R-PRICE-1)', () => {
  it('records the prices of a delivered order and prices the next order against them', async () => {
    const ops = await sys.login('ops');
    const logistics = await sys.login('logistics');
    // orderBody's customer has no profile: before delivery there is no last price.
    const first = await shippedOrder(sys);
    expect((await linesOf(first.orderId, ops))[0]!.lastPrice).toBeNull();

    const before = await sys.api('/api/orders', { json: orderBody() });
    expect(
      (await linesOf(((await before.json()) as { orderId: string }).orderId, ops))[0]!.lastPrice,
    ).toBeNull();

    const delivered = await sys.api(`/api/orders/${first.orderId}/deliver`, { token: logistics, json: {} });
    expect(delivered.status).toBe(200);

    const next = await sys.api('/api/orders', {
      json: orderBody({ items: [{ sku: 'BRG-6204', quantity: 5, unitPrice: 1200 }] }),
    });
    expect(next.status).toBe(201);
    const [line] = await linesOf(((await next.json()) as { orderId: string }).orderId, ops);
    expect(line).toMatchObject({ sku: 'BRG-6204', unitPrice: 1200, lastPrice: 1250 });
  });

  it('keeps the other SKUs of a known customer and replaces only the delivered ones', async () => {
    const ops = await sys.login('ops');
    const body = orderBody({
      items: [
        { sku: 'BRG-6204', quantity: 10, unitPrice: 1100 },
        { sku: 'VLV-DN50', quantity: 1, unitPrice: 24000 },
      ],
    });
    const placed = await sys.api('/api/orders', { json: body });
    const { orderId } = (await placed.json()) as { orderId: string };
    await moveOrder(sys, orderId, ['under_review', 'approved', 'in_production', 'shipped']);
    expect(
      (await sys.api(`/api/orders/${orderId}/deliver`, { token: await sys.login('logistics'), json: {} }))
        .status,
    ).toBe(200);

    const next = await sys.api('/api/orders', {
      json: orderBody({
        items: [
          { sku: 'VLV-DN50', quantity: 1, unitPrice: 25000 },
          { sku: 'BRG-6204', quantity: 1, unitPrice: 1250 },
        ],
      }),
    });
    const lines = await linesOf(((await next.json()) as { orderId: string }).orderId, ops);
    expect(lines.map((l) => [l.sku, l.lastPrice])).toEqual([
      ['VLV-DN50', 24000],
      ['BRG-6204', 1100],
    ]);
  });
});
