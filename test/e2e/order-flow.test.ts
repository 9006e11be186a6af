/**
 * Browser test of the pages against the whole local system (STYLE.md 10: e2e drives a real
 * browser). A customer on a phone orders in Chinese, gets the confirmation email and follows
 * its tracking link (R-INTAKE-2, R-INTAKE-3, R-TRACK-1); staff sign in, find the order in the
 * queue (R-PROC-1), read its history and assign it (R-PROC-2), and enter a phone order
 * (R-INTAKE-1). The tests run in order and share the order the first one places.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem } from '#local/system.ts';
import { CHROMIUM_ARGS, expectNoSidewaysScroll, PHONE, snap } from './browser.ts';

interface OutboxMessage {
  channel: 'email' | 'sms';
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** A date `days` from now on the company's calendar (Asia/Shanghai), "YYYY-MM-DD". */
function shanghaiDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

/** The smallest complete order, for tests about what happens around submitting. */
async function fillMinimalOrder(page: Page, email: string): Promise<void> {
  const line = page.locator('.item-line').nth(0);
  await line.locator('option[value="GSK-PTFE-50"]').waitFor({ state: 'attached' });
  await page.getByLabel('客户姓名').fill('赵六');
  await page.getByLabel('电子邮箱').fill(email);
  await line.getByLabel('产品').selectOption('GSK-PTFE-50');
  await line.getByLabel('数量').fill('100');
  await page.getByLabel('付款方式').selectOption('alipay');
  await page.getByLabel('交货地址').fill('杭州市滨江区网商路 699 号');
  await page.getByLabel('要求交货日期').fill(shanghaiDate(3));
}

describe('order desk pages in a browser', () => {
  let system: Awaited<ReturnType<typeof startSystem>>;
  let browser: Browser;
  let dataDir: string;
  const contexts: BrowserContext[] = [];
  const customer = {
    name: '王小明',
    company: '上海明达机械有限公司',
    email: `wang.${Date.now()}@example.cn`,
  };
  let orderNumber = '';

  const newPage = async (options: Parameters<Browser['newContext']>[0]): Promise<Page> => {
    const context = await browser.newContext({ locale: 'zh-CN', ...options });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'orderdesk-e2e-'));
    system = await startSystem({ dataDir, port: 0, quiet: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await system?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('takes an order from a customer on a phone, emails the tracking link, and tracks it', async () => {
    // A device far from Shanghai: times on the pages must still be Beijing time.
    const page = await newPage({ ...PHONE, timezoneId: 'America/Los_Angeles' });
    await page.goto(`${system.baseUrl}/`);
    await page.getByRole('heading', { name: '在线下单' }).waitFor();
    const line1 = page.locator('.item-line').nth(0);
    await line1.locator('option[value="BRG-6204"]').waitFor({ state: 'attached' });

    // Everything but the customer's name.
    await page.getByLabel('公司名称').fill(customer.company);
    await page.getByLabel('电子邮箱').fill(customer.email);
    await line1.getByLabel('产品').selectOption('BRG-6204');
    expect(await line1.getByLabel('单价（元）').inputValue()).toBe('12.50'); // prefilled list price
    await line1.getByLabel('数量').fill('10');
    await page.getByRole('button', { name: '＋ 添加一行' }).click();
    const line2 = page.locator('.item-line').nth(1);
    await line2.getByLabel('产品').selectOption('PMP-CUSTOM'); // no list price: 面议
    expect(await line2.getByLabel('单价（元）').inputValue()).toBe('');
    await line2.getByLabel('单价（元）').fill('8800');
    await line2.getByLabel('数量').fill('1');
    await line2.getByLabel('规格').fill('按图纸 DWG-2024-17');
    expect(await page.locator('#order-total').textContent()).toBe('¥8,925.00');
    await page.getByLabel('付款方式').selectOption('bank_transfer');
    await page.getByLabel('交货地址').fill('上海市浦东新区张江路 88 号 3 号楼');
    await page.getByLabel('要求交货日期').fill(shanghaiDate(7));
    await page.getByLabel('运输方式').selectOption('freight');
    await page.getByText('重要', { exact: true }).click();

    let posted = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/orders')) posted += 1;
    });
    await page.getByRole('button', { name: '提交订单' }).click();
    const nameError = page.locator('#customer-name-error');
    await nameError.waitFor();
    expect(await nameError.textContent()).toBe('请填写客户姓名。');
    expect(await page.getByLabel('客户姓名').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('customer-name');
    expect(posted).toBe(0); // caught in the browser, nothing sent
    await snap(page, '1-form-error-phone');
    await expectNoSidewaysScroll(page);

    await page.getByLabel('客户姓名').fill(customer.name);
    expect(await nameError.isHidden()).toBe(true);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/orders')),
      page.getByRole('button', { name: '提交订单' }).click(),
    ]);
    // The body follows the API contract: cents, no empty optional strings, one idempotency key.
    expect(request.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    const body = request.postDataJSON();
    expect(body.customer).toEqual({ name: customer.name, company: customer.company, email: customer.email });
    expect(body.items).toEqual([
      { sku: 'BRG-6204', quantity: 10, unitPrice: 1250 },
      { sku: 'PMP-CUSTOM', quantity: 1, unitPrice: 880000, spec: '按图纸 DWG-2024-17' },
    ]);
    expect(body).toMatchObject({ paymentMethod: 'bank_transfer', priority: 'important', language: 'zh-CN' });
    expect(body.delivery).toEqual({
      address: '上海市浦东新区张江路 88 号 3 号楼',
      requestedDate: shanghaiDate(7),
      transportMethod: 'freight',
    });
    expect(body).not.toHaveProperty('notes');

    await page.getByRole('heading', { name: '订单已提交' }).waitFor();
    orderNumber = (await page.locator('#done-number').textContent()) ?? '';
    expect(orderNumber).toMatch(/^OD\d{8}-\w+$/);
    expect(await page.locator('#done-message').textContent()).toContain(customer.email);
    await snap(page, '2-confirmation-phone');

    // R-INTAKE-3: the confirmation email arrives shortly after, with the tracking link.
    let email: OutboxMessage | undefined;
    await expect
      .poll(
        async () => {
          const outbox = (await (
            await fetch(`${system.baseUrl}/_local/outbox?format=json`)
          ).json()) as OutboxMessage[];
          email = outbox.find((m) => m.channel === 'email' && m.to.includes(customer.email));
          return email !== undefined;
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(true);
    const link = /https?:\/\/\S+?\/track\.html\?t=[^\s"'<>&]+/.exec(`${email!.text}\n${email!.html}`)?.[0];
    expect(link, 'tracking link in the email').toBeDefined();
    expect(`${email!.subject}\n${email!.text}`).toContain(orderNumber);

    await page.goto(link!);
    await page.locator('#track-number').getByText(orderNumber).waitFor();
    // The approval workflow takes the new order into review within moments (R-PROC-3).
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.locator('#track-number').getByText(orderNumber).waitFor();
          return page.locator('#track-status').textContent();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe('审核中');
    expect(await page.locator('#track-status-other').textContent()).toBe('Under review');
    expect(await page.locator('.step[aria-current="step"]').textContent()).toContain('审核中');
    expect(await page.locator('#track-timeline time').first().textContent()).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
    );
    expect(await page.locator('#track-items tr').count()).toBe(2);
    await expectNoSidewaysScroll(page);
    await snap(page, '3-tracking-phone');

    // The English switch is remembered across pages.
    await page.getByRole('button', { name: /Switch to English/ }).click();
    expect(await page.locator('#track-status').textContent()).toBe('Under review');
    await page.reload();
    await page.locator('#track-status').getByText('Under review').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    // A forged token reads as not found.
    await page.goto(
      `${system.baseUrl}/track.html?t=${encodeURIComponent(`${'0'.repeat(26)}.${'A'.repeat(43)}`)}`,
    );
    await page.getByText('This tracking link was not found or is invalid', { exact: false }).waitFor();
  });

  it('keeps the input and the Idempotency-Key through 429 and a lost answer, so a retry makes one order', async () => {
    const page = await newPage(PHONE);
    const email = `retry.${Date.now()}@example.cn`;
    await page.goto(`${system.baseUrl}/`);
    await fillMinimalOrder(page, email);

    const keys: string[] = [];
    let attempt = 0;
    await page.route('**/api/orders', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      attempt += 1;
      if (attempt === 1) {
        await route.fulfill({
          status: 429,
          headers: { 'Retry-After': '30' },
          json: { error: 'Too many requests' },
        });
      } else if (attempt === 2) {
        await route.fetch(); // the order is stored, but the answer never reaches the browser
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    const submit = page.getByRole('button', { name: '提交订单' });
    const summary = page.locator('#form-errors');
    await submit.click();
    await summary.getByText('30 秒后', { exact: false }).waitFor();
    await submit.click();
    await summary.getByText('网络连接失败', { exact: false }).waitFor();
    expect(await summary.textContent()).toContain('您填写的内容已保留');
    expect(await page.getByLabel('客户姓名').inputValue()).toBe('赵六');
    await submit.click();
    await page.getByRole('heading', { name: '订单已提交' }).waitFor();

    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    await system.drain();
    const outbox = (await (
      await fetch(`${system.baseUrl}/_local/outbox?format=json`)
    ).json()) as OutboxMessage[];
    expect(outbox.filter((m) => m.channel === 'email' && m.to.includes(email))).toHaveLength(1);
  });

  it('puts the API’s 400 issues next to their fields and unknown paths in the summary', async () => {
    const page = await newPage(PHONE);
    await page.goto(`${system.baseUrl}/`);
    await fillMinimalOrder(page, `issues.${Date.now()}@example.cn`);
    const keys: string[] = [];
    await page.route('**/api/orders', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length > 1) return route.continue();
      await route.fulfill({
        status: 400,
        json: {
          error: 'The order is not valid',
          issues: [
            // as the API codes them (shared/domain/issue-codes.ts): the page words the code
            {
              path: 'items.0.sku',
              message: 'Unknown SKU GSK-PTFE-50',
              code: 'unknown-sku',
              params: { sku: 'GSK-PTFE-50' },
            },
            {
              path: 'customer',
              message: 'Give a phone number or an email address',
              code: 'contact-required',
            },
            {
              path: 'delivery.requestedDate',
              message: 'The requested delivery date is in the past',
              code: 'date-past',
            },
            { path: 'somewhere.else', message: 'Something the form has no field for' },
          ],
        },
      });
    });
    await page.getByRole('button', { name: '提交订单' }).click();
    const skuError = page.locator('.item-line').nth(0).locator('[id$="-sku-error"]');
    await skuError.waitFor();
    expect(await skuError.textContent()).toBe('产品 GSK-PTFE-50 不在产品目录中，请重新选择。');
    expect(await page.locator('#customer-error').textContent()).toBe('电话和邮箱至少填写一项。');
    expect(await page.locator('#delivery-date-error').textContent()).toContain('要求交货日期已过');
    expect(await page.locator('#form-errors').textContent()).toContain(
      'somewhere.else: Something the form has no field for',
    );
    // Focus goes to the first bad field in page order: the contact group comes before the lines.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('customer-phone');
    await snap(page, '6-server-issues-phone');

    // A 400 stored nothing, so the corrected form goes out as a new submission.
    await page.getByRole('button', { name: '提交订单' }).click();
    await page.getByRole('heading', { name: '订单已提交' }).waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('formats money and Beijing time, and parses yuan without floating-point drift', async () => {
    const page = await newPage({ timezoneId: 'UTC' });
    await page.goto(`${system.baseUrl}/track.html`);
    // A string, so vitest's transform leaves the browser's own import() alone.
    const results = await page.evaluate(`(async () => {
      const f = await import('/js/format.js');
      return {
        money: [f.formatMoney(1250), f.formatMoney(123456789), f.formatMoney(0), f.formatMoney(null)],
        yuan: [f.parseYuan('0.29'), f.parseYuan('12.5'), f.parseYuan('１２．５'), f.parseYuan('1.234'), f.parseYuan('-1')],
        quantity: [f.parseQuantity('3'), f.parseQuantity('0'), f.parseQuantity('2.5')],
        time: f.formatDateTime('2025-01-01T16:30:00Z'),
        today: f.todayInShanghai(new Date('2025-01-01T16:30:00Z')),
      };
    })()`);
    expect(results).toEqual({
      money: ['¥12.50', '¥1,234,567.89', '¥0.00', '—'],
      yuan: [29, 1250, 1250, null, null],
      quantity: [3, null, null],
      time: '2025-01-02 00:30',
      today: '2025-01-02',
    });
  });

  it('lets ops sign in, find the order in the queue, read its history and assign it', async () => {
    expect(orderNumber, 'the first test placed an order').not.toBe('');
    const page = await newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${system.baseUrl}/staff/index.html`);
    await page.getByLabel('工作邮箱').fill('ops@example.com');
    await page.getByLabel('密码').fill('wrong password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('邮箱或密码不正确。').waitFor();
    await page.getByLabel('密码').fill(system.demoPassword);
    await page.getByRole('button', { name: '登录' }).click();

    await page.getByRole('heading', { name: '工作队列' }).waitFor();
    // The queue's link (My work above it links the same order).
    const row = page.locator('#queue-rows tr', { has: page.getByRole('link', { name: orderNumber }) });
    const orderLink = row.getByRole('link', { name: orderNumber });
    await orderLink.waitFor();
    expect(await row.locator('.badge-important').textContent()).toBe('重要');
    expect(await row.textContent()).toContain('¥8,925.00');
    await snap(page, '4-queue-desktop');

    await orderLink.click();
    await page.getByRole('heading', { name: new RegExp(`订单详情\\s*${orderNumber}`) }).waitFor();
    const history = page.locator('#d-history tr');
    await history.first().waitFor();
    expect(await history.first().textContent()).toContain('创建订单');
    expect(await history.first().textContent()).toContain('已接收');
    expect(await page.locator('#d-customer').textContent()).toContain(customer.email);
    // The line without a list price needs the sales director (R-PRICE-3).
    expect(await page.locator('#d-items tr').nth(1).textContent()).toContain('销售总监');
    expect(await page.locator('#d-chain').textContent()).toBe('运营 → 销售总监');

    await page.getByRole('button', { name: '分配给我' }).click();
    await page.getByText('已分配给 ops@example.com。').waitFor();
    await history.last().getByText('分配负责人').waitFor();
    await snap(page, '5-detail-desktop');

    // Someone else changes the order meanwhile: the page says so and reloads (409).
    await page.evaluate(async (id) => {
      const token = sessionStorage.getItem('orderdesk.staffToken');
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      await fetch(`/api/orders/${id}/assign`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ assignee: 'sales@example.com' }),
      });
    }, new URL(page.url()).searchParams.get('id'));
    await page.getByLabel('负责人邮箱').fill('ops@example.com');
    await page.getByRole('button', { name: '分配', exact: true }).click();
    await page.getByText('该订单已被他人修改').waitFor();
    await page.locator('#d-assignee').getByText('sales@example.com').waitFor();
  });

  /** Sales signed in on a phone, on the staff order form (电话订单模式). */
  async function staffOrderForm(): Promise<Page> {
    const page = await newPage(PHONE);
    await page.goto(`${system.baseUrl}/staff/index.html`);
    await page.getByLabel('工作邮箱').fill('sales@example.com');
    await page.getByLabel('密码').fill(system.demoPassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: '＋ 电话订单' }).click();
    await page.getByText('电话订单模式', { exact: false }).waitFor();
    return page;
  }

  /** One line of VLV-DN50, monthly settlement, delivery in 10 days. */
  async function fillStaffOrder(
    page: Page,
    o: { name: string; phone: string; quantity: string; address: string },
  ): Promise<void> {
    const line = page.locator('.item-line').nth(0);
    await line.locator('option[value="VLV-DN50"]').waitFor({ state: 'attached' });
    await page.getByLabel('客户姓名').fill(o.name);
    await page.getByLabel('电话').fill(o.phone);
    await line.getByLabel('产品').selectOption('VLV-DN50');
    await line.getByLabel('数量').fill(o.quantity);
    await page.getByLabel('付款方式').selectOption('monthly_settlement');
    await page.getByLabel('交货地址').fill(o.address);
    await page.getByLabel('要求交货日期').fill(shanghaiDate(10));
  }

  it('lets sales enter a phone order from the console', async () => {
    const page = await staffOrderForm();
    await fillStaffOrder(page, {
      name: '李工',
      phone: '13800138000',
      quantity: '4',
      address: '苏州工业园区星湖街 328 号',
    });
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/orders')),
      page.getByRole('button', { name: '提交订单' }).click(),
    ]);
    expect(request.headers()['authorization']).toMatch(/^Bearer /);
    expect(request.postDataJSON().channel).toBe('phone');

    await page.getByRole('heading', { name: '订单已提交' }).waitFor();
    await page.getByRole('link', { name: '打开订单详情' }).click();
    await page.locator('#d-summary').getByText('电话').waitFor();
  });

  it('keeps the signed page of a faxed order, and asks for it when a fax came without (R-INTAKE-7)', async () => {
    const page = await staffOrderForm();
    await page.getByLabel('渠道').selectOption('fax');
    await page.getByText('传真订单须附客户签字/盖章件').waitFor();
    const signed = { name: 'fax.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') };
    await page.getByLabel('客户签字/盖章件（PDF 或图片）').setInputFiles(signed);
    await page.getByText('文件已上传，将随订单保存。').waitFor();

    await fillStaffOrder(page, {
      name: '周工',
      phone: '13800138001',
      quantity: '2',
      address: '苏州工业园区星湖街 329 号',
    });
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/orders')),
      page.getByRole('button', { name: '提交订单' }).click(),
    ]);
    expect(request.postDataJSON()).toMatchObject({
      channel: 'fax',
      evidence: { uploadId: expect.any(String) },
    });
    await page.getByRole('link', { name: '打开订单详情' }).click();
    await page.locator('#d-summary').getByRole('button', { name: '查看签字/盖章件' }).waitFor();

    // A fax entered before its page was scanned: the order page says so and takes the page.
    const token = await page.evaluate(() => sessionStorage.getItem('orderdesk.staffToken'));
    const res = await fetch(`${system.baseUrl}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        customer: { name: '吴工', phone: '13800138002' },
        items: [{ sku: 'VLV-DN50', quantity: 1, unitPrice: 128000 }],
        paymentMethod: 'monthly_settlement',
        delivery: { address: '苏州工业园区星湖街 330 号', requestedDate: shanghaiDate(10) },
        channel: 'fax',
      }),
    });
    expect(res.status).toBe(201);
    const { orderId } = (await res.json()) as { orderId: string };
    await page.goto(`${system.baseUrl}/staff/order.html?id=${orderId}`);
    await page.getByText('传真订单尚未附客户签字/盖章件。').waitFor();
    await page.getByLabel('附上签字/盖章件（PDF 或图片）').setInputFiles(signed);
    await page.getByText('凭证已附上。').waitFor();
    await page.locator('#d-summary').getByRole('button', { name: '查看签字/盖章件' }).waitFor();
    await page.locator('#d-history').getByText('已附客户签字/盖章件').waitFor();
  });
});
