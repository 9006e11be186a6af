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
import { TWO_LINES } from '../support/order-life.ts';
import { inDays, orderBody } from '../support/system.ts';
import { expectNoSidewaysScroll, snap } from './browser.ts';

process.env['WORKING_CALENDAR'] = ROUND_THE_CLOCK;
process.env['APPROVAL_DEADLINE_HOURS'] = JSON.stringify({ ops: 1000, sales_director: 1000, gm: 1000 });
const suite = browserSuite();

const orderPage = (orderId: string) => `/staff/order.html?id=${encodeURIComponent(orderId)}`;

/** Clicks an action and waits until the page shows the saved note. */
async function act(page: Page, button: string): Promise<void> {
  const target = button.startsWith('#')
    ? page.locator(button)
    : page.getByRole('button', { name: button, exact: true });
  await target.click();
  await expect.poll(() => page.locator('#life-status').textContent()).toContain('已保存');
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
    await expect.poll(() => production.getByRole('button', { name: '发货', exact: true }).count()).toBe(0);
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
    await expect.poll(() => sales.getByRole('button', { name: '确认签收' }).count()).toBe(0);
    await act(sales, '完成订单（发送满意度调查）');
    expect((await getOrder(sys, orderId)).status).toBe('completed');
  }, 120_000);
});
