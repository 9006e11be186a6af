import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidTransitionError } from '#shared/domain/errors.ts';
import { changeOrderStatus } from '#shared/use-cases/change-order-status.ts';
import { placeOrder } from '#shared/use-cases/place-order.ts';
import { fixedClock, memoryCatalogue, memoryOrderStore } from '../support/memory-stores.ts';

async function setup() {
  const orders = memoryOrderStore();
  const clock = fixedClock('2026-11-27T02:00:00Z');
  const { orderId } = await placeOrder(
    {
      orders,
      clock,
      catalogue: memoryCatalogue([{ sku: 'A', name: 'a', spec: '', unit: '个', listPrice: 100, stock: 1 }]),
      trackingSecret: 's',
      publicBaseUrl: 'http://x',
    },
    {
      body: {
        customer: { name: 'c', phone: '13800000000' },
        items: [{ sku: 'A', quantity: 1, unitPrice: 100 }],
        paymentMethod: 'alipay',
        delivery: { address: 'a', requestedDate: '2026-12-01' },
      },
    },
  );
  return { deps: { orders, clock }, orders, orderId };
}

describe('status changes (R-PROC-7, R-ARCH-2)', () => {
  it('appends who, when, from, to and why to the history', async () => {
    const { deps, orderId } = await setup();
    const order = await changeOrderStatus(deps, {
      orderId,
      to: 'under_review',
      actor: 'ops@example.com',
      reason: '开始审核',
    });
    expect(order.status).toBe('under_review');
    expect(order.version).toBe(2);
    expect(order.history.at(-1)).toEqual({
      at: '2026-11-27T02:00:00.000Z',
      actor: 'ops@example.com',
      action: 'status',
      from: 'received',
      to: 'under_review',
      reason: '开始审核',
    });
    expect(order.history).toHaveLength(2);
  });

  it('refuses a move the graph does not allow and changes nothing', async () => {
    const { deps, orders, orderId } = await setup();
    await expect(
      changeOrderStatus(deps, { orderId, to: 'shipped', actor: 'ops@example.com' }),
    ).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(orders.all.get(orderId)).toMatchObject({ status: 'received', version: 1 });
  });

  it('refuses a change made from a stale version (optimistic locking)', async () => {
    const { deps, orderId } = await setup();
    await changeOrderStatus(deps, { orderId, to: 'under_review', actor: 'ops@example.com' });
    await expect(
      changeOrderStatus(deps, { orderId, to: 'cancelled', actor: 'sales@example.com', expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});
