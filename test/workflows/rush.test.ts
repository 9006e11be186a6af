import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localIssuer } from '#local/issuer.ts';
import { demoUsers } from '#local/seed.ts';
import { getOrder, waitForStatus, waitForStep } from '../support/approvals.ts';
import { eventually } from '../support/eventually.ts';
import { stockOf } from '../support/order-life.ts';
import { expectOnEveryRobot } from '../support/robots.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

// Time scale 2400: the 240-minute decision target is 6 s, a 60-minute report window 1.5 s.
let sys: TestSystem;
beforeAll(async () => {
  process.env['RUSH_DECISION_MINUTES'] = '240';
  process.env['RUSH_REPORT_INTERVAL_MINUTES'] = '60';
  sys = await startTestSystem({ timeScale: 2400 });
  // A second sales rep, outside any task group.
  await localIssuer().saveUsers([
    ...demoUsers(sys.demoPassword),
    { email: 'sales2@example.com', name: '钱销售', roles: ['sales'], password: sys.demoPassword },
  ]);
});
afterAll(async () => {
  await sys?.close();
});

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
const rushBody = (over: Record<string, unknown> = {}) =>
  orderBody({ urgency: 'critical', requiredBy: inHours(48), reason: '客户产线停机，急需备件', ...over });
const mails = async (to: string, subject: string) =>
  (await sys.outbox()).filter((m) => m.to.includes(to) && m.subject.includes(subject));

describe('rush orders (R-RUSH-1..8; satisfaction R-AFTER-2)', () => {
  it('refuses a bad application field by field, and non-sales callers', async () => {
    const sales = await sys.login('sales');
    const bad = await sys.api('/api/rush-orders', {
      token: sales,
      json: rushBody({ urgency: 'asap', requiredBy: '2020-01-01T00:00:00+08:00', reason: '', items: [] }),
    });
    expect(bad.status).toBe(400);
    const paths = ((await bad.json()).issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['urgency', 'reason', 'items']));
    const past = await sys.api('/api/rush-orders', {
      token: sales,
      json: rushBody({ requiredBy: '2020-01-01T00:00:00+08:00' }),
    });
    expect(((await past.json()).issues as { path: string }[]).map((i) => i.path)).toEqual(['requiredBy']);
    expect(
      (await sys.api('/api/rush-orders', { token: await sys.login('ops'), json: rushBody() })).status,
    ).toBe(403);
    expect((await sys.api('/api/rush-orders', { json: rushBody() })).status).toBe(401);
  });

  it('reserves stock like every order and gives it back when rejected (R-PROC-4)', async () => {
    const before = await stockOf(sys, 'BRG-6204');
    const res = await sys.api('/api/rush-orders', { token: await sys.login('sales'), json: rushBody() });
    const { orderId } = (await res.json()) as { orderId: string };
    await waitForStep(sys, orderId, 'sales_director');
    expect(await stockOf(sys, 'BRG-6204')).toBe(before - 10);
    expect(
      ((await getOrder(sys, orderId)) as unknown as { reservations: Record<string, number> }).reservations,
    ).toEqual({
      'BRG-6204': 10,
    });
    const rejected = await sys.api(`/api/orders/${orderId}/decision`, {
      token: await sys.login('sales_director'),
      json: { decision: 'reject', reason: '产能已满' },
    });
    expect(rejected.status).toBe(200);
    await waitForStatus(sys, orderId, 'rejected');
    await eventually(async () => ((await stockOf(sys, 'BRG-6204')) === before ? true : undefined), 10_000);
  });

  it('runs a rush order from application to delivery, satisfaction and review', async () => {
    const sales = await sys.login('sales');
    const res = await sys.api('/api/rush-orders', { token: sales, json: rushBody() });
    expect(res.status).toBe(201);
    const { orderId, orderNumber } = (await res.json()) as { orderId: string; orderNumber: string };

    // R-RUSH-2: production and logistics get the application while leadership is asked.
    await waitForStep(sys, orderId, 'sales_director');
    expect(await mails('production@example.com', `Rush order application: ${orderNumber}`)).toHaveLength(1);
    expect(await mails('logistics@example.com', `Rush order application: ${orderNumber}`)).toHaveLength(1);
    // And every robot posts the application, with the reason (rush-order).
    await expectOnEveryRobot(sys, `紧急订单申请：${orderNumber}`, { orderNumber, including: '客户产线停机' });
    const queue = await (await sys.api('/api/queue', { token: sales })).json();
    expect(queue.items[0]).toMatchObject({ orderId, priority: 'urgent' });

    // R-RUSH-4, R-RUSH-5: accepted with the capacity assessment; the task group is formed.
    const sd = await sys.login('sales_director');
    const decided = await sys.api(`/api/orders/${orderId}/decision`, {
      token: sd,
      json: { decision: 'approve', reason: '二车间可加班完成' },
    });
    expect(decided.status).toBe(200);
    const producing = await waitForStatus(sys, orderId, 'in_production');
    const rush = (
      producing as unknown as { rush: { taskGroup: Record<string, string>; decision: { reason: string } } }
    ).rush;
    expect(rush.taskGroup).toEqual({
      lead: 'sales_director@example.com',
      sales: 'sales@example.com',
      production: 'production@example.com',
      logistics: 'logistics@example.com',
    });
    expect(rush.decision.reason).toBe('二车间可加班完成');
    expect(await mails('logistics@example.com', `Rush task group: ${orderNumber}`)).toHaveLength(1);

    // R-RUSH-6, R-RUSH-8: production reports with overtime; an outsider may not report.
    const production = await sys.login('production');
    const report = { done: '完成粗加工', next: '热处理', overtime: true };
    const posted = await sys.api(`/api/rush-orders/${orderId}/progress`, { token: production, json: report });
    expect(posted.status).toBe(201);
    await eventually(
      async () => (await mails('safety@example.com', `Overtime safety reminder: ${orderNumber}`))[0],
    );
    await expectOnEveryRobot(sys, `加班安全提醒：${orderNumber}`, {
      orderNumber,
      including: '紧急订单安排了加班（生产报告）',
    });
    const outsider = await sys.api(`/api/rush-orders/${orderId}/progress`, {
      token: await sys.login('sales2'),
      json: report,
    });
    expect(outsider.status).toBe(403);
    const invalid = await sys.api(`/api/rush-orders/${orderId}/progress`, {
      token: production,
      json: { done: '' },
    });
    expect(invalid.status).toBe(400);

    // Sales never reports: a reminder after one window, the lead told after the second.
    await eventually(
      async () => (await mails('sales@example.com', `Progress report due: ${orderNumber}`))[0],
      20_000,
      'reminder',
    );
    await eventually(
      async () =>
        (await mails('sales_director@example.com', `Progress reports missed twice: ${orderNumber}`))[0],
      20_000,
      'escalation',
    );
    // The robots post both (rush-report-reminder, rush-report-missed).
    await expectOnEveryRobot(sys, `请提交进度报告：${orderNumber}`, {
      orderNumber,
      including: '销售未在本时段提交进度报告。',
    });
    await expectOnEveryRobot(sys, `进度报告连续缺失：${orderNumber}`, {
      orderNumber,
      including: '销售未在本时段提交进度报告（连续两次，已通知专项小组负责人）',
    });

    // Reports racing each other and the window checks all land, each with its history entry.
    const before = (await getOrder(sys, orderId)).history.filter((h) => h.action === 'rush-report').length;
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        sys.api(`/api/rush-orders/${orderId}/progress`, {
          token: production,
          json: { done: `工序 ${i}`, next: '继续' },
        }),
      ),
    );
    expect(burst.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect((await burst[0]!.json()).window).toMatchObject({
      index: expect.any(Number),
      start: expect.any(String),
    });
    const after = (await getOrder(sys, orderId)).history.filter((h) => h.action === 'rush-report').length;
    expect(after - before).toBe(12);

    // Both report in a later window.
    const mark = new Date().toISOString();
    expect(
      (
        await sys.api(`/api/rush-orders/${orderId}/progress`, {
          token: sales,
          json: { done: '已通知客户', next: '跟进发货' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await sys.api(`/api/rush-orders/${orderId}/progress`, {
          token: production,
          json: { done: '热处理完成', next: '装配' },
        })
      ).status,
    ).toBe(201);
    await eventually(
      async () => {
        const o = (await getOrder(sys, orderId)) as unknown as {
          rush: { windows: { end: string; missed: string[] }[] };
        };
        return o.rush.windows.find((w) => w.end > mark && w.missed.length === 0);
      },
      20_000,
      'a window with both reports',
    );

    // R-TRACK-2: logistics ships and delivers; delivery ends the loop.
    const logistics = await sys.login('logistics');
    const badShip = await sys.api(`/api/orders/${orderId}/ship`, { token: logistics, json: { carrier: '' } });
    expect((await badShip.json()).issues.map((i: { path: string }) => i.path)).toEqual([
      'carrier',
      'trackingNumber',
    ]);
    expect(
      (await sys.api(`/api/orders/${orderId}/deliver`, { token: logistics, method: 'POST' })).status,
    ).toBe(409);
    expect(
      (
        await sys.api(`/api/orders/${orderId}/ship`, {
          token: logistics,
          json: { carrier: '顺丰', trackingNumber: 'SF1234567890' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await sys.api(`/api/orders/${orderId}/deliver`, { token: logistics, method: 'POST' })).status,
    ).toBe(200);
    expect(await mails('buyer@customer.example', `Order ${orderNumber}: Shipped`)).toHaveLength(1);

    // R-RUSH-7: the customer's satisfaction link and the task group's review.
    const feedbackMail = await eventually(
      async () => (await mails('buyer@customer.example', `How did we do? Order ${orderNumber}`))[0],
      20_000,
      'satisfaction email',
    );
    const link = /(http:\/\/\S+\/feedback\/\S+)/.exec(feedbackMail.text)![1]!;
    expect((await fetch(link)).status).toBe(200);
    const rate = (score: string) =>
      fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ score, comment: '很及时' }),
      });
    expect((await rate('9')).status).toBe(400);
    expect((await rate('5')).status).toBe(200);
    expect((await rate('4')).status).toBe(409);
    expect((await fetch(`${link.slice(0, -2)}xx`)).status).toBe(404);

    const review = { wentWell: '协同顺畅', wentWrong: '销售未按时报告', actions: '设置提醒' };
    expect(
      (
        await sys.api(`/api/rush-orders/${orderId}/review`, {
          token: sales,
          json: { ...review, actions: '' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await sys.api(`/api/rush-orders/${orderId}/review`, {
          token: await sys.login('sales2'),
          json: review,
        })
      ).status,
    ).toBe(403);
    expect((await sys.api(`/api/rush-orders/${orderId}/review`, { token: sales, json: review })).status).toBe(
      201,
    );
    expect((await sys.api(`/api/rush-orders/${orderId}/review`, { token: sales, json: review })).status).toBe(
      409,
    );

    const order = (await getOrder(sys, orderId)) as unknown as {
      rush: {
        windows: { missed: string[]; reports: { role: string }[] }[];
        reports: unknown[];
        satisfaction: { score: number };
        review: { actor: string };
      };
      history: { action: string }[];
    };
    expect(order.rush.satisfaction.score).toBe(5);
    expect(order.rush.review.actor).toBe('sales@example.com');
    expect(order.rush.reports).toHaveLength(15);
    expect(order.rush.windows.length).toBeGreaterThanOrEqual(2);
    // A window in which production reported and sales did not (how many depends on the machine's pace).
    expect(
      order.rush.windows.some(
        (w) => w.missed.includes('sales') && w.reports.some((r) => r.role === 'production'),
      ),
    ).toBe(true);
    expect(order.rush.windows.map((w) => (w as unknown as { index: number }).index)).toEqual(
      order.rush.windows.map((_, i) => i),
    );
    expect(order.history.map((h) => h.action)).toEqual(
      expect.arrayContaining([
        'rush-filed',
        'rush-accepted',
        'rush-report',
        'rush-window',
        'rush-delivered',
        'satisfaction',
        'rush-review',
      ]),
    );
  });
});
