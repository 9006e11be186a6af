import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, ROUND_THE_CLOCK } from '../support/eventually.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

// 0.01 working hours = 36 s per step; time scale 9 → 4 s each (as test/workflows/deadlines.test.ts).
let sys: TestSystem;
beforeAll(async () => {
  process.env['WORKING_CALENDAR'] = ROUND_THE_CLOCK;
  process.env['APPROVAL_DEADLINE_HOURS'] = JSON.stringify({ ops: 0.01, sales_director: 0.01, gm: 0.01 });
  sys = await startTestSystem({ timeScale: 9 });
});
afterAll(async () => {
  await sys?.close();
});

describe('change approvals keep the approval deadlines (R-CHG-2, R-APPR-2)', () => {
  it('reminds a late dept_manager and escalates the step to the sales director', async () => {
    const placed = await sys.api('/api/orders', {
      json: orderBody({ items: [{ sku: 'BRG-6204', quantity: 2, unitPrice: 1250 }] }),
    });
    const { orderId, orderNumber } = (await placed.json()) as { orderId: string; orderNumber: string };
    const token = await sys.login('sales');
    // The approval workflow moves the new order meanwhile: a request racing one of its writes gets
    // 409 with the current version, and is sent again, as a client would.
    const filed = await eventually(
      async () => {
        const res = await sys.api(`/api/orders/${orderId}/changes`, {
          token,
          json: { kind: 'items', items: [{ sku: 'BRG-6204', quantity: 3, unitPrice: 1250 }], reason: '加量' },
        });
        return res.status === 409 ? undefined : res;
      },
      10_000,
      'the change request',
    );
    expect(filed.status).toBe(202);
    const overdue = await eventually(
      async () =>
        (await sys.outbox()).find(
          (m) =>
            m.to.includes('dept_manager@example.com') &&
            m.subject.includes(`Change approval overdue: order ${orderNumber}`),
        ),
      30_000,
      'reminder to dept_manager',
    );
    expect(overdue.text).toContain('已升级');
    await eventually(
      async () =>
        (await sys.outbox()).find(
          (m) =>
            m.to.includes('sales_director@example.com') &&
            m.subject.includes(`Change approval needed: order ${orderNumber}`),
        ),
      30_000,
      'escalated request to sales_director',
    );
  });
});
