import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrder, waitForStatus, waitForStep } from '../support/approvals.ts';
import { eventually } from '../support/eventually.ts';
import { expectOnEveryRobot } from '../support/robots.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

// Time scale 2400: the 240-minute answer target passes in 6 s (room for a slow machine).
let sys: TestSystem;
beforeAll(async () => {
  process.env['RUSH_DECISION_MINUTES'] = '240';
  process.env['RUSH_REPORT_INTERVAL_MINUTES'] = '600';
  sys = await startTestSystem({ timeScale: 2400 });
});
afterAll(async () => {
  await sys?.close();
});

const rushBody = () =>
  orderBody({
    urgency: 'high',
    requiredBy: new Date(Date.now() + 86_400_000).toISOString(),
    reason: '展会样品',
  });

describe('rush decisions (R-RUSH-3, R-RUSH-4)', () => {
  it('escalates an unanswered application to gm, tells sales, and takes gm’s rejection back to sales', async () => {
    const sales = await sys.login('sales');
    const { orderId, orderNumber } = (await (
      await sys.api('/api/rush-orders', { token: sales, json: rushBody() })
    ).json()) as {
      orderId: string;
      orderNumber: string;
    };
    await waitForStep(sys, orderId, 'sales_director');
    const atGm = await waitForStep(sys, orderId, 'gm');
    expect(atGm.history.some((h) => h.action === 'escalated' && /escalated to gm/.test(h.reason ?? ''))).toBe(
      true,
    );
    await eventually(async () =>
      (await sys.outbox()).find(
        (m) =>
          m.to.includes('sales@example.com') && m.subject.includes(`Rush order escalated: ${orderNumber}`),
      ),
    );
    // The general manager is also texted (R-RUSH-3).
    const sms = await eventually(async () =>
      (await sys.outbox()).find(
        (m) => m.channel === 'sms' && m.to.includes('+8613900000001') && m.text.includes(orderNumber),
      ),
    );
    expect(sms.text).toContain('紧急订单');
    // And the robots post the escalation, @-mentioning gm where the platform can (approval-escalated).
    await expectOnEveryRobot(sys, `紧急订单已升级：${orderNumber}`, {
      orderNumber,
      including: '已升级至总经理',
      mentions: ['+8613900000001'],
    });
    const gm = await sys.login('gm');
    const rejected = await sys.api(`/api/orders/${orderId}/decision`, {
      token: gm,
      json: { decision: 'reject', reason: '产能已满，最早下周' },
    });
    expect(rejected.status).toBe(200);
    const order = await waitForStatus(sys, orderId, 'rejected');
    expect(order.history.at(-1)?.reason).toContain('产能已满');
    const mail = await eventually(async () =>
      (await sys.outbox()).find(
        (m) =>
          m.to.includes('sales@example.com') && m.subject.includes(`Rush order not accepted: ${orderNumber}`),
      ),
    );
    expect(mail.text).toContain('产能已满，最早下周');
    expect((await getOrder(sys, orderId)).pendingApproval ?? null).toBeNull();
  });
});

describe('rush hold (R-RUSH-3)', () => {
  it('holds an application gm does not answer either, and every robot posts the hold', async () => {
    const sales = await sys.login('sales');
    const { orderId, orderNumber } = (await (
      await sys.api('/api/rush-orders', { token: sales, json: rushBody() })
    ).json()) as { orderId: string; orderNumber: string };
    await waitForStep(sys, orderId, 'gm');
    const held = await waitForStatus(sys, orderId, 'on_hold');
    expect(held.pendingApproval ?? null).toBeNull();
    await expectOnEveryRobot(sys, `紧急订单暂停：${orderNumber}`, {
      orderNumber,
      including: '总经理也未及时答复，订单已暂停',
    });
  });
});

describe('rush price confirmation (R-PRICE-4 with R-RUSH-4)', () => {
  it('has gm confirm a rush order priced below list before production starts', async () => {
    const sales = await sys.login('sales');
    const body = { ...rushBody(), items: [{ sku: 'VLV-DN50', quantity: 1, unitPrice: 20_000 }] };
    const { orderId } = (await (await sys.api('/api/rush-orders', { token: sales, json: body })).json()) as {
      orderId: string;
    };
    const sdStep = await waitForStep(sys, orderId, 'sales_director');
    const sd = await sys.login('sales_director');
    expect(
      (
        await sys.api(`/api/orders/${orderId}/decision`, {
          token: sd,
          json: { decision: 'approve', reason: '可排产', requestId: sdStep.pendingApproval!.requestId },
        })
      ).status,
    ).toBe(200);
    const gmStep = await waitForStep(sys, orderId, 'gm');
    expect(gmStep.status).toBe('under_review');
    const gm = await sys.login('gm');
    expect(
      (await sys.api(`/api/orders/${orderId}/decision`, { token: gm, json: { decision: 'approve' } })).status,
    ).toBe(200);
    const producing = await waitForStatus(sys, orderId, 'in_production');
    expect(producing.history.map((h) => h.action)).toEqual(
      expect.arrayContaining(['rush-accepted', 'approved-step']),
    );
  });
});
