import { describe, expect, it } from 'vitest';
import { IdempotencyMismatchError, ValidationError } from '#shared/domain/errors.ts';
import type { OutgoingEmail } from '#shared/ports.ts';
import { placeOrder } from '#shared/use-cases/place-order.ts';
import { sendOrderConfirmation } from '#shared/use-cases/send-order-confirmation.ts';
import { fixedClock, memoryCatalogue, memoryOrderStore } from '../support/memory-stores.ts';

const products = [
  { sku: 'A', name: '轴承', spec: '6204', unit: '个', listPrice: 1000, stock: 10 },
  { sku: 'B', name: '定制泵', spec: '', unit: '台', listPrice: null, stock: 0 },
];
const customers = [{ customerKey: 'email:old@c.example', name: 'Old', lastPrices: { A: 1200 } }];

function setup() {
  const orders = memoryOrderStore();
  const deps = {
    orders,
    catalogue: memoryCatalogue(products, customers),
    clock: fixedClock('2026-11-27T02:00:00Z'),
    trackingSecret: 'unit-secret',
    publicBaseUrl: 'https://orders.example.cn',
  };
  return { orders, deps };
}

const body = (over: Record<string, unknown> = {}) => ({
  customer: { name: '客户', email: 'new@c.example' },
  items: [{ sku: 'A', quantity: 2, unitPrice: 1000 }],
  paymentMethod: 'alipay',
  delivery: { address: '北京', requestedDate: '2026-12-01' },
  ...over,
});

describe('placing an order (R-INTAKE-1..5)', () => {
  it('stores a received order with priced lines, tier, total and a created history entry', async () => {
    const { orders, deps } = setup();
    const created = await placeOrder(deps, { body: body({ priority: 'urgent' }) });
    const stored = orders.all.get(created.orderId)!;
    expect(stored).toMatchObject({
      status: 'received',
      channel: 'web',
      priority: 'urgent',
      totalAmount: 2000,
      approvalTier: 'ops',
      version: 1,
      confirmationPending: true,
      language: 'zh-CN',
    });
    expect(stored.orderNumber).toBe(`OD20261127-${created.orderId.slice(-6)}`);
    expect(created.trackingUrl).toMatch(/^https:\/\/orders\.example\.cn\/track\.html\?t=/);
  });

  it('defaults the priority to normal (R-INTAKE-5)', async () => {
    const { orders, deps } = setup();
    const { orderId } = await placeOrder(deps, { body: body() });
    expect(orders.all.get(orderId)!.priority).toBe('normal');
  });

  it('uses the customer’s last price found by email, case-insensitively (R-PRICE-1)', async () => {
    const { orders, deps } = setup();
    const { orderId } = await placeOrder(deps, {
      body: body({
        customer: { name: 'Old', email: 'OLD@c.example' },
        items: [{ sku: 'A', quantity: 1, unitPrice: 1100 }],
      }),
    });
    expect(orders.all.get(orderId)!.items[0]).toMatchObject({ lastPrice: 1200, tier: 'gm' });
  });

  it('accepts a phone instead of an email, and refuses neither', async () => {
    const { deps } = setup();
    await expect(
      placeOrder(deps, { body: body({ customer: { name: 'x', phone: '010-12345678' } }) }),
    ).resolves.toBeTruthy();
    const error = await placeOrder(deps, { body: body({ customer: { name: 'x' } }) }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      { path: 'customer.phone', message: 'Give a phone number or an email address' },
    ]);
  });

  it('records staff-entered orders as phone orders by default (R-INTAKE-1)', async () => {
    const { orders, deps } = setup();
    const { orderId } = await placeOrder(deps, { body: body(), staff: { email: 'sales@example.com' } });
    expect(orders.all.get(orderId)).toMatchObject({
      channel: 'phone',
      history: [expect.objectContaining({ actor: 'sales@example.com' })],
    });
  });

  it('replays the first answer for the same key and body, refuses another body (R-INTAKE-4)', async () => {
    const { orders, deps } = setup();
    const first = await placeOrder(deps, { body: body(), idempotencyKey: 'k-1' });
    expect(await placeOrder(deps, { body: body(), idempotencyKey: 'k-1' })).toEqual(first);
    expect(orders.all.size).toBe(1);
    await expect(
      placeOrder(deps, { body: body({ notes: 'changed' }), idempotencyKey: 'k-1' }),
    ).rejects.toBeInstanceOf(IdempotencyMismatchError);
  });
});

describe('sending the confirmation (R-INTAKE-3)', () => {
  it('emails and texts once, then skips the order', async () => {
    const { orders, deps } = setup();
    const { orderId } = await placeOrder(deps, {
      body: body({ customer: { name: '客户', email: 'a@c.example', phone: '13800000000' } }),
    });
    const mails: OutgoingEmail[] = [];
    const texts: { to: string; text: string }[] = [];
    const send = {
      orders,
      mailer: { send: async (m: OutgoingEmail) => void mails.push(m) },
      sms: { send: async (s: { to: string; text: string }) => void texts.push(s) },
      trackingSecret: deps.trackingSecret,
      publicBaseUrl: deps.publicBaseUrl,
    };
    expect(await sendOrderConfirmation(send, orderId)).toBe('sent');
    expect(await sendOrderConfirmation(send, orderId)).toBe('skipped');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['a@c.example']);
    expect(texts).toEqual([
      { to: '13800000000', text: expect.stringContaining(orders.all.get(orderId)!.orderNumber) },
    ]);
  });

  it('texts mainland mobile numbers only, never a landline (R-INTAKE-3)', async () => {
    const { orders, deps } = setup();
    const texts: string[] = [];
    const send = {
      orders,
      mailer: { send: async () => {} },
      sms: { send: async (s: { to: string }) => void texts.push(s.to) },
      trackingSecret: deps.trackingSecret,
      publicBaseUrl: deps.publicBaseUrl,
    };
    for (const phone of [
      '0571-88886666',
      '+86 138-0013-8000',
      '010 6552 9988',
      '8613912345678',
      '12345678901',
    ]) {
      const { orderId } = await placeOrder(deps, { body: body({ customer: { name: '客户', phone } }) });
      await sendOrderConfirmation(send, orderId);
    }
    expect(texts).toEqual(['+86 138-0013-8000', '8613912345678']);
  });

  it('keeps the order pending when sending fails, so it is sent again later', async () => {
    const { orders, deps } = setup();
    const { orderId } = await placeOrder(deps, { body: body() });
    const failing = {
      orders,
      mailer: { send: async () => Promise.reject(new Error('SES down')) },
      sms: { send: async () => {} },
      trackingSecret: deps.trackingSecret,
      publicBaseUrl: deps.publicBaseUrl,
    };
    await expect(sendOrderConfirmation(failing, orderId)).rejects.toThrow('SES down');
    expect(orders.all.get(orderId)!.confirmationPending).toBe(true);
  });
});
