/**
 * One order's life in the staff console, each step by the role that owns it, signed in as that
 * role on a phone (R-PROC-7): ops approves, production starts and finishes, logistics ships part
 * and then the rest and records who signed for each shipment, sales completes (R-PROD-1,
 * R-TRACK-2, R-AFTER-2). Buttons a role may not use are not offered.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getOrder, waitForStatus, waitForStep } from '../support/approvals.ts';
import { browserSuite, signedInPage } from '../support/browser-suite.ts';
import { ROUND_THE_CLOCK } from '../support/eventually.ts';
import { heldOrder, TWO_LINES } from '../support/order-life.ts';
import { inDays, orderBody } from '../support/system.ts';
import { expectNoSidewaysScroll, snap } from './browser.ts';

process.env['WORKING_CALENDAR'] = ROUND_THE_CLOCK;
process.env['APPROVAL_DEADLINE_HOURS'] = JSON.stringify({ ops: 1000, sales_director: 1000, gm: 1000 });
// The closing workflow at test speed: completion checked after ~17 s, archive ~3 s after completion.
process.env['COMPLETE_AFTER_DAYS'] = '0.0002';
process.env['ARCHIVE_AFTER_DAYS'] = '0.00003';
const suite = browserSuite();

const orderPage = (orderId: string) => `/staff/order.html?id=${encodeURIComponent(orderId)}`;

/** Clicks an action and waits until the page shows the saved note. */
async function act(page: Page, button: string): Promise<void> {
  const target = button.startsWith('#')
    ? page.locator(button)
    : page.getByRole('button', { name: button, exact: true });
  await target.click();
  await expect
    .poll(() => page.locator('#life-status').textContent(), { timeout: 10_000 })
    .toContain('已保存');
}

describe('an order walked from approval to completion in the console', () => {
  it('moves by the owning role at each step', async () => {
    const { sys } = suite;
    const res = await sys.api('/api/orders', { json: orderBody({ items: TWO_LINES }) });
    const { orderId } = (await res.json()) as { orderId: string };
    await waitForStep(sys, orderId, 'ops');

    const ops = await signedInPage(suite, orderPage(orderId), 'ops@example.com');
    await ops.getByRole('button', { name: '批准' }).click();
    await waitForStatus(sys, orderId, 'approved');

    const production = await signedInPage(suite, orderPage(orderId), 'production@example.com');
    await production.getByLabel('计划完工日期').fill(inDays(5));
    await act(production, '开始生产');
    expect((await getOrder(sys, orderId)).status).toBe('in_production');
    await expect
      .poll(() => production.getByRole('button', { name: '发货', exact: true }).count(), { timeout: 10_000 })
      .toBe(0);
    await act(production, '生产完成，可发货');

    const logistics = await signedInPage(suite, orderPage(orderId), 'logistics@example.com');
    await logistics.getByLabel('承运商').fill('顺丰速运');
    await logistics.getByLabel('运单号').fill('SF1001');
    const quantities = logistics.getByLabel('本次发货数量');
    await quantities.nth(0).fill('4');
    await quantities.nth(1).fill('0');
    await act(logistics, '发货');
    expect((await getOrder(sys, orderId)).status).toBe('in_production');
    await snap(logistics, 'order-life-partial-shipment');
    await expectNoSidewaysScroll(logistics);

    await logistics.getByLabel('承运商').fill('德邦物流');
    await logistics.getByLabel('运单号').fill('DB2002');
    await act(logistics, '发货');
    expect((await getOrder(sys, orderId)).status).toBe('shipped');
    await logistics.locator('#life-signed-S1').fill('王五');
    await act(logistics, '#life-deliver-S1');
    await logistics.locator('#life-signed-S2').fill('赵六');
    await logistics.locator('#life-deliver-S2').click();
    await waitForStatus(sys, orderId, 'delivered');

    const sales = await signedInPage(suite, orderPage(orderId), 'sales@example.com');
    await expect
      .poll(() => sales.getByRole('button', { name: '确认签收' }).count(), { timeout: 10_000 })
      .toBe(0);
    await act(sales, '完成订单（发送满意度调查）');
    expect((await getOrder(sys, orderId)).status).toBe('completed');

    // The closing workflow archives it with a frozen dossier (R-ARCH-1); gm finds it in the
    // order list by the customer's name and sees it read-only.
    await waitForStatus(sys, orderId, 'archived');
    const gm = await signedInPage(suite, '/staff/orders.html', 'gm@example.com');
    await gm.getByLabel('搜索').fill('测试客户');
    await gm.getByText('更多筛选').click();
    await gm.locator('#f-status').selectOption('archived');
    await gm.getByRole('button', { name: '查找' }).click();
    await expect
      .poll(() => gm.locator(`#order-rows tr[data-order-id="${orderId}"]`).count(), { timeout: 10_000 })
      .toBe(1);
    await gm.locator(`#order-rows tr[data-order-id="${orderId}"] a`).click();
    await gm.waitForURL(/order\.html/);
    await expect.poll(() => gm.locator('#dossier-card').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await gm.locator('#dossier-body').textContent()).toContain('处理记录');
    expect(await gm.getByRole('button', { name: '取消订单并释放库存' }).count()).toBe(0);
    expect(await gm.locator('#life-body button').count()).toBe(0);
  }, 150_000);

  it('lets gm resume one held order and cancel another from the order page (R-PROC-7)', async () => {
    const { sys } = suite;
    const resumed = (await heldOrder(sys)).orderId;
    const gm = await signedInPage(suite, orderPage(resumed), 'gm@example.com');
    await gm.getByLabel('继续处理的原因').fill('客户已补充资料');
    await act(gm, '继续处理（重新请求审批）');
    await expect
      .poll(async () => (await getOrder(sys, resumed)).status, { timeout: 10_000 })
      .not.toBe('on_hold');

    const cancelled = (await heldOrder(sys, true)).orderId;
    await gm.goto(`${sys.baseUrl}${orderPage(cancelled)}`);
    await gm.getByLabel('取消原因（将告知客户）').fill('客户取消');
    await act(gm, '取消订单并释放库存');
    expect((await getOrder(sys, cancelled)).status).toBe('cancelled');
  });
});

describe('a note with an attachment from the order page (R-PROC-8)', () => {
  it('uploads the file, keeps the note in the history and opens the file again', async () => {
    const { sys } = suite;
    const placed = await sys.api('/api/orders', { json: orderBody({ items: TWO_LINES }) });
    const { orderId } = (await placed.json()) as { orderId: string };
    const page = await signedInPage(suite, orderPage(orderId), 'after_sales@example.com');
    await page.getByLabel('内容（如电话沟通、约定事项）').fill('客户来电：外箱破损，照片见附件');
    await page.locator('#life-note-file').setInputFiles({
      name: '破损照片.png',
      mimeType: 'image/png',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    });
    await page.getByRole('button', { name: '添加记录' }).click();
    const open = page.getByRole('button', { name: '查看附件' });
    await open.waitFor();
    const order = (await (
      await sys.api(`/api/orders/${orderId}`, { token: await sys.login('ops') })
    ).json()) as { history: { action: string; reason?: string; params?: { uploadId?: string } }[] };
    const entry = order.history.at(-1)!;
    expect(entry).toMatchObject({ action: 'note', reason: '客户来电：外箱破损，照片见附件' });
    const file = await sys.api(`/api/uploads/${entry.params!.uploadId}`, { token: await sys.login('ops') });
    expect(file.headers.get('content-type')).toBe('image/png');
    const opened = page.context().waitForEvent('page');
    await open.click();
    expect((await opened).url()).toMatch(/^(about:blank|blob:)/);
  });
});
