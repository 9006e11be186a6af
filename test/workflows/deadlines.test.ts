import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalLink, decideByLink, getOrder, waitForStatus, waitForStep } from '../support/approvals.ts';
import { eventually, ROUND_THE_CLOCK } from '../support/eventually.ts';
import { expectOnEveryRobot } from '../support/robots.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

// 0.01 working hours = 36 s per step; time scale 9 → 4 s each (room for a slow machine).
let sys: TestSystem;
beforeAll(async () => {
  process.env['WORKING_CALENDAR'] = ROUND_THE_CLOCK;
  process.env['APPROVAL_DEADLINE_HOURS'] = JSON.stringify({ ops: 0.01, sales_director: 0.01, gm: 0.01 });
  sys = await startTestSystem({ timeScale: 9 });
});
afterAll(async () => {
  await sys?.close();
});

async function place() {
  const res = await sys.api('/api/orders', {
    json: orderBody({ items: [{ sku: 'BRG-6204', quantity: 1, unitPrice: 1250 }] }),
  });
  return (await res.json()) as { orderId: string; orderNumber: string };
}

describe('deadlines, reminders and escalation (R-APPR-2, R-APPR-3)', () => {
  it('reminds the late approver, escalates up the ladder, and holds the order when gm is late too', async () => {
    const { orderId, orderNumber } = await place();
    await waitForStep(sys, orderId, 'ops');
    const opsLink = await approvalLink(sys, orderNumber, 'ops@example.com');
    const sd = await waitForStep(sys, orderId, 'sales_director');
    expect(sd.pendingApproval?.allowedRoles).toEqual(expect.arrayContaining(['sales_director', 'ops']));
    const outbox = await sys.outbox();
    expect(
      outbox.some(
        (m) =>
          m.to.includes('ops@example.com') && m.subject.includes(`Approval overdue: order ${orderNumber}`),
      ),
    ).toBe(true);
    const sdMail = outbox.find(
      (m) =>
        m.to.includes('sales_director@example.com') &&
        m.subject.includes(`Approval needed: order ${orderNumber}`),
    );
    expect(sdMail?.text).toContain('已升级至您');
    // The group robots hear of the escalation too (docs/robots.md: approval-escalated).
    await expectOnEveryRobot(sys, `审批升级：订单 ${orderNumber}`, {
      orderNumber,
      including: '运营未在时限内审批，已升级至销售总监',
    });

    // The late approver's link no longer decides anything.
    const stale = await decideByLink(opsLink, 'approve');
    expect(stale.status).toBe(409);
    expect((await getOrder(sys, orderId)).status).toBe('under_review');

    await waitForStep(sys, orderId, 'gm');
    const held = await waitForStatus(sys, orderId, 'on_hold');
    const escalations = held.history.filter((h) => h.action === 'escalated');
    expect(escalations.map((h) => h.reason)).toEqual([
      expect.stringContaining('escalated to sales_director'),
      expect.stringContaining('escalated to gm'),
      expect.stringContaining('gm missed the deadline'),
    ]);
    await eventually(async () =>
      (await sys.outbox()).find(
        (m) => m.to.includes('sales@example.com') && m.subject.includes(`Order on hold: ${orderNumber}`),
      ),
    );
    // Robots: the escalation to gm @-mentions gm's mobile; the hold is posted (order-held).
    await expectOnEveryRobot(sys, `审批升级：订单 ${orderNumber}`, {
      orderNumber,
      including: '销售总监未在时限内审批，已升级至总经理',
      mentions: ['+8613900000001'],
    });
    await expectOnEveryRobot(sys, `订单暂停：${orderNumber}`, {
      orderNumber,
      including: '总经理未在时限内审批，订单已暂停',
    });
  });

  it('lets the escalated approver decide the step', async () => {
    const { orderId, orderNumber } = await place();
    await waitForStep(sys, orderId, 'sales_director');
    const link = await approvalLink(sys, orderNumber, 'sales_director@example.com');
    expect((await decideByLink(link, 'approve')).status).toBe(200);
    const approved = await waitForStatus(sys, orderId, 'approved');
    expect(approved.approvals).toEqual([expect.objectContaining({ role: 'sales_director' })]);
  });
});
