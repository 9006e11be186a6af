/**
 * Master data in a browser on a phone (R-MASTER-1/2): ops add a product and receive stock on
 * staff/products.html, the general manager sets its list price, a customer orders it on the
 * public form (the price prefilled from the list), and ops see the order's reservation on the
 * product. Then an import with a bad row is checked and shows the row and column.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForStep } from '../support/approvals.ts';
import { browserSuite, signedInPage } from '../support/browser-suite.ts';
import { expectNoSidewaysScroll, PHONE } from './browser.ts';

const suite = browserSuite();

const shanghaiDate = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + days * 86_400_000),
  );

describe('staff/products.html', () => {
  it('adds a product with a price, receives stock, and shows the reservation of an order placed on the public form', async () => {
    const { sys } = suite;
    const ops = await signedInPage(suite, '/staff/products.html', 'ops@example.com');
    await expect
      .poll(async () => ops.locator('#product-rows tr').count(), { timeout: 10_000 })
      .toBeGreaterThan(5);
    await expectNoSidewaysScroll(ops);
    await ops.getByRole('button', { name: '新增产品' }).click();
    await ops.getByLabel('产品编号').fill('E2E-FLANGE');
    await ops.getByLabel('名称', { exact: true }).fill('浏览器法兰');
    await ops.getByLabel('单位').fill('片');
    await ops.getByRole('button', { name: '保存', exact: true }).click();
    await expect
      .poll(async () => ops.locator('#page-status').textContent(), { timeout: 10_000 })
      .toContain('E2E-FLANGE');
    await expect
      .poll(async () => ops.locator('#detail-title').textContent(), { timeout: 10_000 })
      .toContain('E2E-FLANGE');
    // A receipt of 40.
    await ops.getByLabel('数量（调整可为负数）').fill('40');
    await ops.getByLabel('原因').first().fill('采购入库');
    await ops.getByRole('button', { name: '登记' }).click();
    await expect
      .poll(async () => ops.locator('#page-status').textContent(), { timeout: 10_000 })
      .toContain('可用库存 40');
    // Ops edit the product from its page: the form comes back filled, the change is recorded.
    await ops.getByRole('button', { name: '修改产品信息' }).click();
    expect(await ops.getByLabel('名称', { exact: true }).inputValue()).toBe('浏览器法兰');
    await ops.locator('#p-spec').fill('DN80 PN16');
    await ops.getByRole('button', { name: '保存', exact: true }).click();
    await expect
      .poll(async () => ops.locator('#detail-facts').textContent(), { timeout: 10_000 })
      .toContain('DN80 PN16');
    await ops.locator('#detail-history').evaluate((el) => el.closest('details')?.setAttribute('open', ''));
    expect(await ops.locator('#detail-history').textContent()).toContain('ops@example.com');
    // Ops may not set prices: the form is not there.
    expect(await ops.locator('#price-form').isVisible()).toBe(false);

    const gm = await signedInPage(suite, '/staff/products.html?sku=E2E-FLANGE', 'gm@example.com');
    await expect
      .poll(async () => gm.locator('#detail-title').textContent(), { timeout: 10_000 })
      .toContain('E2E-FLANGE');
    await gm.getByLabel('单价（元，留空为无目录价）').fill('66.80');
    await gm.locator('#price-reason').fill('新品定价');
    await gm.getByRole('button', { name: '保存价格' }).click();
    await expect
      .poll(async () => gm.locator('#detail-prices').textContent(), { timeout: 10_000 })
      .toContain('¥66.80');

    // The customer orders it on the public form; the list price is prefilled.
    const context = await suite.browser.newContext({ locale: 'zh-CN', ...PHONE });
    const form = await context.newPage();
    form.setDefaultTimeout(15_000);
    await form.goto(`${sys.baseUrl}/`);
    const line = form.locator('.item-line').nth(0);
    await line.locator('option[value="E2E-FLANGE"]').waitFor({ state: 'attached' });
    await form.getByLabel('客户姓名').fill('浏览器客户');
    await form.getByLabel('电子邮箱').fill('e2e.flange@buyer.example');
    await line.getByLabel('产品').selectOption('E2E-FLANGE');
    expect(await line.getByLabel('单价（元）').inputValue()).toBe('66.80');
    await line.getByLabel('数量').fill('15');
    await form.getByLabel('付款方式').selectOption('alipay');
    await form.getByLabel('交货地址').fill('苏州市工业园区星湖街 1 号');
    await form.getByLabel('要求交货日期').fill(shanghaiDate(5));
    const [response] = await Promise.all([
      form.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/orders')),
      form.getByRole('button', { name: '提交订单' }).click(),
    ]);
    expect(response.status()).toBe(201);
    const orderId = ((await response.json()) as { orderId: string }).orderId;
    await waitForStep(sys, orderId, 'ops'); // reviewed: stock reserved (R-PROC-4)

    await ops.reload();
    await expect
      .poll(async () => ops.locator('#detail-reservations').textContent(), { timeout: 10_000 })
      .toContain(`${orderId} × 15 片`);
    await expect
      .poll(async () => ops.locator('#detail-facts').textContent(), { timeout: 10_000 })
      .toContain('已预留15');
    await expectNoSidewaysScroll(ops);
    await context.close();
  });

  it('checks an import and names the bad row and column without writing anything', async () => {
    const ops = await signedInPage(suite, '/staff/products.html', 'ops@example.com');
    await expect.poll(async () => ops.locator('#import-card').isVisible(), { timeout: 10_000 }).toBe(true);
    const file = join(suite.sys.dataDir, 'import.csv');
    await writeFile(file, '产品编号,名称,单位\nE2E-IMP-1,导入一号,个\nE2E IMP 2,导入二号,个\n');
    await ops.getByLabel('文件（CSV 或 Excel）').setInputFiles(file);
    await ops.getByRole('button', { name: '检查' }).click();
    await expect.poll(async () => ops.locator('#import-errors tr').count(), { timeout: 10_000 }).toBe(1);
    expect(await ops.locator('#import-errors tr').first().textContent()).toContain('3产品编号');
    await writeFile(file, '产品编号,名称,单位\nE2E-IMP-1,导入一号,个\n');
    await ops.getByLabel('文件（CSV 或 Excel）').setInputFiles(file);
    await ops.getByRole('button', { name: '导入', exact: true }).click();
    await expect
      .poll(async () => ops.locator('#import-result').textContent(), { timeout: 10_000 })
      .toContain('新增 1');
    await expect
      .poll(async () => ops.locator('#product-rows').textContent(), { timeout: 10_000 })
      .toContain('E2E-IMP-1');
  });
});

describe('staff/customers.html', () => {
  it('finds a customer with its last prices, adds one with a contact, and says which field is wrong', async () => {
    const page = await signedInPage(suite, '/staff/customers.html', 'sales@example.com');
    await expect
      .poll(async () => page.locator('#customer-rows tr').count(), { timeout: 10_000 })
      .toBeGreaterThan(2);
    await page.getByLabel('查找（名称、公司、联系人、电话或邮箱的开头）').fill('华鑫');
    await page.getByRole('button', { name: '查找', exact: true }).click();
    await expect.poll(async () => page.locator('#customer-rows tr').count(), { timeout: 10_000 }).toBe(1);
    await page.locator('#customer-rows a').first().click();
    await expect
      .poll(async () => page.locator('#detail-prices').textContent(), { timeout: 10_000 })
      .toContain('BRG-6204 · ¥13.00');
    await expectNoSidewaysScroll(page);

    await page.getByRole('button', { name: '返回列表' }).click();
    await page.getByRole('button', { name: '新增客户' }).click();
    await page.getByLabel('客户名称').fill('浏览器新客户');
    await page.locator('#c-contacts').getByLabel('姓名').fill('周采购');
    await page.locator('#c-contacts').getByLabel('邮箱').fill('not-an-email');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect
      .poll(async () => page.locator('#c-contacts-error').textContent(), { timeout: 10_000 })
      .toContain('联系人 1');
    await page.locator('#c-contacts').getByLabel('邮箱').fill('zhou@browser.example');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect
      .poll(async () => page.locator('#detail-title').textContent(), { timeout: 10_000 })
      .toBe('浏览器新客户');
    expect(new URL(page.url()).searchParams.get('key')).toBe('email:zhou@browser.example');
    expect(await page.locator('#detail-contacts').textContent()).toContain('周采购 · zhou@browser.example');
  });
});
