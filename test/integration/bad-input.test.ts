import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inDays, orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.close();
});

const issuesOf = async (res: Response) => {
  const body = (await res.json()) as { error: string; issues?: { path: string; message: string }[] };
  expect(typeof body.error).toBe('string');
  return Object.fromEntries((body.issues ?? []).map((i) => [i.path, i.message]));
};

/** Nothing half-written is stored: the queue holds only the orders that were accepted. */
async function queueSize(): Promise<number> {
  const token = await sys.login('ops');
  const page = (await (await sys.api('/api/queue?limit=100', { token })).json()) as { items: unknown[] };
  return page.items.length;
}

describe('bad input gets a field-by-field 400 and stores nothing (R-INTAKE-2)', () => {
  it('names every missing field at once', async () => {
    const res = await sys.api('/api/orders', { json: { customer: {} } });
    expect(res.status).toBe(400);
    const issues = await issuesOf(res);
    expect(Object.keys(issues)).toEqual(
      expect.arrayContaining(['customer.name', 'customer.phone', 'items', 'paymentMethod', 'delivery']),
    );
    expect(issues['customer.phone']).toMatch(/phone number or an email/);
  });

  it('names wrong types, negative quantities, fractional cents and bad dates', async () => {
    const res = await sys.api('/api/orders', {
      json: orderBody({
        customer: { name: 42, email: 'not-an-email' },
        items: [
          { sku: 'BRG-6204', quantity: -3, unitPrice: 12.5 },
          { sku: 'BRG-6204', quantity: '2', unitPrice: -1 },
        ],
        paymentMethod: 'barter',
        delivery: { address: '', requestedDate: '2026-13-45' },
        priority: 'asap',
      }),
    });
    expect(res.status).toBe(400);
    const issues = await issuesOf(res);
    for (const path of [
      'customer.name',
      'customer.email',
      'items.0.quantity',
      'items.0.unitPrice',
      'items.1.quantity',
      'items.1.unitPrice',
      'paymentMethod',
      'delivery.address',
      'delivery.requestedDate',
      'priority',
    ]) {
      expect(issues, path).toHaveProperty([path]);
    }
    expect(issues['items.0.quantity']).toMatch(/at least 1/);
  });

  it('refuses a delivery date in the past', async () => {
    const res = await sys.api('/api/orders', {
      json: orderBody({ delivery: { address: '上海', requestedDate: inDays(-2) } }),
    });
    expect(res.status).toBe(400);
    expect(await issuesOf(res)).toHaveProperty(['delivery.requestedDate']);
  });

  it('names an unknown SKU by its line', async () => {
    const res = await sys.api('/api/orders', {
      json: orderBody({
        items: [
          { sku: 'BRG-6204', quantity: 1, unitPrice: 1250 },
          { sku: 'NOPE-1', quantity: 1, unitPrice: 100 },
        ],
      }),
    });
    expect(res.status).toBe(400);
    expect(await issuesOf(res)).toEqual({ 'items.1.sku': 'Unknown SKU NOPE-1' });
  });

  it('refuses unknown fields rather than ignoring them', async () => {
    const res = await sys.api('/api/orders', { json: orderBody({ discount: 50 }) });
    expect(res.status).toBe(400);
  });

  it('answers 400 to invalid JSON, 415 to another content type, 413 to a body over 256 KB', async () => {
    const invalid = await sys.api('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"customer": ',
    });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error).toMatch(/not valid JSON/);

    const form = await sys.api('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'customer=x',
    });
    expect(form.status).toBe(415);

    const big = orderBody({ notes: 'x'.repeat(300 * 1024) });
    const tooLarge = await sys.api('/api/orders', { json: big });
    expect(tooLarge.status).toBe(413);

    const empty = await sys.api('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.status).toBe(400);
  });

  it('refuses a public caller claiming a staff channel', async () => {
    const res = await sys.api('/api/orders', { json: orderBody({ channel: 'phone' }) });
    expect(res.status).toBe(400);
    expect(await issuesOf(res)).toHaveProperty(['channel']);
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const res = await sys.api('/api/orders', { json: orderBody(), headers: { 'idempotency-key': 'a b' } });
    expect(res.status).toBe(400);
  });

  it('answers amounts beyond the limit with a 400 naming the line, not a 500', async () => {
    const res = await sys.api('/api/orders', {
      json: orderBody({ items: [{ sku: 'BRG-6204', quantity: 1_000_000, unitPrice: 10_000_000_000 }] }),
    });
    expect(res.status).toBe(400);
    expect((await issuesOf(res))['items.0']).toMatch(/Line total .* above the limit/);
  });

  it('says what is wrong with a wrong type instead of "Required"', async () => {
    const res = await sys.api('/api/orders', {
      json: orderBody({ items: [{ sku: 'BRG-6204', quantity: 1.5, unitPrice: '1250' }] }),
    });
    expect(res.status).toBe(400);
    const issues = await issuesOf(res);
    expect(issues['items.0.quantity']).toMatch(/must be an integer/i);
    expect(issues['items.0.unitPrice']).toMatch(/expected number, received string/i);
  });

  it('refuses names of only zero-width characters or with control characters', async () => {
    for (const name of ['\u200B\u200C\u200D', 'A\u0007B', '张三\nBcc: x']) {
      const res = await sys.api('/api/orders', {
        json: orderBody({ customer: { name, phone: '13912345678' } }),
      });
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(await issuesOf(res)).toHaveProperty(['customer.name']);
    }
  });

  it('refuses a JSON body in another charset than UTF-8 with 415 instead of misreading it', async () => {
    const res = await sys.api('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=gbk' },
      body: JSON.stringify(orderBody()),
    });
    expect(res.status).toBe(415);
  });

  it('stored none of the refused orders', async () => {
    expect(await queueSize()).toBe(0);
  });

  it('answers 404 to an unknown endpoint and 405 to a wrong method', async () => {
    expect((await sys.api('/api/nothing')).status).toBe(404);
    expect((await sys.api('/api/products', { method: 'DELETE' })).status).toBe(405);
  });
});
