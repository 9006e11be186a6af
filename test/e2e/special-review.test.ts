/**
 * The special-requirement review of an order in Chromium on a phone (R-SPEC-1): a phone order
 * entered by sales asks for another packaging and an inspection; production and then ops find it
 * in My work, open it at its card and accept (production with conditions); the price approval
 * then starts. Another one, rejected by ops with a reason, is held and back with sales.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { approvalsWithoutDeadlines } from '../support/approval-settings.ts';
import { getOrder, waitForStep } from '../support/approvals.ts';
import { browserSuite, signedInPage } from '../support/browser-suite.ts';
import { eventually } from '../support/eventually.ts';
import { inDays, orderBody } from '../support/system.ts';

approvalsWithoutDeadlines();
const suite = browserSuite();

async function placeSpecial(email: string): Promise<{ orderId: string; orderNumber: string }> {
  const res = await suite.sys.api('/api/orders', {
    token: await suite.sys.login('sales'),
    json: orderBody({
      customer: { name: '浏览器特殊要求', company: '浏览器测试厂', email },
      items: [{ sku: 'BRG-6204', quantity: 8, unitPrice: 1250, packaging: '木箱', inspection: '第三方检验' }],
      delivery: { address: '上海市浦东新区世纪大道 100 号', requestedDate: inDays(15) },
    }),
  });
  expect(res.status).toBe(201);
  const placed = (await res.json()) as { orderId: string; orderNumber: string };
  // Through order-received (its confirmation sent): the order is in the departments' My work.
  await eventually(
    async () => (await suite.sys.outbox()).find((m) => m.to.includes(email)),
    20_000,
    'confirmation',
  );
  return placed;
}

/** From My work's special-requirement group to the order's card. */
async function openFromMyWork(page: Page, orderNumber: string): Promise<void> {
  const group = page.locator('section.work-group[data-key="specialReview"]');
  await expect.poll(() => group.textContent(), { timeout: 10_000 }).toContain(orderNumber);
  await group.getByRole('link', { name: orderNumber }).click();
  await page.waitForURL(/order\.html\?id=.*#special-card/);
  await expect
    .poll(() => page.locator('#special-card').textContent(), { timeout: 10_000 })
    .toContain('客户特殊要求评审');
}

describe('special requirements on the order page (R-SPEC-1)', () => {
  it('production and ops accept from My work; then the price approval starts', async () => {
    const { orderId, orderNumber } = await placeSpecial('special-browser@customer.example');

    const production = await signedInPage(suite, '/staff/', 'production@example.com');
    await openFromMyWork(production, orderNumber);
    const card = production.locator('#special-card');
    expect(await card.textContent()).toContain('包装 木箱');
    expect(await card.textContent()).toContain('检验 第三方检验');
    await production.locator('#special-text').fill('木箱另计，交期加 3 天');
    await production.getByRole('button', { name: '同意', exact: true }).click();
    await expect
      .poll(() => production.locator('#special-note').textContent(), { timeout: 10_000 })
      .toContain('已记录');
    await expect
      .poll(() => card.locator('[data-department="production"]').getAttribute('data-opinion'), {
        timeout: 10_000,
      })
      .toBe('accept');
    // Production has answered: no form for it any more.
    expect(await production.locator('#special-accept').count()).toBe(0);

    const ops = await signedInPage(suite, '/staff/', 'ops@example.com');
    await openFromMyWork(ops, orderNumber);
    expect(await ops.locator('#special-card').textContent()).toContain('木箱另计，交期加 3 天');
    await ops.getByRole('button', { name: '同意', exact: true }).click();
    await expect
      .poll(() => ops.locator('#special-card .special-status').textContent(), { timeout: 10_000 })
      .toContain('已进入价格审批');
    await waitForStep(suite.sys, orderId, 'ops');
  });

  it('ops reject with a reason: the order is held and back with sales', async () => {
    const { orderId, orderNumber } = await placeSpecial('special-browser-2@customer.example');
    const ops = await signedInPage(suite, '/staff/', 'ops@example.com');
    await openFromMyWork(ops, orderNumber);
    // A rejection needs a reason, said on the page before anything is sent.
    await ops.getByRole('button', { name: '不同意', exact: true }).click();
    await expect
      .poll(() => ops.locator('#special-note').textContent(), { timeout: 10_000 })
      .toContain('请写明原因');
    await ops.locator('#special-text').fill('无法安排第三方检验');
    await ops.getByRole('button', { name: '不同意', exact: true }).click();
    await expect
      .poll(() => ops.locator('#special-card .special-status').textContent(), { timeout: 10_000 })
      .toContain('退回销售');
    expect((await getOrder(suite.sys, orderId)).status).toBe('on_hold');
  });
});
