/**
 * The customer statement (对账单, R-FIN-3) as HTML: the print-ready document staff download
 * (`format=html`), the page behind the emailed link with the confirm / dispute form (no script,
 * form-encoded POST, phone-friendly) and the email itself. Chinese first, English second.
 */
import { kindWords, type Statement, yuan } from '../domain/billing.ts';
import type { OutgoingEmail } from '../ports.ts';
import { escapeHtml as e } from './bilingual-email.ts';

const STYLE = `
body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f8fa}
main{max-width:860px;margin:0 auto;padding:.75rem}
h1{font-size:1.35rem;margin:.5rem 0}.soft{color:#57606a}
.card{background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:1rem;margin:0 0 1rem;overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{padding:.4rem .5rem;border-bottom:1px solid #d0d7de;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.sum td{font-weight:700}
label{display:block;font-weight:600;margin:.75rem 0 .3rem}
select,textarea{display:block;width:100%;box-sizing:border-box;font:inherit;font-size:16px;padding:.5rem;border:1.5px solid #8c959f;border-radius:8px}
textarea{min-height:6rem}
button{display:block;width:100%;min-height:52px;margin-top:1rem;border:0;border-radius:8px;font:inherit;font-weight:700;font-size:1.05rem;color:#fff;background:#1a7f37;cursor:pointer}
button.dispute{background:#cf222e}
@media print{body{background:#fff}.card{border:0;padding:0}.noprint{display:none}}
`.replace(/\n/g, '');

function shell(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${e(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function table(s: Statement): string {
  const rows = s.lines
    .map(
      (l, i) =>
        `<tr data-line="${i + 1}"><td>${i + 1}</td><td>${e(l.date)}</td><td>${e(kindWords(l.kind))}</td><td>${e(l.ref)}${
          l.amount !== undefined ? ` <span class="soft">¥${yuan(l.amount)}</span>` : ''
        }</td><td class="n">${l.debit ? yuan(l.debit) : ''}</td><td class="n">${l.credit ? yuan(l.credit) : ''}</td><td class="n">${yuan(l.balance)}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>#</th><th>日期 Date</th><th>类别 Kind</th><th>单据 Ref</th><th class="n">借方 Debit</th><th class="n">贷方 Credit</th><th class="n">余额 Balance</th></tr></thead><tbody>
<tr><td></td><td>${e(s.from)}</td><td colspan="4">期初余额 Opening balance</td><td class="n" id="opening">${yuan(s.openingBalance)}</td></tr>
${rows}
<tr class="sum"><td></td><td>${e(s.to)}</td><td colspan="2">期末余额 Closing balance</td><td class="n">${yuan(s.totals.debit)}</td><td class="n">${yuan(s.totals.credit)}</td><td class="n" id="closing">${yuan(s.closingBalance)}</td></tr>
</tbody></table>`;
}

function heading(customerName: string, s: Statement): string {
  return `<h1>对账单 · Statement of account</h1><p><b>${e(customerName)}</b><br><span class="soft">${e(s.from)} – ${e(s.to)} · 人民币元 CNY</span></p>`;
}

/** The print-ready document (GET …/statement?format=html). */
export function renderStatementDocument(customerName: string, s: Statement, company: string): string {
  return shell(
    `对账单 ${customerName} ${s.from}–${s.to}`,
    `<div class="card"><p class="soft">${e(company)}</p>${heading(customerName, s)}${table(s)}<p class="soft">借方为已签收发货，贷方为收款与退款；发票仅列示。Debits are delivered shipments; credits are payments and refunds; invoices are listed only.</p><p>客户确认 Customer confirmation: ____________________ 日期 Date: __________</p></div>`,
  );
}

/** The page behind the emailed link: the statement and the confirm / dispute form (once). */
export function renderStatementPage(customerName: string, s: Statement, actionUrl: string): string {
  const options = s.lines
    .map((l, i) => `<option value="${i + 1}">${i + 1} · ${e(l.date)} ${e(l.ref)}</option>`)
    .join('');
  return shell(
    `对账单 Statement ${s.from}–${s.to}`,
    `<div class="card">${heading(customerName, s)}${table(s)}</div>
<form class="card" method="post" action="${e(actionUrl)}" accept-charset="utf-8">
<p>请核对并确认，或对某一行提出异议。此链接只能使用一次。<br><span class="soft">Please confirm the statement or dispute a line. This link can be used once.</span></p>
<button type="submit" name="decision" value="confirm">确认无误 <small>Confirm</small></button>
<label for="line">有异议的行 Disputed line</label><select id="line" name="line"><option value="">—</option>${options}</select>
<label for="comment">说明 What is wrong</label><textarea id="comment" name="comment" maxlength="2000"></textarea>
<button class="dispute" type="submit" name="decision" value="dispute">提出异议 <small>Dispute</small></button>
</form>`,
  );
}

export type StatementOutcome = 'confirmed' | 'disputed' | 'already' | 'invalid' | 'comment-required';
const OUTCOME: Record<StatementOutcome, [number, string, string]> = {
  confirmed: [200, '谢谢，您已确认对账单。', 'Thank you: you confirmed the statement.'],
  disputed: [
    200,
    '已收到您的异议，客服会尽快与您联系。',
    'We received your dispute; customer service will contact you soon.',
  ],
  already: [
    409,
    '此对账单已答复过，链接只能使用一次。',
    'This statement was answered already; the link works once.',
  ],
  invalid: [404, '链接无效。', 'This link is not valid.'],
  'comment-required': [400, '提出异议时请说明原因。', 'Please say what is wrong when you dispute.'],
};
export const statementOutcomeStatus = (o: StatementOutcome): number => OUTCOME[o][0];
export function renderStatementOutcome(o: StatementOutcome): string {
  const [, zh, en] = OUTCOME[o];
  return shell(
    '对账单 Statement',
    `<div class="card" id="outcome" data-outcome="${o}"><h1>${e(zh)}</h1><p class="soft">${e(en)}</p></div>`,
  );
}

/** The email with the statement and its link (R-FIN-3). */
export function statementEmail(
  to: string[],
  customerName: string,
  s: Statement,
  link: string,
  company: string,
): OutgoingEmail {
  const subject = `对账单 Statement ${s.from}–${s.to} · ${company}`;
  const text = [
    `${customerName}：`,
    `附上 ${s.from} 至 ${s.to} 的对账单：期初余额 ¥${yuan(s.openingBalance)}，期末余额 ¥${yuan(s.closingBalance)}。`,
    `请打开链接核对，确认或对某一行提出异议（链接只能使用一次）：`,
    link,
    '',
    `Dear ${customerName},`,
    `Your statement for ${s.from} to ${s.to}: opening balance CNY ${yuan(s.openingBalance)}, closing balance CNY ${yuan(s.closingBalance)}.`,
    `Open the link to confirm it or dispute a line (the link works once):`,
    link,
    '',
    company,
  ].join('\n');
  const html = `<p>${e(customerName)}：</p><p>附上 ${e(s.from)} 至 ${e(s.to)} 的对账单。请打开链接核对，确认或提出异议（链接只能使用一次）。<br><span style="color:#57606a">Your statement for ${e(s.from)} to ${e(s.to)}. Open the link to confirm it or dispute a line (the link works once).</span></p>${table(s)}<p><a href="${e(link)}">确认或提出异议 Confirm or dispute</a></p><p>${e(company)}</p>`;
  return { to, subject, text, html };
}
