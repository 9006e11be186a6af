import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalLink, getOrder, waitForStatus, waitForStep } from '../support/approvals.ts';
import { ROUND_THE_CLOCK } from '../support/eventually.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';
import { CHROMIUM_ARGS, DESKTOP, expectNoSidewaysScroll, PHONE, snap } from './browser.ts';

/** ISO timestamp → "2025-03-01 14:05" in Beijing time, as the approval page shows deadlines. */
function beijing(iso: string): string {
  const p: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    ...{ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
    hourCycle: 'h23',
  });
  for (const { type, value } of format.formatToParts(new Date(iso))) p[type] = value;
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}`;
}

describe('approval pages in a browser (R-APPR-1, R-APPR-3, R-SEC-3)', () => {
  let sys: TestSystem;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const newPage = async (options: Parameters<Browser['newContext']>[0]): Promise<Page> => {
    const context = await browser.newContext({ locale: 'zh-CN', ...options });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };

  async function place(items: unknown[], customer?: Record<string, unknown>) {
    const res = await sys.api('/api/orders', {
      json: orderBody({ items, ...(customer ? { customer } : {}) }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { orderId: string; orderNumber: string };
  }

  /** Sign in on the staff console; an order page without a session sends the user here first. */
  async function signIn(page: Page, email: string): Promise<void> {
    await page.getByLabel('工作邮箱').fill(email);
    await page.getByLabel('密码').fill(sys.demoPassword);
    await page.getByRole('button', { name: '登录' }).click();
  }

  beforeAll(async () => {
    // No deadline may fire while a test looks at a step.
    process.env['WORKING_CALENDAR'] = ROUND_THE_CLOCK;
    process.env['APPROVAL_DEADLINE_HOURS'] = JSON.stringify({ ops: 1000, sales_director: 1000, gm: 1000 });
    sys = await startTestSystem();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await sys?.close();
  }, 60_000);

  it('lets approvers on a phone decide by the emailed link, once, with a reason to reject (R-APPR-1, R-SEC-3)', async () => {
    // Customer text is untrusted: the server-rendered page must show it as text (R-SEC-3).
    const customer = {
      name: '<img src=x onerror="window.__pwned=1">王五',
      company: 'A & B <机械> 有限公司',
      email: 'buyer@customer.example',
    };
    const { orderId, orderNumber } = await place(
      [{ sku: 'PMP-CUSTOM', quantity: 1, unitPrice: 500_000 }],
      customer,
    );
    const waiting = await waitForStep(sys, orderId, 'ops');
    const opsLink = await approvalLink(sys, orderNumber, 'ops@example.com');

    // --- ops opens the link on a phone: the order, why it needs approval, the deadline, two buttons.
    const page = await newPage({ ...PHONE, timezoneId: 'America/Los_Angeles' });
    const shown = await page.goto(opsLink);
    expect(shown?.status()).toBe(200);
    expect(shown?.headers()['content-security-policy']).toContain("default-src 'none'");
    await page.getByRole('heading', { name: `审批订单 ${orderNumber}` }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.locator('script').count()).toBe(0);
    const facts = page.locator('dl').first();
    expect(await facts.textContent()).toContain(customer.name); // shown literally, not as markup
    expect(await facts.textContent()).toContain(customer.company);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.getByText('本步审批：运营').count()).toBe(1);
    // The line's tier and why: no list price → sales director (R-PRICE-3), the stored reason too.
    const line = page.locator('.item');
    expect(await line.locator('.b-tier').textContent()).toBe('需销售总监审批');
    expect(await line.locator('ul.why').textContent()).toContain('该产品无价目价');
    expect(await line.locator('ul.why').textContent()).toContain('R-PRICE-3: no list price');
    // The deadline in Beijing time, whatever the phone's zone.
    const deadline = page.locator('dt', { hasText: '审批截止' }).locator('xpath=following-sibling::dd[1]');
    expect(await deadline.textContent()).toBe(`${beijing(waiting.pendingApproval!.deadline)}（北京时间）`);
    expect(await page.locator('ol.chain').textContent()).toMatch(
      /运营 — 等待您的决定.*销售总监 — 待后续审批/s,
    );
    const approve = page.getByRole('button', { name: /^批准/ });
    const reject = page.getByRole('button', { name: /^驳回/ });
    expect(await approve.textContent()).toBe('批准 Approve');
    expect(await reject.textContent()).toBe('驳回 Reject');
    expect(await approve.isVisible()).toBe(true);
    expect(await reject.isVisible()).toBe(true);
    await expectNoSidewaysScroll(page);
    await snap(page, 'appr-1-ops-link-phone');

    // Opening the page changed nothing (mail scanners prefetch links).
    const untouched = await getOrder(sys, orderId);
    expect(untouched.status).toBe('under_review');
    expect(untouched.pendingApproval).toMatchObject({
      role: 'ops',
      requestId: waiting.pendingApproval!.requestId,
    });
    expect(untouched.version).toBe(waiting.version);

    // --- 批准 Approve → the outcome page.
    const [decided] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/approvals/')),
      approve.click(),
    ]);
    expect(decided.status()).toBe(200);
    await page.locator('[data-outcome="approved"]').waitFor();
    expect(await page.title()).toContain('(approved)');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('已批准');
    expect(await page.locator('.outcome').textContent()).toContain(`已批准订单 ${orderNumber}`);
    await expectNoSidewaysScroll(page);
    await snap(page, 'appr-2-ops-approved-phone');

    // The link works once: opening it again says the step was already decided, by whom.
    const again = await page.goto(opsLink);
    expect(again?.status()).toBe(409);
    await page.locator('[data-outcome="already-decided"]').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('已处理');
    const alreadyText = (await page.locator('.outcome').textContent()) ?? '';
    expect(alreadyText).toContain(orderNumber);
    expect(alreadyText).toContain('ops@example.com');
    expect(alreadyText).toContain('批准');
    expect(await page.getByRole('button').count()).toBe(0); // no form to decide again
    await snap(page, 'appr-3-ops-already-decided-phone');

    // --- The sales director's turn, in English.
    await waitForStep(sys, orderId, 'sales_director');
    const directorLink = await approvalLink(sys, orderNumber, 'sales_director@example.com');
    expect(directorLink).not.toBe(opsLink);
    const director = await newPage(PHONE);
    await director.goto(directorLink);
    await director.getByRole('heading', { name: `审批订单 ${orderNumber}` }).waitFor();
    await director.getByRole('link', { name: 'English' }).click();
    await director.getByRole('heading', { name: `Approve order ${orderNumber}` }).waitFor();
    expect(await director.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(new URL(director.url()).searchParams.get('lang')).toBe('en');
    expect(await director.getByText('This step: Sales director').count()).toBe(1);
    expect(await director.locator('.item ul.why').textContent()).toContain('No list price for this product');
    // The chain says who approved before (R-PRICE-5, R-APPR-3).
    expect(await director.locator('ol.chain').textContent()).toContain('Approved by ops@example.com');
    await expectNoSidewaysScroll(director);
    await snap(director, 'appr-4-director-english-phone');

    // Reject with no reason: the page asks for one, nothing is decided.
    const rejectEn = director.getByRole('button', { name: /^Reject/ });
    const reasonField = director.getByLabel('Reason (required to reject)');
    const browserChecks = await reasonField.evaluate((el) => (el as HTMLTextAreaElement).required);
    let posts = 0;
    const countPosts = (request: { method(): string }) => {
      if (request.method() === 'POST') posts += 1;
    };
    director.on('request', countPosts);
    await rejectEn.click();
    if (browserChecks) {
      // The browser's own validation stops the submission on the form.
      expect(await reasonField.evaluate((el) => (el as HTMLTextAreaElement).validity.valueMissing)).toBe(
        true,
      );
      expect(posts).toBe(0);
    } else {
      // The server checks it: a page that says a reason is needed, in the language chosen.
      await director.locator('[data-outcome="reason-required"]').waitFor();
      expect(posts).toBe(1);
      expect(await director.getByRole('heading', { level: 1 }).textContent()).toBe('Reason required');
      expect(await director.locator('.outcome').textContent()).toContain('A rejection needs a reason');
      await snap(director, 'appr-5-director-reason-required-phone');
      await director.getByRole('link', { name: 'Back to the approval page' }).click();
      await director.getByRole('heading', { name: `Approve order ${orderNumber}` }).waitFor();
    }
    director.off('request', countPosts);
    const stillWaiting = await getOrder(sys, orderId);
    expect(stillWaiting.status).toBe('under_review');
    expect(stillWaiting.pendingApproval?.role).toBe('sales_director');

    // With a reason the rejection goes through.
    const reason = 'Price on request not agreed with the customer; 价格未确认';
    await reasonField.fill(reason);
    const [rejected] = await Promise.all([
      director.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/approvals/')),
      rejectEn.click(),
    ]);
    expect(rejected.status()).toBe(200);
    await director.locator('[data-outcome="rejected"]').waitFor();
    expect(await director.title()).toContain('(rejected)');
    expect(await director.getByRole('heading', { level: 1 }).textContent()).toBe('Rejected');
    expect(await director.locator('.outcome').textContent()).toContain(`Order ${orderNumber} rejected.`);
    await snap(director, 'appr-6-director-rejected-phone');

    const order = await waitForStatus(sys, orderId, 'rejected');
    expect(order.pendingApproval).toBeNull();
    expect(order.approvals?.map((a) => a.role)).toEqual(['ops']);
    expect(order.history.at(-1)).toMatchObject({
      to: 'rejected',
      actor: 'sales_director@example.com',
      reason: expect.stringContaining(reason),
    });
  });

  it('lets ops decide in the staff console and shows the workflow; others only see who it waits for (R-APPR-1, R-APPR-3)', async () => {
    const first = await place([{ sku: 'BRG-6204', quantity: 1, unitPrice: 1250 }]);
    const second = await place([{ sku: 'BRG-6204', quantity: 2, unitPrice: 1250 }]);
    const firstWaiting = await waitForStep(sys, first.orderId, 'ops');
    const secondWaiting = await waitForStep(sys, second.orderId, 'ops');

    // --- ops: the order page asks for sign-in first, then comes back to the order.
    const page = await newPage(DESKTOP);
    await page.goto(`${sys.baseUrl}/staff/order.html?id=${encodeURIComponent(first.orderId)}`);
    await page.getByLabel('工作邮箱').waitFor();
    await signIn(page, 'ops@example.com');
    await page.getByRole('heading', { name: new RegExp(`订单详情\\s*${first.orderNumber}`) }).waitFor();

    const card = page.locator('#decision-card');
    await card.waitFor();
    expect(await page.locator('#decision-title').textContent()).toBe('待您审批');
    expect(await card.locator('#decision-facts').textContent()).toContain('运营');
    expect(await card.locator('#decision-facts time').textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(await page.locator('#decision-readonly').isHidden()).toBe(true);
    const approve = card.getByRole('button', { name: '批准' });
    const reject = card.getByRole('button', { name: '驳回' });
    const reasonField = page.getByLabel('原因（驳回时必填）');

    // Rejecting without a reason is stopped in the page: nothing is sent.
    let decisions = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/decision')) decisions += 1;
    });
    await reject.click();
    await page.locator('#decision-reason-error').getByText('驳回时请填写原因。').waitFor();
    expect(await reasonField.getAttribute('aria-invalid')).toBe('true');
    expect(decisions).toBe(0);

    // Approve with a reason.
    const reason = '价格正常，同意';
    await reasonField.fill(reason);
    expect(await page.locator('#decision-reason-error').isHidden()).toBe(true);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/decision')),
      approve.click(),
    ]);
    expect(request.postDataJSON()).toEqual({
      decision: 'approve',
      reason,
      requestId: firstWaiting.pendingApproval!.requestId, // the step the page showed
    });
    await page.locator('#decision-status').getByText(`已批准订单 ${first.orderNumber}。`).waitFor();
    const approved = await waitForStatus(sys, first.orderId, 'approved');
    expect(approved.approvals).toEqual([expect.objectContaining({ role: 'ops', actor: 'ops@example.com' })]);
    expect(await page.locator('#decision-status').textContent()).toBe(`已批准订单 ${first.orderNumber}。`);
    await snap(page, 'appr-7-console-approved-desktop');
    // No buttons for the step just decided, and the card goes once the workflow moves on.
    expect(await page.locator('#decision-form').isVisible()).toBe(false);
    await card.waitFor({ state: 'hidden', timeout: 10_000 });
    expect(await card.isHidden()).toBe(true); // no step is pending any more

    // The workflow timeline: the approval run went Review → RequestApproval → ApproveOrder and
    // finished (R-APPR-3). The page loads it after the decision; refresh until the run is done.
    // The log is behind a toggle, in readable step names (no state-machine names on the page).
    await page.locator('details.wf-details summary').click();
    const approvalRun = page.locator('#wf-body article.wf-exec', { hasText: '订单审批' });
    await expect
      .poll(
        async () => {
          if (!(await approvalRun.getByText('批准订单').count())) {
            await page.locator('#wf-refresh').click();
            await page.waitForTimeout(300);
          }
          return (
            (await approvalRun
              .locator('h3 .badge')
              .textContent()
              .catch(() => null)) ?? ''
          );
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe('已完成');
    const steps = approvalRun.locator('.wf-state');
    const stepTexts = await steps.allTextContents();
    const index = (label: string, code: string) =>
      stepTexts.findIndex((s) => s.includes(label) && !s.includes(code));
    expect(index('审核与库存检查', 'Review')).toBeGreaterThanOrEqual(0);
    expect(index('等待审批', 'RequestApproval')).toBeGreaterThan(index('审核与库存检查', 'Review'));
    expect(index('批准订单', 'ApproveOrder')).toBeGreaterThan(index('等待审批', 'RequestApproval'));
    expect(await approvalRun.locator('.wf-current').count()).toBe(0); // a finished run waits nowhere
    expect(await approvalRun.locator('.wf-times').textContent()).toMatch(/开始 .*结束 /);
    // The SLA run is listed beside it with its own status.
    const slaRun = page.locator('#wf-body article.wf-exec', { hasText: '处理时限' });
    expect(await slaRun.count()).toBe(1);
    expect(['进行中', '已完成', '已中止']).toContain(await slaRun.locator('h3 .badge').textContent());
    // The decision is in the history, with its reason.
    expect(await page.locator('#d-history').textContent()).toContain(reason);
    await snap(page, 'appr-8-console-workflow-desktop');

    // --- production looks at an order waiting for ops: who it waits for, no buttons.
    const production = await newPage(PHONE);
    await production.goto(`${sys.baseUrl}/staff/order.html?id=${encodeURIComponent(second.orderId)}`);
    await production.getByLabel('工作邮箱').waitFor();
    await signIn(production, 'production@example.com');
    await production
      .getByRole('heading', { name: new RegExp(`订单详情\\s*${second.orderNumber}`) })
      .waitFor();
    const readOnly = production.locator('#decision-readonly');
    await readOnly.waitFor();
    expect(await production.locator('#decision-title').textContent()).toBe('等待审批');
    const deadline = (await production.locator('#decision-facts time').textContent()) ?? '';
    expect(await readOnly.textContent()).toContain(`等待运营审批，截止 ${deadline}`);
    expect(await readOnly.textContent()).toContain('您的角色（生产部）不能审批这一步。');
    expect(await production.locator('#decision-form').isHidden()).toBe(true);
    expect(await production.locator('#decision-card').getByRole('button').count()).toBe(0);
    expect(await production.locator('#decision-card textarea:visible').count()).toBe(0);
    await expectNoSidewaysScroll(production);
    await snap(production, 'appr-9-console-readonly-phone');
    // Looking changed nothing.
    expect((await getOrder(sys, second.orderId)).pendingApproval?.requestId).toBe(
      secondWaiting.pendingApproval!.requestId,
    );
  });
});
