/** "邮件待处理 / Email needs attention" on a phone (R-INTAKE-6): from an incomplete email to an order. */
import { describe, expect, it } from 'vitest';
import { browserSuite, signedInPage } from '../support/browser-suite.ts';
import { sendMail } from '../support/mail.ts';
import { inDays } from '../support/system.ts';
import { expectNoSidewaysScroll, snap } from './browser.ts';

describe('the email attention list', () => {
  const suite = browserSuite();

  it('shows what is missing with the quoted line, and registers the corrected order', async () => {
    const messageId = '<e2e-incomplete@customer.example>';
    await sendMail(suite.sys, {
      from: '赵工 <zhao@fuda-valve.example>',
      subject: '阀门订单',
      messageId,
      text: ['客户：福达阀门厂', '交货日期：尽快', 'VLV-DN50 x 3 @ 260'].join('\n'),
    });
    await suite.sys.drain();

    const page = await signedInPage(suite, '/staff/inbound.html', 'ops@example.com');

    await page.getByRole('tab', { name: '待处理' }).waitFor();
    expect(await page.getByRole('tab', { name: '待处理' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('link', { name: '阀门订单' }).click();
    await page.locator('#problems-card').waitFor();
    const problems = await page.locator('#problems-list').textContent();
    expect(problems).toContain('交货地址：缺少此项');
    expect(problems).toContain('交货日期：尽快');
    expect(await page.locator('#message-text').textContent()).toContain('VLV-DN50 x 3 @ 260');
    // Prefilled from the email: the customer and the item line.
    expect(await page.getByLabel('客户姓名').inputValue()).toBe('福达阀门厂');
    expect(await page.locator('[data-field="sku"]').first().inputValue()).toBe('VLV-DN50');
    expect(await page.locator('[data-field="unitPrice"]').first().inputValue()).toBe('260.00');
    await snap(page, 'inbound-detail-phone');
    await expectNoSidewaysScroll(page);

    await page.getByLabel('交货地址').fill('浙江省温州市龙湾区永强大道 1 号');
    await page.getByLabel('要求交货日期').fill(inDays(14));
    await page.getByLabel('付款方式').selectOption('bank_transfer');
    await page.getByRole('button', { name: '登记订单' }).click();
    const link = page.locator('#register-done a');
    await link.waitFor();
    const orderNumber = await link.textContent();
    expect(orderNumber).toMatch(/^OD\d{8}-/);
    await page.locator('#detail-badges', { hasText: '已登记' }).waitFor();
    // The sender was not a customer yet: confirm the customer record the email created.
    await page.getByRole('button', { name: '确认客户' }).click();
    await page.locator('#detail-facts', { hasText: '新客户，已确认' }).waitFor();

    const token = await suite.sys.login('ops');
    const list = await (await suite.sys.api('/api/inbound?state=registered', { token })).json();
    expect(list.items).toEqual([expect.objectContaining({ subject: '阀门订单', orderNumber })]);
    const order = await (await suite.sys.api(`/api/orders/${list.items[0].orderId}`, { token })).json();
    expect(order).toMatchObject({ channel: 'email', source: { messageId } });

    await page.getByRole('link', { name: '← 返回邮件列表' }).click();
    await page.getByRole('tab', { name: '已登记' }).click();
    await page.getByRole('link', { name: '阀门订单' }).waitFor();
    await expectNoSidewaysScroll(page);
    await page.context().close();
  });
});
