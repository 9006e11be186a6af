/**
 * The pages behind an approver's personal email link (R-APPR-1): GET shows the decision page,
 * POST (decision=approve|reject&reason=…) answers with an outcome page. Complete HTML documents
 * with inline CSS and no script, because they are served by a Lambda and must work on any
 * phone's mail browser; the look follows web/css/app.css. Every value is escaped through the
 * `html` template tag — customer names and reasons are untrusted (R-SEC-3).
 */

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

// ---- escaping ----

class Html {
  constructor(readonly value: string) {}
}
type Part = Html | string | number | null | undefined | false | Part[];

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const flat = (part: Part): string =>
  part === null || part === undefined || part === false
    ? ''
    : part instanceof Html
      ? part.value
      : Array.isArray(part)
        ? part.map(flat).join('')
        : escapeHtml(String(part));

/** Markup from a template: every interpolated value is escaped unless it is already `Html`. */
function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < parts.length ? flat(parts[i]) : ''), ''));
}

// ---- formatting ----

/** Integer cents → "¥1,234.50" (other currencies: "USD 1,234.50"). */
function money(cents: number, currency = 'CNY'): string {
  const abs = Math.abs(Math.round(cents));
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol = currency === 'CNY' ? '¥' : `${currency} `;
  return `${cents < 0 ? '-' : ''}${symbol}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** ISO timestamp → "2025-03-01 14:05" on the company's clock (Asia/Shanghai). */
function shanghai(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    ...{ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
    hourCycle: 'h23',
  });
  for (const { type, value } of format.formatToParts(date)) p[type] = value;
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}`;
}

/** The same link with `lang` set, every other parameter (the signature) kept byte for byte. */
function withLang(url: string, lang: PageLanguage): string {
  const [beforeHash = '', hash] = url.split('#', 2);
  const [path = '', query = ''] = beforeHash.split('?', 2);
  const params = query.split('&').filter((p) => p !== '' && !/^lang(=|$)/.test(p));
  params.push(`lang=${lang}`);
  return `${path}?${params.join('&')}${hash === undefined ? '' : `#${hash}`}`;
}

// ---- words ----

const other = (lang: PageLanguage): PageLanguage => (lang === 'en' ? 'zh-CN' : 'en');

type Pair<T> = readonly [zh: T, en: T];
const ROLE: Record<string, Pair<string>> = {
  ops: ['运营', 'Operations'],
  sales_director: ['销售总监', 'Sales director'],
  gm: ['总经理', 'General manager'],
};
const PRIORITY: Record<string, Pair<string>> = {
  normal: ['普通', 'Normal'],
  important: ['重要', 'Important'],
  urgent: ['紧急', 'Urgent'],
};
const PAYMENT: Record<string, Pair<string>> = {
  bank_transfer: ['银行转账', 'Bank transfer'],
  alipay: ['支付宝', 'Alipay'],
  wechat_pay: ['微信支付', 'WeChat Pay'],
  cash_on_delivery: ['货到付款', 'Cash on delivery'],
  monthly_settlement: ['月结', 'Monthly settlement'],
};
const OUTCOME_TITLE: Record<ApprovalOutcome, Pair<string>> = {
  approved: ['已批准', 'Approved'],
  rejected: ['已驳回', 'Rejected'],
  'already-decided': ['已处理', 'Already decided'],
  expired: ['已过期', 'Expired'],
  superseded: ['链接已更新', 'Link replaced'],
  invalid: ['链接无效', 'Link not valid'],
  'own-order': ['不能审批', 'Not permitted'],
  'not-allowed': ['无权审批', 'Not permitted'],
  'reason-required': ['请填写原因', 'Reason required'],
  error: ['出错了', 'Something went wrong'],
};

/** Every other phrase, Chinese and English side by side so neither can be forgotten. */
const TEXT = {
  app: ['订单台', 'Order desk'],
  title: [(n: string) => `审批订单 ${n}`, (n: string) => `Approve order ${n}`],
  step: [(role: string) => `本步审批：${role}`, (role: string) => `This step: ${role}`],
  escalated: [
    (role: string) => `因${role}未在时限内处理，本步已升级至您审批（R-APPR-2）。`,
    (role: string) => `Escalated to you because ${role} did not answer in time (R-APPR-2).`,
  ],
  customer: ['客户', 'Customer'],
  company: ['公司', 'Company'],
  total: ['订单合计', 'Order total'],
  requestedDate: ['要求交货日期', 'Requested delivery'],
  payment: ['付款方式', 'Payment method'],
  deadline: ['审批截止', 'Decide by'],
  beijing: ['（北京时间）', ' (Beijing time)'],
  items: ['订单明细', 'Lines'],
  listPrice: ['价目价', 'List price'],
  lastPrice: ['上次成交价', 'Last price'],
  noPrice: ['无', 'none'],
  tier: [(role: string) => `需${role}审批`, (role: string) => `Needs ${role}`],
  belowList: [
    (p: string, l: string) => `单价低于价目价（${p} < ${l}）`,
    (p: string, l: string) => `Below list price (${p} < ${l})`,
  ],
  belowLast: [
    (p: string, l: string) => `单价低于上次成交价（${p} < ${l}）`,
    (p: string, l: string) => `Below last price (${p} < ${l})`,
  ],
  noList: ['该产品无价目价', 'No list price for this product'],
  atOrAbove: ['单价不低于价目价和上次成交价', 'At or above list and last price'],
  chain: ['审批顺序', 'Approvers in order'],
  approvedBy: [
    (who: string, at: string) => `已批准：${who}，${at}`,
    (who: string, at: string) => `Approved by ${who}, ${at}`,
  ],
  current: ['等待您的决定', 'Waiting for your decision'],
  later: ['待后续审批', 'Later'],
  timedOut: ['超时未处理，已升级', 'No answer in time, escalated'],
  decide: ['您的决定', 'Your decision'],
  reason: ['原因（驳回时必填）', 'Reason (required to reject)'],
  reasonHint: [
    '批准时可不填；驳回时必须说明原因，原因会通知销售人员。',
    'Optional when approving; a rejection needs a reason, which goes to sales.',
  ],
  approve: ['批准', 'Approve'],
  reject: ['驳回', 'Reject'],
  once: [
    (email: string) => `此链接专属于 ${email}，只能使用一次，请勿转发。截止时间过后将自动升级。`,
    (email: string) =>
      `This link is for ${email} only and works once; do not forward it. After the deadline it escalates.`,
  ],
  footer: ['订单台 · 审批页面', 'Order desk · approval page'],
  order: [(n?: string) => (n ? `订单 ${n}` : '该订单'), (n?: string) => (n ? `order ${n}` : 'this order')],
  decided: [
    (d?: string) => (d === 'reject' ? '驳回' : d === 'approve' ? '批准' : '处理'),
    (d?: string) => (d === 'reject' ? 'rejected' : d === 'approve' ? 'approved' : 'decided'),
  ],
  someone: ['其他审批人', 'another approver'],
  back: ['返回审批页面', 'Back to the approval page'],
} as const;

const at = (lang: PageLanguage): 0 | 1 => (lang === 'en' ? 1 : 0);
type Widen<T> = T extends string ? string : T;
type Words = { [K in keyof typeof TEXT]: Widen<(typeof TEXT)[K][0]> };
const pick = (i: 0 | 1) =>
  Object.fromEntries(Object.entries(TEXT).map(([k, v]) => [k, v[i]])) as unknown as Words;
const WORDS: Record<PageLanguage, Words> = { 'zh-CN': pick(0), en: pick(1) };
const from = (table: Record<string, Pair<string>>, code: string, lang: PageLanguage): string =>
  table[code]?.[at(lang)] ?? code;
const roleName = (lang: PageLanguage, role: string): string => from(ROLE, role, lang);

/** The outcome sentence in one language. */
function sentence(outcome: ApprovalOutcome, d: OutcomeDetails, lang: PageLanguage): string {
  const w = WORDS[lang];
  const n = d.orderNumber;
  const when = d.decidedAt ? shanghai(d.decidedAt) : undefined;
  const to = d.escalatedTo ? roleName(lang, d.escalatedTo) : undefined;
  if (lang === 'en') {
    const order = w.order(n);
    return {
      approved: `${n ? `Order ${n}` : 'The order'} approved. Thank you, your decision has been recorded.`,
      rejected: `${n ? `Order ${n}` : 'The order'} rejected. Sales will be told the reason.`,
      'already-decided': `This step of ${order} was already ${w.decided(d.decision)} by ${d.decidedBy ?? w.someone}${when ? ` on ${when} (Beijing time)` : ''}. Nothing more to do.`,
      expired: `The deadline for ${order} has passed; the approval was escalated${to ? ` to ${to}` : ''}.`,
      superseded: 'This link was replaced by a newer request. Use the link in the latest email.',
      invalid: 'This link is not valid. Open the link from your email exactly as it was sent.',
      'own-order': 'You may not approve your own order.',
      'not-allowed': `Your role may not decide this step of ${order}.`,
      'reason-required': 'A rejection needs a reason. Go back and write why.',
      error: 'Something went wrong and your decision was not recorded. Please open the link again later.',
    }[outcome];
  }
  const order = w.order(n);
  return {
    approved: `已批准${n ? `订单 ${n}` : '该订单'}。感谢，您的决定已记录。`,
    rejected: `已驳回${n ? `订单 ${n}` : '该订单'}。驳回原因将通知销售人员。`,
    'already-decided': `${order}的这一步已由 ${d.decidedBy ?? w.someone}${when ? ` 于 ${when}（北京时间）` : ''}${w.decided(d.decision)}，无需再次处理。`,
    expired: `${order}的审批时限已过，已升级至${to ?? '上一级'}审批。`,
    superseded: '此链接已被更新的审批请求取代，请使用最新邮件中的链接。',
    invalid: '链接无效。请完整打开邮件中的链接。',
    'own-order': '您不能审批自己的订单。',
    'not-allowed': `您的角色无权审批${order}的这一步。`,
    'reason-required': '驳回时必须填写原因，请返回填写。',
    error: '系统暂时出错，您的决定未被记录，请稍后重新打开链接重试。',
  }[outcome];
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
</dl><p class="total">${w.total} <b>${money(view.totalAmount, view.currency)}</b></p></section>
<section class="card"><h2>${w.items}</h2>${items}</section>
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
