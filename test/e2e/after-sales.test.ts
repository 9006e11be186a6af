/** The after-sales card of the staff order page on a phone (R-AFTER-1). */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, signedInPage } from '../support/browser-suite.ts';
import { shippedOrder } from '../support/orders.ts';
import { orderBody } from '../support/system.ts';
import { expectNoSidewaysScroll, snap } from './browser.ts';

describe('after-sales cases on the staff order page', () => {
  const suite = browserSuite({ background: false });

  async function signedIn(email: string, orderId: string): Promise<Page> {
    const page = await signedInPage(suite, `/staff/order.html?id=${orderId}`, email);
    await page.locator('#cases-card h2', { hasText: '售后服务单' }).waitFor();
    return page;
  }

  it('opens a complaint, shows its deadline and status, and starts it on a phone', async () => {
    const { orderId } = await (await suite.sys.api('/api/orders', { json: orderBody() })).json();
    const page = await signedIn('after_sales@example.com', orderId);
    await page.getByText('此订单暂无售后服务单。').waitFor();
    // Not shipped: only complaints and inquiries can be opened, and the page says why.
    const types = await page
      .locator('#case-type option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(types).toEqual(['complaint', 'inquiry']);
    await page.getByRole('button', { name: '开立并通知客户' }).click();
    expect(await page.locator('#case-description-error').textContent()).toBe('请填写此项。');

    await page.getByLabel('问题描述').fill('交货延误三天，客户不满意');
    await page.getByRole('button', { name: '开立并通知客户' }).click();
    const block = page.locator('article.case');
    await block.waitFor();
    expect(await block.locator('h3').textContent()).toContain('投诉');
    expect(await block.locator('.badge').first().textContent()).toBe('待答复');
    expect(await block.locator('dd time').textContent()).toMatch(/（北京时间）$/);
    await snap(page, 'after-sales-opened-phone');
    await expectNoSidewaysScroll(page);

    // Resolving needs a note; starting does not.
    await block.getByRole('button', { name: '已解决' }).click();
    expect(await block.locator('.field-error:not([hidden])').textContent()).toBe('请填写处理说明。');
    await block.getByRole('button', { name: '开始处理' }).click();
    await page.locator('article.case[data-status="in_progress"]').waitFor();
    expect(await page.locator('#cases-status').textContent()).toBe('已提交：开始处理。');
    const listed = await (
      await suite.sys.api(`/api/orders/${orderId}/cases`, { token: await suite.sys.login('gm') })
    ).json();
    expect(listed.cases[0]).toMatchObject({ caseStatus: 'in_progress', assignee: 'after_sales@example.com' });
    await page.context().close();
  });

  it('opens a refund in yuan and lets finance grant part of it', async () => {
    // Approved by the store (no workflow runs here), shipped through the API.
    const { orderId, orderNumber } = await shippedOrder(suite.sys);

    const page = await signedIn('after_sales@example.com', orderId);
    await page.getByLabel('类型').selectOption('refund');
    expect(await page.locator('#case-open-form .hint').last().textContent()).toBe(
      '最多可退 ¥125.00（订单金额减去已退款）。',
    );
    await page.getByLabel('问题描述').fill('两件轴承破损');
    await page.getByLabel('申请退款金额（元）').fill('30');
    await page.getByRole('button', { name: '开立并通知客户' }).click();
    const block = page.locator('article.case');
    await block.waitFor();
    // after_sales may not grant: only start and reject.
    expect(await block.locator('button').allTextContents()).toEqual(['开始处理', '驳回']);
    await page.context().close();

    const finance = await signedIn('finance@example.com', orderId);
    const card = finance.locator('article.case');
    await card.waitFor();
    expect(await card.locator('button').allTextContents()).toEqual(['批准退款']);
    expect(await card.getByLabel('批准退款金额（元）').inputValue()).toBe('30.00');
    await card.getByLabel('批准退款金额（元）').fill('20.5');
    await card.getByRole('button', { name: '批准退款' }).click();
    await finance.locator('article.case[data-status="resolved"]').waitFor();
    expect(await finance.locator('article.case dl').textContent()).toContain('¥20.50');
    await expectNoSidewaysScroll(finance);
    const mails = (await suite.sys.outbox()).filter((m) => m.subject.includes(orderNumber));
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringContaining('已发货'),
      expect.stringContaining('已受理您的退款申请'),
      expect.stringContaining('退款已批准'),
    ]);
    await finance.context().close();
  });
});
