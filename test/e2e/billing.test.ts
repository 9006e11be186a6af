/**
 * Invoices, payments and a statement in a browser on a phone (R-FIN-1..3): finance keeps a
 * customer's invoicing details on staff/billing.html, records an invoice on a delivered order and
 * a payment allocated to it, sees the statement and emails it; the customer opens the link from
 * the email on a phone and confirms it, once.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, signedInPage } from '../support/browser-suite.ts';
import { moveOrder } from '../support/orders.ts';
import { orderBody } from '../support/system.ts';
import { expectNoSidewaysScroll, PHONE } from './browser.ts';

const suite = browserSuite();
const EMAIL = 'e2e.billing@buyer.example';
const KEY = `email:${EMAIL}`;

async function call(method: string, path: string, role: string, json?: unknown) {
  const res = await suite.sys.api(path, {
    method,
    token: await suite.sys.login(role),
    ...(json ? { json } : {}),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

describe('staff/billing.html and the statement link', () => {
  it('finance records an invoice and a payment and sends the statement; the customer confirms it from the link', async () => {
    const { sys } = suite;
    await call('POST', '/api/customers', 'sales', {
      name: '浏览器对账客户',
      company: '厦门示例贸易有限公司',
      contacts: [{ name: '陈会计', email: EMAIL }],
      addresses: [],
    });
    const created = await call(
      'POST',
      '/api/orders',
      'sales',
      orderBody({
        customer: { name: '陈会计', company: '厦门示例贸易有限公司', email: EMAIL, phone: '13800000002' },
      }),
    );
    const orderId = String(created['orderId']);
    await moveOrder(sys, orderId, ['under_review', 'approved']);
    await call('POST', `/api/orders/${orderId}/ship`, 'logistics', {
      carrier: '顺丰',
      trackingNumber: 'SF-E2E',
    });
    await call('POST', `/api/orders/${orderId}/deliver`, 'logistics', { signedBy: '陈' });

    // The order list (which finds a customer's orders) is written from the table's stream.
    await expect
      .poll(
        async () =>
          JSON.stringify(await call('GET', `/api/orders?q=${encodeURIComponent(EMAIL)}`, 'finance')),
        { timeout: 10_000 },
      )
      .toContain(orderId);
    // The customer's page leads finance to its statement and invoices.
    const customerPage = await signedInPage(
      suite,
      `/staff/customers.html?key=${encodeURIComponent(KEY)}`,
      'finance@example.com',
    );
    const toBilling = customerPage.getByRole('link', { name: '对账与开票' });
    await toBilling.waitFor();
    expect(await toBilling.getAttribute('href')).toBe(`billing.html?key=${encodeURIComponent(KEY)}`);
    await customerPage.context().close();
    const page = await signedInPage(suite, '/staff/billing.html', 'finance@example.com');
    await page.locator('body[data-ready]').waitFor();
    await page.getByLabel('客户编号').fill(KEY);
    await page.getByRole('button', { name: '查看对账单' }).click();
    await expect.poll(async () => page.locator('#statement-rows tr').count(), { timeout: 10_000 }).toBe(1);
    await expectNoSidewaysScroll(page);

    // Invoicing details: a wrong check character is named at the field, then the right code is saved.
    await page.locator('#inv-companyName').fill('厦门示例贸易有限公司');
    await page.locator('#inv-taxId').fill('91350100M000100Y44');
    await page.locator('#inv-address').fill('厦门市思明区 1 号');
    await page.locator('#inv-phone').fill('0592-000 0000');
    await page.locator('#inv-bank').fill('中国银行厦门分行');
    await page.locator('#inv-account').fill('4010000012345678');
    await page.getByRole('button', { name: '保存开票信息' }).click();
    await expect
      .poll(async () => page.locator('#inv-taxId-error').textContent(), { timeout: 10_000 })
      .toContain('check character');
    await page.locator('#inv-taxId').fill('91350100M000100Y43');
    await page.getByRole('button', { name: '保存开票信息' }).click();
    await expect
      .poll(async () => page.locator('#page-status').textContent(), { timeout: 10_000 })
      .toContain('开票信息已保存');

    // An invoice of the delivered 125.00, then a payment of 100.00 allocated to the order.
    await page.locator('#invoice-orderId').fill(orderId);
    await page.locator('#invoice-invoiceNumber').fill('44000001');
    await page.locator('#invoice-amount').fill('125.00');
    await page.getByRole('button', { name: '登记发票' }).click();
    await expect
      .poll(async () => page.locator('#page-status').textContent(), { timeout: 10_000 })
      .toContain('发票已登记');
    await page.locator('#payment-amount').fill('100');
    await page.locator('#payment-reference').fill('BANK-E2E-1');
    await page.locator('#payment-orderId').fill(orderId);
    await page.getByRole('button', { name: '登记收款' }).click();
    await expect
      .poll(async () => page.locator('#page-status').textContent(), { timeout: 10_000 })
      .toContain('收款已登记');
    await expect.poll(async () => page.locator('#statement-rows tr').count(), { timeout: 10_000 }).toBe(3);
    expect(await page.locator('#statement-summary').textContent()).toContain('¥25.00');
    const billing = (await call('GET', `/api/orders/${orderId}`, 'finance'))['billing'];
    expect(billing).toMatchObject({ invoiced: 12500, paid: 10000, outstanding: 2500 });

    await page.getByRole('button', { name: '发送给客户' }).click();
    await expect
      .poll(async () => page.locator('#page-status').textContent(), { timeout: 10_000 })
      .toContain('对账单已发送');

    // The customer opens the link from the email on a phone and confirms.
    const mail = (await sys.outbox()).find(
      (m) => m.channel === 'email' && m.to.includes(EMAIL) && m.subject.includes('对账单'),
    );
    const link = /https?:\/\/\S+\/statements\/\S+/.exec(mail?.text ?? '')?.[0];
    expect(link).toBeTruthy();
    const context = await suite.browser.newContext({ locale: 'zh-CN', ...PHONE });
    const customer = await context.newPage();
    await customer.goto(`${sys.baseUrl}${new URL(link!).pathname}`);
    expect(await customer.locator('#closing').textContent()).toBe('25.00');
    await expectNoSidewaysScroll(customer);
    await customer.getByRole('button', { name: '确认无误' }).click();
    await expect
      .poll(async () => customer.locator('#outcome').getAttribute('data-outcome'), { timeout: 10_000 })
      .toBe('confirmed');
    await customer.goto(`${sys.baseUrl}${new URL(link!).pathname}`);
    expect(await customer.locator('#outcome').getAttribute('data-outcome')).toBe('already');
    await context.close();
  });
});
