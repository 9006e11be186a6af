import { describe, expect, it } from 'vitest';
import { dynamoOrderStore } from '#shared/adapters/dynamo-order-store.ts';
import type { Order } from '#shared/entities/order-entity.ts';
import { systemClock } from '#shared/ports.ts';
import { changeOrderStatus } from '#shared/use-cases/change-order-status.ts';
import { useDynamoTable } from '../support/dynamo-table.ts';

const table = useDynamoTable('orders-store-test');
const TABLE = table.name;

let seq = 0;
function order(priority: Order['priority']): Order {
  seq++;
  const at = new Date(Date.UTC(2026, 10, 27, 1, 0, seq)).toISOString();
  return {
    orderId: `01JD5Q4M3E6WJ8X9K2A7B1C${String(seq).padStart(3, '0')}`,
    orderNumber: `OD20261127-${seq}`,
    channel: 'web',
    status: 'received',
    priority,
    customer: { name: `c${seq}`, phone: '13800000000' },
    customerKey: 'phone:13800000000',
    items: [],
    totalAmount: 0,
    currency: 'CNY',
    paymentMethod: 'alipay',
    delivery: { address: 'a', requestedDate: '2026-12-01' },
    language: 'zh-CN',
    approvalTier: 'ops',
    approvalChain: ['ops'],
    assignee: null,
    history: [{ at, actor: 'customer', action: 'created', to: 'received' }],
    version: 1,
    createdAt: at,
    updatedAt: at,
    confirmationPending: true,
  };
}

describe('orders in DynamoDB', () => {
  it('keeps only open orders in the work queue and puts a resumed order back in its place (R-PROC-1, R-PROC-7)', async () => {
    const store = dynamoOrderStore(table.db, TABLE);
    const a = order('normal');
    const b = order('normal');
    const c = order('urgent');
    for (const o of [a, b, c]) expect(await store.create(o)).toBe('created');
    const names = async () => (await store.queue(50)).items.map((o) => o.customer.name);
    expect(await names()).toEqual([c.customer.name, a.customer.name, b.customer.name]);

    const deps = { orders: store, clock: systemClock };
    await changeOrderStatus(deps, { orderId: a.orderId, to: 'under_review', actor: 'ops@example.com' });
    await changeOrderStatus(deps, { orderId: a.orderId, to: 'approved', actor: 'ops@example.com' });
    expect(await names()).toEqual([c.customer.name, b.customer.name]);
    await changeOrderStatus(deps, {
      orderId: a.orderId,
      to: 'on_hold',
      actor: 'ops@example.com',
      reason: '缺货',
    });
    expect(await names()).toEqual([c.customer.name, a.customer.name, b.customer.name]);
    const stored = await store.get(a.orderId);
    expect(stored?.history.map((h) => h.to)).toEqual(['received', 'under_review', 'approved', 'on_hold']);
  });

  it('never overwrites an existing order on create', async () => {
    const store = dynamoOrderStore(table.db, TABLE);
    const o = order('normal');
    expect(await store.create(o)).toBe('created');
    expect(await store.create({ ...o, customer: { name: 'intruder' } })).toBe('exists');
    expect((await store.get(o.orderId))?.customer.name).toBe(o.customer.name);
  });

  it('lists orders waiting for their confirmation until marked sent', async () => {
    const store = dynamoOrderStore(table.db, TABLE);
    const pending = await store.pendingConfirmations(100);
    expect(pending.length).toBeGreaterThan(0);
    for (const o of pending) await store.markConfirmationSent(o.orderId);
    expect(await store.pendingConfirmations(100)).toEqual([]);
    expect((await store.get(pending[0]!.orderId))?.confirmationPending).toBe(false);
  });
});
