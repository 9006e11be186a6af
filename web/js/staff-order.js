/**
 * Staff order detail (staff/order.html?id=<orderId>): loads the order for any staff role
 * (R-SEC-2) and assigns its handler (R-PROC-2) with optimistic locking — the version the
 * user saw goes with the request, and a 409 reloads the order instead of overwriting.
 * The pending approval step (R-APPR-1) and the workflow timeline have their own modules.
 */
import { api, describeError } from './api.js';
import { byId, param, show } from './dom.js';
import { initI18n, localizeServerMessage, onLangChange, t } from './i18n.js';
import { getToken, getUser, goToLogin } from './session.js';
import { initCases } from './staff-cases.js';
import { initChanges, loadChanges, renderChanges } from './staff-changes.js';
import { initDecision, renderDecision } from './staff-decision.js';
import { initEvidence } from './staff-evidence.js';
import { initLife, renderLife } from './staff-order-life.js';
import { renderOrder } from './staff-order-view.js';
import { initRush, renderRush } from './staff-rush.js';
import { initSpecial, renderSpecial } from './staff-special-review.js';
import { loadWorkflow, renderWorkflow } from './staff-workflow.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const orderId = param('id');
const here = `order.html?id=${encodeURIComponent(orderId ?? '')}`;

let order = null;
/** What the page says about the last failure / assignment, as functions so a switch redraws them. */
let pageError = null;
let assignNote = null;
let assigneeError = null;

function renderPageError() {
  show(byId('detail-loading'), false);
  show(byId('detail-error'), Boolean(pageError));
  byId('detail-error-text').textContent = pageError ? pageError() : '';
}

function renderAssign() {
  const status = byId('assign-status');
  status.className = assignNote ? `notice notice-${assignNote.tone}` : '';
  status.textContent = assignNote ? assignNote.text() : '';
  const slot = byId('assignee-error');
  slot.textContent = assigneeError ? assigneeError() : '';
  show(slot, Boolean(assigneeError));
  if (assigneeError) byId('assignee').setAttribute('aria-invalid', 'true');
  else byId('assignee').removeAttribute('aria-invalid');
}

function render() {
  renderPageError();
  if (order) {
    show(byId('detail-view'));
    renderOrder(order);
    renderWorkflow();
  }
  renderDecision(order);
  renderLife();
  renderRush(order);
  renderSpecial(order);
  renderAssign();
  renderChanges();
}

/** Failures every staff call shares: 401 → sign in again, 403 → the role message. */
function commonFailure(result) {
  if (result.kind === 'unauthorized') {
    goToLogin(here);
    return true;
  }
  return false;
}

const unauthorized = () => goToLogin(here);
const refreshWorkflow = () => loadWorkflow(orderId, { unauthorized });

async function load() {
  const result = await api(`/api/orders/${encodeURIComponent(orderId)}`, { auth: true });
  if (result.ok) {
    order = result.data;
    pageError = null;
    refreshWorkflow();
  } else if (commonFailure(result)) {
    return;
  } else {
    pageError = result.kind === 'not_found' ? () => t('detail.notFound') : () => describeError(result);
  }
  render();
  if (pageError) byId('detail-error').focus();
}

function setBusy(busy) {
  const button = byId('assign-submit');
  button.disabled = busy;
  byId('assign-me').disabled = busy;
  button.classList.toggle('is-busy', busy);
  byId('assign-label').textContent = t(busy ? 'detail.assigning' : 'detail.assignSubmit');
}

async function assign(event) {
  event?.preventDefault();
  if (!order) return;
  const assignee = byId('assignee').value.trim();
  assignNote = null;
  assigneeError = EMAIL.test(assignee) ? null : () => t(assignee ? 'v.email' : 'v.required');
  renderAssign();
  if (assigneeError) return byId('assignee').focus();

  setBusy(true);
  const result = await api(`/api/orders/${encodeURIComponent(order.orderId)}/assign`, {
    method: 'POST',
    body: { assignee, expectedVersion: order.version },
    auth: true,
  });
  setBusy(false);
  if (result.ok) {
    // The assign answer may leave out the tracking link; keep the one we had.
    order = { ...result.data, trackingUrl: result.data?.trackingUrl ?? order.trackingUrl };
    assignNote = { tone: 'ok', text: () => t('detail.assigned', { email: assignee }) };
    byId('assignee').value = '';
    return render();
  }
  if (commonFailure(result)) return;
  if (result.kind === 'conflict') {
    // Someone changed the order since we loaded it: show theirs, let the user decide again.
    assignNote = { tone: 'warn', text: () => t('detail.conflict') };
    await load();
    return;
  }
  const issue = result.data?.issues?.find((i) => i.path === 'assignee');
  if (result.kind === 'validation' && issue) {
    assigneeError = () => localizeServerMessage(issue);
    renderAssign();
    return byId('assignee').focus();
  }
  assignNote = { tone: 'error', text: () => describeError(result) };
  renderAssign();
}

function init() {
  initI18n();
  document.title = `${t('detail.title')} · ${t('app.name')}`;
  onLangChange(render);
  if (!orderId) {
    pageError = () => t('detail.missingId');
    return renderPageError();
  }
  if (!getToken()) return goToLogin(here);
  byId('assign-form').addEventListener('submit', assign);
  byId('wf-refresh').addEventListener('click', refreshWorkflow);
  initDecision({
    getOrder: () => order,
    setOrder: (next) => {
      order = { ...next, trackingUrl: next?.trackingUrl ?? order?.trackingUrl };
      render();
    },
    reload: load,
    unauthorized,
  });
  initRush({ getOrder: () => order, reload: load, unauthorized });
  // R-SPEC-1: the departments' opinions on special requirements.
  initSpecial({
    getOrder: () => order,
    setOrder: (next) => {
      order = { ...next, trackingUrl: next?.trackingUrl ?? order?.trackingUrl };
      render();
    },
    reload: load,
    unauthorized,
  });
  initLife({ getOrder: () => order, reload: load, unauthorized });
  initCases({ orderId, unauthorized });
  // R-PROC-6, R-CHG-1..3: change requests, approvals, consent and versions.
  initChanges({ orderId, getOrder: () => order, reload: load, unauthorized });
  initEvidence({ reload: load });
  loadChanges();
  byId('assign-me').addEventListener('click', () => {
    const me = getUser()?.email;
    if (me) byId('assignee').value = me;
    assign();
  });
  byId('assignee').addEventListener('input', () => {
    assigneeError = null;
    renderAssign();
  });
  load();
}

init();
