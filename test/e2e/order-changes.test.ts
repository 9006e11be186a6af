import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { approvalsWithoutDeadlines } from '../support/approval-settings.ts';
import { getOrder, waitForStep } from '../support/approvals.ts';
import { browserSuite, signedInPage } from '../support/browser-suite.ts';
import { eventually } from '../support/eventually.ts';
import { inDays, orderBody } from '../support/system.ts';
import { expectNoSidewaysScroll, PHONE, snap } from './browser.ts';

approvalsWithoutDeadlines();
const suite = browserSuite();

const mailLink = (email: string, subject: string, path: string) =>
  eventually(
    async () => {
      const mail = (await suite.sys.outbox())
        .filter((m) => m.channel === 'email' && m.to.includes(email) && m.subject.includes(subject))
        .at(-1);
      return mail ? new RegExp(`(http://\\S+/${path}/\\S+)`).exec(mail.text)?.[1] : undefined;
    },
    20_000,
    `${path} link for ${email}`,
  );

async function phonePage(): Promise<Page> {
  const context = await suite.browser.newContext({ locale: 'zh-CN', ...PHONE });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** The first change block's text after a reload (the workflow moves on between reloads). */
async function reloaded(page: Page): Promise<string> {
  await page.reload();
  const block = page.locator('article.change').first();
  await block.waitFor();
  return (await block.textContent()) ?? '';
}

async function place() {
  const res = await suite.sys.api('/api/orders', {
    json: orderBody({ items: [{ sku: 'BRG-6204', quantity: 10, unitPrice: 1250 }] }),
  });
  expect(res.status).toBe(201);
  const placed = (await res.json()) as { orderId: string; orderNumber: string; trackingUrl: string };
  await waitForStep(suite.sys, placed.orderId, 'ops');
  return placed;
}

describe('order changes in a browser (R-CHG-2, R-CHG-3, R-PROC-6)', () => {
  it('sales changes a quantity on the order page; dept_manager and sales_director approve; the customer consents on a phone', async () => {
    const { orderId, orderNumber } = await place();
    const sales = await signedInPage(suite, `/staff/order.html?id=${orderId}`, 'sales@example.com');
    const form = sales.locator('#change-form');
    await form.waitFor();
    await expectNoSidewaysScroll(sales);
    await form.locator('#change-lines [name=quantity]').first().fill('12');
    await form.getByLabel('原因').fill('客户电话要求加量');
    await form.getByRole('button', { name: '提交变更申请' }).click();
    await expect
      .poll(() => sales.locator('article.change').first().getAttribute('data-status'), { timeout: 20_000 })
      .toBe('pending');
    // The workflow asks dept_manager a moment later: the page shows it once reloaded.
    await expect.poll(() => reloaded(sales), { timeout: 20_000 }).toContain('等待部门经理审批');
    await snap(sales, 'change-pending');
    // The order itself has not changed (no silent edit, R-PROC-6).
    expect(
      (await getOrder(suite.sys, orderId)) as unknown as { items: { quantity: number }[] },
    ).toMatchObject({
      items: [{ quantity: 10 }],
    });

    // dept_manager decides from the emailed link on a phone: the diff is clear.
    const dmLink = await mailLink(
      'dept_manager@example.com',
      `Change approval needed: order ${orderNumber}`,
      'approvals/changes',
    );
    const dm = await phonePage();
    await dm.goto(dmLink);
    await expect
      .poll(() => dm.locator('table.diff').textContent(), { timeout: 20_000 })
      .toContain('12 × ¥12.50');
    await expectNoSidewaysScroll(dm);
    await dm.getByRole('button', { name: '批准 Approve' }).click();
    await expect.poll(() => dm.locator('h1').textContent(), { timeout: 20_000 }).toBe('已批准');

    // sales_director decides in the console.
    const sd = await signedInPage(suite, `/staff/order.html?id=${orderId}`, 'sales_director@example.com');
    const block = sd.locator('article.change').first();
    await block.waitFor();
    await expect.poll(() => reloaded(sd), { timeout: 20_000 }).toContain('等待销售总监审批');
    await block.getByRole('button', { name: '批准' }).click();

    // The customer consents on a phone: 同意变更.
    const consentLink = await mailLink(
      'buyer@customer.example',
      `Please confirm the change to order ${orderNumber}`,
      'approvals/consent',
    );
    const customer = await phonePage();
    await customer.goto(consentLink);
    await expect
      .poll(() => customer.locator('table.diff').textContent(), { timeout: 20_000 })
      .toContain('¥150.00');
    await expectNoSidewaysScroll(customer);
    await snap(customer, 'change-consent');
    await customer.getByRole('button', { name: '同意变更 Accept' }).click();
    await expect
      .poll(() => customer.locator('h1').textContent(), { timeout: 20_000 })
      .toContain('您已同意变更');

    // The order page shows the applied change and both versions.
    await eventually(async () => {
      const o = (await getOrder(suite.sys, orderId)) as unknown as { versions: unknown[] };
      return o.versions.length === 2 ? true : undefined;
    });
    await sales.reload();
    await expect
      .poll(() => sales.locator('article.change').first().getAttribute('data-status'), { timeout: 20_000 })
      .toBe('applied');
    await expect
      .poll(() => sales.locator('.change-versions summary').textContent(), { timeout: 20_000 })
      .toContain('共 2 版');
    await expect.poll(() => sales.locator('#d-items').textContent(), { timeout: 20_000 }).toContain('12');
    await snap(sales, 'change-applied');
  });

  it("a customer asks to cancel from the tracking page: a request in ops' hands, not a cancellation", async () => {
    const { orderId, orderNumber, trackingUrl } = await place();
    const customer = await phonePage();
    await customer.goto(trackingUrl);
    const form = customer.locator('#track-change-form');
    await form.waitFor();
    await expectNoSidewaysScroll(customer);
    await form.getByLabel('取消订单').check();
    await form.getByLabel('说明（可选）').fill('项目取消');
    await form.getByRole('button', { name: '提交申请' }).click();
    await expect
      .poll(() => customer.locator('#track-change-card .notice').textContent(), { timeout: 20_000 })
      .toContain('申请已提交');
    await snap(customer, 'track-change-request');

    expect((await getOrder(suite.sys, orderId)).status).toBe('under_review');
    await eventually(async () =>
      (await suite.sys.outbox()).find(
        (m) =>
          m.to.includes('ops@example.com') &&
          m.subject.includes(`Customer asks for a change: order ${orderNumber}`),
      ),
    );
    // ops sees the request on the order page and can take it up.
    const ops = await signedInPage(suite, `/staff/order.html?id=${orderId}`, 'ops@example.com');
    const block = ops.locator('article.change').first();
    await expect.poll(() => block.getAttribute('data-status'), { timeout: 20_000 }).toBe('requested');
    await expect.poll(() => block.textContent(), { timeout: 20_000 }).toContain('客户本人申请');
    await block.getByRole('button', { name: '按客户申请办理' }).click();
    await ops.locator('#change-form').getByRole('button', { name: '提交变更申请' }).click();
    await expect
      .poll(() => ops.locator('article.change').first().getAttribute('data-status'), { timeout: 20_000 })
      .toBe('pending');
  });

  it("R-CHG-1: a 6 MB scan of the customer's letter goes up through an upload URL and moves the date", async () => {
    const { orderId } = await place();
    const sales = await signedInPage(suite, `/staff/order.html?id=${orderId}`, 'sales@example.com');
    const form = sales.locator('#change-form');
    await form.waitFor();
    await form.locator('#change-kind').selectOption('delivery-date');
    const date = inDays(45);
    await form.locator('#change-date').fill(date);
    const scan = Buffer.alloc(6 * 1024 * 1024, 0x20);
    scan.write('%PDF-1.7\n');
    const asked: string[] = [];
    sales.on('request', (r) => asked.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await form
      .locator('#change-file')
      .setInputFiles({ name: '客户函.pdf', mimeType: 'application/pdf', buffer: scan });
    await form.getByRole('button', { name: '提交变更申请' }).click();
    await expect
      .poll(() => sales.locator('article.change').first().getAttribute('data-status'), { timeout: 20_000 })
      .toBe('applied');
    // Not through POST /api/uploads (6 MB is above what the API takes on AWS): a URL, then a PUT.
    expect(asked).toContain('POST /api/uploads/url');
    expect(asked.some((a) => a.startsWith('PUT /_upload/'))).toBe(true);
    expect(asked).not.toContain('POST /api/uploads');
    const order = (await getOrder(suite.sys, orderId)) as unknown as { delivery: { requestedDate: string } };
    expect(order.delivery.requestedDate).toBe(date);
  });
});
