// @ts-check
/**
 * Customers (staff/customers.html, R-MASTER-3): search by the start of a name, company, contact,
 * phone or email; a customer's contacts, addresses, last transaction prices (from delivered
 * orders, read-only), orders and history; sales (and their managers) add and edit customers and
 * merge two records of one customer; imports and exports. The API checks every role.
 */
import { api } from './api.js';
import { byId, h, param, show } from './dom.js';
import { formatDateTime, formatMoney } from './format.js';
import { localizeServerMessage, t } from './i18n.js';
import { saveExport, setupImport } from './master-import.js';
import { getUser } from './session.js';
import { detailInAddress, staffPage } from './staff-page.js';

const here = 'customers.html';
const KEEPERS = ['sales', 'ops', 'sales_director', 'gm'];
const PAYMENT = ['', 'bank_transfer', 'alipay', 'wechat_pay', 'cash_on_delivery', 'monthly_settlement'];
/** @type {{ items: any[], cursor: string | null, detail: any, editing: any }} */
const view = { items: [], cursor: null, detail: null, editing: null };
/** Who sees a customer's balances and statement (functions/manifest.ts, billing routes). */
const BILLING_ROLES = ['finance', 'ops', 'sales'];
const keeps = () => (getUser()?.roles ?? []).some((r) => KEEPERS.includes(r));
const input = (id) => /** @type {HTMLInputElement} */ (byId(id));
const keyPath = (key) => `/api/customers/${encodeURIComponent(key)}`;

/** Set by init: the page's notices and the sentence for a failed call (staff-page.js). */
let say = (_kind, _fn) => {};
let failed = (_result) => {};

const contactLine = (c) =>
  [c.name, c.phone, c.email, c.language === 'en' ? 'English' : null].filter(Boolean).join(' · ');
const payment = (code) => (code ? t(`payment.${code}`) : t('common.none'));

function renderRows(append = false) {
  const cell = (label, content) => h('td', { 'data-label': t(label) }, h('div', {}, content));
  const rows = view.items.map((c) =>
    h(
      'tr',
      { dataset: { key: c.customerKey } },
      cell('customers.col.customer', [
        h('a', {
          href: `?key=${encodeURIComponent(c.customerKey)}`,
          dataset: { open: c.customerKey },
          text: c.name,
        }),
        c.company && c.company !== c.name ? h('div', { class: 'muted', text: c.company }) : null,
      ]),
      cell('customers.col.contact', c.contacts[0] ? contactLine(c.contacts[0]) : t('common.none')),
      cell('customers.paymentTerms', payment(c.paymentTerms)),
    ),
  );
  if (append) byId('customer-rows').append(...rows);
  else byId('customer-rows').replaceChildren(...rows);
  show(byId('customers-empty'), view.items.length === 0);
  show(byId('more'), Boolean(view.cursor));
}

async function search(more = false) {
  const q = input('q').value.trim();
  const query = new URLSearchParams({
    limit: '30',
    ...(q ? { q } : {}),
    ...(more && view.cursor ? { cursor: view.cursor } : {}),
  });
  const result = await api(`/api/customers?${query}`, { auth: true });
  if (!result.ok) return failed(result);
  const fresh = result.data.items.filter(
    (c) => !view.items.some((x) => more && x.customerKey === c.customerKey),
  );
  view.items = more ? [...view.items, ...fresh] : result.data.items;
  view.cursor = result.data.nextCursor ?? null;
  show(byId('list-card'));
  show(byId('import-card'), keeps());
  show(byId('add-customer'), keeps());
  renderRows();
}

function fact(label, value) {
  return [h('dt', { text: t(label) }), h('dd', { text: value })];
}

function historyText(e) {
  const who = `${formatDateTime(e.at)} · ${e.by}`;
  if (e.kind === 'merged') return `${who} · ${t('customers.h.merged', { key: e.from })}`;
  if (e.kind === 'merged-into') return `${who} · ${t('customers.h.mergedInto', { key: e.into })}`;
  if (e.kind === 'edited')
    return `${who} · ${t('products.h.edited', { fields: (e.fields ?? []).join('、') })}`;
  return `${who} · ${t('customers.h.created')}`;
}

function renderDetail() {
  const d = view.detail;
  show(byId('detail'), Boolean(d));
  if (!d) return;
  const c = d.customer;
  byId('detail-title').textContent = c.name;
  const merged = byId('detail-merged');
  merged.textContent = c.mergedInto ? t('customers.isMerged', { key: c.mergedInto }) : '';
  show(merged, Boolean(c.mergedInto));
  byId('detail-facts').replaceChildren(
    ...fact('customers.key', c.customerKey),
    ...fact('customers.company', c.company ?? t('common.none')),
    ...fact('customers.paymentTerms', payment(c.paymentTerms)),
    ...fact('customers.owner', c.owner ?? t('common.none')),
    ...fact('customers.notes', c.notes ?? t('common.none')),
    ...(c.aliases?.length ? fact('customers.aliases', c.aliases.join('、')) : []),
  );
  const list = (id, items, empty) =>
    byId(id).replaceChildren(...(items.length ? items : [h('li', { class: 'muted', text: t(empty) })]));
  list(
    'detail-contacts',
    c.contacts.map((x) => h('li', { text: contactLine(x) })),
    'customers.none',
  );
  list(
    'detail-addresses',
    c.addresses.map((a) =>
      h('li', { text: [a.label, a.address, a.receiver, a.phone].filter(Boolean).join(' · ') }),
    ),
    'customers.none',
  );
  list(
    'detail-prices',
    Object.entries(c.lastPrices ?? {}).map(([sku, price]) =>
      h('li', { text: `${sku} · ${formatMoney(price)}` }),
    ),
    'customers.none',
  );
  list(
    'detail-orders',
    d.orders.map((o) =>
      h(
        'li',
        {},
        h('a', { href: `order.html?id=${encodeURIComponent(o.orderId)}`, text: o.orderNumber }),
        ` · ${t(`status.${o.status}`)} · ${formatMoney(o.totalAmount)} · ${formatDateTime(o.createdAt)}`,
      ),
    ),
    'customers.noOrders',
  );
  // R-QUOTE-1: the customer's quotations beside their orders (the latest 20; its order when accepted).
  list(
    'detail-quotations',
    (d.quotations ?? []).map((q) =>
      h(
        'li',
        {},
        h('a', { href: `quotations.html?id=${encodeURIComponent(q.quotationId)}`, text: q.quotationNumber }),
        ` · ${t(`quotations.status.${q.status}`)} · ${formatMoney(q.totalAmount)} · ${t('quotations.validUntil', { date: q.validUntil })}`,
        q.orderNumber ? ` · ${t('quotations.becameOrder', { order: q.orderNumber })}` : '',
      ),
    ),
    'customers.noQuotations',
  );
  byId('detail-history').replaceChildren(...d.history.map((e) => h('li', { text: historyText(e) })));
  show(byId('detail-edit'), keeps() && !c.mergedInto);
  // R-FIN-1..3: the customer's statement, invoices and payments, for the roles that see balances (R-SEC-2).
  const billing = /** @type {HTMLAnchorElement} */ (byId('detail-billing'));
  billing.href = `billing.html?key=${encodeURIComponent(c.customerKey)}`;
  show(billing, (getUser()?.roles ?? []).some((r) => BILLING_ROLES.includes(r)) && !c.mergedInto);
  show(byId('merge-form'), keeps() && !c.mergedInto);
  byId('merge-options').replaceChildren(
    ...view.items
      .filter((x) => x.customerKey !== c.customerKey)
      .map((x) => h('option', { value: x.customerKey, text: x.name })),
  );
}

async function open(key, push = true) {
  const result = await api(keyPath(key), { auth: true });
  if (!result.ok) return failed(result);
  view.detail = result.data;
  if (push) history.pushState({ key }, '', `?key=${encodeURIComponent(key)}`);
  renderDetail();
  byId('detail').scrollIntoView({ block: 'start' });
}

function contactRow(c = {}) {
  const field = (name, label, type = 'text') =>
    h(
      'label',
      { class: 'field' },
      t(label),
      h('input', { type, dataset: { f: name }, value: c[name] ?? '', autocomplete: 'off' }),
    );
  return h(
    'div',
    { class: 'filter-row contact-row' },
    field('name', 'customers.contactName'),
    field('phone', 'customers.phone', 'tel'),
    field('email', 'customers.email', 'email'),
    h(
      'label',
      { class: 'field' },
      t('customers.language'),
      h(
        'select',
        { dataset: { f: 'language' } },
        h('option', { value: 'zh-CN', text: '中文', ...(c.language !== 'en' ? { selected: true } : {}) }),
        h('option', { value: 'en', text: 'English', ...(c.language === 'en' ? { selected: true } : {}) }),
      ),
    ),
  );
}

function addressRow(a = {}) {
  const field = (name, label) =>
    h(
      'label',
      { class: 'field' },
      t(label),
      h('input', { dataset: { f: name }, value: a[name] ?? '', autocomplete: 'off' }),
    );
  return h(
    'div',
    { class: 'filter-row address-row' },
    field('address', 'customers.address'),
    field('receiver', 'customers.receiver'),
    field('phone', 'customers.phone'),
    field('label', 'customers.label'),
  );
}

function fillForm(c) {
  view.editing = c;
  show(byId('customer-card'));
  byId('customer-form-title').textContent = t(c ? 'customers.editTitle' : 'customers.add');
  input('c-name').value = c?.name ?? '';
  input('c-company').value = c?.company ?? '';
  input('c-owner').value = c?.owner ?? '';
  /** @type {HTMLTextAreaElement} */ (byId('c-notes')).value = c?.notes ?? '';
  byId('c-paymentTerms').replaceChildren(
    ...PAYMENT.map((p) =>
      h('option', {
        value: p,
        text: p ? t(`payment.${p}`) : t('common.none'),
        ...(c?.paymentTerms === p ? { selected: true } : {}),
      }),
    ),
  );
  byId('c-contacts').replaceChildren(...(c?.contacts?.length ? c.contacts : [{}]).map(contactRow));
  byId('c-addresses').replaceChildren(...(c?.addresses ?? []).map(addressRow));
  for (const slot of byId('customer-form').querySelectorAll('.field-error')) show(slot, false);
  input('c-name').focus();
}

/** The rows of a repeated block as objects, empty fields left out, empty rows dropped. */
function rowsOf(id) {
  return [...byId(id).children]
    .map((row) => {
      const o = {};
      for (const el of row.querySelectorAll('[data-f]')) {
        const value = /** @type {HTMLInputElement} */ (el).value.trim();
        if (value) o[/** @type {HTMLElement} */ (el).dataset.f ?? ''] = value;
      }
      return o;
    })
    .filter((o) => Object.keys(o).some((k) => k !== 'language'));
}

async function saveCustomer(event) {
  event.preventDefault();
  for (const slot of byId('customer-form').querySelectorAll('.field-error')) show(slot, false);
  const opt = (id) => (input(id).value.trim() ? input(id).value.trim() : undefined);
  const body = {
    name: input('c-name').value.trim(),
    company: opt('c-company'),
    contacts: rowsOf('c-contacts'),
    addresses: rowsOf('c-addresses'),
    paymentTerms: /** @type {HTMLSelectElement} */ (byId('c-paymentTerms')).value || undefined,
    notes: /** @type {HTMLTextAreaElement} */ (byId('c-notes')).value.trim() || undefined,
    owner: opt('c-owner'),
  };
  const editing = view.editing;
  const result = editing
    ? await api(keyPath(editing.customerKey), {
        method: 'PUT',
        body: { ...body, version: editing.version },
        auth: true,
      })
    : await api('/api/customers', { method: 'POST', body, auth: true });
  if (!result.ok) {
    if (result.kind !== 'validation' || !Array.isArray(result.data?.issues)) return failed(result);
    for (const issue of result.data.issues) {
      const field = issue.path.split('.')[0];
      const slot = document.getElementById(`c-${field}-error`);
      const where = /^(contacts|addresses)\.(\d+)\.(\w+)/.exec(issue.path);
      const text = where
        ? `${t(`customers.${where[1]}`)} ${Number(where[2]) + 1} · ${localizeServerMessage(issue)}`
        : localizeServerMessage(issue);
      if (slot) {
        slot.textContent = text;
        show(slot);
      } else say('error', () => text);
    }
    return;
  }
  say('error', null);
  say('status', () => t('customers.saved', { name: result.data.name }));
  show(byId('customer-card'), false);
  view.editing = null;
  await search();
  await open(result.data.customerKey);
}

async function merge(event) {
  event.preventDefault();
  const from = view.detail.customer.customerKey;
  const into = input('merge-into').value.trim();
  if (!confirm(t('customers.confirmMerge', { from, into }))) return;
  const result = await api(`${keyPath(from)}/merge`, { method: 'POST', body: { into }, auth: true });
  if (!result.ok) {
    if (result.kind === 'validation' && result.data?.issues?.[0]) {
      const slot = byId('merge-into-error');
      slot.textContent = localizeServerMessage(result.data.issues[0]);
      return show(slot);
    }
    return failed(result);
  }
  say('status', () => t('customers.mergedDone', { from, into }));
  await search();
  await open(into);
}

function init() {
  const page = staffPage({
    here,
    titleKey: 'customers.title',
    rerender: () => {
      renderRows();
      renderDetail();
    },
  });
  if (!page) return;
  say = page.say;
  failed = page.failed;
  byId('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    search();
  });
  byId('more').addEventListener('click', () => search(true));
  byId('customer-rows').addEventListener('click', (e) => {
    const link = /** @type {HTMLElement} */ (e.target).closest('a[data-open]');
    if (!link) return;
    e.preventDefault();
    open(/** @type {HTMLElement} */ (link).dataset.open ?? '');
  });
  byId('add-customer').addEventListener('click', () => fillForm(null));
  byId('detail-edit').addEventListener('click', () => fillForm(view.detail.customer));
  byId('customer-cancel').addEventListener('click', () => show(byId('customer-card'), false));
  byId('add-contact').addEventListener('click', () => byId('c-contacts').append(contactRow()));
  byId('add-address').addEventListener('click', () => byId('c-addresses').append(addressRow()));
  byId('customer-form').addEventListener('submit', saveCustomer);
  byId('merge-form').addEventListener('submit', merge);
  detailInAddress({
    name: 'key',
    here,
    open: (id) => open(id, false),
    close: () => {
      view.detail = null;
      renderDetail();
    },
  });

  byId('export-customers').addEventListener('click', () => saveExport('customers', failed));
  setupImport({ kinds: ['customers'], onDone: () => search(), fail: failed });
  search().then(() => {
    const key = param('key');
    if (key) open(key, false);
  });
}

init();
