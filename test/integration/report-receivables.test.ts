/**
 * Quotations and receivables in the reports on the real local system (dynalite, the SES
 * emulator, the local staff directory, the send-report handler run by the local scheduler):
 * - R-QUOTE-1..3, R-REPORT-1, R-REPORT-2: the quotation figures of the period in every report
 *   email, its CSV, and `GET /api/reports/summary` (the dashboard's figures);
 * - R-FIN-2, R-SEC-2: receivables (outstanding by customer and age, invoices issued, payments
 *   received) only in the email to the recipients who may see balances (finance, ops, gm): the
 *   sales director and an outside address get the report without them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placedOrder } from '../support/order-life.ts';
import { moveOrder } from '../support/orders.ts';
import { inDays, staffCaller, startTestSystem, type TestSystem } from '../support/system.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Body = Record<string, any>;

interface OutboxEmail {
  channel: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  attachments: { filename: string; content?: string }[];
}

let sys: TestSystem;
const call = staffCaller(() => sys);
const EMAIL = 'zhangwu@report-receivables.example';
const KEY = `email:${EMAIL}`;
const COMPANY = '报表应收测试有限公司';
const today = inDays(0);

beforeAll(async () => {
  sys = await startTestSystem({
    background: false,
    reports: {
      schedules: JSON.stringify({
        daily: {
          enabled: false,
          period: 'today',
          roles: ['gm', 'finance', 'sales_director'],
          addresses: ['boss@partner.example'],
        },
        weekly: { enabled: false },
        'monthly-statements': { enabled: false },
        'quotation-expiry': { enabled: false },
      }),
    },
  });

  // A customer with invoicing details, an order delivered in one shipment (645.00), an invoice
  // of 300.00 and a payment of 100.00: 545.00 outstanding, aged 0–30 days.
  const customer = await call('POST', '/api/customers', 'sales', {
    name: '张经理',
    company: COMPANY,
    contacts: [{ name: '张经理', email: EMAIL, phone: '13800000077' }],
    addresses: [],
    owner: 'sales@example.com',
  });
  expect(customer.status).toBe(201);
  const keyPath = `/api/customers/${encodeURIComponent(KEY)}`;
  expect(
    (
      await call('PUT', `${keyPath}/invoicing`, 'finance', {
        companyName: COMPANY,
        taxId: '91350100M000100Y43',
        address: '福州市鼓楼区五四路 1 号',
        phone: '0591-8888 0000',
        bank: '中国银行福州分行',
        account: '4010 0000 1234 5678',
      })
    ).status,
  ).toBe(200);
  const order = await placedOrder(sys, {
    customer: { name: '张经理', company: COMPANY, email: EMAIL, phone: '13800000077' },
  });
  await moveOrder(sys, order.orderId, ['under_review', 'approved']);
  const ship = `/api/orders/${order.orderId}/shipments`;
  expect((await call('POST', ship, 'logistics', { carrier: '顺丰', trackingNumber: 'SF9' })).status).toBe(
    201,
  );
  expect((await call('POST', `${ship}/S1/deliver`, 'logistics', { signedBy: '张' })).status).toBe(200);
  const invoice = await call('POST', `/api/orders/${order.orderId}/invoices`, 'finance', {
    type: 'special',
    date: today,
    taxRate: 13,
    invoiceNumber: '20000001',
    amount: 30000,
  });
  expect(invoice.status).toBe(201);
  const payment = await call('POST', `${keyPath}/payments`, 'finance', {
    date: today,
    amount: 10000,
    method: 'bank_transfer',
    reference: 'BOC-REPORT-1',
    allocations: [{ orderId: order.orderId, amount: 10000 }],
  });
  expect(payment.status).toBe(201);

  // Two quotations made today (R-QUOTE-1): 2 × 12.50 and 4 × 12.50.
  for (const quantity of [2, 4]) {
    const made = await call('POST', '/api/quotations', 'sales', {
      customer: { name: '王经理', company: '报价测试有限公司', email: 'buyer@quote.example' },
      items: [{ sku: 'BRG-6204', quantity, unitPrice: 1250 }],
      validUntil: inDays(30),
      deliveryTerms: '收款后 15 天交货',
      paymentTerms: '月结 30 天',
    });
    expect(made.status).toBe(201);
  }
});
afterAll(() => sys?.close());

const reportEmails = async () =>
  ((await sys.outbox()) as unknown as OutboxEmail[]).filter((m) => m.subject.startsWith('每日订单报表'));
const csvOf = (email: OutboxEmail) =>
  Buffer.from(email.attachments.find((a) => a.filename.endsWith('.csv'))!.content!, 'base64').toString(
    'utf8',
  );

describe('quotations and receivables in the report emails (R-REPORT-1, R-QUOTE-1..3, R-FIN-2, R-SEC-2)', () => {
  let withBalances: OutboxEmail;
  let without: OutboxEmail;

  beforeAll(async () => {
    const run = await sys.reports.runNow('daily', `${today}..${today}`);
    expect(run).toMatchObject({ ok: true, result: { outcome: 'sent', recipients: 4 } });
    const emails = await reportEmails();
    expect(emails).toHaveLength(2);
    withBalances = emails.find((m) => m.to.includes('finance@example.com'))!;
    without = emails.find((m) => m.to.includes('sales_director@example.com'))!;
  });

  it('sends the receivables only to finance and gm; the sales director and an outside address get none (R-SEC-2)', () => {
    expect(withBalances.to.sort()).toEqual(['finance@example.com', 'gm@example.com']);
    expect(without.to.sort()).toEqual(['boss@partner.example', 'sales_director@example.com']);
    for (const part of [without.text, without.html, csvOf(without)]) {
      expect(part).not.toContain('应收账款');
      expect(part).not.toContain('Receivables');
      // The customer is in the top customers, but its balance is nowhere.
      expect(part).not.toContain('545.00');
    }
  });

  it('gives finance outstanding by customer and age, invoices issued and payments received (R-FIN-2)', async () => {
    const api = (await call('GET', `/api/reports/receivables?from=${today}&to=${today}`, 'finance')).body;
    const mine = api['customers'].find((c: Body) => c.customerKey === KEY);
    expect(mine).toMatchObject({ outstanding: 54500, buckets: { '0-30': 54500 } });
    const text = withBalances.text;
    expect(text).toContain('应收账款 Receivables');
    expect(text).toContain('应收账款（按客户） Receivables by customer');
    expect(text).toContain(`  ${COMPANY} | ¥545.00 | ¥545.00 | ¥0.00 | ¥0.00 | ¥0.00`);
    expect(text).toContain(`账龄 超过 90 天 Age Over 90 days | — | ${yuan(api['buckets']['90+'])}`);
    expect(text).toContain(
      `本期开票 Invoices issued | ${api['invoicesIssued'].count} | ${yuan(api['invoicesIssued'].amount)}`,
    );
    expect(text).toContain(
      `本期收款 Payments received | ${api['paymentsReceived'].count} | ${yuan(api['paymentsReceived'].amount)}`,
    );
    expect(withBalances.html).toContain('应收账款');
    expect(withBalances.html).toContain(COMPANY);
    const csv = csvOf(withBalances);
    expect(csv).toContain('应收账款');
    expect(csv).toContain(COMPANY);
    // The customer's key (its email) never appears (R-SEC-1).
    for (const part of [text, withBalances.html, csv]) expect(part).not.toContain(EMAIL);
  });

  it('gives every recipient the quotation figures of the period (R-QUOTE-1..3)', () => {
    for (const email of [withBalances, without]) {
      expect(email.text).toContain('报价 Quotations');
      expect(email.text).toContain('  已报价 Quoted | 2 | 0');
      expect(email.text).toContain('  报价金额（元） Quoted amount (CNY) | ¥75.00 | ¥0.00');
      expect(email.text).toContain('  已接受 Accepted | 0 | 0');
      expect(email.html).toContain('报价');
      expect(csvOf(email)).toContain('已报价 Quoted');
    }
  });
});

describe('quotations in the report figures on demand (R-REPORT-2, R-QUOTE-1..3)', () => {
  it('GET /api/reports/summary carries the quotation figures, and no balances for any role', async () => {
    for (const role of ['sales_director', 'finance']) {
      const got = await call('GET', `/api/reports/summary?from=${today}&to=${today}`, role);
      expect(got.status).toBe(200);
      expect(got.body['quotations']).toMatchObject({
        quoted: 2,
        quotedAmount: 7500,
        approved: 0,
        accepted: 0,
      });
      expect(got.body['previous']['quotations']).toMatchObject({ quoted: 0 });
      expect(got.body).not.toHaveProperty('receivables');
    }
  });
});

const yuan = (cents: number) =>
  `¥${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
