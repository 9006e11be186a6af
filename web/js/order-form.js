/**
 * The public order form (index.html), and the phone-order form for staff (`?staff=1` with a
 * staff session): R-INTAKE-1 (channel), R-INTAKE-2 (fields and per-field errors),
 * R-INTAKE-3 (confirmation with tracking link), R-INTAKE-4 (one Idempotency-Key per form
 * fill, reused on retry), R-INTAKE-5 (priority). What it shares with the rush form lives in
 * order-form-core.js.
 */
import { describeError } from './api.js';
import { byId, param, show } from './dom.js';
import { todayInShanghai } from './format.js';
import { initI18n, localizeServerMessage, onLangChange, t } from './i18n.js';
import { createOrderFormCore } from './order-form-core.js';
import { buildOrder } from './order-payload.js';
import { getToken, getUser } from './session.js';

const core = createOrderFormCore({ submitKey: 'form.submit', submittingKey: 'form.submitting' });
const { lines } = core;

const state = {
  /** Staff phone-order mode (R-INTAKE-1): a staff session and `?staff=1`. */
  staff: param('staff') === '1' && getToken() ? getUser() : null,
  /** The accepted order and what was sent, while the confirmation is on show. */
  confirmed: null,
};

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

/** The confirmation view; `state.confirmed` keeps it for a redraw after a language switch. */
function showConfirmation({ focus = true } = {}) {
  const { order, payload } = state.confirmed;
  core.showConfirmationView(
    () => {
      byId('done-number').textContent = order.orderNumber;
      byId('done-status').textContent = t('done.status', {
        status: t(`status.${order.status ?? 'received'}`),
      });
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
    },
    { focus },
  );
}

/** The shared submit flow (order-form-core.js) with this page's endpoint, body and confirmation. */
core.onSubmit({
  check: () => buildOrder(core.readOrder(), { today: todayInShanghai() }),
  path: '/api/orders',
  // 422: the key belongs to an earlier attempt with other content.
  auth: Boolean(state.staff),
  refused: ['validation', 'too_large', 'idempotency_mismatch'],
  prepare: (payload) => {
    if (state.staff) payload.channel = 'phone'; // R-INTAKE-1: the API records the channel
  },
  accepted: (order, payload) => {
    state.confirmed = { order: order ?? {}, payload };
    showConfirmation();
  },
  localize: (issue) => localizeServerMessage(issue),
  failureSentence: (result) =>
    result.kind === 'unauthorized' && state.staff ? t('staff.sessionExpired') : describeError(result),
});

function init() {
  initI18n();
  renderStaffBanner();
  const today = todayInShanghai();
  byId('delivery-date').min = today;
  lines.addLine();
  core.renderTotal();
  core.loadCatalogue();

  core.onStartOver('customer-name', () => {
    state.confirmed = null;
  });
  onLangChange(() => {
    document.title = `${t('form.title')} · ${t('app.name')}`;
    core.relabel();
    renderStaffBanner();
    if (state.confirmed) showConfirmation({ focus: false });
  });
  document.title = `${t('form.title')} · ${t('app.name')}`;
}

init();
