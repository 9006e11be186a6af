/**
 * Customers on dynalite through the real handlers (R-MASTER-3): roles, search by name, company,
 * contact, phone and email prefix, edits with their record and a stale version refused, the
 * orders and last prices of a customer, merging two records (prices and new orders follow).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, staffCaller, startTestSystem, type TestSystem } from '../support/system.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Body = Record<string, any>;

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ background: false });
});
afterAll(() => sys.close());

const call = staffCaller(() => sys);
const keyPath = (key: string) => `/api/customers/${encodeURIComponent(key)}`;

const customer = {
  name: '杭州远航贸易',
  company: '杭州远航贸易有限公司',
  contacts: [{ name: '钱采购', email: 'qian@yuanhang.example', phone: '13912345678', language: 'zh-CN' }],
  addresses: [{ label: '仓库', address: '浙江省杭州市余杭区仓前街道 1 号', receiver: '钱采购' }],
  paymentTerms: 'monthly_settlement',
  notes: '每月 25 日对账',
};

describe('customers (R-MASTER-3)', () => {
  it('sales add a customer keyed by the first contact email; a second is a 409; bad fields are named', async () => {
    expect((await call('POST', '/api/customers', 'production', customer)).status).toBe(403);
    const created = await call('POST', '/api/customers', 'sales', customer);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      customerKey: 'email:qian@yuanhang.example',
      version: 1,
      lastPrices: {},
    });
    expect((await call('POST', '/api/customers', 'sales', customer)).status).toBe(409);
    const bad = await call('POST', '/api/customers', 'sales', {
      name: '',
      contacts: [{ name: 'x', email: 'nope' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body['issues'].map((i: Body) => i.path).sort()).toEqual(['contacts.0.email', 'name']);
  });

  it('finds customers by a prefix of name, company, contact, phone or email; the demo ones too', async () => {
    for (const q of ['杭州远航', '钱采', '139123', 'QIAN@yuan']) {
      const found = await call('GET', `/api/customers?q=${encodeURIComponent(q)}`, 'finance');
      expect(
        found.body['items'].map((c: Body) => c.customerKey),
        q,
      ).toEqual(['email:qian@yuanhang.example']);
    }
    const all = await call('GET', '/api/customers', 'sales');
    expect(all.body['items'].map((c: Body) => c.name)).toEqual(
      expect.arrayContaining(['华鑫机械有限公司', '东海电气设备厂', '李经理', '杭州远航贸易']),
    );
    expect(
      (await call('GET', '/api/customers?q=%E5%8D%8E%E9%91%AB', 'sales')).body['items'][0],
    ).toMatchObject({
      lastPrices: { 'BRG-6204': 1300 },
    });
  });

  it('an edit is recorded; a stale version is a 409; the search follows the new name', async () => {
    const edited = await call('PUT', keyPath('email:qian@yuanhang.example'), 'sales', {
      ...customer,
      name: '远航贸易（杭州）',
      version: 1,
    });
    expect(edited.status).toBe(200);
    expect(edited.body['version']).toBe(2);
    expect(
      (await call('PUT', keyPath('email:qian@yuanhang.example'), 'sales', { ...customer, version: 1 }))
        .status,
    ).toBe(409);
    expect(
      (await call('GET', `/api/customers?q=${encodeURIComponent('远航贸易（')}`, 'sales')).body['items'],
    ).toHaveLength(1);
    const detail = await call('GET', keyPath('email:qian@yuanhang.example'), 'sales');
    expect(detail.body['history'].map((h: Body) => [h.kind, h.by])).toEqual([
      ['edited', 'sales@example.com'],
      ['created', 'sales@example.com'],
    ]);
  });

  it('merging two records: contacts and last prices follow, the orders of both show, new orders price against the target', async () => {
    const dup = await call('POST', '/api/customers', 'sales', {
      name: '远航贸易 钱',
      contacts: [{ name: '钱采购', phone: '13700001111' }],
    });
    expect(dup.status).toBe(201);
    const order = await sys.api('/api/orders', {
      json: orderBody({ customer: { name: '钱采购', phone: '13700001111' } }),
    });
    expect(order.status).toBe(201);
    const merged = await call('POST', `${keyPath('phone:13700001111')}/merge`, 'sales', {
      into: 'email:qian@yuanhang.example',
    });
    expect(merged.status).toBe(200);
    expect(merged.body['aliases']).toEqual(['phone:13700001111']);
    expect(merged.body['contacts'].map((c: Body) => c.phone)).toEqual(['13912345678', '13700001111']);
    const target = await call('GET', keyPath('email:qian@yuanhang.example'), 'sales');
    expect(target.body['orders'].map((o: Body) => o.orderId)).toEqual([
      ((await order.json()) as Body)['orderId'],
    ]);
    const source = await call('GET', keyPath('phone:13700001111'), 'sales');
    expect(source.body['customer']['mergedInto']).toBe('email:qian@yuanhang.example');
    expect(
      (await call('GET', '/api/customers?q=13700001111', 'sales')).body['items'].map(
        (c: Body) => c.customerKey,
      ),
    ).toEqual(['email:qian@yuanhang.example']);
    expect((await call('PUT', keyPath('phone:13700001111'), 'sales', customer)).status).toBe(409);
    expect(
      (
        await call('POST', `${keyPath('email:qian@yuanhang.example')}/merge`, 'sales', {
          into: 'email:qian@yuanhang.example',
        })
      ).status,
    ).toBe(400);
  });
});
