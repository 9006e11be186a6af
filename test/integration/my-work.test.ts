/**
 * My work (我的待办, R-PROC-1, R-PROC-7) on dynalite through the real handler: each role sees
 * what waits on it, urgent first and oldest first, and nothing that waits on someone is in no
 * queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusesInSomeQueue, WORK_BY_ROLE } from '#shared/domain/my-work.ts';
import { ORDER_STATUSES } from '#shared/domain/status.ts';
import { approvedOrder, heldOrder, placedOrder } from '../support/order-life.ts';
import { moveOrder } from '../support/orders.ts';
import { inDays, startTestSystem, type TestSystem } from '../support/system.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Body = Record<string, any>;

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ background: false });
});
afterAll(() => sys.close());

const work = async (role: string): Promise<Record<string, string[]>> => {
  const res = await sys.api('/api/my-work', { token: await sys.login(role) });
  expect(res.status).toBe(200);
  const { groups } = (await res.json()) as Body;
  return Object.fromEntries(groups.map((g: Body) => [g.key, g.items.map((i: Body) => i.orderId)]));
};
const post = async (role: string, path: string, json: unknown = {}) =>
  (await sys.api(path, { token: await sys.login(role), json })).status;

describe('GET /api/my-work', () => {
  it('every status that waits on someone is in some role’s work', () => {
    const waiting = ORDER_STATUSES.filter(
      (s) => !['rejected', 'completed', 'archived', 'cancelled'].includes(s),
    );
    expect([...statusesInSomeQueue()].sort()).toEqual([...waiting].sort());
    expect(Object.keys(WORK_BY_ROLE)).toContain('logistics');
  });

  it('gives ops new orders, urgent before normal, oldest first', async () => {
    const older = await placedOrder(sys);
    const urgent = await placedOrder(sys, { priority: 'urgent' });
    const newer = await placedOrder(sys);
    const ops = await work('ops');
    const queue = ops['toReview']!;
    expect(queue.indexOf(urgent.orderId)).toBeLessThan(queue.indexOf(older.orderId));
    expect(queue.indexOf(older.orderId)).toBeLessThan(queue.indexOf(newer.orderId));
    expect(Object.values(await work('production')).flat()).not.toContain(older.orderId);
  });

  it('moves an approved order from production to logistics as production finishes', async () => {
    const { orderId } = await approvedOrder(sys);
    expect((await work('production'))['toStart']).toContain(orderId);
    expect(
      await post('production', `/api/orders/${orderId}/production/start`, {
        plannedCompletionDate: inDays(3),
      }),
    ).toBe(200);
    expect((await work('production'))['inProduction']).toContain(orderId);
    expect((await work('logistics'))['toShip'] ?? []).not.toContain(orderId);
    expect(
      await post('logistics', `/api/orders/${orderId}/exceptions`, {
        kind: 'shortage',
        plan: '补货后发出',
        expectedDate: inDays(5),
      }),
    ).toBe(201);
    expect((await work('logistics'))['exceptions']).toContain(orderId);
    expect(await post('production', `/api/orders/${orderId}/production/finish`)).toBe(200);
    expect((await work('production'))['inProduction'] ?? []).not.toContain(orderId);
    expect((await work('logistics'))['toShip']).toContain(orderId);
  });

  it('puts a held order in the work of ops and gm', async () => {
    const { orderId } = await heldOrder(sys);
    expect((await work('ops'))['held']).toContain(orderId);
    expect((await work('gm'))['held']).toContain(orderId);
    expect(Object.values(await work('logistics')).flat()).not.toContain(orderId);
  });

  it('gives after-sales the open and in-progress cases, oldest first, until they are resolved (R-AFTER-1)', async () => {
    const { orderId } = await placedOrder(sys);
    const open = async (description: string) => {
      const res = await sys.api(`/api/orders/${orderId}/cases`, {
        token: await sys.login('after_sales'),
        json: { caseType: 'complaint', description },
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as Body)['caseId'] as string;
    };
    const first = await open('包装破损');
    const second = await open('少发一箱');
    const cases = async () => {
      const res = await sys.api('/api/my-work', { token: await sys.login('after_sales') });
      const group = ((await res.json()) as Body)['groups'].find((g: Body) => g.key === 'openCases');
      return (group?.items ?? []).map((i: Body) => i.caseId) as string[];
    };
    const before = await cases();
    expect(before.indexOf(first)).toBeGreaterThanOrEqual(0);
    expect(before.indexOf(first)).toBeLessThan(before.indexOf(second));
    const act = async (caseId: string, action: string, expectedVersion: number) =>
      (
        await sys.api(`/api/orders/${orderId}/cases/${caseId}/actions`, {
          token: await sys.login('after_sales'),
          json: { action, note: '已处理', expectedVersion },
        })
      ).status;
    expect(await act(first, 'start', 1)).toBe(200);
    expect(await cases()).toContain(first);
    expect(await act(first, 'resolve', 2)).toBe(200);
    const after = await cases();
    expect(after).not.toContain(first);
    expect(after).toContain(second);
    // Cases are after-sales' work: ops' queue has none.
    expect(Object.keys(await work('ops'))).not.toContain('openCases');
  });

  it('gives sales their own orders under way, rush orders apart, and the sales director held orders', async () => {
    const assign = async (orderId: string) =>
      expect(await post('ops', `/api/orders/${orderId}/assign`, { assignee: 'sales@example.com' })).toBe(200);
    const normal = await placedOrder(sys);
    const rush = await placedOrder(sys, { priority: 'urgent' });
    const someoneElses = await approvedOrder(sys);
    await assign(normal.orderId);
    await assign(rush.orderId);
    await moveOrder(sys, normal.orderId, ['under_review', 'approved']);
    await moveOrder(sys, rush.orderId, ['under_review', 'approved']);
    const sales = await work('sales');
    expect(sales['mineUnderway']).toContain(normal.orderId);
    expect(sales['mineUnderway']).not.toContain(rush.orderId);
    expect(sales['mineRush']).toContain(rush.orderId);
    expect(Object.values(sales).flat()).not.toContain(someoneElses.orderId);

    const { orderId: held } = await heldOrder(sys);
    expect((await work('sales_director'))['held']).toContain(held);
  });

  it('refuses a bad limit and anyone signed out', async () => {
    const res = await sys.api('/api/my-work?limit=0', { token: await sys.login('ops') });
    expect(res.status).toBe(400);
    expect((await sys.api('/api/my-work')).status).toBe(401);
  });
});
