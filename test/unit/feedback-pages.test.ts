import { describe, expect, it } from 'vitest';
import {
  FEEDBACK_OUTCOME_STATUS,
  type FeedbackOutcome,
  renderFeedbackOutcome,
  renderFeedbackPage,
} from '#shared/notifications/feedback-pages.ts';

const actionUrl = 'https://orders.example.cn/feedback/01JABCDEF?sig=a.b_c-d&x=1';
const view = { orderNumber: 'OD20261127-ABC123', actionUrl };

describe('the satisfaction page (R-RUSH-7)', () => {
  const page = renderFeedbackPage(view, 'zh-CN');

  it('is a complete document that is not indexed and sends no referrer, with no script', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('<meta name="robots" content="noindex">');
    expect(page).toContain('<meta name="referrer" content="no-referrer">');
    expect(page).not.toMatch(/<script/i);
  });

  it('posts to the action URL exactly', () => {
    expect(page).toContain(
      '<form class="card" method="post" action="https://orders.example.cn/feedback/01JABCDEF?sig=a.b_c-d&amp;x=1"',
    );
  });

  it('offers five score choices, 1 to 5, one required, and a comment of at most 2000 characters', () => {
    const scores = [...page.matchAll(/<input type="radio" name="score" value="(\d)" required>/g)].map((m) =>
      Number(m[1]),
    );
    expect(scores.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(page).toContain('<textarea id="comment" name="comment" rows="5" maxlength="2000"');
    expect(page).toContain('订单 OD20261127-ABC123 满意度评价');
    expect(page).toContain('非常满意');
    expect(page).toContain('很不满意');
  });

  it('switches language by link, keeping the other parameters', () => {
    expect(page).toContain(
      'href="https://orders.example.cn/feedback/01JABCDEF?sig=a.b_c-d&amp;x=1&amp;lang=en"',
    );
    const en = renderFeedbackPage({ ...view, actionUrl: `${actionUrl}&lang=en` }, 'en');
    expect(en).toContain(
      'href="https://orders.example.cn/feedback/01JABCDEF?sig=a.b_c-d&amp;x=1&amp;lang=zh-CN"',
    );
    expect(en).not.toContain('lang=en&amp;lang');
  });

  it('escapes every value', () => {
    const evil = renderFeedbackPage(
      { orderNumber: '<img src=x onerror=alert(1)>', actionUrl: 'https://x.example/f?sig="><script>' },
      'zh-CN',
    );
    expect(evil).not.toContain('<img src=x');
    expect(evil).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(evil).not.toContain('"><script>');
    expect(evil).toContain('sig=&quot;&gt;&lt;script&gt;');
  });

  it('speaks English', () => {
    const en = renderFeedbackPage(view, 'en');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Your rating of order OD20261127-ABC123');
    expect(en).toContain('Very satisfied');
    expect(en).toContain('Send rating');
    expect(en).toContain('>中文</a>');
  });
});

describe('the satisfaction outcome pages', () => {
  const details = { orderNumber: 'OD20261127-ABC123', retryUrl: `${actionUrl}&lang=en` };
  const cases: [FeedbackOutcome, string, string, number][] = [
    [
      'thanks',
      '感谢您的评价！订单 OD20261127-ABC123 的评价已记录。',
      'Thank you. Your rating of order OD20261127-ABC123 has been recorded.',
      200,
    ],
    [
      'already',
      '订单 OD20261127-ABC123 已经评价过了，感谢您的反馈。',
      'Order OD20261127-ABC123 has already been rated. Thank you.',
      409,
    ],
    [
      'invalid',
      '此链接无效，请使用邮件中的完整链接打开。',
      'This link is not valid. Open the link from your email exactly as it was sent.',
      404,
    ],
    [
      'score-required',
      '请先选择 1–5 星的评分，再提交。',
      'Please choose a score from 1 to 5 stars before sending.',
      400,
    ],
  ];

  for (const [outcome, zh, en, status] of cases) {
    it(`${outcome}: the sentence in both languages`, () => {
      const zhPage = renderFeedbackOutcome(outcome, details, 'zh-CN');
      expect(zhPage).toContain(`data-outcome="${outcome}"`);
      expect(zhPage).toContain(`(${outcome}) · 订单台</title>`);
      expect(zhPage).toContain(`<p>${zh}</p>`);
      expect(zhPage).toContain(`<p class="other" lang="en">${en}</p>`);
      const enPage = renderFeedbackOutcome(outcome, details, 'en');
      expect(enPage).toContain(`<p>${en}</p>`);
      expect(enPage).toContain(`(${outcome}) · Order desk</title>`);
      expect(FEEDBACK_OUTCOME_STATUS[outcome]).toBe(status);
      expect(zhPage).not.toMatch(/<script/i);
    });
  }

  it('score-required links back to the form; the others do not', () => {
    expect(renderFeedbackOutcome('score-required', details, 'zh-CN')).toContain(
      `<a class="button" href="${actionUrl.replace(/&/g, '&amp;')}&amp;lang=en">返回评价页面</a>`,
    );
    expect(renderFeedbackOutcome('thanks', details, 'zh-CN')).not.toContain('返回评价页面');
  });

  it('already says when, in Beijing time, and escapes the order number', () => {
    const page = renderFeedbackOutcome(
      'already',
      { orderNumber: '<b>x</b>', at: '2026-11-27T02:05:00Z' },
      'en',
    );
    expect(page).toContain(
      'Order &lt;b&gt;x&lt;/b&gt; has already been rated (2026-11-27 10:05, Beijing time).',
    );
  });
});
