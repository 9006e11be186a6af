/**
 * The pages behind a change's emailed links (R-PROC-6, R-CHG-2): the approver's page and the
 * customer's consent page show the before/after clearly on a phone, Chinese first, then English;
 * inline CSS only (HTML_HEADERS allow no script).
 */
import type { ChangeRequest } from '../domain/order-change.ts';
import { escapeHtml, yuan } from './bilingual-email.ts';

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:0;padding:16px;max-width:640px;line-height:1.5;color:#222}' +
  'table{border-collapse:collapse;width:100%;margin:12px 0}td,th{border:1px solid #ccc;padding:6px;text-align:left;font-size:15px}' +
  '.before{color:#a33;text-decoration:line-through}.after{color:#175;font-weight:600}' +
  'button{font-size:18px;padding:12px 20px;margin:8px 8px 0 0;border-radius:6px;border:1px solid #888}' +
  'textarea{width:100%;min-height:60px;font-size:16px}.en{color:#555}';

const KIND: Record<string, [string, string]> = {
  items: ['品项变更', 'Items change'],
  cancel: ['取消订单', 'Cancellation'],
  'delivery-date': ['交货日期变更', 'Delivery date change'],
};

export function diffTable(change: ChangeRequest): string {
  const d = change.diff;
  const cell = (v?: { quantity: number; unitPrice: number; spec?: string }) =>
    v ? `${v.quantity} × ${yuan(v.unitPrice)}${v.spec ? ` (${escapeHtml(v.spec)})` : ''}` : '—';
  const rows = d.lines.map(
    (l) =>
      `<tr><td>${escapeHtml(l.sku)} ${escapeHtml(l.name)}</td><td class="before">${cell(l.before)}</td><td class="after">${cell(l.after)}</td></tr>`,
  );
  rows.push(
    `<tr><td>合计 Total</td><td class="before">${yuan(d.totalBefore)}</td><td class="after">${yuan(d.totalAfter)}</td></tr>`,
  );
  if (d.requestedDateBefore !== d.requestedDateAfter) {
    rows.push(
      `<tr><td>交货日期 Delivery date</td><td class="before">${escapeHtml(d.requestedDateBefore)}</td><td class="after">${escapeHtml(d.requestedDateAfter)}</td></tr>`,
    );
  }
  if (d.statusAfter === 'cancelled')
    rows.push('<tr><td>状态 Status</td><td></td><td class="after">取消 Cancelled</td></tr>');
  return `<table class="diff"><tr><th></th><th>变更前 Before</th><th>变更后 After</th></tr>${rows.join('')}</table>`;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

const heading = (change: ChangeRequest) => {
  const [zh, en] = KIND[change.kind] ?? [change.kind, change.kind];
  return `<h1>订单 ${escapeHtml(change.orderNumber)}：${zh}</h1><p class="en">Order ${escapeHtml(change.orderNumber)}: ${en}</p>${
    change.reason
      ? `<p>原因 Reason: ${escapeHtml(change.reason)}${change.note ? ` — ${escapeHtml(change.note)}` : ''}</p>`
      : ''
  }`;
};

/** The approver's page: approve or reject (a rejection needs a reason). */
export function renderChangeApprovalPage(change: ChangeRequest, role: string, actionUrl: string): string {
  const approvals = change.approvals
    .map((a) => `<li>${escapeHtml(a.role)}: ${escapeHtml(a.decision)} — ${escapeHtml(a.by)}</li>`)
    .join('');
  return page(
    `变更审批 ${change.orderNumber}`,
    `${heading(change)}${diffTable(change)}${approvals ? `<ul>${approvals}</ul>` : ''}
<form method="post" action="${escapeHtml(actionUrl)}">
<p>审批角色 Deciding as: ${escapeHtml(role)}</p>
<label>驳回原因 Reason (required to reject)<br><textarea name="reason"></textarea></label><br>
<button type="submit" name="decision" value="approve">批准 Approve</button>
<button type="submit" name="decision" value="reject">驳回 Reject</button>
</form>`,
  );
}

/** The customer's consent page (R-PROC-6): 同意变更 / 不同意. */
export function renderConsentPage(change: ChangeRequest, actionUrl: string): string {
  return page(
    `确认订单变更 ${change.orderNumber}`,
    `${heading(change)}<p>请确认以下变更。<span class="en">Please confirm the change below.</span></p>${diffTable(change)}
<form method="post" action="${escapeHtml(actionUrl)}">
<label>备注 Comment (optional)<br><textarea name="comment"></textarea></label><br>
<button type="submit" name="decision" value="accept">同意变更 Accept</button>
<button type="submit" name="decision" value="decline">不同意 Decline</button>
</form>`,
  );
}

/** What a link answers once used, or when it is not valid. */
export function renderChangeOutcomePage(zh: string, en: string, change?: ChangeRequest): string {
  return page(
    zh,
    `<h1>${escapeHtml(zh)}</h1><p class="en">${escapeHtml(en)}</p>${change ? diffTable(change) : ''}`,
  );
}
