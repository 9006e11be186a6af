/** The report email (R-REPORT-1): renders in mail clients, Chinese first, changes and bars right. */
import { describe, expect, it } from 'vitest';
import { bar, changeBadge, reportDashboardUrl, reportEmail } from '#shared/notifications/report-email.ts';
import { HEADLINES } from '#shared/reports/report-tables.ts';
import { sampleReport } from '../support/sample-report.ts';

const url = reportDashboardUrl('https://orders.example.com/', { from: '2026-11-26', to: '2026-11-26' });
const email = reportEmail(sampleReport(), { kind: 'daily', dashboardUrl: url });

const headline = (key: string) => HEADLINES.find((h) => h.key === key)!;

describe('report email (R-REPORT-1)', () => {
  it('has no scripts, no style sheets, no external images: inline styles only', () => {
    expect(email.html).not.toMatch(/<script/i);
    expect(email.html).not.toMatch(/<style/i);
    expect(email.html).not.toMatch(/<link/i);
    expect(email.html).not.toMatch(/<img/i);
    expect(email.html).not.toMatch(/\sclass=/i);
    expect(email.html).not.toMatch(/javascript:/i);
    expect(email.html).toMatch(/<table role="presentation"/);
    expect((email.html.match(/style="/g) ?? []).length).toBeGreaterThan(50);
  });

  it('puts Chinese before English: subject, title and every section', () => {
    expect(email.subject).toBe('每日订单报表 2026-11-26 / Daily order report 2026-11-26');
    const chineseFirst = (zh: string, en: string) => {
      const i = email.html.indexOf(zh);
      expect(i, zh).toBeGreaterThan(-1);
      expect(i).toBeLessThan(email.html.indexOf(en, i));
    };
    chineseFirst('每日订单报表', 'Daily order report');
    chineseFirst('核心指标', 'Headline figures');
    chineseFirst('按渠道', 'By channel');
    chineseFirst('客户', 'Top customers');
    chineseFirst('产品', 'Top products');
    chineseFirst('查看报表看板', 'Open the dashboard');
    expect(email.text.indexOf('每日订单报表')).toBeLessThan(email.text.indexOf('Daily order report'));
  });

  it('shows the headline figures with the change against the previous period', () => {
    // 24 orders vs 12: ▲ 100.0 %, green (more orders is good).
    expect(email.html).toContain('<strong style="font-size:15px">24</strong>');
    expect(email.html).toContain('▲ 100.0%');
    expect(email.text).toContain('订单数 Orders: 24 (▲100.0%)');
    const good = changeBadge(headline('orders.count'), 0.25, 3);
    const bad = changeBadge(headline('sla.breached'), 0.25, 3);
    expect(good).toContain('▲ 25.0%');
    expect(good).toContain('#1a7f37');
    expect(bad).toContain('#b42318');
    expect(changeBadge(headline('sla.breached'), -0.5, -1)).toContain('▼ 50.0%');
    expect(changeBadge(headline('orders.count'), null, null)).toContain('—');
    // From zero there is no ratio: the absolute change is shown.
    expect(changeBadge(headline('orders.amount'), null, 12_345)).toContain('▲ ¥123.45');
  });

  it('draws bars whose widths are proportional to the values', () => {
    const widths = (html: string) => [...html.matchAll(/<td width="([\d.]+)%"/g)].map((m) => Number(m[1]));
    expect(widths(bar(50, 200))).toEqual([25]);
    expect(widths(bar(200, 200))).toEqual([100]);
    expect(widths(bar(0, 200))).toEqual([]);
    expect(widths(bar(1, 100_000))).toEqual([1]);
    // By channel: web 1,600,000 fen, phone 669,100, email 200,000 → 100 %, 41.8 %, 12.5 %.
    const channel = email.html.slice(email.html.indexOf('按渠道'), email.html.indexOf('按优先级'));
    expect(widths(channel)).toEqual([100, 41.8, 12.5]);
  });

  it('lists the top 10s and links to the dashboard for the period', () => {
    expect(url).toBe('https://orders.example.com/staff/reports.html?from=2026-11-26&to=2026-11-26');
    expect(email.html).toContain(`href="${url.replaceAll('&', '&amp;')}"`);
    expect(email.html).toContain('上海&quot;精密&quot;, 机械有限公司');
    expect(email.html).toContain('深沟球轴承 6204');
    expect(email.html).toContain('¥6,000.00');
  });

  it('carries no customer contact data (R-SEC-1)', () => {
    for (const text of [email.html, email.text]) {
      expect(text).not.toContain('buyer@a.example');
      expect(text).not.toContain('13900000000');
    }
  });

  it('says when a table has no rows', () => {
    const empty = reportEmail(sampleReport({ topCustomers: [], topProducts: [], approvals: [] }), {
      kind: 'weekly',
      dashboardUrl: url,
    });
    expect(empty.subject.startsWith('每周订单报表')).toBe(true);
    expect(empty.html).toContain('无数据 No data');
  });
});
