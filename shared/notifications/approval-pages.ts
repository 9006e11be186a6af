/**
 * The pages behind an approver's personal email link (R-APPR-1): GET shows the decision page,
 * POST (decision=approve|reject&reason=…) answers with an outcome page. Complete HTML documents
 * with inline CSS and no script, because they are served by a Lambda and must work on any
 * phone's mail browser; the look follows web/css/app.css. Every value is escaped through the
 * `html` template tag — customer names and reasons are untrusted (R-SEC-3).
 */

import { Html, html, money, shanghai, withLang } from './approval-page-format.ts';
import {
  from,
  OUTCOME_TITLE,
  other,
  PAYMENT,
  PRIORITY,
  roleName,
  sentence,
  WORDS,
} from './approval-page-words.ts';

export type PageLanguage = 'zh-CN' | 'en';
type Role = 'ops' | 'sales_director' | 'gm';

export interface ApprovalPageView {
  orderNumber: string;
  priority: 'normal' | 'important' | 'urgent';
  customerName: string;
  company?: string;
  items: {
    sku: string;
    name: string;
    spec?: string;
    unit: string;
    quantity: number;
    unitPrice: number;
    listPrice: number | null;
    lastPrice: number | null;
    lineAmount: number;
    tier: Role;
    tierReason: string;
  }[];
  totalAmount: number;
  currency: string;
  requestedDate: string;
  paymentMethod: string;
  /** The role this step waits for. */
  role: Role;
  approvalChain: Role[];
  /** Decisions so far in this order's chain. */
  approvals: { role: string; actor: string; at: string }[];
  /** The role whose deadline passed, when this step was escalated (R-APPR-2). */
  escalatedFrom?: string;
  /** ISO timestamp; shown in Asia/Shanghai. */
  deadline: string;
  recipientEmail: string;
  /** The signed link itself; the form posts back to it. */
  actionUrl: string;
}

export type ApprovalOutcome =
  | 'approved'
  | 'rejected'
  | 'already-decided'
  | 'expired'
  | 'superseded'
  | 'invalid'
  | 'own-order'
  | 'not-allowed'
  | 'reason-required'
  | 'error';

export interface OutcomeDetails {
  orderNumber?: string;
  decidedBy?: string;
  decision?: 'approve' | 'reject';
  decidedAt?: string;
  escalatedTo?: string;
  /** For reason-required: back to the form. */
  retryUrl?: string;
}

// ---- page frame ----

const STYLE = `
:root{--ink:#1f2328;--soft:#57606a;--line:#d0d7de;--brand:#b3261e;--ok:#1a7f37;--warn:#8a4b00;
font-family:system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
color:var(--ink);background:#f4f6f8;line-height:1.55;-webkit-text-size-adjust:100%}
*{box-sizing:border-box}body{margin:0;font-size:16px}
header{display:flex;justify-content:space-between;align-items:center;gap:.75rem;background:var(--brand);color:#fff;padding:.5rem 1rem;min-height:56px}
header b{font-size:1.1rem;letter-spacing:.05em}header small{opacity:.85;font-weight:400}
header a{color:#fff;border:2px solid rgb(255 255 255/.8);border-radius:999px;padding:.45rem .9rem;text-decoration:none}
main{max-width:720px;margin:0 auto;padding:.75rem .75rem 3rem}
h1{font-size:1.4rem;line-height:1.3;margin:.5rem 0;overflow-wrap:anywhere}h2{font-size:1.1rem;margin:0 0 .5rem}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:1rem;margin:0 0 1rem}
.badge{display:inline-block;padding:.1rem .6rem;border-radius:999px;font-size:.9rem;font-weight:700;border:1.5px solid;margin:0 .3rem .3rem 0}
.b-normal{color:#424a53;background:#eaeef2}.b-important{color:var(--warn);background:#fff1d6}
.b-urgent{color:#fff;background:var(--brand);border-color:var(--brand)}.b-tier{color:#3e1f79;background:#fbefff;border-color:#c297ff}
.note{border-left:6px solid var(--warn);background:#fff1d6;border-radius:10px;padding:.75rem 1rem;margin:0 0 1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0}dt{color:var(--soft)}dd{margin:0;overflow-wrap:anywhere}
.item{border-top:1px solid var(--line);padding:.6rem 0}.item:first-of-type{border-top:0;padding-top:0}
.item p{margin:.15rem 0}.soft,.item small{color:var(--soft)}.amount{font-weight:700}
ul.why{margin:.2rem 0 0;padding-left:1.1rem;font-size:.95rem}
.total{font-size:1.1rem;margin:.5rem 0 0}.total b{font-size:1.35rem;color:var(--brand)}
ol.chain{margin:0;padding-left:1.4rem}ol.chain li{margin:.2rem 0}.done{color:var(--ok)}.now{font-weight:700}
label{display:block;font-weight:600;margin-bottom:.3rem}
textarea{display:block;width:100%;min-height:6rem;padding:.55rem .7rem;font:inherit;font-size:16px;border:1.5px solid #8c959f;border-radius:8px}
.buttons{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1rem}
button,.button{flex:1 1 9rem;min-height:48px;border-radius:8px;border:2px solid transparent;font:inherit;font-weight:700;font-size:1.05rem;cursor:pointer;text-align:center;text-decoration:none;padding:.6rem 1rem}
.approve{background:var(--ok);color:#fff}.reject{background:#fff;color:var(--brand);border-color:var(--brand)}
.button{display:inline-block;background:var(--brand);color:#fff}
button small,.button small{font-weight:400;opacity:.85}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.outcome{text-align:center;padding:1.5rem 1rem}.outcome .icon{font-size:2.5rem;line-height:1}
.t-ok .icon{color:var(--ok)}.t-warn .icon{color:var(--warn)}.t-error .icon{color:var(--brand)}
.other{color:var(--soft);font-size:.9rem}footer{color:var(--soft);font-size:.85rem;text-align:center}
`.replace(/\n/g, '');

function page(lang: PageLanguage, title: string, body: Html, switchUrl?: string): string {
  const w = WORDS[lang];
  const otherLang = other(lang);
  const toggle = switchUrl
    ? html`<a href="${withLang(switchUrl, otherLang)}" lang="${otherLang}" hreflang="${otherLang}">${lang === 'en' ? '中文' : 'English'}</a>`
    : '';
  return html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light"><meta name="format-detection" content="telephone=no">
<title>${title} · ${w.app}</title><style>${new Html(STYLE)}</style></head>
<body><header><b>${WORDS['zh-CN'].app} <small>${WORDS.en.app}</small></b>${toggle}</header>
<main>${body}<footer>${w.footer}</footer></main></body></html>
`.value;
}

// ---- decision page ----

/** Why a line needs its tier, from the same comparison as shared/domain/pricing.ts (R-PRICE-1..4). */
function reasons(line: ApprovalPageView['items'][number], lang: PageLanguage, currency: string): string[] {
  const w = WORDS[lang];
  const price = money(line.unitPrice, currency);
  const out: string[] = [];
  if (line.listPrice !== null && line.unitPrice < line.listPrice)
    out.push(w.belowList(price, money(line.listPrice, currency)));
  if (line.lastPrice !== null && line.unitPrice < line.lastPrice)
    out.push(w.belowLast(price, money(line.lastPrice, currency)));
  if (out.length === 0) out.push(line.listPrice === null ? w.noList : w.atOrAbove);
  return out;
}

/** The page an approver opens from the email: what is asked, why, and the approve/reject form. */
export function renderApprovalPage(view: ApprovalPageView, lang: PageLanguage): string {
  const w = WORDS[lang];
  const role = (r: string) => roleName(lang, r);
  const price = (cents: number | null) => (cents === null ? w.noPrice : money(cents, view.currency));
  const items = view.items.map(
    (line) => html`<div class="item">
<p><b>${line.name}</b> <small>${line.sku}${line.spec ? ` · ${line.spec}` : ''}</small></p>
<p>${line.quantity} ${line.unit} × ${money(line.unitPrice, view.currency)} = <span class="amount">${money(line.lineAmount, view.currency)}</span></p>
<p class="soft">${w.listPrice} ${price(line.listPrice)} · ${w.lastPrice} ${price(line.lastPrice)}</p>
<p><span class="badge b-tier">${w.tier(role(line.tier))}</span></p>
<ul class="why">${reasons(line, lang, view.currency).map((r) => html`<li>${r}</li>`)}<li class="soft">${line.tierReason}</li></ul>
</div>`,
  );
  // R-PRICE-5: approvers act in sequence; show who already approved and where this step is.
  // An escalation can reach a role beyond the order's own chain (R-APPR-2): list it last.
  const roles = view.approvalChain.includes(view.role)
    ? view.approvalChain
    : [...view.approvalChain, view.role];
  const current = roles.indexOf(view.role);
  const chain = roles.map((r, i) => {
    const done = view.approvals.find((a) => a.role === r);
    if (done) return html`<li class="done">${role(r)} — ${w.approvedBy(done.actor, shanghai(done.at))}</li>`;
    if (i === current) return html`<li class="now">${role(r)} — ${w.current}</li>`;
    if (r === view.escalatedFrom) return html`<li class="soft">${role(r)} — ${w.timedOut}</li>`;
    return html`<li class="soft">${role(r)} — ${i < current ? '—' : w.later}</li>`;
  });
  const body = html`<h1>${w.title(view.orderNumber)}</h1>
<p><span class="badge b-${view.priority}">${from(PRIORITY, view.priority, lang)}</span><span class="badge b-tier">${w.step(role(view.role))}</span></p>
${view.escalatedFrom ? html`<p class="note">${w.escalated(role(view.escalatedFrom))}</p>` : ''}
<section class="card"><dl>
<dt>${w.customer}</dt><dd>${view.customerName}</dd>
${view.company ? html`<dt>${w.company}</dt><dd>${view.company}</dd>` : ''}
<dt>${w.requestedDate}</dt><dd>${view.requestedDate}</dd>
<dt>${w.payment}</dt><dd>${from(PAYMENT, view.paymentMethod, lang)}</dd>
<dt>${w.deadline}</dt><dd><b>${shanghai(view.deadline)}</b>${w.beijing}</dd>
</dl><p class="total">${w.total(view.orderNumber)} <b>${money(view.totalAmount, view.currency)}</b></p></section>
<section class="card"><h2>${w.items(view.orderNumber)}</h2>${items}</section>
<section class="card"><h2>${w.chain}</h2><ol class="chain">${chain}</ol></section>
<form class="card" method="post" action="${view.actionUrl}" accept-charset="utf-8">
<h2>${w.decide}</h2>
<label for="reason">${w.reason}</label>
<textarea id="reason" name="reason" rows="4" aria-describedby="reason-hint"></textarea>
<p id="reason-hint" class="soft">${w.reasonHint}</p>
<div class="buttons">
<button type="submit" name="decision" value="approve" class="approve">${w.approve} <small lang="${other(lang)}">${WORDS[other(lang)].approve}</small></button>
<button type="submit" name="decision" value="reject" class="reject">${w.reject} <small lang="${other(lang)}">${WORDS[other(lang)].reject}</small></button>
</div>
<p class="soft">${w.once(view.recipientEmail)}</p>
</form>`;
  return page(lang, w.title(view.orderNumber), body, view.actionUrl);
}

// ---- outcome pages ----

const TONE: Record<ApprovalOutcome, 'ok' | 'warn' | 'error'> = {
  approved: 'ok',
  rejected: 'ok',
  'already-decided': 'warn',
  expired: 'warn',
  superseded: 'warn',
  invalid: 'error',
  'own-order': 'error',
  'not-allowed': 'error',
  'reason-required': 'warn',
  error: 'error',
};
const ICON = { ok: '✓', warn: '!', error: '✕' };

/** The answer to a POSTed decision (or to a link that cannot be used), in both languages. */
export function renderOutcomePage(
  outcome: ApprovalOutcome,
  details: OutcomeDetails,
  lang: PageLanguage,
): string {
  const w = WORDS[lang];
  const tone = TONE[outcome];
  const retry =
    outcome === 'reason-required' && details.retryUrl
      ? html`<p><a class="button" href="${details.retryUrl}">${w.back}</a></p>`
      : '';
  const body = html`<section class="card outcome t-${tone}" data-outcome="${outcome}">
<p class="icon" aria-hidden="true">${ICON[tone]}</p>
<h1>${from(OUTCOME_TITLE, outcome, lang)}</h1>
<p>${sentence(outcome, details, lang)}</p>
<p class="other" lang="${other(lang)}">${sentence(outcome, details, other(lang))}</p>
${retry}</section>`;
  // The outcome code in the title lets the Lambda's logs and tests tell the pages apart.
  return page(lang, `${from(OUTCOME_TITLE, outcome, lang)} (${outcome})`, body);
}

/** `?lang=en` wins; else an Accept-Language that starts with "en" → English; else Chinese. */
export function pageLanguage(query: string | undefined, acceptLanguage: string | undefined): PageLanguage {
  // Accept the raw query string ("sig=…&lang=en") or the lang value alone ("en").
  const raw = query?.includes('=') ? new URLSearchParams(query).get('lang') : query?.replace(/^\?/, '');
  const asked = raw?.trim().toLowerCase();
  if (asked === 'en' || asked?.startsWith('en-')) return 'en';
  if (asked === 'zh' || asked?.startsWith('zh-')) return 'zh-CN';
  return acceptLanguage?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}
