import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '#shared/domain/working-calendar.ts';
import type { Order } from '#shared/entities/order-entity.ts';
import type { InventoryStore, OutgoingEmail } from '#shared/ports.ts';
import { reviewOrder } from '#shared/use-cases/review-order.ts';
import type { WorkflowDeps } from '#shared/use-cases/workflow-deps.ts';
import { fixedClock, memoryOrderStore } from '../support/memory-stores.ts';

function order(over: Partial<Order> = {}): Order {
  return {
    orderId: 'O1',
    orderNumber: 'OD20261127-000001',
    channel: 'web',
    status: 'received',
    priority: 'normal',
    customer: { name: '客户', email: 'c@example.cn' },
    customerKey: 'email:c@example.cn',
    items: [
      {
        sku: 'A',
        name: 'a',
        unit: '个',
        quantity: 5,
        unitPrice: 100,
        listPrice: 100,
        lastPrice: null,
        lineAmount: 500,
        tier: 'ops',
        tierReason: '',
      },
      {
        sku: 'A',
        name: 'a',
        unit: '个',
        quantity: 2,
        unitPrice: 100,
        listPrice: 100,
        lastPrice: null,
        lineAmount: 200,
        tier: 'ops',
        tierReason: '',
      },
    ],
    totalAmount: 700,
    currency: 'CNY',
    paymentMethod: 'alipay',
    delivery: { address: 'x', requestedDate: '2026-12-10' },
    language: 'zh-CN',
    approvalTier: 'ops',
    approvalChain: ['ops'],
    assignee: null,
    history: [{ at: '2026-11-27T01:00:00.000Z', actor: 'customer', action: 'created', to: 'received' }],
    version: 1,
    createdAt: '2026-11-27T01:00:00.000Z',
    updatedAt: '2026-11-27T01:00:00.000Z',
    ...over,
  };
}

async function setup(o: Order, stock: InventoryStore['reserve'] = async () => ({ reserved: true })) {
  const orders = memoryOrderStore();
  await orders.create(o);
  const mails: OutgoingEmail[] = [];
  const alerts: unknown[] = [];
  const reserved: Record<string, number>[] = [];
  const deps = {
    orders,
    inventory: {
      reserve: async (id: string, lines: Record<string, number>) => {
        reserved.push(lines);
        return stock(id, lines);
      },
      release: async () => {},
    },
    staff: { members: async (role: string) => [{ email: `${role}@example.com`, name: role }] },
    mailer: { send: async (m: OutgoingEmail) => void mails.push(m) },
    alerts: { raise: async (a: unknown) => void alerts.push(a) },
    clock: fixedClock('2026-11-27T02:00:00Z'),
    calendar: DEFAULT_CALENDAR,
  } as unknown as WorkflowDeps;
  return { deps, orders, mails, reserved, alerts };
}

describe('review and stock check (R-PROC-3, R-PROC-4, R-PRICE-6)', () => {
  it('reserves the summed quantity per SKU and takes the order into review', async () => {
    const { deps, orders, reserved } = await setup(order());
    expect(await reviewOrder(deps, { orderId: 'O1', slaDeadline: '2026-12-01T02:00:00.000Z' })).toEqual({
      orderId: 'O1',
      next: 'prepare',
    });
    expect(reserved).toEqual([{ A: 7 }]);
    expect(orders.all.get('O1')).toMatchObject({
      status: 'under_review',
      reservations: { A: 7 },
      slaDeadline: '2026-12-01T02:00:00.000Z',
    });
  });

  it('routes an order whose delivery date has passed back to sales, on hold (R-PRICE-6)', async () => {
    const { deps, orders, mails, reserved } = await setup(
      order({ delivery: { address: 'x', requestedDate: '2026-11-20' } }),
    );
    expect(await reviewOrder(deps, { orderId: 'O1' })).toEqual({ orderId: 'O1', next: 'held' });
    expect(reserved).toEqual([]);
    expect(orders.all.get('O1')?.status).toBe('on_hold');
    expect(orders.all.get('O1')?.history.at(-1)?.reason).toMatch(/R-PRICE-6.*2026-11-20 has passed/);
    expect(mails).toEqual([expect.objectContaining({ to: ['sales@example.com'] })]);
  });

  it('holds a short order and sends sales the shortfall (R-PROC-4)', async () => {
    const { deps, orders, mails } = await setup(order(), async () => ({
      reserved: false,
      shortfall: [{ sku: 'A', name: 'a', requested: 7, available: 3, short: 4 }],
    }));
    expect((await reviewOrder(deps, { orderId: 'O1' })).next).toBe('held');
    expect(orders.all.get('O1')?.history.at(-1)).toMatchObject({ action: 'shortage', to: 'on_hold' });
    expect(mails[0]?.text).toContain('A a：缺 4');
  });

  it('answers where the order stands when run again after it moved on', async () => {
    const { deps, reserved } = await setup(order({ status: 'under_review' }));
    expect((await reviewOrder(deps, { orderId: 'O1' })).next).toBe('prepare');
    expect(reserved).toEqual([]);
  });
});
