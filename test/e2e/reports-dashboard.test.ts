/**
 * The reports dashboard in Chromium against the real local system (R-REPORT-2): orders placed
 * and approved through the API, then the page must show the very figures the API answers for
 * the period picked, keep the period in the URL, download the CSV, fit a phone, and tell a
 * role without access so.
 */
import { readFile } from 'node:fs/promises';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDay } from '#shared/domain/calendar.ts';
import type { Report } from '#shared/reports/report.ts';
import { approvalLink, decideByLink, waitForStatus, waitForStep } from '../support/approvals.ts';
import { eventually, ROUND_THE_CLOCK } from '../support/eventually.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';
import { CHROMIUM_ARGS, DESKTOP, expectNoSidewaysScroll, PHONE, snap } from './browser.ts';

// The page's formats, written out independently: ¥ with grouped yuan and 2 decimals, hours
// with one decimal, shares as percent with one decimal, "—" for a figure nobody reached.
const NONE = '—';
const money = (cents: number) =>
  `${cents < 0 ? '-' : ''}¥${String(Math.floor(Math.abs(cents) / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
const count = (n: number | null) => (n === null ? NONE : n.toLocaleString('en-US'));
const hours = (h: number | null) => (h === null ? NONE : `${h.toFixed(1)} 小时`);
const share = (s: number | null) => (s === null ? NONE : `${(s * 100).toFixed(1)}%`);

const HEADLINE_FORMATS: Record<string, (v: number | null) => string> = {
  'orders.count': count,
  'orders.amount': (v) => (v === null ? NONE : money(v)),
  netAmount: (v) => (v === null ? NONE : money(v)),
  'processing.toApproved.medianHours': hours,
  'processing.toDelivered.medianHours': hours,
  'sla.breached': count,
  'rush.answeredWithinHourShare': share,
  'rush.windowsCompleteShare': share,
  'rush.onTimeShare': share,
  'afterSales.cases': count,
  'afterSales.refunds.amount': (v) => (v === null ? NONE : money(v)),
};

describe('reports dashboard in a browser (R-REPORT-2)', () => {
  let sys: TestSystem;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const today = businessDay(new Date());

  const newPage = async (options: Parameters<Browser['newContext']>[0]): Promise<Page> => {
    const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, ...options });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  };

  async function signIn(page: Page, role: string): Promise<void> {
    await page.getByLabel('工作邮箱').fill(`${role}@example.com`);
    await page.getByLabel('密码').fill(sys.demoPassword);
    await page.getByRole('button', { name: '登录' }).click();
  }

  /** The dashboard has drawn the report of this query (or an error / no-access state). */
  async function shown(page: Page, query: string): Promise<void> {
    await page.locator(`#report-view[data-query="${query}"]`).waitFor({ state: 'attached' });
    await page.locator('body[data-state="ready"]').waitFor({ state: 'attached' });
  }

  async function report(from: string, to: string, granularity = 'day'): Promise<Report> {
    const token = await sys.login('finance');
    const res = await sys.api(`/api/reports/summary?from=${from}&to=${to}&granularity=${granularity}`, {
      token,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Report;
  }

  const texts = (page: Page, selector: string) =>
    page.locator(selector).evaluateAll((els) => els.map((el) => (el.textContent ?? '').trim()));

  async function placeWeb(
    overrides: Record<string, unknown>,
  ): Promise<{ orderId: string; orderNumber: string }> {
    const res = await sys.api('/api/orders', { json: orderBody(overrides) });
    expect(res.status).toBe(201);
    return (await res.json()) as { orderId: string; orderNumber: string };
  }

  beforeAll(async () => {
    process.env['WORKING_CALENDAR'] = ROUND_THE_CLOCK;
    process.env['APPROVAL_DEADLINE_HOURS'] = JSON.stringify({ ops: 1000, sales_director: 1000, gm: 1000 });
    sys = await startTestSystem();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

    // Three web orders of two companies, one phone order taken by sales, one approved by ops.
    const first = await placeWeb({ items: [{ sku: 'BRG-6204', quantity: 10, unitPrice: 1250 }] });
    await placeWeb({ items: [{ sku: 'BRG-6204', quantity: 4, unitPrice: 1250 }] });
    await placeWeb({
      customer: { name: '李四', company: '北京精工贸易有限公司', email: 'li@customer.example' },
      items: [{ sku: 'BRG-6204', quantity: 100, unitPrice: 1250 }],
      priority: 'urgent',
    });
    const sales = await sys.login('sales');
    const phone = await sys.api('/api/orders', { token: sales, json: orderBody({ priority: 'important' }) });
    expect(phone.status).toBe(201);
    await waitForStep(sys, first.orderId, 'ops');
    const link = await approvalLink(sys, first.orderNumber, 'ops@example.com');
    expect((await decideByLink(link, 'approve')).status).toBe(200);
    await waitForStatus(sys, first.orderId, 'approved');
    // The figures settle once the approval has reached the report.
    await eventually(
      async () => {
        const r = await report(today, today);
        return r.orders.count === 4 && r.byStatus['approved']?.count === 1 ? r : undefined;
      },
      30_000,
      "today's report with 4 orders, 1 approved",
    );
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await sys?.close();
  }, 60_000);

  it('shows the API figures of the period picked, keeps the period in the URL and downloads the CSV', async () => {
    const page = await newPage(DESKTOP);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    // Without a session the page sends finance to sign in, then back to the dashboard.
    await page.goto(`${sys.baseUrl}/staff/reports.html`);
    await page.waitForURL(/\/staff\/index\.html\?next=reports\.html/);
    await signIn(page, 'finance');
    await page.waitForURL(
      /\/staff\/reports\.html\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&granularity=day$/,
    );
    await page.locator('body[data-state="ready"]').waitFor({ state: 'attached' });
    expect(await page.getByRole('button', { name: '最近 30 天' }).getAttribute('aria-pressed')).toBe('true');

    // --- 今天 Today: every headline, the series, the breakdowns and the top tables match the API.
    await page.getByRole('button', { name: '今天', exact: true }).click();
    const todayQuery = `?from=${today}&to=${today}&granularity=day`;
    await shown(page, todayQuery);
    expect(new URL(page.url()).search).toBe(todayQuery);
    expect(await page.getByRole('button', { name: '今天', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    const api = await report(today, today);
    expect(api.orders.count).toBe(4);
    expect(await page.locator('#report-heading').textContent()).toBe(today);
    for (const [key, format] of Object.entries(HEADLINE_FORMATS)) {
      const value = await page.locator(`#kpis li[data-key="${key}"] .kpi-value`).textContent();
      expect(value, key).toBe(format(api.change[key as keyof Report['change']].current));
    }
    expect(await texts(page, '#series-table tbody tr')).toEqual(
      api.series.map((p) => `${p.bucket}${count(p.count)}${money(p.amount)}`),
    );
    for (const [part, record] of [
      ['part-channel', api.byChannel],
      ['part-status', api.byStatus],
      ['part-priority', api.byPriority],
    ] as const) {
      const codes = await page
        .locator(`#${part} li.hbar`)
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-code')));
      // Codes with nothing in the period are left out of the bars.
      const present = Object.entries(record).filter(([, value]) => value.count || value.amount);
      expect(codes.sort(), part).toEqual(present.map(([code]) => code).sort());
      for (const [code, value] of present) {
        expect(await page.locator(`#${part} li[data-code="${code}"] .hbar-value`).textContent()).toBe(
          `${count(value.count)} 单 · ${money(value.amount)}`,
        );
      }
    }
    expect(api.byChannel['phone']?.count).toBe(1);
    expect(await page.locator('#part-channel li[data-code="phone"] .hbar-label').textContent()).toBe('电话');
    expect(await texts(page, '#top-customers tbody tr')).toEqual(
      api.topCustomers.map((c, i) => `${i + 1}${c.name}${count(c.count)}${money(c.amount)}`),
    );
    expect(await texts(page, '#top-products tbody tr')).toEqual(
      api.topProducts.map((p, i) => `${i + 1}${p.sku}${p.name}${count(p.quantity)}${money(p.amount)}`),
    );
    const opsRow = (await texts(page, '#approvals-table tbody tr')).find((row) => row.startsWith('运营'));
    const opsTier = api.approvals.find((a) => a.tier === 'ops');
    expect(opsTier?.approved).toBe(1);
    expect(opsRow).toBe(
      `运营${count(opsTier!.count)}${count(opsTier!.approved)}${count(opsTier!.rejected)}${hours(opsTier!.answer.medianHours)}${hours(opsTier!.answer.p90Hours)}`,
    );
    expect(await page.locator('#report-empty').isVisible()).toBe(false);
    expect(await page.locator('main').textContent()).not.toContain('NaN');
    await snap(page, 'reports-1-today-desktop');

    // --- Granularity 按月: the same period redrawn with month buckets, a new history entry.
    await page.getByLabel('统计粒度').selectOption('month');
    const monthQuery = `?from=${today}&to=${today}&granularity=month`;
    await shown(page, monthQuery);
    expect(new URL(page.url()).search).toBe(monthQuery);
    const byMonth = await report(today, today, 'month');
    expect(await page.locator('#part-series-title').textContent()).toBe('每月订单');
    expect(await texts(page, '#series-table tbody tr')).toEqual(
      byMonth.series.map((p) => `${p.bucket}${count(p.count)}${money(p.amount)}`),
    );
    expect(byMonth.series[0]?.bucket).toBe(`${today.slice(0, 8)}01`);
    expect(await page.locator('#series-chart .col-label').first().textContent()).toBe(today.slice(0, 7));

    // A reload keeps the period and the granularity.
    await page.reload();
    await shown(page, monthQuery);
    expect(await page.getByLabel('统计粒度').inputValue()).toBe('month');
    expect(await page.getByLabel('开始日期').inputValue()).toBe(today);

    // Back returns to the daily view of the same day.
    await page.goBack();
    await shown(page, todayQuery);
    expect(await page.getByLabel('统计粒度').inputValue()).toBe('day');
    expect(await page.locator('#part-series-title').textContent()).toBe('每日订单');

    // --- 下载 CSV: fetched with the token, saved under the server's file name, UTF-8 with a BOM.
    const token = await sys.login('finance');
    const direct = await sys.api(`/api/reports/summary${todayQuery}&format=csv`, { token });
    expect(direct.status).toBe(200);
    const disposition = direct.headers.get('content-disposition') ?? '';
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 CSV' }).click(),
    ]);
    expect(disposition).toContain(download.suggestedFilename().replace(/\.csv$/, ''));
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain(String(api.orders.count));
    await page.locator('#download-status', { hasText: download.suggestedFilename() }).waitFor();
    // 下载 Excel: the XLSX of the same period (a zip, "PK").
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 Excel' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe(download.suggestedFilename().replace(/\.csv$/, '.xlsx'));
    expect((await readFile((await xlsx.path())!)).subarray(0, 2).toString('latin1')).toBe('PK');

    // --- A link from the report email opens its period; a week without orders says so.
    const emptyFrom = '2020-01-06';
    const emptyTo = '2020-01-12';
    await page.goto(`${sys.baseUrl}/staff/reports.html?from=${emptyFrom}&to=${emptyTo}`);
    await shown(page, `?from=${emptyFrom}&to=${emptyTo}&granularity=day`);
    expect(await page.locator('#report-empty').textContent()).toBe('本期间没有订单。');
    expect(await page.locator('#kpis li[data-key="orders.count"] .kpi-value').textContent()).toBe('0');
    expect(
      await page.locator('#kpis li[data-key="processing.toApproved.medianHours"] .kpi-value').textContent(),
    ).toBe(NONE);
    expect(await page.locator('main').textContent()).not.toContain('NaN');
    expect(await page.locator('#series-chart').count()).toBe(0);
    await snap(page, 'reports-2-empty-week-desktop');

    // --- A custom period with the dates the wrong way round is stopped on the form.
    await page.getByLabel('开始日期').fill('2020-02-10');
    await page.getByLabel('结束日期').fill('2020-02-01');
    await page.getByRole('button', { name: '查看' }).click();
    expect(await page.locator('#period-to-error').textContent()).toBe('结束日期不能早于开始日期。');
    expect(new URL(page.url()).searchParams.get('from')).toBe(emptyFrom);

    // --- A hand-edited link the API refuses: the answer is shown, with a retry.
    await page.goto(`${sys.baseUrl}/staff/reports.html?from=2026-02-30&to=${today}`);
    await page.locator('body[data-state="error"]').waitFor({ state: 'attached' });
    expect(await page.locator('#report-error-text').textContent()).toBe('提交的内容有误，请按提示修改。');
    // The API's issue on `from` is shown under that field, in the page's language.
    expect(await page.locator('#period-from-error').textContent()).toBe(
      '“2026-02-30”不是有效的日期（YYYY-MM-DD）。',
    );
    expect(await page.getByLabel('开始日期').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#period-to-error').isVisible()).toBe(false);
    expect(await page.locator('#report-view').isVisible()).toBe(false);
    await snap(page, 'reports-3-bad-link-desktop');

    // --- While the answer is on its way the progress shows; a lost connection offers a retry.
    await page.goto(`${sys.baseUrl}/staff/reports.html?from=${today}&to=${today}`);
    await shown(page, todayQuery);
    const route = '**/api/reports/summary**';
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(route, async (held) => {
      await gate;
      await held.continue();
    });
    await page.getByRole('button', { name: '本月', exact: true }).click();
    await page.locator('#report-loading progress').waitFor();
    expect(await page.locator('body').getAttribute('data-state')).toBe('loading');
    expect(await page.locator('#report-view').getAttribute('aria-busy')).toBe('true');
    release();
    const monthStart = `${today.slice(0, 8)}01`;
    await shown(page, `?from=${monthStart}&to=${today}&granularity=day`);
    expect(await page.locator('#report-loading').isVisible()).toBe(false);
    await page.unroute(route);

    await page.route(route, (lost) => lost.abort('connectionrefused'));
    await page.getByRole('button', { name: '今天', exact: true }).click();
    await page.locator('body[data-state="error"]').waitFor({ state: 'attached' });
    expect(await page.locator('#report-error-text').textContent()).toBe('网络连接失败，请检查网络后重试。');
    await page.unroute(route);
    await page.getByRole('button', { name: '重试' }).click();
    await shown(page, todayQuery);
    expect(await page.locator('#report-error').isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('picks the preset periods on Beijing dates whatever the device zone', async () => {
    const page = await newPage({ ...DESKTOP, timezoneId: 'America/Los_Angeles' });
    await page.goto(`${sys.baseUrl}/staff/reports.html?from=${today}&to=${today}&granularity=week`);
    await signIn(page, 'ops');
    await shown(page, `?from=${today}&to=${today}&granularity=week`);
    const plus = (day: string, days: number) =>
      new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const monday = plus(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
    const expected: [string, string, string][] = [
      ['昨天', plus(today, -1), plus(today, -1)],
      ['上周', plus(monday, -7), plus(monday, -1)],
      ['本月', `${today.slice(0, 8)}01`, today],
      ['最近 30 天', plus(today, -29), today],
      ['今天', today, today],
    ];
    for (const [name, from, to] of expected) {
      await page.getByRole('button', { name, exact: true }).click();
      // The granularity chosen stays with the new period.
      await shown(page, `?from=${from}&to=${to}&granularity=week`);
      expect(await page.getByRole('button', { name, exact: true }).getAttribute('aria-pressed'), name).toBe(
        'true',
      );
      // Only presets of these very days show as chosen (on the 1st, 今天 and 本月 coincide).
      const pressed = await page.locator('[data-preset][aria-pressed="true"]').allTextContents();
      for (const other of pressed) {
        const days = expected.find(([n]) => n === other.trim());
        expect(days?.slice(1), other).toEqual([from, to]);
      }
    }
  });

  it('fits a 360 px phone without sideways scrolling, in both languages', async () => {
    const page = await newPage({ ...PHONE, viewport: { width: 360, height: 740 } });
    await page.goto(`${sys.baseUrl}/staff/reports.html?from=${today}&to=${today}`);
    await signIn(page, 'gm');
    await shown(page, `?from=${today}&to=${today}&granularity=day`);
    await expectNoSidewaysScroll(page);
    await snap(page, 'reports-4-phone');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    expect(await page.locator('#kpis li[data-key="orders.count"] .kpi-label').textContent()).toBe('Orders');
    await expectNoSidewaysScroll(page);
    await snap(page, 'reports-5-phone-english');
  });

  it('tells a role without access that reports are not open to it, and hides the link (R-SEC-2)', async () => {
    const page = await newPage(DESKTOP);
    await page.goto(`${sys.baseUrl}/staff/index.html`);
    await signIn(page, 'production');
    await page.locator('#queue-view').waitFor();
    expect(await page.locator('#reports-link').isVisible()).toBe(false);

    await page.goto(`${sys.baseUrl}/staff/reports.html?from=${today}&to=${today}`);
    await page.locator('body[data-state="forbidden"]').waitFor({ state: 'attached' });
    expect(await page.getByRole('heading', { name: '无权查看报表' }).isVisible()).toBe(true);
    expect(await page.locator('#no-access-text').textContent()).toContain('财务部');
    expect(await page.locator('#picker').isVisible()).toBe(false);
    expect(await page.locator('#report-view').isVisible()).toBe(false);
    await snap(page, 'reports-6-no-access');

    // Finance sees the link in the console navigation.
    const finance = await newPage(DESKTOP);
    await finance.goto(`${sys.baseUrl}/staff/index.html`);
    await signIn(finance, 'finance');
    await finance.getByRole('link', { name: '报表' }).click();
    await finance.waitForURL(/\/staff\/reports\.html/);
    await finance.locator('body[data-state="ready"]').waitFor({ state: 'attached' });
  });

  it('shows quotation figures to every report role and receivables only to finance, ops and gm (R-QUOTE-1..3, R-FIN-2, R-SEC-2)', async () => {
    const sales = await sys.login('sales');
    const made = await sys.api('/api/quotations', {
      token: sales,
      json: {
        customer: { name: '王经理', company: '报价测试有限公司', email: 'buyer@quote.example' },
        items: [{ sku: 'BRG-6204', quantity: 2, unitPrice: 1250 }],
        validUntil: businessDay(new Date(Date.now() + 30 * 86_400_000)),
        deliveryTerms: '收款后 15 天交货',
        paymentTerms: '月结 30 天',
      },
    });
    expect(made.status).toBe(201);
    const api = await report(today, today);
    expect(api.quotations?.quoted).toBeGreaterThanOrEqual(1);
    const receivables = await sys.api(`/api/reports/receivables?from=${today}&to=${today}`, {
      token: await sys.login('finance'),
    });
    const balances = (await receivables.json()) as { outstanding: number };

    const finance = await newPage(DESKTOP);
    await finance.goto(`${sys.baseUrl}/staff/reports.html?from=${today}&to=${today}`);
    await signIn(finance, 'finance');
    await shown(finance, `?from=${today}&to=${today}&granularity=day`);
    const quoted = await texts(finance, '#part-quotations dd');
    expect(quoted[0]).toBe(`${count(api.quotations!.quoted)} 份 · ${money(api.quotations!.quotedAmount)}`);
    expect(await finance.locator('#part-receivables-title').textContent()).toBe('应收账款');
    expect((await texts(finance, '#part-receivables dt'))[0]).toBe(`未收合计（截至 ${today}）`);
    expect((await texts(finance, '#part-receivables dd'))[0]).toBe(money(balances.outstanding));
    await finance.getByRole('button', { name: 'English' }).click();
    await finance.getByRole('heading', { name: 'Receivables' }).waitFor();
    expect(await finance.locator('#part-quotations-title').textContent()).toBe('Quotations');
    await snap(finance, 'reports-7-quotations-receivables');

    // The sales director sees the quotations, but no balances, and never asks for them.
    const director = await newPage(DESKTOP);
    const asked: string[] = [];
    director.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await director.goto(`${sys.baseUrl}/staff/reports.html?from=${today}&to=${today}`);
    await signIn(director, 'sales_director');
    await shown(director, `?from=${today}&to=${today}&granularity=day`);
    expect(await director.locator('#part-quotations').isVisible()).toBe(true);
    expect(await director.locator('#part-receivables').count()).toBe(0);
    expect(asked).not.toContain('/api/reports/receivables');
  });
});
