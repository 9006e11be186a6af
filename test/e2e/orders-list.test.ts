/**
 * The order list page on a phone (R-PROC-7): logistics signs in, searches by a prefix of the
 * customer's name, narrows by priority, sees the filters in the address (a reload or a shared
 * link shows the same list), pages on, and opens an order.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, signedInPage } from '../support/browser-suite.ts';
import { orderBody } from '../support/system.ts';
import { expectNoSidewaysScroll } from './browser.ts';

const suite = browserSuite({ background: false });

describe('staff/orders.html', () => {
  it('finds orders by customer, keeps the filters in the URL and pages on', async () => {
    const { sys } = suite;
    const ids: string[] = [];
    for (const [i, priority] of ['normal', 'urgent', 'normal', 'urgent', 'urgent'].entries()) {
      const res = await sys.api('/api/orders', {
        json: orderBody({ customer: { name: `页面客户${i}`, email: `page${i}@buyer.example` }, priority }),
      });
      ids.push(((await res.json()) as { orderId: string }).orderId);
    }
    await sys.api('/api/orders', { json: orderBody() });

    const page = await signedInPage(suite, '/staff/orders.html', 'logistics@example.com');
    await expect.poll(() => page.locator('#order-rows tr').count(), { timeout: 10_000 }).toBe(6);
    await page.getByLabel('搜索').fill('页面客户');
    // On a phone the filters besides the search are folded away until asked for.
    expect(await page.getByLabel('优先级').isVisible()).toBe(false);
    await page.getByText('更多筛选').click();
    await page.getByLabel('优先级').selectOption('urgent');
    await page.getByRole('button', { name: '查找' }).click();
    await expect.poll(() => page.locator('#order-rows tr').count(), { timeout: 10_000 }).toBe(3);
    // Newest first.
    expect(await page.locator('#order-rows tr').first().getAttribute('data-order-id')).toBe(ids[4]);
    const url = new URL(page.url());
    expect(url.searchParams.get('q')).toBe('页面客户');
    expect(url.searchParams.get('priority')).toBe('urgent');
    await expect
      .poll(() => page.locator('#status-chips').textContent(), { timeout: 10_000 })
      .toContain('已接收 3');
    await expectNoSidewaysScroll(page);

    // The same address, opened afresh, shows the same list; with a small page it pages on.
    await page.goto(`${page.url()}&limit=2`);
    await expect.poll(() => page.locator('#order-rows tr').count(), { timeout: 10_000 }).toBe(2);
    expect(await page.getByLabel('搜索').inputValue()).toBe('页面客户');
    // Folded, the filters say how many are set besides the search.
    expect(await page.locator('#filter-count').textContent()).toBe('1');
    await page.getByRole('button', { name: '加载更多' }).click();
    await expect.poll(() => page.locator('#order-rows tr').count(), { timeout: 10_000 }).toBe(3);
    await expect
      .poll(() => page.getByRole('button', { name: '加载更多' }).isVisible(), { timeout: 10_000 })
      .toBe(false);

    await page.locator('#order-rows tr').first().getByRole('link').click();
    await page.waitForURL(/order\.html\?id=/);
    expect(new URL(page.url()).searchParams.get('id')).toBe(ids[4]);
  });

  it('shows ops their work on the work queue page and links to the list (R-PROC-1)', async () => {
    const page = await signedInPage(suite, '/staff/index.html', 'ops@example.com');
    const group = page.locator('#my-work .work-group[data-key="toReview"]');
    await expect
      .poll(() => group.locator('h3').textContent(), { timeout: 10_000 })
      .toMatch(/^待审核的新订单（\d+）$/);
    // The urgent orders come first.
    expect(await group.locator('.work-item .badge').first().textContent()).toBe('紧急');
    // Only the roles that may use a page are offered it: ops takes phone orders, sales files rush ones.
    expect(await page.locator('#phone-order').isVisible()).toBe(true);
    expect(await page.locator('#rush-order').isVisible()).toBe(false);
    await page.getByRole('link', { name: '订单列表' }).click();
    await page.waitForURL(/orders\.html/);
    await expect.poll(() => page.locator('#order-rows tr').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('shows after-sales the cases waiting on them, not the order-entry links (R-AFTER-1)', async () => {
    const { sys } = suite;
    const placed = await sys.api('/api/orders', { json: orderBody() });
    const { orderId } = (await placed.json()) as { orderId: string };
    const opened = await sys.api(`/api/orders/${orderId}/cases`, {
      token: await sys.login('after_sales'),
      json: { caseType: 'complaint', description: '外箱破损' },
    });
    expect(opened.status).toBe(201);
    const page = await signedInPage(suite, '/staff/index.html', 'after_sales@example.com');
    const group = page.locator('#my-work .work-group[data-key="openCases"]');
    await expect
      .poll(() => group.locator('h3').textContent(), { timeout: 10_000 })
      .toMatch(/^待处理的售后案件（\d+）$/);
    expect(await group.locator(`.work-item[data-order-id="${orderId}"]`).textContent()).toContain('投诉');
    expect(await page.locator('#phone-order').isVisible()).toBe(false);
    expect(await page.locator('#rush-order').isVisible()).toBe(false);
    await group.locator(`.work-item[data-order-id="${orderId}"] a`).click();
    await page.waitForURL(/order\.html\?id=/);
  });

  it('says which filter is wrong', async () => {
    const page = await signedInPage(
      suite,
      '/staff/orders.html?from=2026-12-09&to=2026-12-01',
      'ops@example.com',
    );
    await expect.poll(() => page.locator('#f-to-error').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect
      .poll(() => page.locator('#page-error').textContent(), { timeout: 10_000 })
      .toContain('请修正');
  });
});
