/**
 * Products, dated list prices and stock on dynalite through the real handlers (R-MASTER-1/2):
 * roles, history with who/when/why, the price in force today on the public catalogue, an order
 * priced against the price in force when it was placed, receipts and adjustments never below
 * what is reserved, concurrent movements losing nothing, the low-stock alert to ops.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoInventory } from '#shared/adapters/dynamo-inventory.ts';
import { businessDay } from '#shared/domain/calendar.ts';
import { waitForStatus, waitForStep } from '../support/approvals.ts';
import { inDays, orderBody, staffCaller, startTestSystem, type TestSystem } from '../support/system.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Body = Record<string, any>;

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.close());

const call = staffCaller(() => sys);
const today = () => businessDay(new Date());

describe('products (R-MASTER-1)', () => {
  it('ops add a product; other roles may not; a second SKU is a 409', async () => {
    const body = {
      sku: 'TST-100',
      nameZh: '测试法兰',
      nameEn: 'Test flange',
      spec: 'DN100',
      unit: '片',
      packaging: ['10片/箱'],
    };
    expect((await call('POST', '/api/products', 'sales', body)).status).toBe(403);
    const created = await call('POST', '/api/products', 'ops', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      sku: 'TST-100',
      name: '测试法兰 Test flange',
      onHand: 0,
      listPrice: null,
      version: 1,
    });
    expect((await call('POST', '/api/products', 'ops', body)).status).toBe(409);
    const bad = await call('POST', '/api/products', 'ops', { sku: 'has space', unit: '' });
    expect(bad.status).toBe(400);
    expect(bad.body['issues'].map((i: Body) => i.path).sort()).toEqual(['nameZh', 'sku', 'unit']);
  });

  it('an edit is recorded with who, when and why; a stale version is a 409', async () => {
    const edited = await call('PUT', '/api/products/TST-100', 'ops', {
      spec: 'DN100 PN16',
      reason: '规格更正',
      version: 1,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ spec: 'DN100 PN16', version: 2 });
    expect((await call('PUT', '/api/products/TST-100', 'ops', { spec: 'x', version: 1 })).status).toBe(409);
    const detail = await call('GET', '/api/products/TST-100', 'logistics');
    expect(detail.body['history'][0]).toMatchObject({
      kind: 'edited',
      by: 'ops@example.com',
      reason: '规格更正',
      changes: { spec: ['DN100', 'DN100 PN16'] },
    });
    expect(detail.body['history'].map((h: Body) => h.kind)).toEqual(['edited', 'created']);
  });

  it('list prices are dated: the catalogue shows the one in force today; only sales_director and gm set them', async () => {
    const price = { listPrice: 5000, effectiveFrom: today(), reason: '新品定价' };
    expect((await call('PUT', '/api/products/TST-100/price', 'ops', price)).status).toBe(403);
    expect((await call('PUT', '/api/products/TST-100/price', 'sales_director', price)).status).toBe(200);
    const later = await call('PUT', '/api/products/TST-100/price', 'gm', {
      listPrice: 5600,
      effectiveFrom: inDays(7),
      reason: '原材料涨价',
    });
    expect(later.status).toBe(200);
    expect(later.body['prices'].map((p: Body) => p.listPrice)).toEqual([5000, 5600]);
    const past = await call('PUT', '/api/products/TST-100/price', 'gm', {
      listPrice: 1,
      effectiveFrom: '2020-01-01',
      reason: 'x',
    });
    expect(past.status).toBe(400);
    expect(past.body['issues'][0].path).toBe('effectiveFrom');
    const catalogue = (await (await sys.api('/api/products')).json()) as Body[];
    expect(catalogue.find((p) => p.sku === 'TST-100')).toEqual({
      sku: 'TST-100',
      name: '测试法兰 Test flange',
      spec: 'DN100 PN16',
      unit: '片',
      listPrice: 5000,
      stock: 0,
    });
  });

  it('an order keeps the list price in force when it was placed', async () => {
    await call('POST', '/api/products/TST-100/stock', 'ops', {
      kind: 'receipt',
      quantity: 50,
      reason: '采购入库',
    });
    const placed = await sys.api('/api/orders', {
      json: orderBody({ items: [{ sku: 'TST-100', quantity: 2, unitPrice: 5000 }] }),
    });
    expect(placed.status).toBe(201);
    const { orderId } = (await placed.json()) as Body;
    expect(
      (
        await call('PUT', '/api/products/TST-100/price', 'gm', {
          listPrice: 9000,
          effectiveFrom: today(),
          reason: '调价',
        })
      ).status,
    ).toBe(200);
    const order = await call('GET', `/api/orders/${orderId}`, 'ops');
    expect(order.body['items'][0]).toMatchObject({ listPrice: 5000, unitPrice: 5000 });
    // A new order meets the new price: 5,000 is now below list, so it needs an approval above ops.
    const second = await sys.api('/api/orders', {
      json: orderBody({ items: [{ sku: 'TST-100', quantity: 2, unitPrice: 5000 }] }),
    });
    const next = await call('GET', `/api/orders/${((await second.json()) as Body)['orderId']}`, 'ops');
    expect(next.body['items'][0]).toMatchObject({ listPrice: 9000 });
  });

  it('an inactive product leaves the order form and cannot be ordered', async () => {
    expect(
      (await call('PUT', '/api/products/TST-100', 'ops', { active: false, reason: '停产' })).status,
    ).toBe(200);
    const catalogue = (await (await sys.api('/api/products')).json()) as Body[];
    expect(catalogue.some((p) => p.sku === 'TST-100')).toBe(false);
    const refused = await sys.api('/api/orders', {
      json: orderBody({ items: [{ sku: 'TST-100', quantity: 1, unitPrice: 9000 }] }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Body)['issues'][0]).toMatchObject({
      path: 'items.0.sku',
      message: 'TST-100 is no longer sold',
    });
    expect((await call('PUT', '/api/products/TST-100', 'ops', { active: true })).status).toBe(200);
  });
});

describe('stock (R-MASTER-2)', () => {
  it('receipts and adjustments are recorded; never below what is reserved', async () => {
    await call('POST', '/api/products', 'ops', {
      sku: 'TST-STK',
      nameZh: '库存测试',
      unit: '个',
      lowStockAt: 5,
    });
    const receipt = await call('POST', '/api/products/TST-STK/stock', 'ops', {
      kind: 'receipt',
      quantity: 10,
    });
    expect(receipt).toEqual({
      status: 201,
      body: { sku: 'TST-STK', onHand: 10, reserved: 0, available: 10 },
    });
    const noReason = await call('POST', '/api/products/TST-STK/stock', 'ops', {
      kind: 'adjustment',
      quantity: -1,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body['issues'][0].path).toBe('reason');
    expect(
      (await call('POST', '/api/products/TST-STK/stock', 'sales', { kind: 'receipt', quantity: 1 })).status,
    ).toBe(403);
    const tooMuch = await call('POST', '/api/products/TST-STK/stock', 'ops', {
      kind: 'adjustment',
      quantity: -11,
      reason: '盘点',
    });
    expect(tooMuch.status).toBe(409);
    const damaged = await call('POST', '/api/products/TST-STK/stock', 'ops', {
      kind: 'adjustment',
      quantity: -6,
      reason: '破损 damage',
    });
    expect(damaged.body).toMatchObject({ onHand: 4, available: 4 });
    const detail = await call('GET', '/api/products/TST-STK', 'ops');
    expect(detail.body['history'].slice(0, 2)).toMatchObject([
      { kind: 'adjustment', quantity: -6, reason: '破损 damage', by: 'ops@example.com' },
      { kind: 'receipt', quantity: 10 },
    ]);
  });

  it('ops are told once when available stock falls below the threshold', async () => {
    const mails = (await sys.outbox()).filter((m) => m.subject.includes('TST-STK'));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: ['ops@example.com'] });
    expect(mails[0]!.text).toContain('可用库存 4');
  });

  it('concurrent receipts and adjustments lose no update and keep every record', async () => {
    await call('POST', '/api/products', 'ops', { sku: 'TST-CON', nameZh: '并发测试', unit: '个' });
    await call('POST', '/api/products/TST-CON/stock', 'ops', { kind: 'receipt', quantity: 10 });
    const moves = Array.from({ length: 12 }, (_, i) =>
      call(
        'POST',
        '/api/products/TST-CON/stock',
        'ops',
        i % 3 === 2 ? { kind: 'adjustment', quantity: -1, reason: '盘点' } : { kind: 'receipt', quantity: 5 },
      ),
    );
    const answers = await Promise.all(moves);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    const detail = await call('GET', '/api/products/TST-CON', 'ops');
    expect(detail.body['product']).toMatchObject({ onHand: 10 + 8 * 5 - 4, available: 46 });
    expect(detail.body['history'].filter((h: Body) => h.kind !== 'created')).toHaveLength(13);
  });

  it('reservations of orders show per product, and stock cannot be taken below them', async () => {
    const placed = await sys.api('/api/orders', {
      json: orderBody({ items: [{ sku: 'TST-CON', quantity: 30, unitPrice: 100 }] }),
    });
    const { orderId } = (await placed.json()) as Body;
    // The approval workflow reviews the order and reserves its stock (R-PROC-4) before the first step.
    await waitForStep(sys, orderId, 'ops');
    const detail = await call('GET', '/api/products/TST-CON', 'ops');
    expect(detail.body['product']).toMatchObject({
      onHand: 46,
      reserved: 30,
      available: 16,
      reservations: { [orderId]: 30 },
    });
    expect(
      (
        await call('POST', '/api/products/TST-CON/stock', 'ops', {
          kind: 'adjustment',
          quantity: -17,
          reason: '盘点',
        })
      ).status,
    ).toBe(409);
    const stock = await call('GET', '/api/stock', 'sales');
    expect(stock.body['items'].find((p: Body) => p.sku === 'TST-CON')).toMatchObject({ reserved: 30 });
  });

  it('a shipment takes its lines out of the reservation: on hand goes down, available stays', async () => {
    const placed = await sys.api('/api/orders', {
      json: orderBody({ items: [{ sku: 'TST-CON', quantity: 6, unitPrice: 100 }] }),
    });
    const { orderId } = (await placed.json()) as Body;
    // No list price: ops, then the sales director approve (R-PRICE-3).
    for (const role of ['ops', 'sales_director']) {
      await waitForStep(sys, orderId, role);
      expect(
        (await call('POST', `/api/orders/${orderId}/decision`, role, { decision: 'approve' })).status,
      ).toBe(200);
    }
    await waitForStatus(sys, orderId, 'approved');
    const before = (await call('GET', '/api/products/TST-CON', 'ops')).body['product'];
    expect(before.reservations[orderId]).toBe(6);
    const partial = await call('POST', `/api/orders/${orderId}/shipments`, 'logistics', {
      carrier: '顺丰',
      trackingNumber: 'SF100',
      lines: [{ sku: 'TST-CON', quantity: 4 }],
    });
    expect(partial.status).toBe(201);
    const after = (await call('GET', '/api/products/TST-CON', 'ops')).body['product'];
    expect(after).toMatchObject({
      onHand: before.onHand - 4,
      reserved: before.reserved - 4,
      available: before.available,
    });
    expect(after.reservations[orderId]).toBe(2);
    expect(
      (
        await call('POST', `/api/orders/${orderId}/shipments`, 'logistics', {
          carrier: '顺丰',
          trackingNumber: 'SF101',
        })
      ).status,
    ).toBe(201);
    const shipped = (await call('GET', '/api/products/TST-CON', 'ops')).body['product'];
    expect(shipped.reservations[orderId]).toBeUndefined();
    expect(shipped).toMatchObject({ onHand: before.onHand - 6, available: before.available });
  });

  it('reservations and receipts at the same moment lose nothing (conditional writes on dynalite)', async () => {
    await call('POST', '/api/products', 'ops', { sku: 'TST-RACE', nameZh: '竞争测试', unit: '个' });
    await call('POST', '/api/products/TST-RACE/stock', 'ops', { kind: 'receipt', quantity: 20 });
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: sys.dynamoEndpoint }));
    try {
      const inventory = dynamoInventory(db, sys.tableName);
      const work = [
        ...Array.from({ length: 8 }, (_, i) => inventory.reserve(`RACE-ORDER-${i}`, { 'TST-RACE': 3 })),
        ...Array.from({ length: 8 }, () =>
          call('POST', '/api/products/TST-RACE/stock', 'ops', { kind: 'receipt', quantity: 1 }),
        ),
      ];
      const results = await Promise.all(work);
      const reservedOrders = results.filter((r) => (r as { reserved?: boolean }).reserved === true).length;
      const product = (await call('GET', '/api/products/TST-RACE', 'ops')).body['product'];
      // 20 + 8 received; each order that got its 3 holds them; nothing counted twice or lost.
      expect(product.onHand).toBe(28);
      expect(product.reserved).toBe(reservedOrders * 3);
      expect(product.available).toBe(28 - reservedOrders * 3);
      expect(Object.keys(product.reservations)).toHaveLength(reservedOrders);
      expect(reservedOrders).toBeGreaterThanOrEqual(6);
    } finally {
      db.destroy();
    }
  });

  it('a reservation that takes a product below its threshold tells ops (R-MASTER-2)', async () => {
    await call('POST', '/api/products', 'ops', {
      sku: 'TST-LOWR',
      nameZh: '预留预警',
      unit: '个',
      lowStockAt: 10,
    });
    await call('POST', '/api/products/TST-LOWR/stock', 'ops', { kind: 'receipt', quantity: 12 });
    const placed = await sys.api('/api/orders', {
      json: orderBody({ items: [{ sku: 'TST-LOWR', quantity: 5, unitPrice: 100 }] }),
    });
    const { orderId, orderNumber } = (await placed.json()) as Body;
    await waitForStep(sys, orderId, 'ops');
    const mails = (await sys.outbox()).filter((m) =>
      m.subject.includes(`Low stock after order ${orderNumber}`),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: ['ops@example.com'] });
    expect(mails[0]!.text).toContain('TST-LOWR 预留预警：可用 7（预警线 10）');
  });

  it('stock goes negative only on a product configured to allow it', async () => {
    await call('POST', '/api/products', 'ops', { sku: 'TST-NEG', nameZh: '负库存', unit: '个' });
    const refused = await call('POST', '/api/products/TST-NEG/stock', 'ops', {
      kind: 'adjustment',
      quantity: -2,
      reason: '盘亏',
    });
    expect(refused.status).toBe(409);
    await call('PUT', '/api/products/TST-NEG', 'ops', { allowNegativeStock: true, reason: '先发货后补货' });
    const allowed = await call('POST', '/api/products/TST-NEG/stock', 'ops', {
      kind: 'adjustment',
      quantity: -2,
      reason: '盘亏',
    });
    expect(allowed).toEqual({
      status: 201,
      body: { sku: 'TST-NEG', onHand: -2, reserved: 0, available: -2 },
    });
  });
});
