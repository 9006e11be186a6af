/**
 * The README's demo recipe, as a person follows it on a phone: the system at the recipe's time
 * scale (60: an hour in a minute), an order placed on the form, the outbox page, the approval
 * link in the ops email, 批准, and the order approved on the customer's tracking page. Then the
 * outbox page in both languages: its own words all Chinese or all English (the messages are
 * shown as they were sent, bilingual).
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../support/browser-suite.ts';
import { expectNoSidewaysScroll, PHONE, snap } from './browser.ts';

/** The README's recommended `ORDERDESK_TIME_SCALE`. */
const DEMO_TIME_SCALE = 60;

const suite = browserSuite({ timeScale: DEMO_TIME_SCALE });

async function phonePage(locale: string): Promise<Page> {
  const context = await suite.browser.newContext({ locale, ...PHONE });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

function shanghaiDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

/**
 * The outbox card of the newest email whose subject has `subject`, reloading until it is there
 * (the group robots' cards of the same alert are left out: `article.email` only).
 */
async function outboxCard(page: Page, subject: string): Promise<Locator> {
  const card = page.locator('article.email', { has: page.locator('h2', { hasText: subject }) }).first();
  await expect
    .poll(
      async () => {
        await page.reload();
        return card.count();
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBeGreaterThan(0);
  return card;
}

/** The page's own words: everything but the messages as sent and the switch to the other language. */
const ownWords = (page: Page) =>
  page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.message-content, #lang-toggle, script, style').forEach((el) => {
      el.remove();
    });
    return copy.textContent ?? '';
  });

describe('the demo recipe in a browser (README "Try it")', () => {
  let orderNumber = '';

  it('places an order, finds the approval email on the outbox page, approves by its link, sees the order approved', async () => {
    const page = await phonePage('zh-CN');
    // 1. Place an order on the form, at the list price.
    await page.goto(`${suite.sys.baseUrl}/`);
    const line = page.locator('.item-line').nth(0);
    await line.locator('option[value="BRG-6204"]').waitFor({ state: 'attached' });
    await page.getByLabel('客户姓名').fill('李演示');
    await page.getByLabel('电子邮箱').fill('demo.buyer@example.cn');
    await line.getByLabel('产品').selectOption('BRG-6204');
    await line.getByLabel('数量').fill('10');
    await page.getByLabel('付款方式').selectOption('bank_transfer');
    await page.getByLabel('交货地址').fill('上海市浦东新区张江路 88 号');
    await page.getByLabel('要求交货日期').fill(shanghaiDate(7));
    await page.getByRole('button', { name: '提交订单' }).click();
    await page.getByRole('heading', { name: '订单已提交' }).waitFor();
    orderNumber = (await page.locator('#done-number').textContent()) ?? '';
    expect(orderNumber).toMatch(/^OD\d{8}-\w+$/);

    // 2. Open the outbox page: newest first, the approval email to ops is there.
    await page.goto(`${suite.sys.baseUrl}/_local/outbox`);
    await page.getByRole('heading', { name: '发件箱', level: 1 }).waitFor();
    const approval = await outboxCard(page, `待审批：订单 ${orderNumber}`);
    expect(await approval.textContent()).toContain('ops@example.com');
    const times = await page
      .locator('article time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect(times).toEqual([...times].sort().reverse()); // newest first
    await expectNoSidewaysScroll(page);
    await snap(page, 'demo-1-outbox-phone');

    // 3. Click the approval link in the email (rendered as the email's own HTML).
    const email = approval.locator('iframe').contentFrame();
    await email.getByRole('link', { name: '查看并审批' }).click();
    await page.getByRole('heading', { name: `审批订单 ${orderNumber}` }).waitFor();
    await snap(page, 'demo-2-approval-page-phone');

    // 4. Approve.
    await page.getByRole('button', { name: /^批准/ }).click();
    await page.locator('[data-outcome="approved"]').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('已批准');

    // 5. The customer's tracking link (in the confirmation email) shows the order approved.
    await page.goto(`${suite.sys.baseUrl}/_local/outbox`);
    const confirmation = await outboxCard(page, `订单已收到 ${orderNumber}`);
    await confirmation.locator('iframe').contentFrame().getByRole('link', { name: '查看订单状态' }).click();
    await page.locator('#track-number').getByText(orderNumber).waitFor();
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.locator('#track-number').getByText(orderNumber).waitFor();
          return page.locator('#track-status').textContent();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe('已批准');
    await snap(page, 'demo-3-tracking-approved-phone');
    await page.context().close();
  });

  it('signs ops in to the staff console without a failed request (/config.json is served)', async () => {
    const page = await phonePage('zh-CN');
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    const configAsked = page.waitForResponse((r) => r.url().endsWith('/config.json'));
    await page.goto(`${suite.sys.baseUrl}/staff/`);
    await page.getByLabel('工作邮箱').fill('ops@example.com');
    await page.getByLabel('密码').fill(suite.sys.demoPassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '工作队列' }).waitFor();
    expect((await configAsked).status()).toBe(200);
    expect(failed).toEqual([]);
    await page.context().close();
  });

  it('shows the outbox page in Chinese and in English without mixing the two', async () => {
    const page = await phonePage('zh-CN');
    await page.goto(`${suite.sys.baseUrl}/_local/outbox`);
    await page.getByRole('heading', { name: '发件箱', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.locator('article.email .badge').first().textContent()).toBe('邮件');
    // Group robots' messages carry their platform's name (docs/robots.md).
    expect(await page.locator('article.feishu .badge').first().textContent()).toBe('飞书群机器人');
    // No stray English word: addresses, links and times aside, nothing Latin of two letters or more.
    const zh = (await ownWords(page))
      .replace(/\S+@\S+/g, '')
      .replace(/https?:\/\/\S+/g, '')
      .replace(/\+?\d[\d\s:-]*/g, '');
    expect(zh.match(/[A-Za-z]{2,}/g) ?? []).toEqual([]);
    await expectNoSidewaysScroll(page);

    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.locator('article .badge').first().textContent()).toMatch(/^(Email|SMS)$/);
    expect((await ownWords(page)).match(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+/g) ?? []).toEqual([]);
    await expectNoSidewaysScroll(page);
    await snap(page, 'demo-4-outbox-english-phone');

    // The choice is remembered: the outbox opens in English again, and back in Chinese by the switch.
    await page.goto(`${suite.sys.baseUrl}/_local/outbox`);
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
    await page.getByRole('link', { name: '中文' }).click();
    await page.getByRole('heading', { name: '发件箱', level: 1 }).waitFor();
    await page.context().close();
  });
});
