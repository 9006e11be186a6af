/**
 * The public order form (index.html), and the phone-order form for staff (`?staff=1` with a
 * staff session): R-INTAKE-1 (channel), R-INTAKE-2 (fields and per-field errors),
 * R-INTAKE-3 (confirmation with tracking link), R-INTAKE-4 (one Idempotency-Key per form
 * fill, reused on retry), R-INTAKE-5 (priority).
 */
import { api, describeError, newIdempotencyKey } from './api.js';
import { byId, param, show } from './dom.js';
import { createErrorDisplay } from './form-errors.js';
import { formatMoney, todayInShanghai } from './format.js';
import { getLang, initI18n, localizeServerMessage, onLangChange, t } from './i18n.js';
import { createLineEditor } from './order-lines.js';
import { buildOrder } from './order-payload.js';
import { getToken, getUser } from './session.js';

const form = byId('order-form');
const submitButton = byId('submit-order');
const errors = createErrorDisplay(form, {
  box: byId('form-errors'),
  title: byId('form-errors-title'),
  list: byId('form-errors-list'),
});

const state = {
  /** R-INTAKE-4: created at the first submit of a fill, kept until the order is accepted. */
  idempotencyKey: null,
  sending: false,
  /** Staff phone-order mode (R-INTAKE-1): a staff session and `?staff=1`. */
  staff: param('staff') === '1' && getToken() ? getUser() : null,
  /** The errors on show (see renderErrors), redrawn in the new language on a switch. */
  shown: null,
  /** The accepted order and what was sent, while the confirmation is on show. */
  confirmed: null,
  /** The failed catalogue call, kept to redraw its message after a language switch. */
  catalogueFailure: null,
  catalogueLoading: true,
};

const lines = createLineEditor(byId('item-lines'), renderTotal);

function renderTotal() {
  const { cents, incomplete } = lines.total();
  byId('order-total').textContent = formatMoney(cents);
  byId('total-note').textContent = incomplete && cents > 0 ? t('form.totalIncomplete') : '';
}

function renderStaffBanner() {
  const banner = byId('staff-banner');
  if (param('staff') !== '1') return;
  show(banner);
  const link = banner.querySelector('a');
  if (state.staff) {
    byId('staff-banner-text').textContent = t('form.staffBanner', {
      name: state.staff.name ?? state.staff.email,
    });
    link.textContent = t('form.staffBackToQueue');
  } else {
    byId('staff-banner-text').textContent = t('form.staffLoginNeeded');
    link.textContent = t('form.staffLogin');
  }
}

function renderCatalogueStatus() {
  const status = byId('catalogue-status');
  if (state.catalogueLoading) return status.replaceChildren(t('form.skuLoading'));
  if (!state.catalogueFailure) return status.replaceChildren();
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.className = 'button button-secondary button-small';
  retry.textContent = t('common.retry');
  retry.addEventListener('click', loadCatalogue);
  status.replaceChildren(`${t('form.catalogueFailed')} ${describeError(state.catalogueFailure)} `, retry);
}

async function loadCatalogue() {
  state.catalogueLoading = true;
  renderCatalogueStatus();
  const result = await api('/api/products');
  state.catalogueLoading = false;
  const ok = result.ok && Array.isArray(result.data);
  state.catalogueFailure = ok ? null : result;
  if (ok) lines.setProducts(result.data);
  renderCatalogueStatus();
}

function readForm() {
  const value = (id) => byId(id).value;
  return {
    customer: {
      name: value('customer-name'),
      company: value('customer-company'),
      phone: value('customer-phone'),
      email: value('customer-email'),
    },
    items: lines.read(),
    paymentMethod: value('payment-method'),
    delivery: {
      address: value('delivery-address'),
      requestedDate: value('delivery-date'),
      transportMethod: value('delivery-transport'),
    },
    priority: form.querySelector('input[name="priority"]:checked')?.value ?? 'normal',
    notes: value('notes'),
    language: getLang(),
  };
}

function setBusy(busy) {
  state.sending = busy;
  submitButton.disabled = busy;
  submitButton.classList.toggle('is-busy', busy);
  form.setAttribute('aria-busy', String(busy));
  byId('submit-label').textContent = t(busy ? 'form.submitting' : 'form.submit');
  byId('submit-status').textContent = busy ? t('form.submitting') : '';
}

/** The confirmation view; `state.confirmed` keeps it for a redraw after a language switch. */
function showConfirmation({ focus = true } = {}) {
  const { order, payload } = state.confirmed;
  show(byId('order-view'), false);
  const view = byId('confirmation-view');
  show(view);
  byId('done-number').textContent = order.orderNumber;
  byId('done-status').textContent = t('done.status', { status: t(`status.${order.status ?? 'received'}`) });
  const { email, phone } = payload.customer;
  byId('done-message').textContent = email
    ? t('done.emailSent', { email })
    : phone
      ? t('done.smsSent', { phone })
      : t('done.emailSentGeneric');
  const track = byId('done-track');
  track.href = order.trackingUrl ?? '#';
  show(track, Boolean(order.trackingUrl));
  const detail = byId('done-detail');
  detail.href = `staff/order.html?id=${encodeURIComponent(order.orderId)}`;
  show(detail, Boolean(state.staff && order.orderId));
  if (focus) {
    window.scrollTo(0, 0);
    view.focus();
  }
}

function startOver() {
  form.reset();
  lines.reset();
  state.shown = null;
  state.confirmed = null;
  errors.clear();
  renderTotal();
  show(byId('confirmation-view'), false);
  show(byId('order-view'));
  byId('customer-name').focus();
}

/**
 * Draw what went wrong: `shown` is kept so a language switch can redraw it. Kinds:
 * client (our checks), server (a 400's issues), failure (any other failed call).
 */
function renderErrors({ focus = true } = {}) {
  const shown = state.shown;
  if (!shown) return errors.clear();
  if (shown.type === 'client') {
    const { issues } = buildOrder(readForm(), { today: todayInShanghai() });
    if (issues.length) errors.show(issues, { focus });
    else errors.clear();
  } else if (shown.type === 'server') {
    const issues = shown.issues.map((i) => ({ path: i.path, message: localizeServerMessage(i.message) }));
    errors.show(issues, { message: t('err.validation'), focus });
  } else {
    const { result } = shown;
    const sentence =
      result.kind === 'unauthorized' && state.staff ? t('staff.sessionExpired') : describeError(result);
    errors.show([], { message: `${sentence} ${t('err.inputKept')}`, focus });
  }
}

async function submit(event) {
  event.preventDefault();
  if (state.sending) return;
  const { payload, issues } = buildOrder(readForm(), { today: todayInShanghai() });
  if (issues.length) {
    state.shown = { type: 'client' };
    return renderErrors();
  }
  if (state.staff) payload.channel = 'phone'; // R-INTAKE-1: the API records the channel
  state.idempotencyKey ??= newIdempotencyKey();
  state.shown = null;
  errors.clear();
  setBusy(true);
  const result = await api('/api/orders', {
    method: 'POST',
    body: payload,
    headers: { 'Idempotency-Key': state.idempotencyKey },
    auth: Boolean(state.staff),
  });
  setBusy(false);
  if (result.ok) {
    state.idempotencyKey = null; // the next order is a new fill
    state.confirmed = { order: result.data ?? {}, payload };
    return showConfirmation();
  }
  if (['validation', 'too_large', 'idempotency_mismatch'].includes(result.kind)) {
    // Refused, and nothing stored for this content under this key: the next press is a new
    // submission. (422: the key belongs to an earlier attempt with other content.)
    state.idempotencyKey = null;
  }
  // 409 / 429 / 5xx / network keep the key, so pressing again cannot make a second order.
  const serverIssues = Array.isArray(result.data?.issues) ? result.data.issues : [];
  state.shown =
    result.kind === 'validation' && serverIssues.length
      ? { type: 'server', issues: serverIssues }
      : { type: 'failure', result };
  renderErrors();
}

function init() {
  initI18n();
  renderStaffBanner();
  const today = todayInShanghai();
  byId('delivery-date').min = today;
  lines.addLine();
  renderTotal();
  loadCatalogue();

  form.addEventListener('submit', submit);
  form.addEventListener('input', (event) => {
    const control = event.target;
    errors.clearFor(control);
    if (control.id === 'customer-phone' || control.id === 'customer-email') {
      const group = byId('customer-error');
      group.hidden = true;
      group.textContent = '';
    }
  });
  byId('add-line').addEventListener('click', () => lines.addLine({ focus: true }));
  byId('done-again').addEventListener('click', startOver);
  onLangChange(() => {
    document.title = `${t('form.title')} · ${t('app.name')}`;
    lines.relabel();
    renderTotal();
    renderStaffBanner();
    setBusy(state.sending);
    renderCatalogueStatus();
    if (!byId('form-errors').hidden) renderErrors({ focus: false });
    if (state.confirmed) showConfirmation({ focus: false });
  });
  document.title = `${t('form.title')} · ${t('app.name')}`;
}

init();
