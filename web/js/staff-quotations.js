// @ts-check
/**
 * The quotations page (staff/quotations.html, R-QUOTE-1..3, R-SPEC-1): sales create a
 * quotation (POST /api/quotations), edit a draft — or a rejected or withdrawn one — (PUT), and see,
 * line by line, the list price and the customer's last price beside the quoted one and the tier
 * it needs, then submit it; everyone of the chain sees the list and a quotation's history;
 * approvers decide (with a reason to reject) and the departments of a special requirement give
 * their opinion (accept with conditions, reject with a reason). The open quotation lives in the
 * address (`?id=`). Chinese first, English on the language switch.
 */
import { api } from './api.js';
import { byId, h, show } from './dom.js';
import { formatDateTime, formatMoney } from './format.js';
import { actorText, historyText } from './history-text.js';
import { localizeServerMessage, t } from './i18n.js';
import { QUOTATION_EDITABLE, QUOTATION_REVISABLE, QUOTATION_STATUSES } from './order-contract.js';
import { getUser } from './session.js';
import { detailInAddress, staffPage } from './staff-page.js';

/** Statuses, and which sales may edit (a draft, or one sent back) or revise (R-QUOTE-1). */
const STATUSES = QUOTATION_STATUSES;
const EDITABLE = QUOTATION_EDITABLE;
const REVISABLE = QUOTATION_REVISABLE;
const LINE_FIELDS = [
  ['sku', 'quotations.sku', {}],
  ['description', 'quotations.description', {}],
  ['spec', 'quotations.spec', {}],
  ['packaging', 'quotations.packaging', {}],
  ['labelling', 'quotations.labelling', {}],
  ['inspection', 'quotations.inspection', {}],
  ['quantity', 'quotations.quantity', { inputmode: 'numeric' }],
  ['price', 'quotations.unitPrice', { inputmode: 'decimal' }],
];

const yuan = (fen) => (fen === null || fen === undefined ? '—' : formatMoney(fen));
const fen = (text) => Math.round(Number(String(text).replace(/[,，\s¥]/g, '')) * 100);
/** A code's label, or the code itself when the dictionary has none. */
const label = (key, code) => {
  const text = t(`${key}.${code}`);
  return text === `${key}.${code}` ? String(code) : text;
};
/** A history action: the quotation's own word, else the order page's, else the code. */
const actionLabel = (action) => {
  const own = label('quotations.action', action);
  return own === String(action) ? label('action', action) : own;
};
const roles = () => /** @type {string[]} */ (getUser()?.roles ?? []);

/** @type {ReturnType<typeof staffPage>} */
let page = null;
/** The open quotation, the one being edited (its id), the list's next page. */
let current = /** @type {any} */ (null);
let editing = /** @type {string | null} */ (null);
let nextCursor = /** @type {string | undefined} */ (undefined);
let lineCount = 0;

function addLine(values = /** @type {Record<string, any>} */ ({})) {
  lineCount += 1;
  const n = lineCount;
  const field = ([name, key, attrs]) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: `l${n}-${name}`, 'data-i18n': key, text: t(key) }),
      h('input', { id: `l${n}-${name}`, ...attrs, value: values[name] ?? '' }),
    );
  byId('q-lines').append(
    h(
      'div',
      { class: 'quote-line', 'data-line': String(n) },
      h('h3', { class: 'line-title', 'data-n': String(n), text: t('quotations.line', { n }) }),
      h('div', { class: 'grid' }, ...LINE_FIELDS.map(field)),
    ),
  );
}

function relabelLines() {
  for (const el of document.querySelectorAll('.line-title'))
    el.textContent = t('quotations.line', { n: el.getAttribute('data-n') ?? '' });
}

function formBody() {
  const value = (id) => /** @type {HTMLInputElement} */ (byId(id)).value.trim();
  const items = [...document.querySelectorAll('.quote-line')].flatMap((el) => {
    const n = el.getAttribute('data-line');
    const v = (name) => value(`l${n}-${name}`);
    if (!v('sku') && !v('description') && !v('quantity')) return [];
    const optional = ['sku', 'description', 'spec', 'packaging', 'labelling', 'inspection'];
    return [
      {
        ...Object.fromEntries(optional.filter((k) => v(k)).map((k) => [k, v(k)])),
        quantity: Number(v('quantity')),
        unitPrice: fen(v('price')),
      },
    ];
  });
  const optional = (id, key) => (value(id) ? { [key]: value(id) } : {});
  return {
    customer: {
      name: value('q-name'),
      ...optional('q-company', 'company'),
      ...optional('q-email', 'email'),
      ...optional('q-phone', 'phone'),
    },
    items,
    validUntil: value('q-valid'),
    ...optional('q-delivery', 'deliveryTerms'),
    ...optional('q-payment', 'paymentTerms'),
    ...optional('q-notes', 'notes'),
  };
}

/** The form empty (a new quotation) or filled from `q` (editing it). */
function fillForm(q) {
  editing = q ? q.quotationId : null;
  const set = (id, v) => {
    /** @type {HTMLInputElement} */ (byId(id)).value = v ?? '';
  };
  set('q-name', q?.customer.name);
  set('q-company', q?.customer.company);
  set('q-email', q?.customer.email);
  set('q-phone', q?.customer.phone);
  set('q-valid', q?.validUntil);
  set('q-delivery', q?.deliveryTerms);
  set('q-payment', q?.paymentTerms);
  set('q-notes', q?.notes);
  for (const el of byId('q-lines').querySelectorAll('.quote-line')) el.remove();
  lineCount = 0;
  const lines = q?.items ?? [{}];
  for (const l of lines)
    addLine(
      l.unitPrice === undefined
        ? l
        : { ...l, price: (l.unitPrice / 100).toFixed(2), description: l.sku ? '' : l.name },
    );
  byId('q-form-errors').replaceChildren();
  renderFormTitle();
}

function renderFormTitle() {
  byId('new-title').textContent = editing
    ? t('quotations.editTitle', { number: current?.quotationNumber ?? '' })
    : t('quotations.new');
  byId('q-save').textContent = t(editing ? 'quotations.saveEdit' : 'quotations.save');
  show(byId('q-cancel-edit'), Boolean(editing));
}

async function act(path, body) {
  const result = await api(path, { method: 'POST', auth: true, body: body ?? {} });
  if (!result.ok) return page?.failed(result);
  page?.say('error', null);
  await openQuotation(current.quotationId);
  await loadList();
}

/** The reason / conditions box: required for a rejection. */
function decideText(required) {
  const box = /** @type {HTMLTextAreaElement} */ (byId('decide-text'));
  const text = box.value.trim();
  if (required && !text) {
    page?.say('error', () => t('quotations.reasonRequired'));
    box.focus();
    return null;
  }
  return text;
}

async function openQuotation(id) {
  const result = await api(`/api/quotations/${encodeURIComponent(id)}`, { auth: true });
  if (!result.ok) return page?.failed(result);
  current = result.data;
  renderDetail();
}

function renderDetail() {
  const q = current;
  show(byId('detail'), Boolean(q));
  if (!q) return;
  byId('detail-title').textContent = `${t('quotations.one')} ${q.quotationNumber}`;
  byId('detail-status').textContent = [
    label('quotations.status', q.status),
    yuan(q.totalAmount),
    t('quotations.validUntil', { date: q.validUntil }),
    q.orderNumber ? t('quotations.becameOrder', { order: q.orderNumber }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  // The revision it revises, or the one that replaced it (R-QUOTE-1).
  const related = q.revisedTo
    ? ['quotations.revisedTo', q.revisedTo]
    : q.revisionOf
      ? ['quotations.revisionOf', q.revisionOf]
      : null;
  if (related) {
    const [key, other] = related;
    byId('detail-status').append(
      ' · ',
      h('a', {
        href: `quotations.html?id=${encodeURIComponent(other.quotationId)}`,
        text: t(key, { number: other.quotationNumber }),
        onclick: (event) => {
          event.preventDefault();
          history.pushState({}, '', `quotations.html?id=${encodeURIComponent(other.quotationId)}`);
          openQuotation(other.quotationId);
        },
      }),
    );
  }
  const heads = [
    'quotations.product',
    'quotations.quantity',
    'quotations.quoted',
    'quotations.list.price',
    'quotations.last',
    'quotations.tier',
  ];
  byId('detail-lines').replaceChildren(
    h('tr', {}, ...heads.map((key) => h('th', { text: t(key) }))),
    ...q.items.map((l) =>
      h(
        'tr',
        { class: l.special?.length ? 'special' : '' },
        h(
          'td',
          {},
          h('span', { translate: 'no', text: `${l.sku ?? ''} ${l.name}`.trim() }),
          l.special?.length
            ? h('span', {
                class: 'badge badge-urgent',
                text: ` ⚠ ${t('quotations.special')}: ${l.special.map((k) => label('quotations.specialKind', k)).join('、')}`,
              })
            : '',
        ),
        h('td', { text: String(l.quantity) }),
        h('td', { text: yuan(l.unitPrice) }),
        h('td', { text: yuan(l.listPrice) }),
        h('td', { text: yuan(l.lastPrice) }),
        h('td', { text: label('role', l.tier) }),
      ),
    ),
  );
  byId('detail-tier').textContent = [
    t('quotations.chain', { chain: q.approvalChain.map((r) => label('role', r)).join(' → ') }),
    q.pendingApproval ? t('quotations.waitingFor', { role: label('role', q.pendingApproval.role) }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  renderActions(q);
  byId('detail-history').replaceChildren(
    ...q.history.map((e) => {
      const why = historyText(e);
      return h(
        'li',
        {},
        h('time', { datetime: e.at, text: formatDateTime(e.at) }),
        ` ${actorText(e.actor)} · ${actionLabel(e.action)}`,
        // What people typed (a reason, conditions) stays as typed.
        why ? h('span', { translate: e.code ? undefined : 'no', text: ` — ${why}` }) : '',
      );
    }),
  );
}

function renderActions(q) {
  const mine = roles();
  const button = (key, onClick, secondary = false) =>
    h('button', {
      type: 'button',
      class: secondary ? 'button button-secondary' : 'button',
      text: t(key),
      onclick: onClick,
    });
  const base = `/api/quotations/${encodeURIComponent(q.quotationId)}`;
  const actions = [];
  let decideLabel = '';
  if (EDITABLE.includes(q.status) && mine.includes('sales'))
    actions.push(button('quotations.edit', () => startEdit(q), true));
  if (q.status === 'draft' && mine.includes('sales'))
    actions.push(button('quotations.submit', () => act(`${base}/submit`)));
  // R-QUOTE-1: a sent (or declined, expired) quotation is frozen; a change is a new revision.
  if (REVISABLE.includes(q.status) && !q.revisedTo && mine.includes('sales'))
    actions.push(button('quotations.revise', () => revise(base), true));
  if (q.status === 'submitted' && mine.includes('sales'))
    actions.push(
      button('quotations.withdraw', () => act(`${base}/withdraw`, reasonBody(decideText(false))), true),
    );
  if (q.pendingApproval && mine.some((r) => q.pendingApproval.allowedRoles.includes(r))) {
    decideLabel = 'quotations.decideReason';
    actions.push(
      button('quotations.approve', () =>
        act(`${base}/decision`, { decision: 'approve', ...reasonBody(decideText(false)) }),
      ),
    );
    actions.push(
      button(
        'quotations.reject',
        () => {
          const reason = decideText(true);
          if (reason) act(`${base}/decision`, { decision: 'reject', reason });
        },
        true,
      ),
    );
  }
  const review = q.specialReview;
  if (q.status === 'submitted' && review) {
    const open = review.departments.filter(
      (d) => mine.includes(d) && !review.opinions.some((o) => o.department === d),
    );
    if (open.length) {
      decideLabel = 'quotations.reviewText';
      actions.push(
        button('quotations.acceptSpecial', () => {
          const conditions = decideText(false);
          act(`${base}/special-review`, { opinion: 'accept', ...(conditions ? { conditions } : {}) });
        }),
      );
      actions.push(
        button(
          'quotations.rejectSpecial',
          () => {
            const reason = decideText(true);
            if (reason) act(`${base}/special-review`, { opinion: 'reject', reason });
          },
          true,
        ),
      );
    }
  }
  show(byId('detail-decide'), Boolean(decideLabel));
  if (decideLabel) byId('decide-label').textContent = t(decideLabel);
  byId('detail-actions').replaceChildren(...actions);
}

async function revise(base) {
  const result = await api(`${base}/revise`, { method: 'POST', auth: true, body: {} });
  if (!result.ok) return page?.failed(result);
  page?.say('error', null);
  current = result.data;
  history.pushState({}, '', `quotations.html?id=${encodeURIComponent(current.quotationId)}`);
  renderDetail();
  startEdit(current);
  await loadList();
}

const reasonBody = (text) => (text ? { reason: text } : {});

function startEdit(q) {
  fillForm(q);
  show(byId('new-card'));
  byId('q-name').focus();
}

async function save(event) {
  event.preventDefault();
  const path = editing ? `/api/quotations/${encodeURIComponent(editing)}` : '/api/quotations';
  const result = await api(path, { method: editing ? 'PUT' : 'POST', auth: true, body: formBody() });
  const issues = result.ok ? [] : (result.data?.issues ?? []);
  byId('q-form-errors').replaceChildren(
    ...issues.map((i) => h('li', { text: `${i.path ? `${i.path}: ` : ''}${localizeServerMessage(i)}` })),
  );
  if (!result.ok) {
    if (!issues.length) page?.failed(result);
    return;
  }
  page?.say('error', null);
  const id = result.data.quotationId;
  fillForm(null);
  history.pushState({}, '', `quotations.html?id=${encodeURIComponent(id)}`);
  await openQuotation(id);
  await loadList();
  byId('detail').scrollIntoView();
}

async function loadList({ more = false } = {}) {
  const q = /** @type {HTMLInputElement} */ (byId('q-text')).value.trim();
  const status = /** @type {HTMLSelectElement} */ (byId('q-status')).value;
  const query = new URLSearchParams({
    ...(q ? { q } : {}),
    ...(status ? { status } : {}),
    ...(more && nextCursor ? { cursor: nextCursor } : {}),
  });
  const result = await api(`/api/quotations?${query}`, { auth: true });
  if (!result.ok) return page?.failed(result);
  nextCursor = result.data.nextCursor;
  const rows = result.data.items.map((item) =>
    h(
      'li',
      {},
      h('a', {
        href: `quotations.html?id=${encodeURIComponent(item.quotationId)}`,
        text: item.quotationNumber,
        onclick: (event) => {
          event.preventDefault();
          history.pushState({}, '', `quotations.html?id=${encodeURIComponent(item.quotationId)}`);
          openQuotation(item.quotationId);
        },
      }),
      ' · ',
      h('span', { translate: 'no', text: item.customer.company ?? item.customer.name }),
      ` · ${yuan(item.totalAmount)} · ${label('quotations.status', item.status)}`,
    ),
  );
  const list = byId('q-list');
  if (more) list.append(...rows);
  else
    list.replaceChildren(...(rows.length ? rows : [h('li', { class: 'muted', text: t('quotations.none') })]));
  show(byId('q-more'), Boolean(nextCursor));
}

function renderStatusOptions() {
  const select = /** @type {HTMLSelectElement} */ (byId('q-status'));
  const chosen = select.value;
  select.replaceChildren(
    h('option', { value: '', text: t('quotations.allStatuses') }),
    ...STATUSES.map((s) => h('option', { value: s, text: label('quotations.status', s) })),
  );
  select.value = chosen;
}

function init() {
  page = staffPage({
    here: 'quotations.html',
    titleKey: 'quotations.title',
    rerender: () => {
      relabelLines();
      renderFormTitle();
      renderStatusOptions();
      renderDetail();
      loadList();
    },
  });
  if (!page) return;
  show(byId('new-card'), roles().includes('sales'));
  renderStatusOptions();
  fillForm(null);
  byId('q-add-line').addEventListener('click', () => addLine());
  byId('q-cancel-edit').addEventListener('click', () => fillForm(null));
  byId('q-form').addEventListener('submit', save);
  byId('q-search').addEventListener('submit', (event) => {
    event.preventDefault();
    loadList();
  });
  byId('q-more').addEventListener('click', () => loadList({ more: true }));
  detailInAddress({
    name: 'id',
    here: 'quotations.html',
    open: (id) => openQuotation(id),
    close: () => {
      current = null;
      renderDetail();
    },
  });
  const id = new URLSearchParams(location.search).get('id');
  if (id) openQuotation(id);
  loadList();
}

init();
