/**
 * Words people read, in a browser: the order form, the tracking page and the staff order page
 * (with its history) speak one language at a time — no Chinese in English mode, no English
 * words in Chinese mode (the rule and its small allowlist: test/e2e/mixed-language.ts); the
 * order form warns when a quantity exceeds the stock shown but still places the order
 * (R-PROC-4); the tracking page opens in the language the customer ordered in (R-TRACK-1); the
 * staff history is rendered from codes in the reader's language (R-APPR-3); the email
 * correction form keeps a line the email left unpriced, priced from the list and noted
 * (R-INTAKE-6); the billing page (R-FIN-1..3) switches language like the other staff pages,
 * its messages and field errors included.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { businessDay } from '#shared/domain/calendar.ts';
import { browserSuite, signedInPage } from '../support/browser-suite.ts';
import { eventually } from '../support/eventually.ts';
import { sendMail } from '../support/mail.ts';
import { DESKTOP, snap } from './browser.ts';
import { pageWords, strayWords } from './mixed-language.ts';

const suite = browserSuite();

async function expectOneLanguage(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
  expect(strayWords(await pageWords(page), lang)).toEqual([]);
}

async function switchTo(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.lang)) !== lang)
    await page.locator('#lang-toggle').click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

describe('words people read, in both languages', () => {
  let orderId = '';
  let trackingUrl = '';

  it('orders in English with a stock warning, and the form speaks one language in each mode', async () => {
    const context = await suite.browser.newContext({ locale: 'zh-CN', ...DESKTOP });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${suite.sys.baseUrl}/`);
    const line = page.locator('.item-line').nth(0);
    await line.locator('option[value="GSK-PTFE-50"]').waitFor({ state: 'attached' });
    await line.locator('[data-field="sku"]').selectOption('GSK-PTFE-50'); // 3000 in stock
    await line.locator('[data-field="quantity"]').fill('100');
    const warning = line.locator('.stock-warn');
    expect(await warning.isHidden()).toBe(true);
    await expectOneLanguage(page, 'zh-CN');

    // More than the stock: said before submitting, in the page's language.
    await line.locator('[data-field="quantity"]').fill('5000');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('超过现有库存 3000 片');
    await expectOneLanguage(page, 'zh-CN');
    await switchTo(page, 'en');
    expect(await warning.textContent()).toContain('more than the 3000 片 in stock');
    await expectOneLanguage(page, 'en');

    await page.locator('#customer-name').fill('Anna Smith');
    await page.locator('#customer-email').fill(`anna.${Date.now()}@example.com`);
    await page.locator('#payment-method').selectOption('alipay');
    await page.locator('#delivery-address').fill('88 Zhangjiang Road, Shanghai');
    await page.locator('#delivery-date').fill(businessDay(new Date(Date.now() + 7 * 86_400_000)));
    await snap(page, 'words-1-stock-warning-en');
    // The warning does not stop the order.
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/orders')),
      page.locator('#submit-order').click(),
    ]);
    expect(response.status()).toBe(201);
    const created = (await response.json()) as { orderId: string; trackingUrl: string };
    expect(response.request().postDataJSON()).toMatchObject({
      language: 'en',
      items: [{ sku: 'GSK-PTFE-50', quantity: 5000 }],
    });
    orderId = created.orderId;
    trackingUrl = created.trackingUrl;
    await page.locator('#confirmation-view').waitFor();
    await expectOneLanguage(page, 'en');
    await context.close();
  });

  it('opens the tracking page in the language of the order, not the browser’s Chinese default', async () => {
    const context = await suite.browser.newContext({ locale: 'zh-CN', ...DESKTOP });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(trackingUrl);
    await page.locator('#track-view').waitFor();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Order tracking');
    await expectOneLanguage(page, 'en');
    await snap(page, 'words-2-track-en');
    // The reader may still switch, and the page then speaks Chinese only.
    await switchTo(page, 'zh-CN');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('订单跟踪');
    await expectOneLanguage(page, 'zh-CN');
    await context.close();
  });

  it('shows the staff order history from codes in the reader’s language', async () => {
    // The workflow reviews the order (stock short: on hold, R-PROC-4) before the page is read.
    await eventually(async () => {
      const res = await suite.sys.api(`/api/orders/${orderId}`, { token: await suite.sys.login('ops') });
      const order = (await res.json()) as { history: { code?: string }[] };
      return order.history.some((h) => h.code === 'stock.short');
    });
    const page = await signedInPage(
      suite,
      `/staff/order.html?id=${encodeURIComponent(orderId)}`,
      'ops@example.com',
    );
    await page.locator('#d-history tr').nth(1).waitFor();
    const history = page.locator('#d-history');
    expect(await history.textContent()).toContain('库存不足：GSK-PTFE-50 缺 2000');
    expect(await history.textContent()).toContain('系统流程');
    await expectOneLanguage(page, 'zh-CN');
    await switchTo(page, 'en');
    expect(await history.textContent()).toContain('Stock shortage: GSK-PTFE-50 short by 2000');
    expect(await history.textContent()).toContain('Workflow');
    await expectOneLanguage(page, 'en');
    await snap(page, 'words-3-staff-history-en');
    await page.context().close();
  });

  it('keeps emailed lines without a price in the correction form: priced from the list and noted, or left to fill in', async () => {
    await sendMail(suite.sys, {
      from: '赵工 <zhao@fuda-valve.example>',
      subject: '未写单价的订单',
      messageId: '<e2e-unpriced@customer.example>',
      text: ['客户：福达阀门厂', 'BRG-6204 x 20', 'PMP-CUSTOM x 1'].join('\n'),
    });
    await suite.sys.drain();
    const page = await signedInPage(suite, '/staff/inbound.html', 'ops@example.com');
    await page.getByRole('link', { name: '未写单价的订单' }).click();
    await page.locator('#problems-card').waitFor();
    const lines = page.locator('.item-line');
    // The form is filled once the email and the catalogue are in: read until it is (a busy machine
    // draws the problems card before the lines).
    await expect.poll(() => lines.count(), { timeout: 10_000 }).toBe(2); // nothing dropped
    await expect
      .poll(() => lines.nth(0).locator('[data-field="unitPrice"]').inputValue(), { timeout: 10_000 })
      .toBe('12.50');
    expect(await lines.nth(0).locator('[data-field="sku"]').inputValue()).toBe('BRG-6204');
    expect(await lines.nth(0).locator('.price-from-list').textContent()).toBe(
      '邮件中此行未写单价，已按价目价填入，请核对。',
    );
    expect(await lines.nth(1).locator('[data-field="sku"]').inputValue()).toBe('PMP-CUSTOM');
    expect(await lines.nth(1).locator('[data-field="unitPrice"]').inputValue()).toBe('');
    expect(await page.locator('#problems-list').textContent()).toContain('PMP-CUSTOM 没有价目价');
    await snap(page, 'words-4-inbound-unpriced');
    await page.context().close();
  });

  it('speaks one language at a time on the billing page, through the site switch (R-FIN-1..3)', async () => {
    const key = 'email:words.billing@buyer.example';
    const sales = await suite.sys.login('sales');
    const created = await suite.sys.api('/api/customers', {
      token: sales,
      json: {
        name: '陈会计',
        company: '厦门词语贸易有限公司',
        contacts: [{ name: '陈会计', email: 'words.billing@buyer.example' }],
        addresses: [],
      },
    });
    expect(created.status).toBe(201);
    const page = await signedInPage(
      suite,
      `/staff/billing.html?key=${encodeURIComponent(key)}`,
      'finance@example.com',
    );
    await page.locator('#statement-card:not([hidden])').waitFor();
    expect(await page.locator('h1').textContent()).toBe('开票与对账');
    await expectOneLanguage(page, 'zh-CN');
    // A status message and a field error are in the page's language too.
    await page.getByRole('button', { name: '保存开票信息' }).click();
    await page.locator('#page-error:not([hidden])').waitFor();
    await expectOneLanguage(page, 'zh-CN');

    await switchTo(page, 'en');
    expect(await page.locator('h1').textContent()).toBe('Invoices, payments and statements');
    expect(await page.locator('#statement-summary').textContent()).toContain('opening ¥0.00');
    expect(await page.locator('#page-error').textContent()).not.toMatch(/[\u4e00-\u9fff]/);
    await expectOneLanguage(page, 'en');
    await snap(page, 'words-5-billing-en');
    await switchTo(page, 'zh-CN');
    expect(await page.locator('#statement-summary').textContent()).toContain('期初 ¥0.00');
    await page.context().close();
  });
});
