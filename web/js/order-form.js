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
const { form, lines } = core;

const state = {
  /** Staff phone-order mode (R-INTAKE-1): a staff session and `?staff=1`. */
  staff: param('staff') === '1' && getToken() ? getUser() : null,
  /** The errors on show (see renderErrors), redrawn in the new language on a switch. */
  shown: null,
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

const check = () => buildOrder(core.readOrder(), { today: todayInShanghai() });

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

function startOver() {
  state.shown = null;
  state.confirmed = null;
  core.resetForm();
  byId('customer-name').focus();
}

/**
 * Draw what went wrong: `shown` is kept so a language switch can redraw it. Kinds:
 * client (our checks), server (a 400's issues), failure (any other failed call).
 */
function renderErrors({ focus = true } = {}) {
  core.renderErrors(state.shown, {
    check,
    localize: (issue) => localizeServerMessage(issue.message),
    failureSentence: (result) =>
      result.kind === 'unauthorized' && state.staff ? t('staff.sessionExpired') : describeError(result),
    focus,
  });
}

async function submit(event) {
  event.preventDefault();
  if (core.sending) return;
  const { payload, issues } = check();
  if (issues.length) {
    state.shown = { type: 'client' };
    return renderErrors();
  }
  if (state.staff) payload.channel = 'phone'; // R-INTAKE-1: the API records the channel
  state.shown = null;
  // 422: the key belongs to an earlier attempt with other content.
  const result = await core.post('/api/orders', payload, {
    auth: Boolean(state.staff),
    refused: ['validation', 'too_large', 'idempotency_mismatch'],
  });
  if (result.ok) {
    state.confirmed = { order: result.data ?? {}, payload };
    return showConfirmation();
  }
  state.shown = core.failureShown(result);
  renderErrors();
}

function init() {
  initI18n();
  renderStaffBanner();
  const today = todayInShanghai();
  byId('delivery-date').min = today;
  lines.addLine();
  core.renderTotal();
  core.loadCatalogue();

  form.addEventListener('submit', submit);
  form.addEventListener('input', (event) => core.clearErrorOnInput(event.target));
  byId('add-line').addEventListener('click', () => lines.addLine({ focus: true }));
  byId('done-again').addEventListener('click', startOver);
  onLangChange(() => {
    document.title = `${t('form.title')} · ${t('app.name')}`;
    core.relabel();
    renderStaffBanner();
    if (core.errorsShown()) renderErrors({ focus: false });
    if (state.confirmed) showConfirmation({ focus: false });
  });
  document.title = `${t('form.title')} · ${t('app.name')}`;
}

init();
