/**
 * The rush-order application (rush.html, R-RUSH-1): sales file it signed in, with the order
 * form's fields (customer, lines, payment, delivery, notes — the same modules as the order
 * form) plus urgency, the required-by time and a reason. `POST /api/rush-orders`; the server
 * sets the priority to urgent (so none is sent) and sends the application to review,
 * production and logistics at once (R-RUSH-2). One Idempotency-Key per fill, reused on retry,
 * exactly like the order form (R-INTAKE-4). What it shares with the order form lives in
 * order-form-core.js.
 */
import { describeError } from './api.js';
import { byId, show } from './dom.js';
import { formatDateTime, todayInShanghai } from './format.js';
import { initI18n, localizeServerMessage, onLangChange, rushTargets, t } from './i18n.js';
import { createOrderFormCore } from './order-form-core.js';
import { buildOrder } from './order-payload.js';
import { getToken, getUser } from './session.js';
import { rushSettings } from './site-config.js';

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

const core = createOrderFormCore({ submitKey: 'rush.submit', submittingKey: 'rush.submitting' });
const { form, lines } = core;

const state = {
  user: getToken() ? getUser() : null,
  confirmed: null,
  keepForm: false,
};

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

function readForm() {
  const value = (id) => byId(id).value;
  return {
    ...core.readCommon(),
    urgency: form.querySelector('input[name="urgency"]:checked')?.value ?? '',
    requiredBy: value('required-by'),
    reason: value('rush-reason'),
  };
}

/** The rush fields' schema messages (zod enum / datetime) in the page's language; others as the order form. */
function localizeRushMessage(issue) {
  const { path, message } = issue;
  const text = localizeServerMessage(issue);
  if (text !== String(message ?? '')) return text;
  if (path === 'urgency') return t('v.urgencyRequired');
  if (path === 'requiredBy' && /date-time|datetime/i.test(text)) return t('v.requiredByRequired');
  if (path === 'requiredBy' && /future|past/i.test(text)) return t('v.requiredByPast');
  return text;
}

function showConfirmation({ focus = true } = {}) {
  const order = state.confirmed;
  core.showConfirmationView(
    () => {
      byId('done-number').textContent = order.orderNumber ?? '';
      byId('done-status').textContent = order.status
        ? t('done.status', { status: t(`status.${order.status}`) })
        : '';
      byId('done-detail').href = `staff/order.html?id=${encodeURIComponent(order.orderId ?? '')}`;
    },
    { focus },
  );
}

/** The shared submit flow (order-form-core.js) with this page's endpoint, body and confirmation. */
core.onSubmit({
  check: () => buildRush(readForm(), { today: todayInShanghai() }),
  path: '/api/rush-orders',
  auth: true,
  refused: ['validation', 'too_large', 'idempotency_mismatch', 'forbidden'],
  accepted: (order) => {
    state.confirmed = order ?? {};
    showConfirmation();
  },
  failed: (result) => {
    if (result.kind === 'unauthorized') {
      // The tab's session is gone: offer the sign-in, keep what was typed on screen.
      state.user = null;
      state.keepForm = true;
      renderBanner();
    }
    return false; // the failure is shown as well
  },
  localize: localizeRushMessage,
  failureSentence: (result) =>
    result.kind === 'unauthorized'
      ? t('staff.sessionExpired')
      : result.kind === 'forbidden'
        ? t('rush.forbidden')
        : describeError(result),
});

/** The rush settings of this deployment (R-RUSH-3): the texts quote leadership's answer time. */
let rush = { decisionMinutes: 60, intervalMinutes: 120 };

function renderSettingTexts() {
  byId('rush-intro').textContent = t('rush.intro', rushTargets(rush));
  byId('rush-done-text').textContent = t('rush.doneText', rushTargets(rush));
}

function init() {
  initI18n();
  renderSettingTexts();
  rushSettings().then((settings) => {
    rush = settings;
    renderSettingTexts();
  });
  renderBanner();
  const requiredBy = byId('required-by');
  requiredBy.min = nowLocalShanghai();
  lines.addLine();
  core.renderTotal();
  if (state.user) core.loadCatalogue();

  form.addEventListener('input', (event) => {
    const control = event.target;
    if (control.name === 'urgency') show(byId('urgency-error'), false);
    if (control.id === 'required-by') show(byId('delivery-date-error'), false);
  });
  core.onStartOver('urgency-high', () => {
    state.confirmed = null;
  });
  onLangChange(() => {
    document.title = `${t('rush.title')} · ${t('app.name')}`;
    core.relabel();
    renderSettingTexts();
    renderBanner();
    if (state.confirmed) showConfirmation({ focus: false });
  });
  document.title = `${t('rush.title')} · ${t('app.name')}`;
}

init();
