// @ts-check
/**
 * The order list (staff/orders.html, R-PROC-7): every order, archived ones too, found by a
 * prefix search and filters that live in the URL — a filtered list can be bookmarked or sent
 * to a colleague — newest first, a page at a time, with the count of each status for the
 * filters as chips, and the same list as a CSV or Excel download.
 */
import { api, describeError } from './api.js';
import { byId, h, show } from './dom.js';
import { initI18n, localizeServerMessage, onLangChange, t } from './i18n.js';
import { CHANNELS, ORDER_STATUSES, PRIORITIES } from './order-contract.js';
import { orderRow } from './order-row.js';
import { saveReportFile } from './report-download.js';
import { clearSession, getToken, goToLogin } from './session.js';

const here = `orders.html${location.search}`;
const STATUSES = ORDER_STATUSES;
const FILTERS = ['q', 'status', 'priority', 'channel', 'assignee', 'from', 'to'];

/** @type {{ items: any[], counts: Record<string, number> | null, countsExact: boolean, nextCursor: string | null, loading: boolean, failure: any }} */
const view = { items: [], counts: null, countsExact: true, nextCursor: null, loading: false, failure: null };

/** The filters as the URL has them (only known names, blanks dropped). */
function filtersFromUrl() {
  const params = new URLSearchParams(location.search);
  /** @type {Record<string, string>} */
  const out = {};
  for (const name of FILTERS) {
    const value = params.get(name)?.trim();
    if (value) out[name] = value;
  }
  return out;
}

const queryOf = (/** @type {Record<string, string>} */ filters) => new URLSearchParams(filters).toString();

function fillForm(/** @type {Record<string, string>} */ filters) {
  for (const name of FILTERS) {
    const input = /** @type {HTMLInputElement | HTMLSelectElement} */ (byId(`f-${name}`));
    input.value = filters[name] ?? '';
  }
  showFilterCount(filters);
}

/** Wide screens show every filter; a phone shows the search and folds the rest behind a count. */
const WIDE = window.matchMedia('(min-width: 48rem)');

/** How many filters besides the search are set, on the folded filters' summary. */
function showFilterCount(/** @type {Record<string, string>} */ filters) {
  const set = FILTERS.filter((name) => name !== 'q' && filters[name]).length;
  const badge = byId('filter-count');
  badge.textContent = String(set);
  show(badge, set > 0);
}

function formFilters() {
  /** @type {Record<string, string>} */
  const out = {};
  for (const name of FILTERS) {
    const input = /** @type {HTMLInputElement | HTMLSelectElement} */ (byId(`f-${name}`));
    const value = input.value.trim();
    if (value) out[name] = value;
  }
  return out;
}

function renderOptions() {
  const options = (
    /** @type {string} */ id,
    /** @type {readonly string[]} */ values,
    /** @type {string} */ prefix,
  ) => {
    const select = /** @type {HTMLSelectElement} */ (byId(id));
    const current = select.value;
    select.replaceChildren(
      h('option', { value: '', text: t('orders.any') }),
      ...values.map((v) => h('option', { value: v, text: t(`${prefix}.${v}`) })),
    );
    select.value = current;
  };
  options('f-status', STATUSES, 'status');
  options('f-priority', PRIORITIES, 'priority');
  options('f-channel', CHANNELS, 'channel');
}

/** A list row: the page's own column is the channel. */
const row = (/** @type {any} */ item) => orderRow(item, ['orders.channel', t(`channel.${item.channel}`)]);

function renderChips() {
  const nav = byId('status-chips');
  if (!view.counts) return nav.replaceChildren();
  const filters = filtersFromUrl();
  const total = STATUSES.reduce((sum, s) => sum + (view.counts?.[s] ?? 0), 0);
  const plus = view.countsExact ? '' : '+';
  const chip = (/** @type {string | null} */ status, /** @type {number} */ count) => {
    const next = { ...filters };
    if (status) next.status = status;
    else delete next.status;
    return h('a', {
      class: 'chip',
      href: `orders.html?${queryOf(next)}`,
      'aria-current': String((filters.status ?? null) === status),
      text: `${status ? t(`status.${status}`) : t('orders.all')} ${count}${plus}`,
    });
  };
  nav.replaceChildren(
    chip(null, total),
    ...STATUSES.filter((s) => (view.counts?.[s] ?? 0) > 0 || filters.status === s).map((s) =>
      chip(s, view.counts?.[s] ?? 0),
    ),
  );
}

function render() {
  byId('order-rows').replaceChildren(...view.items.map(row));
  show(byId('orders-empty'), !view.loading && !view.failure && view.items.length === 0 && !view.nextCursor);
  show(byId('load-more'), Boolean(view.nextCursor) && !view.loading);
  byId('orders-summary').textContent = view.loading
    ? t('common.loading')
    : t('orders.shown', { count: view.items.length });
  renderChips();
}

function showFailure(/** @type {any} */ result) {
  view.failure = result;
  for (const name of FILTERS) {
    const slot = document.getElementById(`f-${name}-error`);
    if (slot) show(slot, false);
  }
  const issues = result?.data?.issues ?? [];
  let placed = false;
  for (const issue of issues) {
    const slot = document.getElementById(`f-${issue.path}-error`);
    if (slot) {
      slot.textContent = localizeServerMessage(issue);
      show(slot, true);
      placed = true;
      // A wrong filter folded away on a phone is shown, not hidden.
      if (issue.path !== 'q') /** @type {HTMLDetailsElement} */ (byId('more-filters')).open = true;
    }
  }
  const box = byId('page-error');
  byId('page-error-text').textContent = result
    ? issues.some((/** @type {any} */ i) => i.path === 'cursor')
      ? t('orders.staleCursor')
      : placed
        ? t('orders.fixFilters')
        : describeError(result)
    : '';
  show(box, Boolean(result));
}

async function load(/** @type {boolean} */ more) {
  const filters = filtersFromUrl();
  view.loading = true;
  render();
  // A page size may come with the address (`&limit=50`); the form has no field for it.
  const limit = new URLSearchParams(location.search).get('limit');
  const query = queryOf({
    ...filters,
    ...(limit ? { limit } : {}),
    ...(more && view.nextCursor ? { cursor: view.nextCursor } : {}),
  });
  const result = await api(`/api/orders${query ? `?${query}` : ''}`, { auth: true });
  view.loading = false;
  if (!result.ok) {
    if (result.kind === 'unauthorized') return goToLogin(here);
    showFailure(result);
    return render();
  }
  showFailure(null);
  view.items = more ? [...view.items, ...result.data.items] : result.data.items;
  if (!more) {
    view.counts = result.data.counts ?? null;
    view.countsExact = result.data.countsExact !== false;
  }
  view.nextCursor = result.data.nextCursor ?? null;
  render();
}

function search(/** @type {Event} */ event) {
  event.preventDefault();
  const query = queryOf(formFilters());
  history.pushState(null, '', `orders.html${query ? `?${query}` : ''}`);
  load(false);
}

async function download(/** @type {'csv' | 'xlsx'} */ format) {
  const query = queryOf({ ...formFilters(), format });
  const status = byId('page-status');
  status.textContent = t('orders.exporting');
  show(status, true);
  const result = await saveReportFile(`/api/orders/export?${query}`, `orders.${format}`);
  show(status, false);
  if (result.ok === false) {
    if (result.kind === 'unauthorized') return goToLogin(here);
    showFailure(result);
  }
}

function init() {
  initI18n();
  if (!getToken()) return goToLogin(here);
  renderOptions();
  fillForm(filtersFromUrl());
  const more = /** @type {HTMLDetailsElement} */ (byId('more-filters'));
  // Only ever opened here: a tap on "更多筛选" before this ran stays open.
  if (WIDE.matches) more.open = true;
  WIDE.addEventListener('change', () => {
    more.open = WIDE.matches;
  });
  byId('filters').addEventListener('submit', search);
  byId('clear').addEventListener('click', () => {
    fillForm({});
    history.pushState(null, '', 'orders.html');
    load(false);
  });
  byId('load-more').addEventListener('click', () => load(true));
  byId('export-csv').addEventListener('click', () => download('csv'));
  byId('export-xlsx').addEventListener('click', () => download('xlsx'));
  byId('logout').addEventListener('click', () => {
    clearSession();
    goToLogin(null);
  });
  window.addEventListener('popstate', () => {
    fillForm(filtersFromUrl());
    load(false);
  });
  onLangChange(() => {
    document.title = `${t('orders.title')} · ${t('app.name')}`;
    renderOptions();
    render();
    if (view.failure) showFailure(view.failure);
  });
  document.title = `${t('orders.title')} · ${t('app.name')}`;
  load(false);
}

init();
