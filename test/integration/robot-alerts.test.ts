/**
 * Staff alerts reach the group robots (docs/robots.md) on the real local system: the local robot
 * queue, send-robot-alerts and one local robot of each platform, as `npm start` sets them up.
 * Each message is in the outbox with its channel, URL, headers and exact JSON body, signed where
 * the platform signs, and carries no customer phone or email (R-SEC-1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { shippedOrder } from '../support/orders.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

interface RobotMessage {
  channel: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ robotQueueIntervalMs: 100 });
});
afterAll(() => sys?.close());

const robotMessages = async (): Promise<RobotMessage[]> =>
  ((await sys.outbox()) as unknown as RobotMessage[]).filter((m) =>
    ['wecom', 'dingtalk', 'feishu'].includes(m.channel),
  );

/** The messages of each platform that mention `text`, once all three have one. */
async function onEveryRobot(text: string): Promise<Record<string, RobotMessage>> {
  return eventually(
    async () => {
      const found = (await robotMessages()).filter((m) => m.body.includes(text));
      const by = Object.fromEntries(found.map((m) => [m.channel, m]));
      return by['wecom'] && by['dingtalk'] && by['feishu'] ? by : undefined;
    },
    30_000,
    `"${text}" on every robot`,
  );
}

describe('staff alerts on the local robots', () => {
  it('posts a new urgent order and its approval request to each platform, signed, in its own format', async () => {
    const res = await sys.api('/api/orders', { json: orderBody({ priority: 'urgent' }) });
    expect(res.status).toBe(201);
    const { orderNumber, orderId } = (await res.json()) as { orderNumber: string; orderId: string };

    const urgent = await onEveryRobot(`紧急订单：${orderNumber}`);
    const approval = await onEveryRobot(`待审批：订单 ${orderNumber}`);
    for (const m of [...Object.values(urgent), ...Object.values(approval)]) {
      expect(m.headers['content-type']).toContain('application/json');
      expect(m.body).not.toContain('buyer@customer.example');
      expect(m.body).not.toContain('13912345678');
      expect(m.body).toContain(`/staff/order.html?id=${orderId}`);
    }
    expect(JSON.parse(urgent['wecom']!.body).msgtype).toBe('markdown');
    expect(new URL(urgent['wecom']!.url).searchParams.get('key')).toBe('local-wecom');
    const ding = new URL(urgent['dingtalk']!.url);
    expect(ding.searchParams.get('timestamp')).toMatch(/^\d{13}$/);
    expect(ding.searchParams.get('sign')).toBeTruthy();
    expect(JSON.parse(urgent['dingtalk']!.body).msgtype).toBe('actionCard');
    const feishu = JSON.parse(urgent['feishu']!.body);
    expect(feishu).toMatchObject({ msg_type: 'interactive', timestamp: expect.stringMatching(/^\d{10}$/) });
    expect(feishu.sign).toBeTruthy();
    // The approval card's button is the approver's own signed approval page.
    const buttons = JSON.parse(approval['dingtalk']!.body).actionCard?.btns ?? [];
    const signed = buttons.find((b: { actionURL: string }) => b.actionURL.includes('/approvals/'));
    expect(signed?.actionURL).toMatch(/\/approvals\/[0-9A-Z]{26}\.\d+\?sig=/);
    const page = await fetch(signed.actionURL);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(orderNumber);
  });

  it('posts a delivery exception with its plan', async () => {
    const { orderId, orderNumber } = await shippedOrder(sys);
    const res = await sys.api(`/api/orders/${orderId}/exceptions`, {
      token: await sys.login('logistics'),
      json: { kind: 'delay', plan: '改为空运，后天送达' },
    });
    expect(res.status).toBe(201);
    const got = await onEveryRobot(`交付异常（延误）：订单 ${orderNumber}`);
    expect(got['feishu']!.body).toContain('改为空运，后天送达');
  });
});
