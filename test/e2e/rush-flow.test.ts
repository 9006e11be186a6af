import { type Browser, type BrowserContext, chromium, type Page, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrder, waitForStatus, waitForStep } from '../support/approvals.ts';
import { eventually } from '../support/eventually.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';
import { CHROMIUM_ARGS, expectNoSidewaysScroll, PHONE, snap } from './browser.ts';

/** Date parts of `date` in Beijing time. */
function shanghaiParts(date: Date): Record<string, string> {
  const p: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    ...{ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
    hourCycle: 'h23',
  });
  for (const { type, value } of format.formatToParts(date)) p[type] = value;
  return p;
}

/** ISO timestamp → "2025-03-01 14:05" in Beijing time, as the staff pages show times. */
function beijing(iso: string): string {
  const p = shanghaiParts(new Date(iso));
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}`;
}

/** A `datetime-local` value on the company clock, `hours` from now. */
function shanghaiLocal(hours: number): string {
  return beijing(new Date(Date.now() + hours * 3600_000).toISOString()).replace(' ', 'T');
}

interface RushView {
  urgency: string;
  requiredBy: string;
  reason: string;
  filedBy: string;
  taskGroup?: Record<string, string>;
  decision?: { decision: string; actor: string; at: string; reason: string };
  reports?: { role: string; actor: string; done: string; overtime?: boolean }[];
  windows?: { index: number }[];
}
type RushOrder = Awaited<ReturnType<typeof getOrder>> & {
  orderId: string;
  orderNumber: string;
  priority: string;
  rush?: RushView;
};

describe('rush-order pages in a browser (R-RUSH-1..8)', () => {
  let sys: TestSystem;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** The order filed in the first test; the second files one through the API if that failed. */
  let filed: { orderId: string; orderNumber: string } | undefined;
  const reason = '客户产线停机，急需 6204 轴承备件';

  const newPage = async (options: Parameters<Browser['newContext']>[0]): Promise<Page> => {
    const context = await browser.newContext({ locale: 'zh-CN', ...options });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };

  /** Sign in on the staff console's form (the page is already showing it). */
  async function signIn(page: Page, email: string): Promise<void> {
    await page.getByLabel('工作邮箱').fill(email);
    await page.getByLabel('密码').fill(sys.demoPassword);
    await page.getByRole('button', { name: '登录' }).click();
  }

  const rushOrder = async (orderId: string) => (await getOrder(sys, orderId)) as RushOrder;
  const mails = async (to: string, subject: string) =>
    (await sys.outbox()).filter((m) => m.to.includes(to) && m.subject.includes(subject));

  beforeAll(async () => {
    // Leadership's decision never times out here; report windows pass every 1.5 s.
    process.env['RUSH_DECISION_MINUTES'] = '100000';
    process.env['RUSH_REPORT_INTERVAL_MINUTES'] = '60';
    sys = await startTestSystem({ timeScale: 2400 });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await sys?.close();
  }, 60_000);

  it('lets sales file a rush order on a phone; a missing reason is stopped in the page (R-RUSH-1, R-RUSH-2)', async () => {
    const page = await newPage(PHONE);
    // --- sign in through the staff console, then open the application.
    await page.goto(`${sys.baseUrl}/staff/`);
    await page.getByLabel('工作邮箱').waitFor();
    await signIn(page, 'sales@example.com');
    await page.locator('#queue-view').waitFor();
    await page.goto(`${sys.baseUrl}/rush.html`);
    await page.getByRole('heading', { name: '紧急订单申请' }).waitFor();
    // The intro quotes this deployment's answer time, not a fixed hour (RUSH_DECISION_MINUTES, R-RUSH-3).
    await expect
      .poll(() => page.locator('#rush-intro').textContent(), { timeout: 10_000 })
      .toContain('领导须在 100000 分钟内答复');
    expect(await page.locator('#staff-banner-text').textContent()).toMatch(/^以 .+ 的身份提交申请。$/);
    expect(await page.locator('#staff-banner-role').isHidden()).toBe(true); // sales may file
    expect(await page.locator('#order-form').isVisible()).toBe(true);

    // --- fill everything but the reason (R-RUSH-1: urgency, required-by, reason).
    const line = page.locator('.item-line').nth(0);
    await line.getByLabel('产品').locator('option[value="BRG-6204"]').waitFor({ state: 'attached' });
    await page.getByLabel('客户姓名').fill('孙七');
    await page.getByLabel('公司名称').fill('华东机械有限公司');
    await page.getByLabel('电子邮箱').fill('buyer@customer.example');
    await line.getByLabel('产品').selectOption('BRG-6204');
    await line.getByLabel('数量').fill('5');
    await page.getByLabel('付款方式').selectOption('bank_transfer');
    await page.getByLabel('交货地址').fill('苏州市工业园区星湖街 328 号');
    await page.locator('input[name="urgency"][value="critical"]').check(); // 特急
    expect(await page.getByLabel('特急').isChecked()).toBe(true);
    const requiredBy = shanghaiLocal(24); // a day ahead, Beijing time
    await page.getByLabel('要求交货时间（北京时间）').fill(requiredBy);

    let posts = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/api/rush-orders')) posts += 1;
    });
    await page.getByRole('button', { name: '提交紧急订单申请' }).click();
    const reasonError = page.locator('#rush-reason-error');
    await reasonError.waitFor();
    expect(await reasonError.textContent()).toBe('请填写加急原因。');
    const reasonField = page.getByLabel('加急原因');
    expect(await reasonField.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#form-errors').isVisible()).toBe(true); // the summary lists it
    expect(await page.locator('#form-errors-list').textContent()).toContain('请填写加急原因。');
    // Only the reason was missing.
    expect(await page.locator('#order-form .field-error:not([hidden])').count()).toBe(1);
    await page.waitForTimeout(300);
    expect(posts).toBe(0); // nothing sent
    await expectNoSidewaysScroll(page);
    await snap(page, 'rush-1-reason-missing-phone');

    // --- with the reason: filed.
    await reasonField.fill(reason);
    expect(await reasonError.isHidden()).toBe(true);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/rush-orders')),
      page.getByRole('button', { name: '提交紧急订单申请' }).click(),
    ]);
    expect(response.status()).toBe(201);
    const sentBody = response.request().postDataJSON() as Record<string, unknown>;
    expect(sentBody).toMatchObject({
      urgency: 'critical',
      requiredBy: `${requiredBy}:00+08:00`,
      reason,
      items: [expect.objectContaining({ sku: 'BRG-6204', quantity: 5 })],
      paymentMethod: 'bank_transfer',
    });
    expect(sentBody).not.toHaveProperty('priority'); // the server makes rush orders urgent
    expect(response.request().headers()['idempotency-key']).toBeTruthy();
    const created = (await response.json()) as { orderId: string; orderNumber: string };
    filed = created;

    const done = page.locator('#confirmation-view');
    await done.waitFor();
    expect(await page.getByRole('heading', { name: '紧急订单申请已提交' }).isVisible()).toBe(true);
    expect(await page.locator('#done-number').textContent()).toBe(created.orderNumber);
    const detail = page.getByRole('link', { name: '打开订单详情' });
    expect(await detail.getAttribute('href')).toBe(
      `staff/order.html?id=${encodeURIComponent(created.orderId)}`,
    );
    expect(posts).toBe(1);
    await expectNoSidewaysScroll(page);
    await snap(page, 'rush-2-filed-phone');

    // --- the stored order: urgent, with its rush record (R-RUSH-1).
    const order = await rushOrder(created.orderId);
    expect(order.priority).toBe('urgent');
    expect(order.rush).toMatchObject({
      urgency: 'critical',
      reason,
      filedBy: 'sales@example.com',
    });
    expect(Date.parse(order.rush!.requiredBy)).toBe(Date.parse(`${requiredBy}:00+08:00`));
  }, 60_000);

  it('lets production report from the workshop, keeps the draft through a failure, and shows the rush card (R-RUSH-3, R-RUSH-5, R-RUSH-6, R-RUSH-8)', async () => {
    if (!filed) {
      // The first test did not file one: file it through the API so this flow still runs.
      const res = await sys.api('/api/rush-orders', {
        token: await sys.login('sales'),
        json: orderBody({
          urgency: 'critical',
          requiredBy: new Date(Date.now() + 86_400_000).toISOString(),
          reason,
        }),
      });
      expect(res.status).toBe(201);
      filed = (await res.json()) as { orderId: string; orderNumber: string };
    }
    const { orderId, orderNumber } = filed;

    // --- leadership accepts through the API (R-RUSH-4); the task group is formed (R-RUSH-5).
    await waitForStep(sys, orderId, 'sales_director');
    const decided = await sys.api(`/api/orders/${orderId}/decision`, {
      token: await sys.login('sales_director'),
      json: { decision: 'approve', reason: '产能足够' },
    });
    expect(decided.status).toBe(200);
    await waitForStatus(sys, orderId, 'in_production');

    // --- production opens the emailed link on a phone: sign-in first, then back to the report.
    const page = await newPage(PHONE);
    await page.goto(`${sys.baseUrl}/staff/progress.html?id=${encodeURIComponent(orderId)}`);
    await page.getByLabel('工作邮箱').waitFor();
    await signIn(page, 'production@example.com');
    await page.waitForURL(/\/staff\/progress\.html\?id=/);
    await page.locator('#progress-order').waitFor();
    // Every 60 minutes here (RUSH_REPORT_INTERVAL_MINUTES, R-RUSH-6), as the workflow asks.
    await expect
      .poll(() => page.locator('#progress-intro').textContent(), { timeout: 10_000 })
      .toBe('紧急订单每 1 小时由销售和生产各报告一次进度。');
    const facts = page.locator('#progress-facts');
    await facts.getByText(orderNumber).waitFor();
    expect(await facts.textContent()).toContain('特急');
    expect(await page.locator('#progress-form').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.body.classList.contains('big-targets'))).toBe(true);

    const done = '完成粗加工 20 件';
    const next = '热处理，预计 4 小时';
    const risk = '热处理炉排队';
    await page.getByLabel('已完成的工作').fill(done);
    await page.getByLabel('下一步计划').fill(next);
    await page.getByLabel('风险与问题').fill(risk);

    // --- the first send fails with 503 (R-RUSH-6: nothing typed is lost).
    let failed = 0;
    await page.route('**/progress', async (route: Route) => {
      if (route.request().method() !== 'POST' || failed > 0) return route.fallback();
      failed += 1;
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ message: 'Service unavailable' }),
      });
    });
    await page.getByRole('button', { name: '提交进度' }).click();
    const summary = page.locator('#form-errors');
    await summary.waitFor();
    expect(failed).toBe(1);
    expect(await summary.textContent()).toContain('服务器暂时出错');
    expect(await summary.textContent()).toContain('内容已保存在本机');
    expect(await page.getByLabel('已完成的工作').inputValue()).toBe(done);
    await snap(page, 'rush-3-progress-failed-phone');
    await page.unroute('**/progress');
    expect((await rushOrder(orderId)).rush?.reports ?? []).toHaveLength(0); // nothing stored

    // Reload: the draft comes back from the device, with a note.
    await page.reload();
    await page.locator('#progress-order').waitFor();
    await page.locator('#progress-note').getByText('已恢复上次未提交的内容。').waitFor();
    expect(await page.getByLabel('已完成的工作').inputValue()).toBe(done);
    expect(await page.getByLabel('下一步计划').inputValue()).toBe(next);
    expect(await page.getByLabel('风险与问题').inputValue()).toBe(risk);

    // --- send for real, with overtime (R-RUSH-8).
    await page.getByLabel('已安排或使用加班人员').check();
    const send = () =>
      Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/progress')),
        page.getByRole('button', { name: '提交进度' }).click(),
      ]).then(([response]) => response);
    const posted = await send();
    expect(posted.status()).toBe(201);
    expect(posted.request().postDataJSON()).toEqual({ done, next, risk, overtime: true });
    const doneText = page.locator('#progress-done-text');
    await doneText.waitFor();
    expect(await doneText.textContent()).toMatch(/^进度已提交（第 \d+ 个报告时段，.+–.+）。$/);
    // The draft is gone once accepted.
    expect(
      await page.evaluate((id) => localStorage.getItem(`orderdesk.progressDraft.${id}`), orderId),
    ).toBeNull();
    await expectNoSidewaysScroll(page);
    await snap(page, 'rush-4-progress-sent-phone');

    // The safety officer is reminded of the overtime (R-RUSH-8).
    const safety = await eventually(
      async () => (await mails('safety@example.com', `Overtime safety reminder: ${orderNumber}`))[0],
      20_000,
      'overtime safety email',
    );
    expect(safety.channel).toBe('email');

    // --- the order page's rush card, as production.
    await page.locator('#progress-done').getByRole('link', { name: '← 返回订单详情' }).click();
    await page.waitForURL(/\/staff\/order\.html\?id=/);
    const card = page.locator('#rush-card');
    await card.waitFor();
    const order = await rushOrder(orderId);
    const decision = order.rush!.decision!;
    expect(decision).toMatchObject({ decision: 'approve', actor: 'sales_director@example.com' });

    // Task group, with "（您）" marking production (R-RUSH-5).
    const cardText = () => card.textContent().then((t) => t ?? '');
    expect(await card.locator('#rush-title').textContent()).toContain('特急');
    expect(await cardText()).toContain('专项小组');
    const group = card.locator('.rush-block', { hasText: '专项小组' }).locator('dl');
    const groupText = (await group.textContent()) ?? '';
    expect(groupText).toContain('组长sales_director@example.com');
    expect(groupText).toContain('sales@example.com');
    expect(groupText).toContain('production@example.com（您）');
    expect(groupText).toContain('logistics@example.com');
    // The decision and how long it took against the target (R-RUSH-3).
    expect(await cardText()).toContain('已接受');
    expect(await cardText()).toContain(`sales_director@example.com（销售总监），${beijing(decision.at)}`);
    expect(await cardText()).toMatch(/用时 \d+ 分钟 \/ 目标 100000 分钟/);
    expect(await cardText()).toContain('产能足够');
    // The report just made, with the overtime badge (R-RUSH-6, R-RUSH-8).
    const report = card.locator('.rush-report').first();
    const reportText = (await report.textContent()) ?? '';
    expect(reportText).toContain('production@example.com');
    expect(reportText).toContain(done);
    expect(reportText).toContain(next);
    expect(reportText).toContain(risk);
    expect(reportText).toContain('加班 · 已提醒安全管理员');
    // Production may report again from here.
    expect(await card.getByRole('link', { name: '提交进度' }).getAttribute('href')).toBe(
      `progress.html?id=${encodeURIComponent(orderId)}`,
    );

    // Report windows pass every 1.5 s here: after a few seconds at least one is drawn.
    await page.waitForTimeout(3_000);
    await expect
      .poll(
        async () => {
          await page.reload();
          await card.waitFor();
          return card.locator('.rush-window').count();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBeGreaterThan(0);
    const firstWindow = card.locator('.rush-window').first();
    expect(await firstWindow.locator('.rush-window-head').textContent()).toMatch(
      /第 \d+ 段 (\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}–\d{2}:\d{2}/,
    );
    expect(await firstWindow.locator('.rush-mark').count()).toBe(2); // sales and production
    expect(await card.locator('.rush-mark-ok', { hasText: '生产' }).count()).toBeGreaterThan(0);
    await expectNoSidewaysScroll(page);
    await snap(page, 'rush-5-order-rush-card-phone');
  }, 60_000);
});
