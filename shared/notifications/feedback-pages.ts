/**
 * The customer's satisfaction page after a rush order is delivered (R-RUSH-7, 第十三条): GET
 * shows a form with a score of 1–5 (big radio buttons drawn as stars) and an optional comment,
 * POST answers with an outcome page. Like the approval pages: complete HTML documents, inline
 * CSS, no script, `noindex`, `no-referrer`, every value escaped through the `html` tag.
 */

import { Html, html, shanghai, withLang } from './approval-page-format.ts';
import type { PageLanguage } from './approval-pages.ts';

export interface FeedbackPageView {
  orderNumber: string;
  /** The signed link itself; the form posts back to it. */
  actionUrl: string;
}

export type FeedbackOutcome = 'thanks' | 'already' | 'invalid' | 'score-required';

export interface FeedbackOutcomeDetails {
  orderNumber?: string;
  /** For score-required: back to the form. */
  retryUrl?: string;
  /** For already: when the earlier answer was given (ISO). */
  at?: string;
}

/** Suggested HTTP status of each outcome page. */
export const FEEDBACK_OUTCOME_STATUS: Record<FeedbackOutcome, number> = {
  thanks: 200,
  already: 409,
  invalid: 404,
  'score-required': 400,
};

export const COMMENT_MAX = 2000;

const other = (lang: PageLanguage): PageLanguage => (lang === 'en' ? 'zh-CN' : 'en');
const at = (lang: PageLanguage): 0 | 1 => (lang === 'en' ? 1 : 0);

const TEXT = {
  app: ['订单台', 'Order desk'],
  title: ['满意度评价', 'How did we do?'],
  heading: [(n: string) => `订单 ${n} 满意度评价`, (n: string) => `Your rating of order ${n}`],
  intro: [
    '您的紧急订单已交付。请花一分钟告诉我们您是否满意，我们会据此改进。',
    'Your rush order has been delivered. Please take a minute to tell us how satisfied you are, so we can improve.',
  ],
  score: ['总体满意度', 'Overall satisfaction'],
  scoreHint: ['请选择 1–5 星（必选）。', 'Choose 1 to 5 stars (required).'],
  comment: ['意见与建议（选填）', 'Comments (optional)'],
  commentHint: [`最多 ${COMMENT_MAX} 字。`, `At most ${COMMENT_MAX} characters.`],
  submit: ['提交评价', 'Send rating'],
  once: [
    '此链接仅供贵司使用，评价只能提交一次。',
    'This link is for your company only; a rating can be sent once.',
  ],
  footer: ['订单台 · 客户满意度', 'Order desk · customer satisfaction'],
  back: ['返回评价页面', 'Back to the rating page'],
} as const;

const SCORES: Record<number, readonly [string, string]> = {
  1: ['很不满意', 'Very dissatisfied'],
  2: ['不满意', 'Dissatisfied'],
  3: ['一般', 'Neutral'],
  4: ['满意', 'Satisfied'],
  5: ['非常满意', 'Very satisfied'],
};

const OUTCOME_TITLE: Record<FeedbackOutcome, readonly [string, string]> = {
  thanks: ['感谢您的评价', 'Thank you'],
  already: ['已评价', 'Already rated'],
  invalid: ['链接无效', 'Link not valid'],
  'score-required': ['请选择评分', 'Score required'],
};

function sentence(outcome: FeedbackOutcome, d: FeedbackOutcomeDetails, lang: PageLanguage): string {
  const n = d.orderNumber;
  const when = d.at ? shanghai(d.at) : undefined;
  if (lang === 'en') {
    return {
      thanks: `Thank you. Your rating of ${n ? `order ${n}` : 'the order'} has been recorded.`,
      already: `${n ? `Order ${n}` : 'This order'} has already been rated${when ? ` (${when}, Beijing time)` : ''}. Thank you.`,
      invalid: 'This link is not valid. Open the link from your email exactly as it was sent.',
      'score-required': 'Please choose a score from 1 to 5 stars before sending.',
    }[outcome];
  }
  return {
    thanks: `感谢您的评价！${n ? `订单 ${n} 的` : ''}评价已记录。`,
    already: `${n ? `订单 ${n} ` : '该订单'}已经评价过了${when ? `（${when}，北京时间）` : ''}，感谢您的反馈。`,
    invalid: '此链接无效，请使用邮件中的完整链接打开。',
    'score-required': '请先选择 1–5 星的评分，再提交。',
  }[outcome];
}

const STYLE = `
:root{--ink:#1f2328;--soft:#57606a;--line:#d0d7de;--brand:#b3261e;--ok:#1a7f37;--warn:#8a4b00;--star:#bf8700;
font-family:system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
color:var(--ink);background:#f4f6f8;line-height:1.55;-webkit-text-size-adjust:100%}
*{box-sizing:border-box}body{margin:0;font-size:16px}
header{display:flex;justify-content:space-between;align-items:center;gap:.75rem;background:var(--brand);color:#fff;padding:.5rem 1rem;min-height:56px}
header b{font-size:1.1rem;letter-spacing:.05em}header small{opacity:.85;font-weight:400}
header a{color:#fff;border:2px solid rgb(255 255 255/.8);border-radius:999px;padding:.45rem .9rem;text-decoration:none}
main{max-width:640px;margin:0 auto;padding:.75rem .75rem 3rem}
h1{font-size:1.4rem;line-height:1.3;margin:.5rem 0;overflow-wrap:anywhere}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:1rem;margin:0 0 1rem}
fieldset{border:0;margin:0 0 1rem;padding:0}legend{font-weight:700;font-size:1.1rem;margin-bottom:.25rem}
.scores{display:flex;flex-direction:column;gap:.5rem;margin-top:.5rem}
.score{display:flex;align-items:center;gap:.75rem;min-height:56px;padding:.5rem .9rem;border:2px solid var(--line);border-radius:10px;cursor:pointer;font-weight:600}
.score input{width:1.6rem;height:1.6rem;margin:0;flex:none;accent-color:var(--brand)}
.score:has(input:checked){border-color:var(--star);background:#fff8c5}
.stars{color:var(--star);font-size:1.5rem;letter-spacing:.1em;min-width:8.5rem}.stars s{color:var(--line);text-decoration:none}
label.block{display:block;font-weight:600;margin-bottom:.3rem}
textarea{display:block;width:100%;min-height:7rem;padding:.55rem .7rem;font:inherit;font-size:16px;border:1.5px solid #8c959f;border-radius:8px}
.soft{color:var(--soft)}
button,.button{display:block;width:100%;min-height:52px;border-radius:8px;border:2px solid transparent;font:inherit;font-weight:700;font-size:1.1rem;cursor:pointer;text-align:center;text-decoration:none;padding:.6rem 1rem;background:var(--brand);color:#fff;margin-top:1rem}
button small{font-weight:400;opacity:.85}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.outcome{text-align:center;padding:1.5rem 1rem}.outcome .icon{font-size:2.5rem;line-height:1}
.t-ok .icon{color:var(--ok)}.t-warn .icon{color:var(--warn)}.t-error .icon{color:var(--brand)}
.other{color:var(--soft);font-size:.9rem}footer{color:var(--soft);font-size:.85rem;text-align:center}
`.replace(/\n/g, '');

type Key = keyof typeof TEXT;
function word<K extends Key>(key: K, lang: PageLanguage): (typeof TEXT)[K][0] | (typeof TEXT)[K][1] {
  return TEXT[key][at(lang)];
}

function page(lang: PageLanguage, title: string, body: Html, switchUrl?: string): string {
  const o = other(lang);
  const toggle = switchUrl
    ? html`<a href="${withLang(switchUrl, o)}" lang="${o}" hreflang="${o}">${lang === 'en' ? '中文' : 'English'}</a>`
    : '';
  return html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light"><meta name="format-detection" content="telephone=no">
<title>${title} · ${word('app', lang)}</title><style>${new Html(STYLE)}</style></head>
<body><header><b>${TEXT.app[0]} <small>${TEXT.app[1]}</small></b>${toggle}</header>
<main>${body}<footer>${word('footer', lang)}</footer></main></body></html>
`.value;
}

/** The rating form the customer opens from the email (R-RUSH-7). */
export function renderFeedbackPage(view: FeedbackPageView, lang: PageLanguage): string {
  const i = at(lang);
  const o = other(lang);
  // Highest first: the most common answer is nearest the thumb.
  const choices = [5, 4, 3, 2, 1].map((score) => {
    const label = SCORES[score]![i];
    return html`<label class="score"><input type="radio" name="score" value="${score}" required>
<span class="stars" aria-hidden="true">${'★'.repeat(score)}<s>${'☆'.repeat(5 - score)}</s></span>
<span>${score} · ${label}</span></label>`;
  });
  const body = html`<h1>${word('heading', lang)(view.orderNumber)}</h1>
<form class="card" method="post" action="${view.actionUrl}" accept-charset="utf-8">
<p>${word('intro', lang)}</p>
<fieldset aria-describedby="score-hint"><legend>${word('score', lang)}</legend>
<p id="score-hint" class="soft">${word('scoreHint', lang)}</p>
<div class="scores">${choices}</div></fieldset>
<label class="block" for="comment">${word('comment', lang)}</label>
<textarea id="comment" name="comment" rows="5" maxlength="${COMMENT_MAX}" aria-describedby="comment-hint"></textarea>
<p id="comment-hint" class="soft">${word('commentHint', lang)}</p>
<button type="submit">${word('submit', lang)} <small lang="${o}">${word('submit', o)}</small></button>
<p class="soft">${word('once', lang)}</p>
</form>`;
  return page(lang, `${word('title', lang)} ${view.orderNumber}`, body, view.actionUrl);
}

const TONE: Record<FeedbackOutcome, 'ok' | 'warn' | 'error'> = {
  thanks: 'ok',
  already: 'warn',
  invalid: 'error',
  'score-required': 'warn',
};
const ICON = { ok: '✓', warn: '!', error: '✕' };

/** The answer to a POSTed rating (or to a link that cannot be used), in both languages. */
export function renderFeedbackOutcome(
  outcome: FeedbackOutcome,
  details: FeedbackOutcomeDetails,
  lang: PageLanguage,
): string {
  const tone = TONE[outcome];
  const title = OUTCOME_TITLE[outcome][at(lang)];
  const retry =
    outcome === 'score-required' && details.retryUrl
      ? html`<p><a class="button" href="${details.retryUrl}">${word('back', lang)}</a></p>`
      : '';
  const body = html`<section class="card outcome t-${tone}" data-outcome="${outcome}">
<p class="icon" aria-hidden="true">${ICON[tone]}</p>
<h1>${title}</h1>
<p>${sentence(outcome, details, lang)}</p>
<p class="other" lang="${other(lang)}">${sentence(outcome, details, other(lang))}</p>
${retry}</section>`;
  // Both languages are on the page already; no switch (as on the approval outcome pages).
  return page(lang, `${title} (${outcome})`, body);
}
