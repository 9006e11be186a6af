/**
 * "邮件待处理 / Email needs attention" (staff/inbound.html, R-INTAKE-6). Without `?id=` it lists
 * inbound emails by state (inbound-list.js). With `?id=` it shows one email (inbound-detail.js)
 * with a correction form prefilled with the order read from the mail (the order form's own
 * modules, inbound-form.js), and this module's actions: register the corrected order, confirm
 * the new customer, dismiss with a reason, download the raw message.
 */
import { api, describeError } from './api.js';
import { byId, h, param, show } from './dom.js';
import { todayInShanghai } from './format.js';
import { initI18n, localizeServerMessage, onLangChange, t } from './i18n.js';
import { renderInboundDetail } from './inbound-detail.js';
import { prefill } from './inbound-form.js';
import { startInboundList } from './inbound-list.js';
import { createOrderFormCore } from './order-form-core.js';
import { buildOrder } from './order-payload.js';
import { getToken, goToLogin } from './session.js';

const id = param('id');
const here = id ? `inbound.html?id=${encodeURIComponent(id)}` : 'inbound.html';

const state = {
  message: null,
  pageError: null,
  registered: null,
  dismissError: null,
};

let core = null;

function renderPageError() {
  show(byId('page-error'), Boolean(state.pageError));
  byId('page-error-text').textContent = state.pageError ? state.pageError() : '';
}

function clearPageError() {
  state.pageError = null;
  renderPageError();
}

/** 401 → sign in again and come back here; anything else → the page error. */
function failed(result) {
  if (result.kind === 'unauthorized') return goToLogin(here);
  state.pageError = result.kind === 'not_found' ? () => t('inbound.notFound') : () => describeError(result);
  renderPageError();
  byId('page-error').focus();
}

function renderDetail() {
  if (!state.message) return;
  renderInboundDetail(state.message, {
    registered: state.registered,
    dismissError: state.dismissError,
    onConfirmCustomer: confirmCustomer,
  });
}

async function confirmCustomer() {
  const result = await api(`/api/inbound/${encodeURIComponent(id)}/confirm-customer`, {
    method: 'POST',
    auth: true,
  });
  if (!result.ok) return failed(result);
  await loadMessage();
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
  clearPageError();
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

/** The correction form: the order form's submit flow, registering the order read from the mail. */
function startCorrectionForm() {
  core = createOrderFormCore({ submitKey: 'inbound.register', submittingKey: 'inbound.registering' });
  core.onSubmit({
    check: () => buildOrder(core.readOrder(), { today: todayInShanghai() }),
    path: `/api/inbound/${encodeURIComponent(id)}/register`,
    auth: true,
    refused: ['validation', 'conflict'],
    accepted: async (registered) => {
      state.registered = registered;
      await loadMessage();
      renderRegistered();
    },
    failed: (result) => {
      if (result.kind !== 'unauthorized') return false;
      goToLogin(here);
      return true;
    },
    localize: (issue) => localizeServerMessage(issue),
    failureSentence: describeError,
  });
  byId('delivery-date').min = todayInShanghai();
}

async function init() {
  initI18n();
  const title = () => `${t('inbound.title')} · ${t('app.name')}`;
  document.title = title();
  if (!getToken()) return goToLogin(here);
  if (!id) {
    const list = startInboundList({ failed, loaded: clearPageError });
    onLangChange(() => {
      document.title = title();
      list.render();
      renderPageError();
    });
    return list.load();
  }
  startCorrectionForm();
  byId('dismiss-form').addEventListener('submit', dismiss);
  byId('download-raw').addEventListener('click', downloadRaw);
  onLangChange(() => {
    document.title = title();
    core.relabel();
    renderDetail();
    renderPageError();
    renderRegistered({ focus: false });
  });
  await loadMessage();
  if (state.message) await prefill(core, state.message.draft);
}

init();
