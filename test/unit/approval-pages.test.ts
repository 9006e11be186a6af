import { describe, expect, it } from 'vitest';
import {
  type ApprovalOutcome,
  type ApprovalPageView,
  pageLanguage,
  renderApprovalPage,
  renderOutcomePage,
} from '#shared/notifications/approval-pages.ts';

const view = (over: Partial<ApprovalPageView> = {}): ApprovalPageView => ({
  orderNumber: 'OD20261127-ABC123',
  priority: 'urgent',
  customerName: '王小明',
  company: '上海明达机械有限公司',
  items: [
    {
      sku: 'BRG-6204',
      name: '深沟球轴承',
      spec: '6204-2RS',
      unit: '个',
      quantity: 100,
      unitPrice: 1150,
      listPrice: 1250,
      lastPrice: 1200,
      lineAmount: 115000,
      tier: 'gm',
      tierReason: 'R-PRICE-4: below list price and below last transaction price',
    },
    {
      sku: 'PMP-X1',
      name: '定制泵',
      unit: '台',
      quantity: 1,
      unitPrice: 123450,
      listPrice: null,
      lastPrice: null,
      lineAmount: 123450,
      tier: 'sales_director',
      tierReason: 'R-PRICE-3: no list price',
    },
  ],
  totalAmount: 238450,
  currency: 'CNY',
  requestedDate: '2026-12-01',
  paymentMethod: 'bank_transfer',
  role: 'gm',
  approvalChain: ['ops', 'sales_director', 'gm'],
  approvals: [
    { role: 'ops', actor: 'ops@example.com', at: '2026-11-27T02:00:00Z' },
    { role: 'sales_director', actor: 'director@example.com', at: '2026-11-27T03:30:00Z' },
  ],
  deadline: '2026-11-27T08:00:00Z',
  recipientEmail: 'gm@example.com',
  actionUrl: 'https://orders.example.cn/approvals/01JABCDEF?sig=a.b_c-d',
  ...over,
});

describe('the approval decision page (R-APPR-1)', () => {
  const page = renderApprovalPage(view(), 'zh-CN');

  it('is a complete document that search engines and referrers do not see', () => {
    expect(page).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(page).toContain('<meta name="robots" content="noindex">');
    expect(page).toContain('<meta name="referrer" content="no-referrer">');
    expect(page).toContain('<title>审批订单 OD20261127-ABC123 · 订单台</title>');
    expect(page).not.toMatch(/<script|<link /i);
  });

  it('posts the decision back to the signed link with approve and reject buttons', () => {
    expect(page).toContain(
      '<form class="card" method="post" action="https://orders.example.cn/approvals/01JABCDEF?sig=a.b_c-d"',
    );
    expect(page).toMatch(/<button type="submit" name="decision" value="approve"[^>]*>批准 /);
    expect(page).toMatch(/<button type="submit" name="decision" value="reject"[^>]*>驳回 /);
    expect(page).toContain('<textarea id="reason" name="reason"');
    expect(page).toContain('驳回时必填');
    expect(page).toContain('只能使用一次');
  });

  it('shows each line’s tier and why it needs it (R-PRICE-1..5)', () => {
    expect(page).toContain('R-PRICE-4: below list price and below last transaction price');
    expect(page).toContain('R-PRICE-3: no list price');
    expect(page).toContain('单价低于价目价（¥11.50 &lt; ¥12.50）');
    expect(page).toContain('单价低于上次成交价（¥11.50 &lt; ¥12.00）');
    expect(page).toContain('该产品无价目价');
    expect(page).toContain('需总经理审批');
    expect(page).toContain('¥2,384.50');
    expect(page).toContain('¥1,234.50');
  });

  it('shows the chain with who approved, this step, the deadline in Beijing time', () => {
    expect(page).toContain('运营 — 已批准：ops@example.com，2026-11-27 10:00');
    expect(page).toContain('销售总监 — 已批准：director@example.com，2026-11-27 11:30');
    expect(page).toContain('总经理 — 等待您的决定');
    expect(page).toContain('<b>2026-11-27 16:00</b>（北京时间）');
    expect(page).toContain('银行转账');
    expect(page).toContain('2026-12-01');
    expect(page).not.toContain('未在时限内处理');
  });

  it('says why when the step was escalated (R-APPR-2)', () => {
    expect(renderApprovalPage(view({ escalatedFrom: 'sales_director' }), 'zh-CN')).toContain(
      '因销售总监未在时限内处理',
    );
    expect(renderApprovalPage(view({ escalatedFrom: 'sales_director' }), 'en')).toContain(
      'because Sales director did not answer in time',
    );
  });

  it('lists an escalated step beyond the order’s chain after it (R-APPR-2)', () => {
    const escalated = renderApprovalPage(
      view({
        approvalChain: ['ops', 'sales_director'],
        approvals: [view().approvals[0]!],
        role: 'gm',
        escalatedFrom: 'sales_director',
      }),
      'zh-CN',
    );
    expect(escalated).toContain('<li class="soft">销售总监 — 超时未处理，已升级</li>');
    expect(escalated).toContain('<li class="now">总经理 — 等待您的决定</li>');
  });

  it('escapes what customers wrote (R-SEC-3)', () => {
    const evil = renderApprovalPage(
      view({ customerName: '<script>alert(1)</script>', company: '"><img src=x onerror=alert(1)>' }),
      'zh-CN',
    );
    expect(evil).not.toContain('<script>');
    expect(evil).not.toContain('<img');
    expect(evil).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(evil).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('renders in English with a switch back that keeps the signature', () => {
    const en = renderApprovalPage(view(), 'en');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Approve order OD20261127-ABC123');
    expect(en).toContain('Below list price (¥11.50 &lt; ¥12.50)');
    expect(en).toContain('Reason (required to reject)');
    expect(en).toContain('<b>2026-11-27 16:00</b> (Beijing time)');
    expect(en).toMatch(/value="approve"[^>]*>Approve <small lang="zh-CN">批准<\/small>/);
    expect(en).toContain('href="https://orders.example.cn/approvals/01JABCDEF?sig=a.b_c-d&amp;lang=zh-CN"');
    expect(page).toContain('href="https://orders.example.cn/approvals/01JABCDEF?sig=a.b_c-d&amp;lang=en"');
  });

  it('replaces a lang the link already has instead of adding a second one', () => {
    const zh = renderApprovalPage(view({ actionUrl: '/approvals/X?lang=en&sig=s%2Bt' }), 'en');
    expect(zh).toContain('href="/approvals/X?sig=s%2Bt&amp;lang=zh-CN"');
  });
});

describe('the outcome pages', () => {
  const sentences: Record<ApprovalOutcome, [string, string]> = {
    approved: ['已批准订单 OD1', 'Order OD1 approved'],
    rejected: ['已驳回订单 OD1', 'Order OD1 rejected'],
    'already-decided': [
      '订单 OD1的这一步已由 director@example.com 于 2026-11-27 11:30（北京时间）驳回',
      'already rejected by director@example.com on 2026-11-27 11:30',
    ],
    expired: ['已升级至总经理审批', 'escalated to General manager'],
    superseded: ['已被更新的审批请求取代', 'replaced by a newer request'],
    invalid: ['链接无效', 'This link is not valid'],
    'own-order': ['您不能审批自己的订单', 'You may not approve your own order'],
    'not-allowed': ['您的角色无权审批', 'Your role may not decide'],
    'reason-required': ['驳回时必须填写原因', 'A rejection needs a reason'],
    error: ['系统暂时出错', 'Something went wrong'],
  };
  const details = {
    orderNumber: 'OD1',
    decidedBy: 'director@example.com',
    decision: 'reject' as const,
    decidedAt: '2026-11-27T03:30:00Z',
    escalatedTo: 'gm',
    retryUrl: '/approvals/X?sig=s',
  };

  for (const [outcome, [zh, en]] of Object.entries(sentences) as [ApprovalOutcome, [string, string]][]) {
    it(`says ${outcome} in Chinese with English below, and the other way round`, () => {
      const zhPage = renderOutcomePage(outcome, details, 'zh-CN');
      expect(zhPage).toContain(zh);
      expect(zhPage).toContain(en);
      expect(zhPage.indexOf(zh)).toBeLessThan(zhPage.indexOf(en));
      expect(zhPage).toContain(`(${outcome}) · 订单台</title>`);
      expect(zhPage).toContain('<meta name="robots" content="noindex">');
      const enPage = renderOutcomePage(outcome, details, 'en');
      expect(enPage.indexOf(en)).toBeLessThan(enPage.indexOf(zh));
      expect(enPage).toContain(`(${outcome}) · Order desk</title>`);
    });
  }

  it('links back to the form only when a reason is missing', () => {
    expect(renderOutcomePage('reason-required', details, 'zh-CN')).toContain(
      '<a class="button" href="/approvals/X?sig=s">返回审批页面</a>',
    );
    expect(renderOutcomePage('approved', details, 'zh-CN')).not.toContain('返回审批页面');
  });

  it('reads well without details and escapes the ones it has', () => {
    expect(renderOutcomePage('already-decided', {}, 'en')).toContain(
      'This step of this order was already decided by another approver.',
    );
    expect(renderOutcomePage('expired', {}, 'zh-CN')).toContain('该订单的审批时限已过');
    expect(renderOutcomePage('already-decided', { decidedBy: '<b>x</b>' }, 'zh-CN')).toContain(
      '&lt;b&gt;x&lt;/b&gt;',
    );
  });
});

describe('a quotation on the approval pages (R-QUOTE-2)', () => {
  const quote = view({ orderNumber: 'QT20261204-XYZ789' });
  // The app's own name (订单台 Order desk) stays; everything else speaks of the quotation.
  const words = (html: string) => html.replaceAll('订单台', '').replaceAll(/order desk/gi, '');

  it('names the quotation 报价单 / quotation, never 订单 / order', () => {
    const zh = words(renderApprovalPage(quote, 'zh-CN'));
    expect(zh).toContain('审批报价单 QT20261204-XYZ789');
    expect(zh).toContain('报价单合计');
    expect(zh).not.toContain('订单');
    const en = words(renderApprovalPage(quote, 'en'));
    expect(en).toContain('Approve quotation QT20261204-XYZ789');
    expect(en).toContain('Quotation total');
    expect(en).not.toMatch(/order QT|Order total|Approve order/i);
    // An order keeps its words.
    expect(renderApprovalPage(view(), 'zh-CN')).toContain('审批订单 OD20261127-ABC123');
  });

  it('says quotation on every outcome page', () => {
    const outcomes: ApprovalOutcome[] = [
      'approved',
      'rejected',
      'already-decided',
      'expired',
      'own-order',
      'not-allowed',
    ];
    for (const outcome of outcomes) {
      const html = words(
        renderOutcomePage(
          outcome,
          { orderNumber: 'QT20261204-XYZ789', decidedBy: 'ops@example.com' },
          'zh-CN',
        ),
      );
      expect(html, outcome).not.toContain('订单');
      expect(html, outcome).not.toMatch(/order QT|own order|the order/i);
    }
    expect(renderOutcomePage('approved', { orderNumber: 'QT20261204-XYZ789' }, 'zh-CN')).toContain(
      '已批准报价单 QT20261204-XYZ789',
    );
  });
});

describe('pageLanguage', () => {
  it('lets ?lang win over the browser', () => {
    expect(pageLanguage('sig=abc&lang=en', 'zh-CN,zh;q=0.9')).toBe('en');
    expect(pageLanguage('?lang=zh-CN&sig=abc', 'en-US,en;q=0.9')).toBe('zh-CN');
    expect(pageLanguage('en', undefined)).toBe('en');
  });

  it('falls back to Accept-Language starting with en, else Chinese', () => {
    expect(pageLanguage(undefined, 'en-GB,en;q=0.8')).toBe('en');
    expect(pageLanguage('sig=abc', 'EN')).toBe('en');
    expect(pageLanguage('sig=abc&lang=fr', 'zh-CN')).toBe('zh-CN');
    expect(pageLanguage(undefined, 'de-DE,en;q=0.5')).toBe('zh-CN');
    expect(pageLanguage(undefined, undefined)).toBe('zh-CN');
    expect(pageLanguage('', '')).toBe('zh-CN');
  });
});
