/**
 * The closing workflow's decisions (R-PROC-7, R-ARCH-1): an open after-sales case keeps a
 * delivered order open another period; an order sales completed goes on to the archive wait;
 * anything else ends the workflow unchanged.
 */
import { describe, expect, it } from 'vitest';
import type { Dossier } from '#shared/entities/dossier-entity.ts';
import type { Order } from '#shared/entities/order-entity.ts';
import { closeOrder } from '#shared/use-cases/close-order.ts';
import { fixedClock, memoryOrderStore } from '../support/memory-stores.ts';

async function setup(status: Order['status'], caseStatuses: string[]) {
  const orders = memoryOrderStore();
  const sent: unknown[] = [];
  const dossiers: Dossier[] = [];
  await orders.create({
    orderId: 'o1',
    orderNumber: 'SO-1',
    status,
    customer: { name: 'c', email: 'c@example.cn' },
    language: 'zh-CN',
    history: [],
    version: 1,
  } as unknown as Order);
  const deps = {
    orders,
    clock: fixedClock('2026-12-10T00:00:00Z'),
    mailer: { send: async (m: unknown) => void sent.push(m) },
    sms: { send: async () => {} },
    linkSecret: 's',
    publicBaseUrl: 'http://x',
    cases: { listForOrder: async () => caseStatuses.map((caseStatus) => ({ caseStatus })) },
    dossiers: {
      put: async (d: Dossier) => {
        if (dossiers.some((x) => x.orderId === d.orderId)) return 'exists';
        dossiers.push(d);
        return 'created';
      },
    },
  } as unknown as Parameters<typeof closeOrder>[0];
  return { orders, deps, sent, dossiers };
}

const state = { orderId: 'o1', completeAfterSeconds: 604_800, archiveAfterSeconds: 2_592_000 };

describe('closing an order', () => {
  it('waits another period while an after-sales case is open', async () => {
    const { orders, deps, sent } = await setup('delivered', ['resolved', 'in_progress']);
    expect(await closeOrder(deps, { ...state, step: 'complete' })).toMatchObject({ next: 'wait' });
    expect((await orders.get('o1'))!.status).toBe('delivered');
    expect(sent).toEqual([]);
  });

  it('completes when every case is settled, then archives', async () => {
    const { orders, deps, sent } = await setup('delivered', ['closed', 'rejected']);
    expect(await closeOrder(deps, { ...state, step: 'complete' })).toEqual({ ...state, next: 'archive' });
    expect((await orders.get('o1'))!.status).toBe('completed');
    expect(sent).toHaveLength(1);
    expect(await closeOrder(deps, { ...state, step: 'archive' })).toMatchObject({ next: 'done' });
    expect((await orders.get('o1'))!.history.at(-1)).toMatchObject({ from: 'completed', to: 'archived' });
  });

  it('freezes a dossier when it archives, once, with the archive step in it (R-ARCH-1)', async () => {
    const { deps, dossiers } = await setup('completed', ['closed']);
    await closeOrder(deps, { ...state, step: 'archive' });
    expect(dossiers).toHaveLength(1);
    expect(dossiers[0]).toMatchObject({
      orderId: 'o1',
      orderNumber: 'SO-1',
      cases: [{ caseStatus: 'closed' }],
    });
    expect(dossiers[0]!.history.at(-1)).toMatchObject({ to: 'archived' });
    // A re-run finds the order archived and the dossier written: nothing changes.
    await closeOrder(deps, { ...state, step: 'archive' });
    expect(dossiers).toHaveLength(1);
  });

  it('goes on to archive an order sales completed, and leaves a cancelled one alone', async () => {
    expect(
      await closeOrder((await setup('completed', [])).deps, { ...state, step: 'complete' }),
    ).toMatchObject({
      next: 'archive',
    });
    const cancelled = await setup('cancelled', []);
    expect(await closeOrder(cancelled.deps, { ...state, step: 'archive' })).toMatchObject({ next: 'done' });
    expect((await cancelled.orders.get('o1'))!.status).toBe('cancelled');
  });
});
