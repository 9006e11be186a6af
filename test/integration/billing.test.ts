/**
 * Invoices, payments and reconciliation on dynalite through the real handlers (R-FIN-1..3,
 * R-SEC-2): invoicing details with the credit-code check, invoices within what was delivered and
 * not yet invoiced (also when many are sent at the same moment), payments and their allocations,
 * `billing` on the order for finance, ops, sales and gm only, the statement as JSON, CSV, XLSX
 * (read back with exceljs) and print-ready HTML, and the emailed single-use confirm/dispute link.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placedOrder } from '../support/order-life.ts';
import { moveOrder } from '../support/orders.ts';
import { inDays, staffCaller, startTestSystem, type TestSystem } from '../support/system.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Body = Record<string, any>;

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ background: false });
});
afterAll(() => sys.close());

const call = staffCaller(() => sys);
const EMAIL = 'caiwu@fujian-shili.example';
const KEY = `email:${EMAIL}`;
const keyPath = `/api/customers/${encodeURIComponent(KEY)}`;
const invoicing = {
  companyName: '福建示例机械有限公司',
  taxId: '91350100M000100Y43',
  address: '福州市鼓楼区五四路 1 号',
  phone: '0591-8888 0000',
  bank: '中国银行福州分行',
  account: '4010 0000 1234 5678',
};

/** An order of the customer: 10 × 12.50 + 2 × 260.00 = 645.00, shipped and delivered in two parts. */
async function deliveredOrder(parts: 'all' | 'first' = 'all') {
  const order = await placedOrder(sys, {
    customer: { name: '林经理', company: '福建示例机械有限公司', email: EMAIL, phone: '13800000001' },
  });
  await moveOrder(sys, order.orderId, ['under_review', 'approved']);
  const ship = `/api/orders/${order.orderId}/shipments`;
  expect(
    (
      await call('POST', ship, 'logistics', {
        carrier: '顺丰',
        trackingNumber: 'SF1',
        lines: [{ sku: 'BRG-6204', quantity: 4 }],
      })
    ).status,
  ).toBe(201);
  expect((await call('POST', `${ship}/S1/deliver`, 'logistics', { signedBy: '林' })).status).toBe(200);
  if (parts === 'all') {
    expect((await call('POST', ship, 'logistics', { carrier: '顺丰', trackingNumber: 'SF2' })).status).toBe(
      201,
    );
    expect((await call('POST', `${ship}/S2/deliver`, 'logistics', { signedBy: '林' })).status).toBe(200);
  }
  return order;
}

const invoice = (orderId: string, role: string, json: Body) =>
  call('POST', `/api/orders/${orderId}/invoices`, role, {
    type: 'special',
    date: inDays(0),
    taxRate: 13,
    ...json,
  });

describe('invoicing details (R-FIN-1)', () => {
  it('sales add the customer; finance and sales keep its invoicing details; a bad check character is a 400 on taxId', async () => {
    const created = await call('POST', '/api/customers', 'sales', {
      name: '福建示例',
      company: '福建示例机械有限公司',
      contacts: [{ name: '林经理', email: EMAIL, phone: '13800000001' }],
      addresses: [],
      owner: 'sales@example.com',
    });
    expect(created.status).toBe(201);
    expect((await call('PUT', `${keyPath}/invoicing`, 'ops', invoicing)).status).toBe(403);
    const bad = await call('PUT', `${keyPath}/invoicing`, 'finance', {
      ...invoicing,
      taxId: '91350100M000100Y44',
    });
    expect(bad.status).toBe(400);
    expect(bad.body['issues'].map((i: Body) => i.path)).toEqual(['taxId']);
    const saved = await call('PUT', `${keyPath}/invoicing`, 'finance', invoicing);
    expect(saved.status).toBe(200);
    expect(saved.body['invoicing']).toEqual(invoicing);
    expect((await call('GET', keyPath, 'sales')).body['history'][0]).toMatchObject({ fields: ['invoicing'] });
  });
});

describe('invoices (R-FIN-1)', () => {
  it('only finance; within delivered and not yet invoiced; per shipment too; a number once', async () => {
    const order = await deliveredOrder('first'); // 4 × 12.50 = 50.00 delivered
    expect((await invoice(order.orderId, 'sales', { invoiceNumber: '10000001', amount: 1000 })).status).toBe(
      403,
    );
    const over = await invoice(order.orderId, 'finance', { invoiceNumber: '10000001', amount: 5001 });
    expect(over.status).toBe(409);
    const first = await invoice(order.orderId, 'finance', {
      invoiceNumber: '10000001',
      amount: 3000,
      shipmentId: 'S1',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ amount: 3000, tax: 345, buyer: { taxId: invoicing.taxId } });
    expect((await invoice(order.orderId, 'finance', { invoiceNumber: '10000001', amount: 100 })).status).toBe(
      409,
    );
    expect(
      (await invoice(order.orderId, 'finance', { invoiceNumber: '10000002', amount: 2001 })).status,
    ).toBe(409);
    expect(
      (await invoice(order.orderId, 'finance', { invoiceNumber: '10000002', amount: 2000 })).status,
    ).toBe(201);
    expect((await invoice(order.orderId, 'finance', { invoiceNumber: '10000003', amount: 1 })).status).toBe(
      409,
    );
    const bad = await invoice(order.orderId, 'finance', {
      type: 'x',
      invoiceNumber: '1',
      amount: 0,
      taxRate: 7,
    });
    expect(bad.body['issues'].map((i: Body) => i.path).sort()).toEqual([
      'amount',
      'invoiceNumber',
      'taxRate',
      'type',
    ]);
  });

  it('concurrent invoices of one order cannot overdraw it (one conditional write)', async () => {
    const order = await deliveredOrder(); // 645.00 delivered
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        invoice(order.orderId, 'finance', { invoiceNumber: `2000000${i}`, amount: 20000 }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    const got = await call('GET', `/api/orders/${order.orderId}`, 'finance');
    expect(got.body['billing']).toMatchObject({
      delivered: 64500,
      invoiced: 60000,
      paid: 0,
      outstanding: 64500,
    });
  });
});

describe('payments and the order billing (R-FIN-2, R-SEC-2)', () => {
  it('finance records a payment allocated to orders; the order shows invoiced, paid, outstanding to finance, ops, sales, gm only', async () => {
    const order = await deliveredOrder();
    expect(
      (await invoice(order.orderId, 'finance', { invoiceNumber: '30000001', amount: 64500 })).status,
    ).toBe(201);
    const body = {
      date: inDays(0),
      amount: 50000,
      method: 'bank_transfer',
      reference: 'CMB-20260301-1',
      allocations: [{ orderId: order.orderId, amount: 40000 }],
    };
    expect((await call('POST', `${keyPath}/payments`, 'sales', body)).status).toBe(403);
    const foreign = await placedOrder(sys);
    const wrong = await call('POST', `${keyPath}/payments`, 'finance', {
      ...body,
      allocations: [{ orderId: foreign.orderId, amount: 100 }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body['issues'][0].path).toBe('allocations.0.orderId');
    const paid = await call('POST', `${keyPath}/payments`, 'finance', body);
    expect(paid.status).toBe(201);
    for (const role of ['finance', 'ops', 'sales', 'gm']) {
      const got = await call('GET', `/api/orders/${order.orderId}`, role);
      expect(got.body['billing'], role).toMatchObject({ invoiced: 64500, paid: 40000, outstanding: 24500 });
    }
    for (const role of ['production', 'logistics', 'after_sales', 'sales_director']) {
      const got = await call('GET', `/api/orders/${order.orderId}`, role);
      expect(got.status).toBe(200);
      expect(got.body['billing'], role).toBeUndefined();
    }
  });
});

describe('the customer statement (R-FIN-3)', () => {
  const today = () => inDays(0);
  const statementPath = (format = 'json') =>
    `${keyPath}/statement?from=${today()}&to=${today()}&format=${format}`;

  it('finance, ops and the customer’s sales read it as JSON; others may not', async () => {
    const got = await call('GET', statementPath(), 'finance');
    expect(got.status).toBe(200);
    const s = got.body;
    expect(s['openingBalance']).toBe(0);
    const deliveries = s['lines'].filter((l: Body) => l.kind === 'delivery');
    const debit = deliveries.reduce((t: number, l: Body) => t + l.debit, 0);
    expect(debit).toBe(5000 + 64500 * 2);
    expect(s['lines'].filter((l: Body) => l.kind === 'payment').map((l: Body) => l.credit)).toEqual([50000]);
    expect(s['closingBalance']).toBe(debit - 50000);
    expect(s['lines'].at(-1).balance).toBe(s['closingBalance']);
    expect((await call('GET', statementPath(), 'ops')).status).toBe(200);
    expect((await call('GET', statementPath(), 'sales')).status).toBe(200); // the owner
    expect((await call('GET', statementPath(), 'after_sales')).status).toBe(403);
    expect((await call('GET', statementPath(), 'gm')).status).toBe(403);
    expect((await call('GET', `${keyPath}/statement?from=${today()}&to=2000-01-01`, 'finance')).status).toBe(
      400,
    );
  });

  it('downloads as CSV, XLSX (read back with exceljs) and a print-ready document', async () => {
    const token = await sys.login('finance');
    const csv = await sys.api(statementPath('csv'), { token });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('期初余额 Opening balance');
    expect(text).toContain('CMB-20260301-1');
    const xlsx = await sys.api(statementPath('xlsx'), { token });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = book.worksheets[0]!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]!.slice(1, 4)).toEqual(['日期 Date', '类别 Kind', '单据 Ref']);
    expect(rows.at(-1)![2]).toBe('期末余额 Closing balance');
    const json = (await call('GET', statementPath(), 'finance')).body;
    expect(rows.at(-1)![6]).toBe((json['closingBalance'] / 100).toFixed(2));
    const html = await sys.api(statementPath('html'), { token });
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('@media print');
  });

  it('is emailed with a signed link: the customer confirms once; a forged link is refused', async () => {
    expect(
      (await call('POST', `${keyPath}/statement/send`, 'ops', { from: today(), to: today() })).status,
    ).toBe(403);
    const sent = await call('POST', `${keyPath}/statement/send`, 'finance', { from: today(), to: today() });
    expect(sent.status).toBe(201);
    const mail = (await sys.outbox()).find(
      (m) => m.channel === 'email' && m.to.includes(EMAIL) && m.subject.includes('对账单'),
    );
    expect(mail).toBeTruthy();
    const link = new URL(sent.body['link']);
    expect(`${mail!.text}`).toContain(link.pathname);
    const page = await sys.api(link.pathname);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('确认无误');
    const forged = `${link.pathname.slice(0, -3)}abc`;
    expect((await sys.api(forged)).status).toBe(404);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const confirm = await sys.api(link.pathname, { method: 'POST', headers: form, body: 'decision=confirm' });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('您已确认');
    const again = await sys.api(link.pathname, {
      method: 'POST',
      headers: form,
      body: 'decision=dispute&comment=x',
    });
    expect(again.status).toBe(409);
  });

  it('a dispute of a line becomes a complaint case for customer service on that order', async () => {
    const sent = await call('POST', `${keyPath}/statement/send`, 'finance', { from: today(), to: today() });
    const path = new URL(sent.body['link']).pathname;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const noReason = await sys.api(path, { method: 'POST', headers: form, body: 'decision=dispute' });
    expect(noReason.status).toBe(400);
    const s = (await call('GET', statementPath(), 'finance')).body;
    const line = s['lines'].findIndex((l: Body) => l.kind === 'delivery') + 1;
    const disputed = await sys.api(path, {
      method: 'POST',
      headers: form,
      body: `decision=dispute&line=${line}&comment=${encodeURIComponent('第一批只收到 3 件')}`,
    });
    expect(disputed.status).toBe(200);
    const orderId = s['lines'][line - 1].orderId;
    const cases = await call('GET', `/api/orders/${orderId}/cases`, 'ops');
    const complaint = cases.body['cases'].find((c: Body) => c.caseType === 'complaint');
    expect(complaint.description).toContain('第一批只收到 3 件');
  });
});

describe('receivables in the reports (R-FIN-2, R-SEC-2)', () => {
  it('outstanding by customer and age, invoices issued and payments received; finance, ops, gm only', async () => {
    const path = `/api/reports/receivables?from=${inDays(0)}&to=${inDays(0)}`;
    for (const role of ['sales', 'after_sales', 'production'])
      expect((await call('GET', path, role)).status).toBe(403);
    const got = await call('GET', path, 'finance');
    expect(got.status).toBe(200);
    const statement = (await call('GET', `${keyPath}/statement?from=${inDays(0)}&to=${inDays(0)}`, 'finance'))
      .body;
    const mine = got.body['customers'].find((c: Body) => c.customerKey === KEY);
    expect(mine.outstanding).toBe(statement['closingBalance']);
    expect(mine.buckets['0-30']).toBe(statement['closingBalance']);
    expect(got.body['invoicesIssued'].amount).toBeGreaterThanOrEqual(statement['totals'].invoiced);
    expect(got.body['paymentsReceived']).toMatchObject({ count: 1, amount: 50000 });
    expect((await call('GET', path, 'gm')).status).toBe(200);
  });
});

describe('monthly statements on a schedule (R-FIN-3)', () => {
  it('go to the customers who opted in, once per month however often the run is repeated', async () => {
    const saved = await call('PUT', `${keyPath}/invoicing`, 'finance', {
      ...invoicing,
      monthlyStatement: true,
    });
    expect(saved.body['invoicing']['monthlyStatement']).toBe(true);
    const month = inDays(0).slice(0, 7);
    const period = `${month}-01..${inDays(0)}`;
    const statementMails = async () =>
      (await sys.outbox()).filter(
        (m) => m.channel === 'email' && m.to.includes(EMAIL) && m.subject.includes(`${month}-01`),
      );
    const before = (await statementMails()).length;
    const first = await sys.reports.runNow('monthly-statements', period);
    expect(first).toMatchObject({ ok: true, result: { sent: 1, failed: 0 } });
    const again = await sys.reports.runNow('monthly-statements', period);
    expect(again).toMatchObject({ ok: true, result: { sent: 0, skipped: 1 } });
    expect((await statementMails()).length).toBe(before + 1);
  });
});
