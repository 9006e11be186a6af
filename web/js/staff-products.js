// @ts-check
/**
 * Products and stock (staff/products.html, R-MASTER-1/2): every product with its list price in
 * force today and its stock (on hand, reserved for orders, available), a product's detail with
 * its reservations, dated prices and change history; ops add and edit products and record
 * receipts and adjustments, sales_director and gm set dated list prices; imports and exports.
 * The API checks every role; the page shows each form only to the roles that may use it.
 */
import { api } from './api.js';
import { byId, h, param, show } from './dom.js';
import { centsToYuanText, formatDateTime, formatMoney, parseYuan, todayInShanghai } from './format.js';
import { localizeServerMessage, t } from './i18n.js';
import { saveExport, setupImport } from './master-import.js';
import { getUser } from './session.js';
import { detailInAddress, staffPage } from './staff-page.js';

const here = 'products.html';
const PRODUCT_FIELDS = ['sku', 'nameZh', 'nameEn', 'spec', 'unit', 'packaging', 'lowStockAt'];
/** @type {{ items: any[], detail: any, editing: any }} */
const view = { items: [], detail: null, editing: null };
const roles = () => getUser()?.roles ?? [];
const isOps = () => roles().includes('ops');
const setsPrices = () => roles().some((r) => r === 'sales_director' || r === 'gm');
const input = (id) => /** @type {HTMLInputElement} */ (byId(id));

/** Set by init: the page's notices and the sentence for a failed call (staff-page.js). */
let say = (_kind, _fn) => {};
let failed = (_result) => {};

/** Field errors of a 400 into the form's slots (`prefix-field-error`); the rest on top. */
function showIssues(prefix, fields, result) {
  if (result.kind !== 'validation' || !Array.isArray(result.data?.issues)) return failed(result);
  for (const issue of result.data.issues) {
    const name = fields.find((f) => issue.path === f || issue.path.startsWith(`${f}.`));
    const slot = name ? document.getElementById(`${prefix}-${name}-error`) : null;
    if (slot) {
      slot.textContent = localizeServerMessage(issue);
      show(slot);
    } else say('error', () => localizeServerMessage(issue));
  }
}
const clearIssues = (form) => {
  for (const slot of byId(form).querySelectorAll('.field-error')) show(slot, false);
};

const stockText = (p) => `${p.onHand} / ${p.reserved} / ${p.available}`;

function renderRows() {
  const q = input('filter').value.trim().toLowerCase();
  const items = view.items.filter(
    (p) => !q || [p.sku, p.nameZh, p.nameEn ?? '', p.spec].some((s) => s.toLowerCase().includes(q)),
  );
  const cell = (label, content) => h('td', { 'data-label': t(label) }, h('div', {}, content));
  byId('product-rows').replaceChildren(
    ...items.map((p) =>
      h(
        'tr',
        { dataset: { sku: p.sku } },
        cell('products.col.product', [
          h('a', {
            href: `?sku=${encodeURIComponent(p.sku)}`,
            dataset: { open: p.sku },
            text: `${p.sku} ${p.nameZh}`,
          }),
          h('div', { class: 'muted', text: [p.nameEn, p.spec, p.unit].filter(Boolean).join(' · ') }),
        ]),
        cell('products.col.price', p.listPrice === null ? t('products.noPrice') : formatMoney(p.listPrice)),
        cell('products.col.stock', p.madeToOrder ? t('products.madeToOrder') : stockText(p)),
        cell('products.col.state', [
          p.active ? null : h('span', { class: 'badge', text: t('products.inactive') }),
          p.lowStockAt !== null && p.available < p.lowStockAt
            ? h('span', { class: 'badge badge-urgent', text: t('products.low') })
            : null,
        ]),
      ),
    ),
  );
  show(byId('products-empty'), items.length === 0);
}

function fact(label, value) {
  return [h('dt', { text: t(label) }), h('dd', { text: value })];
}

function historyText(e) {
  const who = `${formatDateTime(e.at)} · ${e.by}`;
  const reason = e.reason ? ` · ${e.reason}` : '';
  if (e.kind === 'price')
    return `${who} · ${t('products.h.price', { price: e.listPrice === null ? t('products.noPrice') : formatMoney(e.listPrice), from: e.effectiveFrom })}${reason}`;
  if (e.kind === 'receipt' || e.kind === 'adjustment')
    return `${who} · ${t(`products.kind.${e.kind}`)} ${e.quantity > 0 ? '+' : ''}${e.quantity}${reason}`;
  if (e.kind === 'edited')
    return `${who} · ${t('products.h.edited', {
      fields: Object.keys(e.changes ?? {})
        .map((f) => t(`products.${f}`))
        .join('、'),
    })}${reason}`;
  return `${who} · ${t(`products.h.${e.kind}`)}${reason}`;
}

function renderDetail() {
  const d = view.detail;
  show(byId('detail'), Boolean(d));
  if (!d) return;
  const p = d.product;
  byId('detail-title').textContent = `${p.sku} ${p.name}`;
  byId('detail-facts').replaceChildren(
    ...fact('products.spec', p.spec || t('common.none')),
    ...fact('products.unit', p.unit),
    ...fact('products.packaging', p.packaging.join('；') || t('common.none')),
    ...fact('products.col.price', p.listPrice === null ? t('products.noPrice') : formatMoney(p.listPrice)),
    ...fact('products.onHand', String(p.onHand)),
    ...fact('products.reserved', String(p.reserved)),
    ...fact('products.available', String(p.available)),
    ...fact('products.lowStockAt', p.lowStockAt === null ? t('common.none') : String(p.lowStockAt)),
    ...fact('products.col.state', p.active ? t('products.active') : t('products.inactive')),
  );
  const reservations = Object.entries(p.reservations ?? {});
  byId('detail-reservations').replaceChildren(
    ...(reservations.length
      ? reservations.map(([orderId, qty]) =>
          h(
            'li',
            {},
            h('a', { href: `order.html?id=${encodeURIComponent(orderId)}`, text: orderId }),
            ` × ${qty} ${p.unit}`,
          ),
        )
      : [h('li', { class: 'muted', text: t('products.noReservations') })]),
  );
  byId('detail-prices').replaceChildren(
    ...(p.prices.length
      ? [...p.prices].reverse().map((e) =>
          h('li', {
            text: `${e.effectiveFrom} · ${e.listPrice === null ? t('products.noPrice') : formatMoney(e.listPrice)} · ${e.by} · ${e.reason}`,
          }),
        )
      : [h('li', { class: 'muted', text: t('products.noPrices') })]),
  );
  byId('detail-history').replaceChildren(...d.history.map((e) => h('li', { text: historyText(e) })));
  show(byId('stock-form'), isOps());
  show(byId('price-form'), setsPrices());
  if (!input('price-from').value) input('price-from').value = todayInShanghai();
  document.getElementById('detail-edit')?.remove();
  if (isOps())
    byId('detail-facts').after(
      h('button', {
        type: 'button',
        id: 'detail-edit',
        class: 'button button-secondary button-small',
        text: t('products.edit'),
      }),
    );
}

async function load() {
  const result = await api('/api/stock', { auth: true });
  if (!result.ok) return failed(result);
  view.items = result.data.items;
  show(byId('list-card'));
  show(byId('import-card'), isOps() || setsPrices());
  show(byId('add-product'), isOps());
  renderRows();
  const sku = param('sku');
  if (sku && !view.detail) await open(sku, false);
}

async function open(sku, push = true) {
  const result = await api(`/api/products/${encodeURIComponent(sku)}`, { auth: true });
  if (!result.ok) return failed(result);
  view.detail = result.data;
  if (push) history.pushState({ sku }, '', `?sku=${encodeURIComponent(sku)}`);
  renderDetail();
  byId('detail').scrollIntoView({ block: 'start' });
}

function fillForm(p) {
  view.editing = p;
  show(byId('product-card'));
  byId('product-form-title').textContent = t(p ? 'products.editTitle' : 'products.add');
  input('p-sku').value = p?.sku ?? '';
  input('p-sku').disabled = Boolean(p);
  input('p-nameZh').value = p?.nameZh ?? '';
  input('p-nameEn').value = p?.nameEn ?? '';
  input('p-spec').value = p?.spec ?? '';
  input('p-unit').value = p?.unit ?? '';
  input('p-packaging').value = (p?.packaging ?? []).join('；');
  input('p-lowStockAt').value =
    p?.lowStockAt === null || p?.lowStockAt === undefined ? '' : String(p.lowStockAt);
  input('p-active').checked = p ? p.active : true;
  input('p-madeToOrder').checked = Boolean(p?.madeToOrder);
  show(byId('product-cancel'));
  clearIssues('product-form');
  input(p ? 'p-nameZh' : 'p-sku').focus();
}

async function saveProduct(event) {
  event.preventDefault();
  clearIssues('product-form');
  const low = input('p-lowStockAt').value.trim();
  const packaging = input('p-packaging')
    .value.split(/[;；、|]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const body = {
    nameZh: input('p-nameZh').value.trim(),
    ...(view.editing
      ? { nameEn: input('p-nameEn').value.trim() || null }
      : input('p-nameEn').value.trim()
        ? { nameEn: input('p-nameEn').value.trim() }
        : {}),
    spec: input('p-spec').value.trim(),
    unit: input('p-unit').value.trim(),
    packaging,
    lowStockAt: low === '' ? null : Number(low),
    active: input('p-active').checked,
    madeToOrder: input('p-madeToOrder').checked,
  };
  const editing = view.editing;
  const result = editing
    ? await api(`/api/products/${encodeURIComponent(editing.sku)}`, {
        method: 'PUT',
        body: { ...body, version: editing.version },
        auth: true,
      })
    : await api('/api/products', {
        method: 'POST',
        body: { sku: input('p-sku').value.trim(), ...body },
        auth: true,
      });
  if (!result.ok) return showIssues('p', PRODUCT_FIELDS, result);
  say('error', null);
  say('status', () => t('products.saved', { sku: result.data.sku }));
  show(byId('product-card'), false);
  view.editing = null;
  await load();
  await open(result.data.sku);
}

async function saveStock(event) {
  event.preventDefault();
  clearIssues('stock-form');
  const sku = view.detail.product.sku;
  const kind = /** @type {HTMLSelectElement} */ (byId('stock-kind')).value;
  const raw = input('stock-quantity').value.trim();
  const quantity = Number(raw.replace(/[,，\s]/g, ''));
  const reason = input('stock-reason').value.trim();
  const result = await api(`/api/products/${encodeURIComponent(sku)}/stock`, {
    method: 'POST',
    body: { kind, quantity: raw === '' ? null : quantity, ...(reason ? { reason } : {}) },
    auth: true,
  });
  if (!result.ok) return showIssues('stock', ['quantity', 'reason'], result);
  input('stock-quantity').value = '';
  input('stock-reason').value = '';
  say('error', null);
  say('status', () => t('products.stockSaved', { sku, available: result.data.available }));
  await load();
  await open(sku, false);
}

async function savePrice(event) {
  event.preventDefault();
  clearIssues('price-form');
  const sku = view.detail.product.sku;
  const amount = input('price-amount').value.trim();
  const cents = amount === '' ? null : parseYuan(amount);
  if (amount !== '' && cents === null) {
    const slot = byId('price-listPrice-error');
    slot.textContent = t('products.badPrice');
    return show(slot);
  }
  const result = await api(`/api/products/${encodeURIComponent(sku)}/price`, {
    method: 'PUT',
    body: {
      listPrice: cents,
      effectiveFrom: input('price-from').value,
      reason: input('price-reason').value.trim(),
    },
    auth: true,
  });
  if (!result.ok) return showIssues('price', ['listPrice', 'effectiveFrom', 'reason'], result);
  input('price-amount').value = '';
  input('price-reason').value = '';
  say('error', null);
  say('status', () =>
    t('products.priceSaved', {
      sku,
      price: cents === null ? t('products.noPrice') : `¥${centsToYuanText(cents)}`,
    }),
  );
  await load();
  await open(sku, false);
}

function init() {
  const page = staffPage({
    here,
    titleKey: 'products.title',
    rerender: () => {
      renderRows();
      renderDetail();
    },
  });
  if (!page) return;
  say = page.say;
  failed = page.failed;
  byId('filter').addEventListener('input', renderRows);
  byId('product-rows').addEventListener('click', (e) => {
    const link = /** @type {HTMLElement} */ (e.target).closest('a[data-open]');
    if (!link) return;
    e.preventDefault();
    open(/** @type {HTMLElement} */ (link).dataset.open ?? '');
  });
  byId('add-product').addEventListener('click', () => fillForm(null));
  byId('product-cancel').addEventListener('click', () => show(byId('product-card'), false));
  byId('product-form').addEventListener('submit', saveProduct);
  byId('stock-form').addEventListener('submit', saveStock);
  byId('price-form').addEventListener('submit', savePrice);
  byId('detail').addEventListener('click', (e) => {
    if (/** @type {HTMLElement} */ (e.target).id === 'detail-edit') fillForm(view.detail.product);
  });
  detailInAddress({
    name: 'sku',
    here,
    open: (id) => open(id, false),
    close: () => {
      view.detail = null;
      renderDetail();
    },
  });

  byId('export-products').addEventListener('click', () => saveExport('products', failed));
  byId('export-stock').addEventListener('click', () => saveExport('stock', failed));
  setupImport({ kinds: ['products', 'stock'], onDone: load, fail: failed });
  load();
}

init();
