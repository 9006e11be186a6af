import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForStep } from '../support/approvals.ts';
import { eventually, ROUND_THE_CLOCK } from '../support/eventually.ts';
import { expectOnEveryRobot, robotMessages } from '../support/robots.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

// 2 working days on a round-the-clock calendar = 48 h; time scale 28 800 → 6 s. Approval
// deadlines of 1000 h stay far away (≈ 125 s).
let sys: TestSystem;
beforeAll(async () => {
  process.env['WORKING_CALENDAR'] = ROUND_THE_CLOCK;
  process.env['APPROVAL_DEADLINE_HOURS'] = JSON.stringify({ ops: 1000, sales_director: 1000, gm: 1000 });
  sys = await startTestSystem({ timeScale: 28_800 });
});
afterAll(async () => {
  await sys?.close();
});

describe('processing SLA of 2 working days (R-PROC-5)', () => {
  it('flags an undecided order, escalates to gm and lets gm decide the waiting step', async () => {
    const res = await sys.api('/api/orders', { json: orderBody() });
    const { orderId, orderNumber } = (await res.json()) as { orderId: string; orderNumber: string };
    await waitForStep(sys, orderId, 'ops');
    const token = await sys.login('gm');
    const breached = await eventually(
      async () => {
        const order = await (await sys.api(`/api/orders/${orderId}`, { token })).json();
        return order.slaBreached ? order : undefined;
      },
      20_000,
      'SLA breach',
    );
    expect(breached.history.map((h: { action: string }) => h.action)).toContain('sla-breached');
    expect(breached.pendingApproval.allowedRoles).toContain('gm');
    const queue = await (await sys.api('/api/queue', { token })).json();
    expect(queue.items.find((i: { orderId: string }) => i.orderId === orderId)).toMatchObject({
      slaBreached: true,
      awaiting: 'ops',
    });
    await eventually(async () =>
      (await sys.outbox()).find(
        (m) => m.to.includes('gm@example.com') && m.subject.includes(`Order SLA breached: ${orderNumber}`),
      ),
    );
    // The robots are told too, gm @-mentioned where the platform can (approval-escalated).
    await expectOnEveryRobot(sys, `订单处理超时：${orderNumber}`, {
      orderNumber,
      including: '已升级至总经理',
      mentions: ['+8613900000001'],
    });
    const decided = await sys.api(`/api/orders/${orderId}/decision`, {
      token,
      json: { decision: 'approve' },
    });
    expect(decided.status).toBe(200);
  });

  it('does nothing to an order decided in time', async () => {
    const res = await sys.api('/api/orders', { json: orderBody() });
    const { orderId, orderNumber } = (await res.json()) as { orderId: string; orderNumber: string };
    await waitForStep(sys, orderId, 'ops');
    const ops = await sys.login('ops');
    expect(
      (await sys.api(`/api/orders/${orderId}/decision`, { token: ops, json: { decision: 'approve' } }))
        .status,
    ).toBe(200);
    const gm = await sys.login('gm');
    await eventually(
      async () => {
        const wf = await (await sys.api(`/api/orders/${orderId}/workflow`, { token: gm })).json();
        return wf.executions?.find(
          (e: { stateMachine: string; status: string }) =>
            e.stateMachine === 'order-sla' && e.status === 'SUCCEEDED',
        );
      },
      20_000,
      'SLA execution to finish',
    );
    const order = await (await sys.api(`/api/orders/${orderId}`, { token: gm })).json();
    expect(order.slaBreached).not.toBe(true);
    expect(order.status).toBe('approved');
    // robotMessages drains the robot queue first: no breach was posted.
    const breaches = (await robotMessages(sys)).filter((m) =>
      `${m.subject}\n${m.text}`.includes(`订单处理超时：${orderNumber}`),
    );
    expect(breaches).toEqual([]);
  });
});
