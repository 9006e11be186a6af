/**
 * "邮件待处理 / Email needs attention" (staff/inbound.html, R-INTAKE-6). Without `?id=` it lists
 * inbound emails by state (needs attention, quarantined, registered, dismissed), newest first,
 * a page at a time. With `?id=` it shows one email: what is missing or wrong with the quoted
 * lines, the message text, the raw message, its history, a correction form prefilled with the
 * order read from the mail (the order form's own module) and dismissal with a reason.
 */
import { api, describeError } from './api.js';
import { byId, h, param, show } from './dom.js';
import { formatDateTime, todayInShanghai } from './format.js';
import { getLang, initI18n, localizeServerMessage, onLangChange, t } from './i18n.js';
import { fieldLabel, prefill } from './inbound-form.js';
import { createOrderFormCore } from './order-form-core.js';
import { buildOrder } from './order-payload.js';
import { getToken, goToLogin } from './session.js';

const STATES = ['attention', 'quarantined', 'registered', 'dismissed'];
const id = param('id');
const here = id ? `inbound.html?id=${encodeURIComponent(id)}` : 'inbound.html';

const state = {
  tab: STATES.includes(param('state')) ? param('state') : 'attention',
  items: [],
  nextCursor: null,
  message: null,
  pageError: null,
  formShown: null,
  registered: null,
  dismissError: null,
};

let core = null;

function renderPageError() {
  show(byId('page-error'), Boolean(state.pageError));
  byId('page-error-text').textContent = state.pageError ? state.pageError() : '';
}

/** 401 → sign in again and come back here; anything else → the page error. */
function failed(result) {
  if (result.kind === 'unauthorized') return goToLogin(here);
  state.pageError = result.kind === 'not_found' ? () => t('inbound.notFound') : () => describeError(result);
  renderPageError();
  byId('page-error').focus();
}

// ---- list ----

function listEntry(item) {
  const facts = [
    h('time', { datetime: item.receivedAt, text: formatDateTime(item.receivedAt) }),
    ` · ${item.from.name ? `${item.from.name} <${item.from.address}>` : item.from.address}`,
  ];
  const note =
    item.state === 'attention'
      ? t('inbound.problemCount', { n: item.problems })
      : item.state === 'quarantined'
        ? (item.quarantineReasons ?? []).join(', ')
        : item.state === 'registered'
          ? t('inbound.registeredAs', { number: item.orderNumber ?? '' })
          : (item.dismissal?.reason ?? '');
  return h(
    'li',
    { class: 'card inbound-item' },
    h('a', {
      class: 'queue-link',
      href: `inbound.html?id=${encodeURIComponent(item.inboundId)}`,
      text: item.subject || t('inbound.noSubject'),
    }),
    h('p', { class: 'muted' }, ...facts),
    h('p', { text: note }),
  );
}

function renderTabs() {
  for (const tab of byId('state-tabs').querySelectorAll('[data-state]')) {
    const active = tab.dataset.state === state.tab;
    tab.setAttribute('aria-selected', String(active));
    tab.classList.toggle('button-primary', active);
  }
}

function renderList() {
  renderTabs();
  byId('inbound-list').replaceChildren(...state.items.map(listEntry));
  byId('list-status').textContent = state.items.length ? '' : t('inbound.empty');
  show(byId('load-more'), Boolean(state.nextCursor));
}

async function loadList({ more = false } = {}) {
  const query = new URLSearchParams({ state: state.tab, limit: '25' });
  if (more && state.nextCursor) query.set('cursor', state.nextCursor);
  const result = await api(`/api/inbound?${query}`, { auth: true });
  if (!result.ok) return failed(result);
  state.items = more ? [...state.items, ...result.data.items] : result.data.items;
  state.nextCursor = result.data.nextCursor ?? null;
  state.pageError = null;
  renderPageError();
  renderList();
}

function chooseTab(tab) {
  state.tab = tab;
  renderTabs();
  history.replaceState(null, '', `inbound.html?state=${tab}`);
  loadList();
}

// ---- one message ----

const fact = (labelKey, value) => [h('dt', { text: t(labelKey) }), h('dd', {}, value)];

/** The customer this email created, and the button that confirms it (once). */
function newCustomer(m) {
  if (m.actions.some((a) => a.action === 'customer-confirmed')) return t('inbound.customerConfirmed');
  return [
    t('inbound.newCustomerNote'),
    ' ',
    h('button', {
      type: 'button',
      id: 'confirm-customer',
      class: 'button button-secondary button-small',
      text: t('inbound.confirmCustomer'),
      onclick: confirmCustomer,
    }),
  ];
}

async function confirmCustomer() {
  const result = await api(`/api/inbound/${encodeURIComponent(id)}/confirm-customer`, {
    method: 'POST',
    auth: true,
  });
  if (!result.ok) return failed(result);
  await loadMessage();
}

function renderDetail() {
  const m = state.message;
  if (!m) return;
  show(byId('detail-view'));
  byId('detail-title').textContent = m.subject || t('inbound.noSubject');
  byId('detail-badges').replaceChildren(
    h('span', { class: 'badge badge-status', text: t(`inbound.state.${m.state}`) }),
  );
  const order = m.orderId
    ? h('a', { href: `order.html?id=${encodeURIComponent(m.orderId)}`, text: m.orderNumber ?? m.orderId })
    : t('common.none');
  byId('detail-facts').replaceChildren(
    ...fact('inbound.from', m.from.name ? `${m.from.name} <${m.from.address}>` : m.from.address),
    ...fact('inbound.receivedAt', formatDateTime(m.receivedAt)),
    ...fact('inbound.messageId', m.messageId),
    ...fact(
      'inbound.attachments',
      m.attachments.length ? m.attachments.map((a) => a.filename).join(', ') : t('common.none'),
    ),
    ...fact('inbound.order', order),
    ...(m.newCustomerKey ? fact('inbound.newCustomer', newCustomer(m)) : []),
  );
  const problems = m.problems ?? [];
  show(byId('problems-card'), m.state === 'attention' && problems.length > 0);
  byId('problems-list').replaceChildren(
    ...problems.map((p) =>
      h(
        'li',
        {},
        h('strong', { text: `${fieldLabel(p.path)}${getLang() === 'en' ? ': ' : '：'}` }),
        getLang() === 'en' ? p.message : p.messageZh,
        p.line ? h('q', { class: 'inbound-quote', text: p.line }) : null,
      ),
    ),
  );
  const reasons = m.quarantineReasons ?? [];
  show(byId('reasons-card'), reasons.length > 0);
  byId('reasons-list').replaceChildren(...reasons.map((r) => h('li', { text: r })));
  byId('message-text').textContent = m.text || t('inbound.noText');
  byId('actions-list').replaceChildren(
    ...m.actions.map((a) =>
      h('li', {
        text: `${formatDateTime(a.at)} · ${t(`inbound.action.${a.action}`)} · ${a.actor}${a.detail ? ` · ${a.detail}` : ''}`,
      }),
    ),
  );
  show(byId('correct-card'), m.state === 'attention' || Boolean(state.registered));
  show(byId('dismiss-card'), m.state === 'attention' || m.state === 'quarantined');
  const slot = byId('dismiss-reason-error');
  slot.textContent = state.dismissError ? state.dismissError() : '';
  show(slot, Boolean(state.dismissError));
}

const check = () => buildOrder(core.readOrder(), { today: todayInShanghai() });

function renderFormErrors({ focus = true } = {}) {
  core.renderErrors(state.formShown, {
    check,
    localize: (issue) => localizeServerMessage(issue.message),
    failureSentence: describeError,
    focus,
  });
}

function renderRegistered({ focus = true } = {}) {
  if (!state.registered) return;
  core.showConfirmationView(
    () => {
      byId('register-done').replaceChildren(
        t('inbound.registered'),
        ' ',
        h('a', {
          href: `order.html?id=${encodeURIComponent(state.registered.orderId)}`,
          text: state.registered.orderNumber,
        }),
      );
    },
    { focus },
  );
}

async function register(event) {
  event.preventDefault();
  if (core.sending) return;
  const { payload, issues } = check();
  if (issues.length) {
    state.formShown = { type: 'client' };
    return renderFormErrors();
  }
  state.formShown = null;
  const result = await core.post(`/api/inbound/${encodeURIComponent(id)}/register`, payload, {
    auth: true,
    refused: ['validation', 'conflict'],
  });
  if (result.kind === 'unauthorized') return goToLogin(here);
  if (!result.ok) {
    state.formShown = core.failureShown(result);
    return renderFormErrors();
  }
  state.registered = result.data;
  await loadMessage();
  renderRegistered();
}

async function dismiss(event) {
  event.preventDefault();
  const reason = byId('dismiss-reason').value.trim();
  state.dismissError = reason ? null : () => t('v.required');
  if (!reason) return renderDetail();
  const result = await api(`/api/inbound/${encodeURIComponent(id)}/dismiss`, {
    method: 'POST',
    body: { reason },
    auth: true,
  });
  if (!result.ok) return failed(result);
  await loadMessage();
}

async function loadMessage() {
  const result = await api(`/api/inbound/${encodeURIComponent(id)}`, { auth: true });
  if (!result.ok) return failed(result);
  state.message = result.data;
  state.pageError = null;
  renderPageError();
  renderDetail();
}

/** The raw message needs the bearer token, so it is fetched and handed over as a file. */
async function downloadRaw() {
  const response = await fetch(`/api/inbound/${encodeURIComponent(id)}/raw`, {
    headers: { Authorization: `Bearer ${getToken()}` },
  });
  if (response.status === 401) return goToLogin(here);
  if (!response.ok) return failed({ ok: false, status: response.status, kind: 'server', data: null });
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: `${id}.eml` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function init() {
  initI18n();
  const title = () => `${t('inbound.title')} · ${t('app.name')}`;
  document.title = title();
  if (!getToken()) return goToLogin(here);
  if (!id) {
    show(byId('list-view'));
    renderTabs();
    byId('state-tabs').addEventListener('click', (event) => {
      const tab = event.target.closest('[data-state]');
      if (tab) chooseTab(tab.dataset.state);
    });
    byId('load-more').addEventListener('click', () => loadList({ more: true }));
    onLangChange(() => {
      document.title = title();
      renderList();
      renderPageError();
    });
    return loadList();
  }
  core = createOrderFormCore({ submitKey: 'inbound.register', submittingKey: 'inbound.registering' });
  core.form.addEventListener('submit', register);
  core.form.addEventListener('input', (event) => core.clearErrorOnInput(event.target));
  byId('add-line').addEventListener('click', () => core.lines.addLine({ focus: true }));
  byId('dismiss-form').addEventListener('submit', dismiss);
  byId('download-raw').addEventListener('click', downloadRaw);
  byId('delivery-date').min = todayInShanghai();
  onLangChange(() => {
    document.title = title();
    core.relabel();
    renderDetail();
    renderPageError();
    if (core.errorsShown()) renderFormErrors({ focus: false });
    renderRegistered({ focus: false });
  });
  await loadMessage();
  if (state.message) await prefill(core, state.message.draft);
}

init();
