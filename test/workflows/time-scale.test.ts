/**
 * ORDERDESK_TIME_SCALE compresses every workflow duration alike: the deadlines an approver and
 * a page see (approval steps, rush decisions, the SLA) are on the same compressed clock as the
 * timers, so at the demo scale of 60 (an hour in a minute) a 4-working-hour step lasts minutes,
 * not a day, and the shown deadline is when it escalates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrder, waitForStep } from '../support/approvals.ts';
import { eventually, ROUND_THE_CLOCK } from '../support/eventually.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

const SCALE = 60;
let sys: TestSystem;
beforeAll(async () => {
  process.env['WORKING_CALENDAR'] = ROUND_THE_CLOCK;
  delete process.env['APPROVAL_DEADLINE_HOURS'];
  delete process.env['RUSH_DECISION_MINUTES'];
  sys = await startTestSystem({ timeScale: SCALE });
});
afterAll(async () => {
  await sys?.close();
});

const minutesUntil = (iso: string, from: number) => (Date.parse(iso) - from) / 60_000;

describe('time scale (ORDERDESK_TIME_SCALE)', () => {
  it('puts approval and SLA deadlines on the scaled clock: 4 working hours last 4 minutes', async () => {
    const placed = Date.now();
    const res = await sys.api('/api/orders', { json: orderBody() });
    const { orderId } = (await res.json()) as { orderId: string };
    const waiting = await waitForStep(sys, orderId, 'ops');
    // R-APPR-2: 4 working hours (round the clock here) → 4 minutes at 60×.
    const approval = minutesUntil(waiting.pendingApproval!.deadline, placed);
    expect(approval).toBeGreaterThan(3.5);
    expect(approval).toBeLessThan(4.5);
    // R-PROC-5: 2 working days → 48 minutes.
    const order = (await getOrder(sys, orderId)) as unknown as { slaDeadline: string };
    const sla = minutesUntil(order.slaDeadline, placed);
    expect(sla).toBeGreaterThan(47);
    expect(sla).toBeLessThan(49);
  });

  it('scales the rush decision the same way: 60 minutes last 1 minute', async () => {
    const placed = Date.now();
    const res = await sys.api('/api/rush-orders', {
      token: await sys.login('sales'),
      json: orderBody({
        urgency: 'high',
        requiredBy: new Date(Date.now() + 48 * 3600_000).toISOString(),
        reason: '客户产线停机，急需备件',
      }),
    });
    expect(res.status).toBe(201);
    const { orderId } = (await res.json()) as { orderId: string };
    const waiting = await eventually(async () => {
      const order = await getOrder(sys, orderId);
      return order.pendingApproval?.role === 'sales_director' ? order : undefined;
    });
    const decision = minutesUntil(waiting.pendingApproval!.deadline, placed);
    expect(decision).toBeGreaterThan(0.5);
    expect(decision).toBeLessThan(1.5);
  });
});
