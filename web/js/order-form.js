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
import { uploadFile } from './uploads.js';

const core = createOrderFormCore({ submitKey: 'form.submit', submittingKey: 'form.submitting' });
const { lines } = core;

const state = {
  /** Staff phone-order mode (R-INTAKE-1): a staff session and `?staff=1`. */
  staff: param('staff') === '1' && getToken() ? getUser() : null,
  /** The accepted order and what was sent, while the confirmation is on show. */
  confirmed: null,
  /** R-INTAKE-7: the uploaded signed/stamped page ('' while none; a promise while uploading). */
  evidence: /** @type {{ uploadId?: string, uploading?: boolean, error?: string }} */ ({}),
};

/** R-INTAKE-7: the staff intake box — phone or fax, and the page the customer signed or stamped. */
function renderStaffIntake() {
  show(byId('staff-intake'), Boolean(state.staff));
  if (!state.staff) return;
  const fax = /** @type {HTMLSelectElement} */ (byId('staff-channel')).value === 'fax';
  const { uploadId, uploading, error } = state.evidence;
  byId('staff-evidence-hint').textContent = uploading
    ? t('evidence.uploading')
    : error
      ? t('evidence.failed', { error })
      : uploadId
        ? t('form.staffEvidenceReady')
        : fax
          ? t('form.staffEvidenceFax')
          : t('form.staffEvidenceOptional');
}

function bindStaffIntake() {
  if (!state.staff) return;
  byId('staff-channel').addEventListener('change', renderStaffIntake);
  byId('staff-evidence').addEventListener('change', async (event) => {
    const file = /** @type {HTMLInputElement} */ (event.target).files?.[0];
    state.evidence = file ? { uploading: true } : {};
    renderStaffIntake();
    if (!file) return;
    try {
      state.evidence = { uploadId: await uploadFile(file) };
    } catch (err) {
      state.evidence = { error: String(/** @type {Error} */ (err).message) };
    }
    renderStaffIntake();
  });
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
    if (!state.staff) return;
    // R-INTAKE-1: the API records the channel; R-INTAKE-7: and the page the order rests on.
    payload.channel = /** @type {HTMLSelectElement} */ (byId('staff-channel')).value;
    if (state.evidence.uploadId) payload.evidence = { uploadId: state.evidence.uploadId };
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
    state.evidence = {};
    /** @type {HTMLInputElement} */ (byId('staff-evidence')).value = '';
    renderStaffIntake();
  });
  bindStaffIntake();
  renderStaffIntake();
  onLangChange(() => {
    document.title = `${t('form.title')} · ${t('app.name')}`;
    core.relabel();
    renderStaffBanner();
    renderStaffIntake();
    if (state.confirmed) showConfirmation({ focus: false });
  });
  document.title = `${t('form.title')} · ${t('app.name')}`;
}

init();
