/**
 * Rush progress report (staff/progress.html?id=<orderId>, R-RUSH-6, R-RUSH-8): sales and
 * production of the order's task group report every 2 hours, mostly from a phone in the
 * workshop, reached from the emailed reminder. Big targets; what is typed is kept as a draft
 * in localStorage per order (restored on load, cleared only when the report is accepted), so a
 * dropped connection or a 5xx never loses it. `POST /api/rush-orders/{id}/progress`.
 */
import { api, describeError } from './api.js';
import { byId, h, param, show } from './dom.js';
import { createErrorDisplay } from './form-errors.js';
import { formatDateTime } from './format.js';
import { initI18n, localizeServerMessage, onLangChange, rushTargets, t } from './i18n.js';
import { getToken, goToLogin } from './session.js';
import { rushSettings } from './site-config.js';

const orderId = param('id');
const here = `progress.html?id=${encodeURIComponent(orderId ?? '')}`;
const orderPage = `order.html?id=${encodeURIComponent(orderId ?? '')}`;
const DRAFT_KEY = `orderdesk.progressDraft.${orderId ?? ''}`;
const TEXT_FIELDS = { done: 'p-done', next: 'p-next', risk: 'p-risk', expectedDelivery: 'p-expected' };
/** Statuses after the progress phase: the server answers 409 (R-RUSH-6 runs until delivery). */
const CLOSED = ['delivered', 'completed', 'archived', 'rejected', 'cancelled'];

const form = byId('progress-form');
const errors = createErrorDisplay(form, {
  box: byId('form-errors'),
  title: byId('form-errors-title'),
  list: byId('form-errors-list'),
});

let order = null;
/** Functions, so a language switch redraws them. */
let loadError = null;
let note = null;
let shown = null; // { type: 'client' | 'server' | 'failure', … }
let sent = null; // the 201 answer while the confirmation shows
let sending = false;

// ---- draft ----

function readDraft() {
  try {
    const draft = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null');
    return draft && typeof draft === 'object' ? draft : null;
  } catch {
    return null;
  }
}

function saveDraft() {
  const draft = { overtime: byId('p-overtime').checked };
  for (const [key, id] of Object.entries(TEXT_FIELDS)) draft[key] = byId(id).value;
  const empty = !draft.overtime && Object.keys(TEXT_FIELDS).every((key) => !draft[key]);
  try {
    if (empty) localStorage.removeItem(DRAFT_KEY);
    else localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  } catch {
    // storage blocked: the text stays on screen all the same
  }
}

function clearDraft() {
  try {
    localStorage.removeItem(DRAFT_KEY);
  } catch {
    // nothing stored
  }
}

function restoreDraft() {
  const draft = readDraft();
  if (!draft) return false;
  for (const [key, id] of Object.entries(TEXT_FIELDS))
    if (typeof draft[key] === 'string') byId(id).value = draft[key];
  byId('p-overtime').checked = draft.overtime === true;
  return true;
}

// ---- body ----

/** "2026-05-01T14:30" on the company clock → ISO with +08:00. */
const toIso = (value) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+08:00` : null);

export function buildReport(raw) {
  const issues = [];
  const done = raw.done.trim();
  const next = raw.next.trim();
  const risk = raw.risk.trim();
  if (!done) issues.push({ path: 'done', message: t('v.required') });
  if (!next) issues.push({ path: 'next', message: t('v.required') });
  const body = { done, next };
  if (risk) body.risk = risk;
  if (raw.expectedDelivery) {
    const iso = toIso(raw.expectedDelivery);
    if (iso) body.expectedDelivery = iso;
    else issues.push({ path: 'expectedDelivery', message: t('v.required') });
  }
  if (raw.overtime) body.overtime = true;
  return { body, issues };
}

const readForm = () => ({
  done: byId('p-done').value,
  next: byId('p-next').value,
  risk: byId('p-risk').value,
  expectedDelivery: byId('p-expected').value,
  overtime: byId('p-overtime').checked,
});

// ---- drawing ----

function renderOrder() {
  show(byId('progress-loading'), !order && !loadError);
  show(byId('progress-order'), Boolean(order));
  if (!order) return;
  const rush = order.rush;
  const facts = [
    h('dt', { text: t('progress.order') }),
    h('dd', {}, h('strong', { class: 'nowrap', text: order.orderNumber ?? orderId })),
    h('dt', { text: t('progress.status') }),
    h('dd', {}, h('span', { class: 'badge badge-status', text: t(`status.${order.status}`) })),
  ];
  if (rush) {
    facts.push(
      h('dt', { text: t('rush.urgency') }),
      h(
        'dd',
        {},
        h('span', {
          class: `badge ${rush.urgency === 'critical' ? 'badge-urgent' : 'badge-important'}`,
          text: t(`urgency.${rush.urgency}`),
        }),
      ),
      h('dt', { text: t('progress.requiredBy') }),
      h(
        'dd',
        {},
        h('time', {
          datetime: rush.requiredBy,
          class: 'rush-due',
          text: t('common.beijingTime', { time: formatDateTime(rush.requiredBy) }),
        }),
      ),
    );
  }
  byId('progress-facts').replaceChildren(...facts);
}

function renderNote() {
  const slot = byId('progress-note');
  const current = loadError ?? note;
  slot.className = current ? `notice notice-${current.tone}` : '';
  slot.textContent = current ? current.text() : '';
}

function renderErrors({ focus = true } = {}) {
  if (!shown) return errors.clear();
  if (shown.type === 'client') {
    const { issues } = buildReport(readForm());
    if (issues.length) errors.show(issues, { focus });
    else errors.clear();
  } else if (shown.type === 'server') {
    const issues = shown.issues.map((i) => ({ path: i.path, message: localizeServerMessage(i) }));
    errors.show(issues, { message: t('err.validation'), focus });
  } else {
    errors.show([], { message: shown.text(), focus });
  }
}

function renderSent({ focus = false } = {}) {
  show(byId('progress-done'), Boolean(sent));
  show(form, !sent && formAllowed());
  if (!sent) return;
  const window_ = sent.window ?? {};
  byId('progress-done-text').textContent = t('progress.sent', {
    index: window_.index ?? '—',
    start: window_.start ? formatDateTime(window_.start) : '—',
    end: window_.end ? formatDateTime(window_.end).slice(-5) : '—',
  });
  if (focus) byId('progress-done').focus();
}

function setBusy(busy) {
  sending = busy;
  const button = byId('p-submit');
  button.disabled = busy;
  button.classList.toggle('is-busy', busy);
  form.setAttribute('aria-busy', String(busy));
  byId('p-submit-label').textContent = t(busy ? 'progress.submitting' : 'progress.submit');
  byId('p-submit-status').textContent = busy ? t('progress.submitting') : '';
}

/** The form shows unless the order is known to be past its progress phase or not a rush. */
function formAllowed() {
  if (loadError?.blocking) return false;
  if (!order) return true; // offline: the draft can still be written and sent later
  return Boolean(order.rush) && !CLOSED.includes(order.status);
}

function render() {
  renderOrder();
  renderNote();
  renderSent();
  setBusy(sending);
  if (!byId('form-errors').hidden) renderErrors({ focus: false });
}

// ---- calls ----

async function load() {
  const result = await api(`/api/orders/${encodeURIComponent(orderId)}`, { auth: true });
  if (result.ok) {
    order = result.data;
    loadError = null;
    if (!order?.rush) loadError = { tone: 'warn', blocking: true, text: () => t('progress.notRush') };
    else if (CLOSED.includes(order.status))
      loadError = { tone: 'warn', blocking: true, text: () => t('progress.closed') };
  } else if (result.kind === 'unauthorized') {
    return goToLogin(here);
  } else if (result.kind === 'not_found') {
    loadError = { tone: 'error', blocking: true, text: () => t('detail.notFound') };
  } else if (result.kind === 'forbidden') {
    loadError = { tone: 'error', blocking: true, text: () => t('progress.forbidden') };
  } else {
    // Network or server trouble: the form stays usable; the answer to the POST decides.
    loadError = { tone: 'warn', text: () => describeError(result) };
  }
  render();
}

async function submit(event) {
  event.preventDefault();
  if (sending) return;
  saveDraft();
  note = null;
  const { body, issues } = buildReport(readForm());
  if (issues.length) {
    shown = { type: 'client' };
    renderNote();
    return renderErrors();
  }
  shown = null;
  errors.clear();
  setBusy(true);
  const result = await api(`/api/rush-orders/${encodeURIComponent(orderId)}/progress`, {
    method: 'POST',
    body,
    auth: true,
  });
  setBusy(false);
  if (result.ok) {
    clearDraft();
    form.reset();
    sent = result.data ?? {};
    loadError = loadError?.blocking ? loadError : null;
    renderNote();
    return renderSent({ focus: true });
  }
  if (result.kind === 'unauthorized') return goToLogin(here); // the draft is kept
  const serverIssues = Array.isArray(result.data?.issues) ? result.data.issues : [];
  if (result.kind === 'validation' && serverIssues.length) shown = { type: 'server', issues: serverIssues };
  else if (result.kind === 'forbidden') shown = { type: 'failure', text: () => t('progress.forbidden') };
  else if (result.kind === 'conflict') shown = { type: 'failure', text: () => t('progress.closed') };
  else
    shown = {
      type: 'failure',
      text: () => `${describeError(result)} ${t('progress.draftKept')}`,
    };
  renderErrors();
}

/** The progress interval of this deployment (R-RUSH-6), quoted by the intro. */
let rush = { decisionMinutes: 60, intervalMinutes: 120 };
const renderIntro = () => {
  byId('progress-intro').textContent = t('progress.intro', rushTargets(rush));
};

function init() {
  initI18n();
  document.title = `${t('progress.title')} · ${t('app.name')}`;
  renderIntro();
  rushSettings().then((settings) => {
    rush = settings;
    renderIntro();
  });
  onLangChange(() => {
    document.title = `${t('progress.title')} · ${t('app.name')}`;
    renderIntro();
    render();
  });
  byId('back-to-order').href = orderPage;
  byId('progress-done-order').href = orderPage;
  if (!orderId) {
    loadError = { tone: 'error', blocking: true, text: () => t('detail.missingId') };
    return render();
  }
  if (!getToken()) return goToLogin(here);
  if (restoreDraft()) note = { tone: 'info', text: () => t('progress.draftRestored') };
  form.addEventListener('submit', submit);
  form.addEventListener('input', (event) => {
    errors.clearFor(event.target);
    saveDraft();
  });
  form.addEventListener('change', saveDraft);
  byId('progress-again').addEventListener('click', () => {
    sent = null;
    note = null;
    render();
    byId('p-done').focus();
  });
  render();
  load();
}

init();
