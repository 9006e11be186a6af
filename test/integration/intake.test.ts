import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.close();
});

describe('order intake through the local API (R-INTAKE-1..3)', () => {
  it('registers a web order, prices it and answers with number and tracking link', async () => {
    const res = await sys.api('/api/orders', { json: orderBody({ priority: 'important', notes: '请尽快' }) });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, string>;
    expect(created).toMatchObject({ status: 'received' });
    expect(created['orderNumber']).toMatch(/^OD\d{8}-[0-9A-Z]{6}$/);
    expect(created['trackingUrl']).toContain(`${sys.baseUrl}/track.html?t=${created['orderId']}.`);

    const token = await sys.login('ops');
    const order = (await (await sys.api(`/api/orders/${created['orderId']}`, { token })).json()) as Record<
      string,
      unknown
    >;
    expect(order).toMatchObject({
      orderNumber: created['orderNumber'],
      channel: 'web',
      priority: 'important',
      approvalTier: 'ops',
      approvalChain: ['ops'],
      totalAmount: 12_500,
      currency: 'CNY',
      notes: '请尽快',
      assignee: null,
    });
    // Registered as received; the approval workflow, started in the background, may already have
    // taken it under review (a later entry), so only the first entry is the intake's.
    expect((order['history'] as unknown[])[0]).toEqual(
      expect.objectContaining({ actor: 'customer', action: 'created', to: 'received', reason: 'web' }),
    );
    expect(['received', 'under_review']).toContain(order['status']);
    expect(order['items']).toEqual([
      expect.objectContaining({
        sku: 'BRG-6204',
        name: expect.stringContaining('轴承'),
        lineAmount: 12_500,
        tier: 'ops',
      }),
    ]);
  });

  it('sends the confirmation email and SMS with the order number and tracking link (R-INTAKE-3)', async () => {
    const body = orderBody({
      customer: { name: '邮件客户', email: 'confirm-me@customer.example', phone: '+86 139 0000 1111' },
    });
    const created = (await (await sys.api('/api/orders', { json: body })).json()) as Record<string, string>;
    const outbox = await sys.outbox();
    const email = outbox.find((m) => m.channel === 'email' && m.to.includes('confirm-me@customer.example'));
    expect(email?.subject).toContain(created['orderNumber']);
    expect(email?.text).toContain(created['trackingUrl']);
    expect(email?.html).toContain('查看订单状态');
    expect(email!.text.indexOf('您好')).toBeLessThan(email!.text.indexOf('Dear'));
    const sms = outbox.find((m) => m.channel === 'sms' && m.to.includes('+8613900001111'));
    expect(sms?.text).toContain(created['orderNumber']);
  });

  it('writes the English block first for a customer who chose English', async () => {
    const body = orderBody({ language: 'en', customer: { name: 'Ann', email: 'ann@customer.example' } });
    await sys.api('/api/orders', { json: body });
    const email = (await sys.outbox()).find((m) => m.to.includes('ann@customer.example'));
    expect(email!.text.indexOf('Dear')).toBeLessThan(email!.text.indexOf('您好'));
    expect(email!.subject.startsWith('Order received')).toBe(true);
  });

  it('computes the approval tier from list and last prices (R-PRICE-1..5)', async () => {
    const token = await sys.login('ops');
    const place = async (customer: Record<string, string>, items: unknown[]) => {
      const created = (await (
        await sys.api('/api/orders', { json: orderBody({ customer, items }) })
      ).json()) as {
        orderId: string;
      };
      return (await (await sys.api(`/api/orders/${created.orderId}`, { token })).json()) as Record<
        string,
        unknown
      >;
    };
    const newCustomer = { name: '新客户', email: 'new@customer.example' };
    // No list price → sales director (R-PRICE-3).
    expect(await place(newCustomer, [{ sku: 'PMP-CUSTOM', quantity: 1, unitPrice: 900_000 }])).toMatchObject({
      approvalTier: 'sales_director',
      approvalChain: ['ops', 'sales_director'],
    });
    // Below list price → general manager; the highest line decides (R-PRICE-4, R-PRICE-5).
    expect(
      await place(newCustomer, [
        { sku: 'BRG-6204', quantity: 1, unitPrice: 1250 },
        { sku: 'VLV-DN50', quantity: 1, unitPrice: 20_000 },
      ]),
    ).toMatchObject({ approvalTier: 'gm', approvalChain: ['ops', 'sales_director', 'gm'] });
    // At list price but below this customer's last price (seeded 1300) → general manager.
    const huaxin = { name: '华鑫', email: 'Purchasing@Huaxin-Machinery.example' };
    const order = await place(huaxin, [{ sku: 'BRG-6204', quantity: 1, unitPrice: 1250 }]);
    expect(order).toMatchObject({ approvalTier: 'gm' });
    expect(order['items']).toEqual([expect.objectContaining({ lastPrice: 1300, listPrice: 1250 })]);
  });

  it('shows the customer their status through the signed link, without contact data (R-TRACK-1, R-SEC-3)', async () => {
    const created = (await (await sys.api('/api/orders', { json: orderBody() })).json()) as Record<
      string,
      string
    >;
    const token = new URL(created['trackingUrl']!).searchParams.get('t')!;
    const res = await sys.api(`/api/track/${token}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const view = JSON.parse(text);
    expect(view).toMatchObject({ orderNumber: created['orderNumber'], status: 'received' });
    expect(view.timeline).toEqual([expect.objectContaining({ status: 'received' })]);
    expect(text).not.toContain('buyer@customer.example');
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain('测试客户');

    const forged = `${created['orderId']}.${'A'.repeat(43)}`;
    expect((await sys.api(`/api/track/${forged}`)).status).toBe(404);
    expect((await sys.api(`/api/track/${token.slice(0, -1)}x`)).status).toBe(404);
  });

  it('publishes the catalogue, with null where a product has no list price', async () => {
    const products = (await (await sys.api('/api/products')).json()) as {
      sku: string;
      listPrice: number | null;
    }[];
    expect(products.find((p) => p.sku === 'PMP-CUSTOM')?.listPrice).toBeNull();
    expect(products.find((p) => p.sku === 'BRG-6204')).toMatchObject({
      listPrice: 1250,
      unit: '个',
      stock: expect.any(Number),
    });
  });

  it('serves an OpenAPI document generated from the schemas', async () => {
    interface Doc {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            'x-roles'?: string[];
            requestBody?: { content: Record<string, { schema: { required: string[] } }> };
          }
        >
      >;
    }
    const doc = (await (await sys.api('/api/openapi.json')).json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    const post = doc.paths['/api/orders']?.['post'];
    expect(post?.requestBody?.content['application/json']?.schema.required).toEqual(
      expect.arrayContaining(['customer', 'items', 'paymentMethod', 'delivery']),
    );
    expect(doc.paths['/api/queue']?.['get']?.['x-roles']).toContain('ops');
  });
});
