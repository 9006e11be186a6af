/**
 * GET /api/reports/summary on the real local system (R-REPORT-2): orders placed through the
 * API and moved through approval, rejection and delivery, then the figures read back as JSON,
 * CSV and XLSX; access by role; field-by-field 400s.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseToItem } from '#shared/entities/case-entity.ts';
import { type Order, orderToItem } from '#shared/entities/order-entity.ts';
import { addDays, dayIn } from '#shared/reports/period.ts';
import type { Report } from '#shared/reports/report.ts';
import { approvalsWithoutDeadlines } from '../support/approval-settings.ts';
import { approvalLink, decideByLink, waitForStatus, waitForStep } from '../support/approvals.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
const today = dayIn(new Date(), 'Asia/Shanghai');

beforeAll(async () => {
  approvalsWithoutDeadlines();
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.close();
});

async function place(body: Record<string, unknown>, token?: string) {
  const res = await sys.api('/api/orders', { json: orderBody(body), ...(token ? { token } : {}) });
  expect(res.status).toBe(201);
  return (await res.json()) as { orderId: string; orderNumber: string };
}

/** An order written with the entity's own mapping (so it carries the index keys as intake writes them). */
async function writeOrder(createdAt: string, orderId: string, totalAmount = 10000): Promise<void> {
  const order: Order = {
    orderId,
    orderNumber: 'OD-YESTERDAY',
    channel: 'api',
    status: 'received',
    priority: 'normal',
    customer: { name: '王五', company: '昨日公司' },
    customerKey: 'phone:13800000000',
    items: [],
    totalAmount,
    currency: 'CNY',
    paymentMethod: 'bank_transfer',
    delivery: { address: '上海', requestedDate: today },
    language: 'zh-CN',
    approvalTier: 'ops',
    approvalChain: ['ops'],
    assignee: null,
    history: [],
    version: 1,
    createdAt,
    updatedAt: createdAt,
  };
  await put(orderToItem(order));
}

const put = async (Item: Record<string, unknown>) => {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: sys.dynamoEndpoint }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  await db.send(new PutCommand({ TableName: 'orderdesk', Item }));
};

const orderOfYesterday = () =>
  writeOrder(new Date(`${addDays(today, -1)}T12:00:00+08:00`).toISOString(), '01KREPORTYESTERDAY00000000');

const summary = async (query: string, role = 'finance') =>
  sys.api(`/api/reports/summary${query}`, { token: await sys.login(role) });

describe('GET /api/reports/summary (R-REPORT-2)', () => {
  it('answers 401 without a token and 403 for a role without reports', async () => {
    expect((await sys.api('/api/reports/summary')).status).toBe(401);
    expect((await summary('', 'production')).status).toBe(403);
    expect((await summary('', 'sales')).status).toBe(403);
  });

  it('refuses bad queries field by field', async () => {
    const issues = async (query: string) => {
      const res = await summary(query);
      expect(res.status).toBe(400);
      return ((await res.json()) as { issues: { path: string; message: string }[] }).issues;
    };
    expect(await issues('?from=2026-02-30&to=2026-13-01')).toEqual([
      { path: 'from', message: 'Must be a real date YYYY-MM-DD', code: 'period-date' },
      { path: 'to', message: 'Must be a real date YYYY-MM-DD', code: 'period-date' },
    ]);
    expect(await issues('?from=2026-11-02&to=2026-11-01')).toEqual([
      { path: 'to', message: 'Must be on or after from (2026-11-02)', code: 'period-order' },
    ]);
    expect(await issues('?from=2025-01-01&to=2026-06-30')).toEqual([
      {
        path: 'to',
        message: 'The period is 546 days; at most 366',
        code: 'period-too-long',
        params: { days: '546', max: '366' },
      },
    ]);
    expect(await issues('?from=2026-11-01')).toEqual([
      { path: 'to', message: 'Required with the other end of the period' },
    ]);
    const paths = (await issues('?granularity=hour&format=pdf&colour=red')).map((i) => i.path).sort();
    expect(paths).toEqual(['', 'format', 'granularity']);
    expect(await issues('?period=last-year')).toEqual([
      { path: 'period', message: 'Must be today, yesterday, last-week or YYYY-MM-DD..YYYY-MM-DD' },
    ]);
  });

  it('reports orders placed and moved on through the API, with the previous period', async () => {
    const sales = await sys.login('sales');
    const o1 = await place({
      items: [{ sku: 'BRG-6204', quantity: 10, unitPrice: 1250 }],
      priority: 'urgent',
    });
    const o2 = await place({ items: [{ sku: 'BLT-M8X30', quantity: 2, unitPrice: 3800 }] });
    const o3 = await place(
      { items: [{ sku: 'BRG-6204', quantity: 4, unitPrice: 1250 }], priority: 'important' },
      sales,
    );
    await orderOfYesterday();

    await waitForStep(sys, o1.orderId, 'ops');
    expect(
      (await decideByLink(await approvalLink(sys, o1.orderNumber, 'ops@example.com'), 'approve')).status,
    ).toBe(200);
    await waitForStatus(sys, o1.orderId, 'approved');
    const logistics = await sys.login('logistics');
    const ship = await sys.api(`/api/orders/${o1.orderId}/ship`, {
      token: logistics,
      json: { carrier: 'SF', trackingNumber: 'SF100' },
    });
    expect(ship.status).toBe(200);
    expect(
      (await sys.api(`/api/orders/${o1.orderId}/deliver`, { token: logistics, method: 'POST' })).status,
    ).toBe(200);

    await waitForStep(sys, o2.orderId, 'ops');
    const reject = await decideByLink(
      await approvalLink(sys, o2.orderNumber, 'ops@example.com'),
      'reject',
      '价格异常',
    );
    expect(reject.status).toBe(200);
    await waitForStatus(sys, o2.orderId, 'rejected');
    await waitForStep(sys, o3.orderId, 'ops');

    const res = await summary(`?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as Report;
    expect(report.period).toEqual({ from: today, to: today });
    expect(report.timezone).toBe('Asia/Shanghai');
    expect(report.orders).toEqual({ count: 3, amount: 12500 + 7600 + 5000 });
    expect(report.byChannel['web']).toEqual({ count: 2, amount: 20100 });
    expect(report.byChannel['phone']).toEqual({ count: 1, amount: 5000 });
    expect(report.byStatus['delivered']).toEqual({ count: 1, amount: 12500 });
    expect(report.byStatus['rejected']).toEqual({ count: 1, amount: 7600 });
    expect(report.byStatus['under_review']).toEqual({ count: 1, amount: 5000 });
    expect(report.byPriority).toEqual({
      normal: { count: 1, amount: 7600 },
      important: { count: 1, amount: 5000 },
      urgent: { count: 1, amount: 12500 },
    });
    expect(report.series).toEqual([{ bucket: today, count: 3, amount: 25100 }]);
    expect(report.processing.toApproved.count).toBe(1);
    expect(report.processing.toDelivered.count).toBe(1);
    expect(report.processing.toDelivered.medianHours).toBeGreaterThanOrEqual(0);
    // The ops step: one approval, one rejection, both timed from their request.
    expect(report.approvals[0]).toMatchObject({ tier: 'ops', count: 2, approved: 1, rejected: 1 });
    expect(report.approvals[0]?.answer.count).toBe(2);
    expect(report.topCustomers).toEqual([
      { customerKey: 'email:buyer@customer.example', name: '测试有限公司', count: 3, amount: 25100 },
    ]);
    expect(report.topProducts.map((p) => [p.sku, p.quantity, p.amount])).toEqual([
      ['BRG-6204', 14, 17500],
      ['BLT-M8X30', 2, 7600],
    ]);
    expect(JSON.stringify(report)).not.toContain('13912345678');
    // The order written yesterday is the previous period.
    expect(report.previous.period).toEqual({ from: addDays(today, -1), to: addDays(today, -1) });
    expect(report.previous.orders).toEqual({ count: 1, amount: 10000 });
    expect(report.change['orders.count']).toEqual({ current: 3, previous: 1, delta: 2, ratio: 2 });

    // gm may read it too; `period` is a shortcut, and the week series starts on a Monday.
    const week = (await (
      await summary(`?period=${today}..${today}&granularity=week`, 'gm')
    ).json()) as Report;
    expect(week.orders.count).toBe(3);
    expect(week.series).toHaveLength(1);
    expect(new Date(`${week.series[0]?.bucket}T00:00:00Z`).getUTCDay()).toBe(1);
  });

  it('reads a Shanghai day to the millisecond, orders and after-sales cases apart', async () => {
    // 15 January 2026 in Shanghai: 2026-01-14T16:00:00.000Z up to 2026-01-15T15:59:59.999Z.
    await writeOrder('2026-01-14T15:59:59.999Z', '01KREPORTEDGE0000000000001', 1);
    await writeOrder('2026-01-14T16:00:00.000Z', '01KREPORTEDGE0000000000002', 20);
    await writeOrder('2026-01-15T15:59:59.999Z', '01KREPORTEDGE0000000000003', 300);
    await writeOrder('2026-01-15T16:00:00.000Z', '01KREPORTEDGE0000000000004', 4000);
    const opened = '2026-01-15T02:00:00.000Z';
    await put({
      ...caseToItem({
        caseId: '01KREPORTEDGECASE000000001',
        orderId: '01KREPORTEDGE0000000000002',
        orderNumber: 'OD-EDGE',
        caseType: 'refund',
        caseStatus: 'resolved',
        description: '退款',
        openedBy: 'after_sales@example.com',
        assignee: null,
        responseDeadline: opened,
        requestedAmount: 20,
        refundAmount: 15,
        refundedAt: '2026-01-15T03:00:00.000Z',
        history: [],
        version: 1,
        createdAt: opened,
        updatedAt: opened,
      }),
    });
    const report = (await (await summary('?from=2026-01-15&to=2026-01-15')).json()) as Report;
    expect(report.orders).toEqual({ count: 2, amount: 320 });
    expect(report.previous.orders).toEqual({ count: 1, amount: 1 });
    expect(report.afterSales.cases).toBe(1);
    expect(report.afterSales.refunds).toEqual({ count: 1, amount: 15 });
    expect(report.netAmount).toBe(305);
  });

  it('downloads the same figures as CSV and XLSX', async () => {
    const csv = await summary(`?from=${today}&to=${today}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="orderdesk-report-${today}_${today}.csv"`,
    );
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('测试有限公司');
    expect(text).toContain('BRG-6204');

    const xlsx = await summary(`?from=${today}&to=${today}&format=xlsx`, 'ops');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toBe(
      `attachment; filename="orderdesk-report-${today}_${today}.xlsx"`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const names = workbook.worksheets.map((w) => w.name);
    expect(names.length).toBeGreaterThanOrEqual(5);
    const products = workbook.worksheets.find((w) => /product/i.test(w.name));
    const values: unknown[] = [];
    products?.eachRow((row) => {
      values.push(...(row.values as unknown[]));
    });
    expect(values).toContain('BRG-6204');
  });
});
