/**
 * The rush-order application (rush.html, R-RUSH-1): sales file it signed in, with the order
 * form's fields (customer, lines, payment, delivery, notes — the same modules as the order
 * form) plus urgency, the required-by time and a reason. `POST /api/rush-orders`; the server
 * sets the priority to urgent (so none is sent) and sends the application to review,
 * production and logistics at once (R-RUSH-2). One Idempotency-Key per fill, reused on retry,
 * exactly like the order form (R-INTAKE-4).
 */
import { api, describeError, newIdempotencyKey } from './api.js';
import { byId, show } from './dom.js';
import { createErrorDisplay } from './form-errors.js';
import { formatDateTime, formatMoney, todayInShanghai } from './format.js';
import { getLang, initI18n, localizeServerMessage, onLangChange, t } from './i18n.js';
import { createLineEditor } from './order-lines.js';
import { buildOrder } from './order-payload.js';
import { getToken, getUser } from './session.js';

export const URGENCIES = ['high', 'critical'];
const REASON_MAX = 1000;
/** Where the sign-in brings the user back to (a page of the staff console's parent). */
const SIGN_IN = `staff/index.html?next=${encodeURIComponent('../rush.html')}`;

/** "2026-05-01T14:30" typed on the company clock → "2026-05-01T14:30:00+08:00"; null if not one. */
export function shanghaiLocalToIso(value) {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/.exec(String(value ?? '').trim());
  return match ? `${match[1]}T${match[2]}:${match[3] ?? '00'}+08:00` : null;
}

/** Now on the company clock as a datetime-local value ("YYYY-MM-DDTHH:MM"). */
export const nowLocalShanghai = (now = new Date()) => formatDateTime(now.toISOString()).replace(' ', 'T');

/**
 * The order body (buildOrder, minus priority) plus { urgency, requiredBy, reason }, and the
 * issues of both. The requested delivery date is the date of `requiredBy` (Beijing time).
 */
export function buildRush(input, { today, now = Date.now() }) {
  const requiredBy = shanghaiLocalToIso(input.requiredBy);
  const requestedDate = requiredBy ? requiredBy.slice(0, 10) : today;
  const built = buildOrder({ ...input, delivery: { ...input.delivery, requestedDate } }, { today });
  const issues = built.issues.filter((i) => i.path !== 'delivery.requestedDate' || requiredBy);
  const { priority: _priority, ...payload } = built.payload;
  const issue = (path, key, params) => issues.push({ path, message: t(key, params) });

  if (URGENCIES.includes(input.urgency)) payload.urgency = input.urgency;
  else issue('urgency', 'v.urgencyRequired');
  if (!requiredBy) issue('requiredBy', 'v.requiredByRequired');
  else if (Date.parse(requiredBy) <= now) issue('requiredBy', 'v.requiredByPast');
  payload.requiredBy = requiredBy ?? '';
  const reason = String(input.reason ?? '').trim();
  if (!reason) issue('reason', 'v.reasonRequired');
  else if (reason.length > REASON_MAX) issue('reason', 'v.tooLong', { max: REASON_MAX });
  payload.reason = reason;
  return { payload, issues };
}

const form = byId('order-form');
const submitButton = byId('submit-order');
const errors = createErrorDisplay(form, {
  box: byId('form-errors'),
  title: byId('form-errors-title'),
  list: byId('form-errors-list'),
});

const state = {
  idempotencyKey: null,
  sending: false,
  user: getToken() ? getUser() : null,
  shown: null,
  confirmed: null,
  keepForm: false,
  catalogueFailure: null,
  catalogueLoading: true,
};

const lines = createLineEditor(byId('item-lines'), renderTotal);

function renderTotal() {
  const { cents, incomplete } = lines.total();
  byId('order-total').textContent = formatMoney(cents);
  byId('total-note').textContent = incomplete && cents > 0 ? t('form.totalIncomplete') : '';
}

function renderBanner() {
  const link = byId('staff-banner-link');
  const role = byId('staff-banner-role');
  if (state.user) {
    byId('staff-banner-text').textContent = t('rush.signedInAs', {
      name: state.user.name ?? state.user.email,
    });
    link.textContent = t('rush.backToQueue');
    link.href = 'staff/index.html';
    const roles = state.user.roles ?? [];
    // The server decides (403); say it before the form is filled in.
    show(role, !roles.includes('sales'));
    role.textContent = t('rush.notSales', {
      roles: roles.map((r) => t(`role.${r}`)).join('、') || t('common.none'),
    });
  } else {
    byId('staff-banner-text').textContent = t('rush.signInNeeded');
    link.textContent = t('rush.signIn');
    link.href = SIGN_IN;
    show(role, false);
  }
  byId('staff-banner').className = `notice ${state.user ? 'notice-info' : 'notice-warn'}`;
  // After a 401 the typed form stays on screen next to the sign-in link.
  show(form, Boolean(state.user) || state.keepForm);
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
    delivery: { address: value('delivery-address'), transportMethod: value('delivery-transport') },
    notes: value('notes'),
    language: getLang(),
    urgency: form.querySelector('input[name="urgency"]:checked')?.value ?? '',
    requiredBy: value('required-by'),
    reason: value('rush-reason'),
  };
}

/** The rush fields' schema messages (zod enum / datetime) in the page's language; others as the order form. */
function localizeRushMessage({ path, message }) {
  const text = localizeServerMessage(message);
  if (text !== String(message ?? '')) return text;
  if (path === 'urgency') return t('v.urgencyRequired');
  if (path === 'requiredBy' && /date-time|datetime/i.test(text)) return t('v.requiredByRequired');
  if (path === 'requiredBy' && /future|past/i.test(text)) return t('v.requiredByPast');
  return text;
}

const check = () => buildRush(readForm(), { today: todayInShanghai() });

function setBusy(busy) {
  state.sending = busy;
  submitButton.disabled = busy;
  submitButton.classList.toggle('is-busy', busy);
  form.setAttribute('aria-busy', String(busy));
  byId('submit-label').textContent = t(busy ? 'rush.submitting' : 'rush.submit');
  byId('submit-status').textContent = busy ? t('rush.submitting') : '';
}

function showConfirmation({ focus = true } = {}) {
  const order = state.confirmed;
  show(byId('order-view'), false);
  const view = byId('confirmation-view');
  show(view);
  byId('done-number').textContent = order.orderNumber ?? '';
  byId('done-status').textContent = order.status
    ? t('done.status', { status: t(`status.${order.status}`) })
    : '';
  byId('done-detail').href = `staff/order.html?id=${encodeURIComponent(order.orderId ?? '')}`;
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
  byId('urgency-high').focus();
}

/** Draw what went wrong; `state.shown` is kept so a language switch can redraw it. */
function renderErrors({ focus = true } = {}) {
  const shown = state.shown;
  if (!shown) return errors.clear();
  if (shown.type === 'client') {
    const { issues } = check();
    if (issues.length) errors.show(issues, { focus });
    else errors.clear();
  } else if (shown.type === 'server') {
    const issues = shown.issues.map((i) => ({ path: i.path, message: localizeRushMessage(i) }));
    errors.show(issues, { message: t('err.validation'), focus });
  } else {
    const { result } = shown;
    const sentence =
      result.kind === 'unauthorized'
        ? t('staff.sessionExpired')
        : result.kind === 'forbidden'
          ? t('rush.forbidden')
          : describeError(result);
    errors.show([], { message: `${sentence} ${t('err.inputKept')}`, focus });
  }
}

async function submit(event) {
  event.preventDefault();
  if (state.sending) return;
  const { payload, issues } = check();
  if (issues.length) {
    state.shown = { type: 'client' };
    return renderErrors();
  }
  state.idempotencyKey ??= newIdempotencyKey();
  state.shown = null;
  errors.clear();
  setBusy(true);
  const result = await api('/api/rush-orders', {
    method: 'POST',
    body: payload,
    headers: { 'Idempotency-Key': state.idempotencyKey },
    auth: true,
  });
  setBusy(false);
  if (result.ok) {
    state.idempotencyKey = null;
    state.confirmed = result.data ?? {};
    return showConfirmation();
  }
  if (['validation', 'too_large', 'idempotency_mismatch', 'forbidden'].includes(result.kind)) {
    state.idempotencyKey = null; // refused: nothing stored under this key
  }
  if (result.kind === 'unauthorized') {
    // The tab's session is gone: offer the sign-in, keep what was typed on screen.
    state.user = null;
    state.keepForm = true;
    renderBanner();
  }
  const serverIssues = Array.isArray(result.data?.issues) ? result.data.issues : [];
  state.shown =
    result.kind === 'validation' && serverIssues.length
      ? { type: 'server', issues: serverIssues }
      : { type: 'failure', result };
  renderErrors();
}

function init() {
  initI18n();
  renderBanner();
  const requiredBy = byId('required-by');
  requiredBy.min = nowLocalShanghai();
  lines.addLine();
  renderTotal();
  if (state.user) loadCatalogue();

  form.addEventListener('submit', submit);
  form.addEventListener('input', (event) => {
    const control = event.target;
    errors.clearFor(control);
    if (control.id === 'customer-phone' || control.id === 'customer-email') {
      const group = byId('customer-error');
      group.hidden = true;
      group.textContent = '';
    }
    if (control.name === 'urgency') show(byId('urgency-error'), false);
    if (control.id === 'required-by') show(byId('delivery-date-error'), false);
  });
  byId('add-line').addEventListener('click', () => lines.addLine({ focus: true }));
  byId('done-again').addEventListener('click', startOver);
  onLangChange(() => {
    document.title = `${t('rush.title')} · ${t('app.name')}`;
    lines.relabel();
    renderTotal();
    renderBanner();
    setBusy(state.sending);
    renderCatalogueStatus();
    if (!byId('form-errors').hidden) renderErrors({ focus: false });
    if (state.confirmed) showConfirmation({ focus: false });
  });
  document.title = `${t('rush.title')} · ${t('app.name')}`;
}

init();
