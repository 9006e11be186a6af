/**
 * Quotations in Chromium on a phone (R-QUOTE-1..3): sales fill one in on staff/quotations.html,
 * see the list price beside the quoted one and the tier it needs, and submit it; after the chain
 * approves, the customer accepts it on the emailed link's page and gets the order number.
 */
import { describe, expect, it } from 'vitest';
import { approvalsWithoutDeadlines } from '../support/approval-settings.ts';
import { approvalLink, decideByLink } from '../support/approvals.ts';
import { browserSuite, signedInPage } from '../support/browser-suite.ts';
import { eventually } from '../support/eventually.ts';
import { inDays } from '../support/system.ts';
import { PHONE } from './browser.ts';
import { pageWords, strayWords } from './mixed-language.ts';

approvalsWithoutDeadlines();
const suite = browserSuite();

describe('quotations page (R-QUOTE-1..3)', () => {
  it('sales quote below the list price, the chain approves, the customer accepts on the link', async () => {
    // The customer is on file (sales keep customers, R-MASTER-3), so its page lists the quotation.
    const created = await suite.sys.api('/api/customers', {
      token: await suite.sys.login('sales'),
      json: {
        name: '浏览器测试',
        company: '浏览器测试有限公司',
        contacts: [{ name: '赵经理', email: 'buyer@browser.example' }],
        addresses: [],
      },
    });
    expect(created.status).toBe(201);
    const page = await signedInPage(suite, '/staff/quotations.html', 'sales@example.com');
    await page.waitForURL(/quotations\.html/);
    await page.getByLabel('客户联系人').fill('赵经理');
    await page.getByLabel('公司名称').fill('浏览器测试有限公司');
    await page.getByLabel('客户邮箱').fill('buyer@browser.example');
    await page.getByLabel('产品编码', { exact: true }).fill('VLV-DN50');
    await page.getByLabel('数量').fill('1');
    await page.getByLabel('单价（元）').fill('200.00');
    await page.getByLabel('有效期至').fill(inDays(20));
    await page.getByRole('button', { name: '保存草稿' }).click();

    const title = page.locator('#detail-title');
    await expect.poll(() => title.textContent(), { timeout: 10_000 }).toMatch(/QT\d{8}-/);
    const quotationNumber = ((await title.textContent()) ?? '').replace(/^报价单 /, '');
    // A draft is edited in the same form (PUT), its history kept.
    await page.getByRole('button', { name: '修改', exact: true }).click();
    await expect.poll(() => page.getByLabel('数量').inputValue(), { timeout: 10_000 }).toBe('1');
    await page.getByLabel('数量').fill('2');
    await page.getByRole('button', { name: '保存修改' }).click();
    await expect
      .poll(() => page.locator('#detail-history').textContent(), { timeout: 10_000 })
      .toContain('修改');
    // R-PRICE-1/4: the quoted line beside its list price, and the chain it needs.
    await expect
      .poll(() => page.locator('#detail-tier').textContent(), { timeout: 10_000 })
      .toContain('总经理');
    expect(await page.locator('#detail-lines').textContent()).toContain('200.00');
    await page.getByRole('button', { name: '提交审批' }).click();
    await expect
      .poll(() => page.locator('#detail-status').textContent(), { timeout: 10_000 })
      .toContain('审批中');
    // The page speaks English on the language switch, nothing left in Chinese but data.
    await page.locator('#lang-toggle').click();
    await expect.poll(() => title.textContent(), { timeout: 10_000 }).toBe(`Quotation ${quotationNumber}`);
    expect(await page.locator('#detail-status').textContent()).toContain('Submitted');
    expect(await page.getByRole('heading', { name: 'New quotation' }).count()).toBe(1);
    expect(strayWords(await pageWords(page), 'en')).toEqual([]);
    await page.locator('#lang-toggle').click();
    await expect.poll(() => title.textContent(), { timeout: 10_000 }).toBe(`报价单 ${quotationNumber}`);
    expect(strayWords(await pageWords(page), 'zh-CN')).toEqual([]);

    for (const role of ['ops', 'sales_director', 'gm']) {
      const link = await approvalLink(suite.sys, quotationNumber, `${role}@example.com`);
      expect((await decideByLink(link, 'approve')).status).toBe(200);
    }
    const customerLink = await eventually(
      async () => {
        const mail = (await suite.sys.outbox()).find((m) => m.to.includes('buyer@browser.example'));
        return mail ? /(http:\/\/\S+\/quotation-links\/\S+)/.exec(mail.text)?.[1] : undefined;
      },
      20_000,
      'quotation email',
    );
    const context = await suite.browser.newContext({ locale: 'zh-CN', ...PHONE });
    const customer = await context.newPage();
    await customer.goto(customerLink);
    expect(await customer.locator('.capitals').textContent()).toBe('肆佰元整');
    await customer.getByLabel('意见 Comment').fill('同意');
    await customer.getByRole('button', { name: '接受报价 Accept' }).click();
    await expect
      .poll(() => customer.locator('.order-number').textContent(), { timeout: 10_000 })
      .toMatch(/^OD\d{8}-/);
    await context.close();

    // R-QUOTE-1: the quotation is in the customer's history, with the order it became.
    await page.goto(
      `${suite.sys.baseUrl}/staff/customers.html?key=${encodeURIComponent('email:buyer@browser.example')}`,
    );
    const quotations = page.locator('#detail-quotations');
    await expect.poll(() => quotations.textContent(), { timeout: 10_000 }).toContain(quotationNumber);
    expect(await quotations.textContent()).toMatch(/客户已接受 .* 已转订单 OD\d{8}-/);
  });
});
