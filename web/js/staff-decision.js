/**
 * The approval step in the staff console (R-APPR-1: a decision arrives by the email link "or
 * in the staff console"). When the order waits for a role the signed-in user holds, the card
 * offers approve / reject with a reason (required to reject, R-APPR-1); otherwise it says who
 * the step waits for and until when. The server re-checks the role and refuses decisions on
 * one's own order; the request carries the step's `requestId` so a stale page can never decide
 * a newer step (R-SEC-3). Every decision lands in the history (R-APPR-3).
 */
import { api, describeError } from './api.js';
import { byId, h, show } from './dom.js';
import { formatDateTime } from './format.js';
import { localizeServerMessage, t } from './i18n.js';
import { getUser } from './session.js';

/** Wiring from the page: the order shown, how to reload it, where 401 goes. */
let page = null;
/** What the card says about the last attempt, as functions so a language switch redraws them. */
let note = null;
let reasonError = null;
let sending = null; // 'approve' | 'reject' while the request is out
/** Steps this page decided: the workflow clears them moments later; until then, no buttons. */
const decided = new Set();

const roleName = (role) => {
  const text = t(`role.${role}`);
  return text === `role.${role}` ? role : text;
};
const deadlineText = (iso) => t('common.beijingTime', { time: formatDateTime(iso) });

/** Whether this user may decide the pending step: any of their roles is allowed. */
export function mayDecide(pending, user = getUser()) {
  const roles = user?.roles ?? [];
  return (pending?.allowedRoles ?? []).some((role) => roles.includes(role));
}

function renderNote() {
  const slot = byId('decision-status');
  slot.className = note ? `notice notice-${note.tone}` : '';
  slot.textContent = note ? note.text() : '';
  const error = byId('decision-reason-error');
  error.textContent = reasonError ? reasonError() : '';
  show(error, Boolean(reasonError));
  const reason = byId('decision-reason');
  if (reasonError) reason.setAttribute('aria-invalid', 'true');
  else reason.removeAttribute('aria-invalid');
}

function renderButtons() {
  for (const decision of ['approve', 'reject']) {
    const button = byId(`decision-${decision}`);
    button.disabled = Boolean(sending);
    button.classList.toggle('is-busy', sending === decision);
    button.lastElementChild.textContent = t(
      sending === decision ? 'decision.sending' : `decision.${decision}`,
    );
  }
}

/** Draw the card for `order` (or hide it when no step is pending). */
export function renderDecision(order) {
  const pending = order?.pendingApproval ?? null;
  const justDecided = Boolean(pending && decided.has(pending.requestId));
  show(byId('decision-card'), Boolean(pending) && (!justDecided || Boolean(note)));
  renderNote();
  if (!pending) return;
  if (justDecided) {
    // Keep only the outcome note until the workflow moves on (the next reload clears the step).
    show(byId('decision-form'), false);
    show(byId('decision-readonly'), false);
    return;
  }
  const mine = mayDecide(pending);
  byId('decision-card').classList.toggle('is-mine', mine);
  byId('decision-title').textContent = t(mine ? 'decision.title' : 'decision.waitingTitle');
  const escalated = byId('decision-escalated');
  show(escalated, Boolean(pending.escalatedFrom));
  escalated.textContent = pending.escalatedFrom
    ? t('decision.escalatedFrom', { role: roleName(pending.escalatedFrom) })
    : '';
  byId('decision-facts').replaceChildren(
    h('dt', { text: t('decision.role') }),
    h('dd', {}, h('span', { class: 'badge badge-tier', text: roleName(pending.role) })),
    h('dt', { text: t('decision.allowed') }),
    h('dd', { text: (pending.allowedRoles ?? []).map(roleName).join('、') }),
    h('dt', { text: t('decision.deadline') }),
    h('dd', {}, h('time', { datetime: pending.deadline, text: deadlineText(pending.deadline) })),
  );
  show(byId('decision-form'), mine);
  show(byId('decision-readonly'), !mine);
  const roles = (getUser()?.roles ?? []).map(roleName).join('、') || t('common.none');
  byId('decision-readonly').replaceChildren(
    ...(mine
      ? []
      : [
          t('decision.waitingFor', {
            role: roleName(pending.role),
            deadline: deadlineText(pending.deadline),
          }),
          h('br'),
          h('span', { class: 'muted', text: t('decision.notYours', { roles }) }),
        ]),
  );
  renderButtons();
}

async function decide(decision) {
  const order = page.getOrder();
  const pending = order?.pendingApproval;
  if (!pending || sending) return;
  const reason = byId('decision-reason').value.trim();
  note = null;
  reasonError = decision === 'reject' && !reason ? () => t('decision.reasonRequired') : null;
  renderNote();
  if (reasonError) return byId('decision-reason').focus();

  sending = decision;
  renderButtons();
  const body = { decision, requestId: pending.requestId, ...(reason ? { reason } : {}) };
  const result = await api(`/api/orders/${encodeURIComponent(order.orderId)}/decision`, {
    method: 'POST',
    body,
    auth: true,
  });
  sending = null;
  renderButtons();
  const number = order.orderNumber;
  if (result.ok) {
    const outcome = result.data?.outcome === 'rejected' || decision === 'reject' ? 'rejected' : 'approved';
    note = { tone: 'ok', text: () => t(`decision.${outcome}`, { number }) };
    byId('decision-reason').value = '';
    decided.add(pending.requestId);
    if (result.data?.order) page.setOrder(result.data.order);
    // The workflow takes the decision on within moments: look again shortly.
    for (const ms of [1000, 3000]) setTimeout(() => page.reload(), ms);
    return page.reload();
  }
  if (result.kind === 'unauthorized') return page.unauthorized();
  if (result.kind === 'conflict') {
    // already-decided / expired / superseded: the step moved on; show where it is now.
    const key = `decision.${result.data?.outcome}`;
    note = { tone: 'warn', text: () => (t(key) === key ? t('decision.changed') : t(key)) };
    return page.reload();
  }
  if (result.kind === 'forbidden') {
    // own-order / not-allowed when the server says which; the general sentence otherwise.
    const key = `decision.${result.data?.outcome}`;
    note = { tone: 'error', text: () => (t(key) === key ? t('decision.forbidden') : t(key)) };
  } else {
    const issue = result.data?.issues?.find((i) => String(i.path) === 'reason');
    if (result.kind === 'validation' && issue) reasonError = () => localizeServerMessage(issue);
    else note = { tone: 'error', text: () => describeError(result) };
  }
  renderNote();
  if (reasonError) byId('decision-reason').focus();
}

/**
 * @param {{ getOrder: () => any, setOrder: (order: any) => void, reload: () => Promise<void>,
 *   unauthorized: () => void }} wiring
 */
export function initDecision(wiring) {
  page = wiring;
  byId('decision-approve').addEventListener('click', () => decide('approve'));
  byId('decision-reject').addEventListener('click', () => decide('reject'));
  byId('decision-reason').addEventListener('input', () => {
    if (!reasonError) return;
    reasonError = null;
    renderNote();
  });
}
