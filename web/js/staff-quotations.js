// @ts-check
/**
 * The quotations page (staff/quotations.html, R-QUOTE-1..3, R-SPEC-1): sales create a
 * quotation (POST /api/quotations) and see, line by line, the list price and the customer's last
 * price beside the quoted one and the tier it needs, then submit it; everyone of the chain sees
 * the list and a quotation's history; approvers decide and departments give their opinion on
 * special requirements. Chinese first, English second.
 */
import { api, describeError } from './api.js';
import { byId, h, show } from './dom.js';
import { getUser, goToLogin } from './session.js';

const STATUS = {
  draft: '草稿 Draft',
  submitted: '审批中 Submitted',
  approved: '已批准 Approved',
  rejected: '已驳回 Rejected',
  sent: '已发送 Sent',
  accepted: '已接受 Accepted',
  declined: '已拒绝 Declined',
  expired: '已过期 Expired',
  withdrawn: '已撤回 Withdrawn',
};
const ROLE = { ops: '运营 ops', sales_director: '销售总监 sales director', gm: '总经理 GM' };
const yuan = (fen) => (fen === null || fen === undefined ? '—' : (fen / 100).toFixed(2));
const fen = (text) => Math.round(Number(String(text).replace(/[,，\s]/g, '')) * 100);

let lineCount = 0;
function addLine() {
  lineCount += 1;
  const n = lineCount;
  const field = (name, label, attrs = {}) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: `l${n}-${name}`, text: label }),
      h('input', { id: `l${n}-${name}`, ...attrs }),
    );
  byId('q-lines').append(
    h(
      'div',
      { class: 'quote-line', 'data-line': String(n) },
      h('h3', { text: `第 ${n} 行 Line ${n}` }),
      field('sku', '产品编码 SKU'),
      field('description', '非标产品描述 Product (if no SKU)'),
      field('spec', '规格 Spec'),
      field('packaging', '包装 Packaging'),
      field('quantity', '数量 Quantity', { inputmode: 'numeric' }),
      field('price', '单价（元）Unit price (yuan)', { inputmode: 'decimal' }),
    ),
  );
}

function formBody() {
  const value = (id) => /** @type {HTMLInputElement} */ (byId(id)).value.trim();
  const items = [...document.querySelectorAll('.quote-line')].flatMap((el) => {
    const n = el.getAttribute('data-line');
    const v = (name) => value(`l${n}-${name}`);
    if (!v('sku') && !v('description') && !v('quantity')) return [];
    return [
      {
        ...(v('sku') ? { sku: v('sku') } : {}),
        ...(v('description') ? { description: v('description') } : {}),
        ...(v('spec') ? { spec: v('spec') } : {}),
        ...(v('packaging') ? { packaging: v('packaging') } : {}),
        quantity: Number(v('quantity')),
        unitPrice: fen(v('price')),
      },
    ];
  });
  return {
    customer: {
      name: value('q-name'),
      ...(value('q-company') ? { company: value('q-company') } : {}),
      ...(value('q-email') ? { email: value('q-email') } : {}),
      ...(value('q-phone') ? { phone: value('q-phone') } : {}),
    },
    items,
    validUntil: value('q-valid'),
    ...(value('q-delivery') ? { deliveryTerms: value('q-delivery') } : {}),
    ...(value('q-payment') ? { paymentTerms: value('q-payment') } : {}),
    ...(value('q-notes') ? { notes: value('q-notes') } : {}),
  };
}

function showError(result) {
  const el = byId('q-error');
  el.textContent = result ? describeError(result) : '';
  show(el, Boolean(result));
}

async function act(path, body) {
  const result = await api(path, { method: 'POST', auth: true, body: body ?? {} });
  showError(result.ok ? null : result);
  if (result.ok) await openQuotation(path.split('/')[3] ?? '');
  await loadList();
}

async function openQuotation(id) {
  const result = await api(`/api/quotations/${encodeURIComponent(id)}`, { auth: true });
  if (!result.ok) return showError(result);
  const q = result.data;
  const roles = getUser()?.roles ?? [];
  show(byId('detail'));
  byId('detail-title').textContent = `报价单 Quotation ${q.quotationNumber}`;
  byId('detail-status').textContent =
    `${STATUS[q.status] ?? q.status} · ¥${yuan(q.totalAmount)} · 有效期至 valid until ${q.validUntil}${q.orderNumber ? ` · 订单 order ${q.orderNumber}` : ''}`;
  byId('detail-lines').replaceChildren(
    h(
      'tr',
      {},
      ...['产品 Product', '数量 Qty', '报价 Quoted', '目录价 List', '上次成交价 Last', '审批 Tier'].map((t) =>
        h('th', { text: t }),
      ),
    ),
    ...q.items.map((l) =>
      h(
        'tr',
        { class: l.special?.length ? 'special' : '' },
        h('td', {
          text: `${l.sku ?? ''} ${l.name}${l.special?.length ? ` ⚠ 特殊要求 special: ${l.special.join(', ')}` : ''}`,
        }),
        h('td', { text: String(l.quantity) }),
        h('td', { text: yuan(l.unitPrice) }),
        h('td', { text: yuan(l.listPrice) }),
        h('td', { text: yuan(l.lastPrice) }),
        h('td', { text: ROLE[l.tier] ?? l.tier }),
      ),
    ),
  );
  byId('detail-tier').textContent =
    `审批链 Approval chain: ${q.approvalChain.map((r) => ROLE[r] ?? r).join(' → ')}${q.pendingApproval ? ` · 待 waiting for ${ROLE[q.pendingApproval.role] ?? q.pendingApproval.role}` : ''}`;
  const button = (text, onClick) => h('button', { type: 'button', class: 'button', text, onclick: onClick });
  const actions = [];
  const base = `/api/quotations/${encodeURIComponent(q.quotationId)}`;
  if (q.status === 'draft' && roles.includes('sales'))
    actions.push(button('提交审批 Submit', () => act(`${base}/submit`)));
  if (q.status === 'submitted' && roles.includes('sales'))
    actions.push(button('撤回 Withdraw', () => act(`${base}/withdraw`)));
  if (q.pendingApproval && roles.some((r) => q.pendingApproval.allowedRoles.includes(r))) {
    actions.push(button('批准 Approve', () => act(`${base}/decision`, { decision: 'approve' })));
    actions.push(
      button('驳回 Reject', () => {
        const reason = window.prompt('驳回原因 Reason') ?? '';
        if (reason) act(`${base}/decision`, { decision: 'reject', reason });
      }),
    );
  }
  const review = q.specialReview;
  if (q.status === 'submitted' && review) {
    const mine = review.departments.filter(
      (d) => roles.includes(d) && !review.opinions.some((o) => o.department === d),
    );
    if (mine.length) {
      actions.push(
        button('同意特殊要求 Accept requirements', () =>
          act(`${base}/special-review`, { opinion: 'accept' }),
        ),
      );
      actions.push(
        button('不同意 Reject requirements', () => {
          const reason = window.prompt('原因 Reason') ?? '';
          if (reason) act(`${base}/special-review`, { opinion: 'reject', reason });
        }),
      );
    }
  }
  byId('detail-actions').replaceChildren(...actions);
  byId('detail-history').replaceChildren(
    ...q.history.map((e) =>
      h('li', {
        text: `${e.at.slice(0, 16).replace('T', ' ')} ${e.actor}: ${e.action}${e.reason ? ` — ${e.reason}` : ''}`,
      }),
    ),
  );
}

async function loadList() {
  const q = /** @type {HTMLInputElement} */ (byId('q-text')).value.trim();
  const status = /** @type {HTMLSelectElement} */ (byId('q-status')).value;
  const query = new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status } : {}) });
  const result = await api(`/api/quotations?${query}`, { auth: true });
  if (!result.ok && result.kind === 'unauthorized') return goToLogin('quotations.html');
  if (!result.ok) return showError(result);
  byId('q-list').replaceChildren(
    ...result.data.items.map((item) =>
      h(
        'li',
        {},
        h('a', {
          href: `quotations.html?id=${item.quotationId}`,
          text: `${item.quotationNumber} · ${item.customer.company ?? item.customer.name} · ¥${yuan(item.totalAmount)} · ${STATUS[item.status] ?? item.status}`,
          onclick: (event) => {
            event.preventDefault();
            openQuotation(item.quotationId);
          },
        }),
      ),
    ),
  );
}

function init() {
  const user = getUser();
  if (!user) return goToLogin(`quotations.html${location.search}`);
  show(byId('new-card'), user.roles.includes('sales'));
  const select = byId('q-status');
  for (const [value, label] of Object.entries(STATUS)) select.append(h('option', { value, text: label }));
  addLine();
  byId('q-add-line').addEventListener('click', addLine);
  byId('q-search').addEventListener('submit', (event) => {
    event.preventDefault();
    loadList();
  });
  byId('q-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await api('/api/quotations', { method: 'POST', auth: true, body: formBody() });
    const errors = byId('q-form-errors');
    errors.replaceChildren(
      ...(result.ok ? [] : (result.data?.issues ?? [{ path: '', message: describeError(result) }])).map((i) =>
        h('li', { text: `${i.path} ${i.message}` }),
      ),
    );
    if (result.ok) {
      await openQuotation(result.data.quotationId);
      await loadList();
    }
  });
  const id = new URLSearchParams(location.search).get('id');
  if (id) openQuotation(id);
  loadList();
}

init();
