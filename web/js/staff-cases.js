// @ts-check
/**
 * After-sales cases on the staff order page (R-AFTER-1): the order's complaints, returns,
 * exchanges, refunds, repairs and inquiries with their status and first-response deadline
 * (overdue ones marked), a form to open a case, and a button for each action the server says
 * the signed-in user may take now (`allowedActions`, R-SEC-2 — the server re-checks). Every
 * action carries the case version the user saw; a 409 reloads instead of overwriting.
 */
import { api, describeError, newIdempotencyKey } from './api.js';
import { caseBlock } from './case-blocks.js';
import { caseOpenForm } from './case-open-form.js';
import { byId, h, show } from './dom.js';
import { centsToYuanText, formatMoney, parseYuan } from './format.js';
import { localizeServerMessage, onLangChange, t } from './i18n.js';
import { getUser } from './session.js';

const HANDLER_ROLES = ['after_sales', 'sales', 'ops', 'sales_director', 'gm'];
/** Actions that need a word for the customer (the server asks for it too). */
const NOTE_REQUIRED = ['resolve', 'reject'];

let wiring = null; // { orderId, unauthorized }
let data = null; // GET /api/orders/{id}/cases
let loadError = null;
let note = null; // { tone, text() }
let busy = null; // 'open' | '<caseId>:<action>'
/** The open form and per-case inputs live here, so a redraw keeps what was typed. */
const form = { caseType: '', description: '', refund: '', key: null };
let formErrors = {}; // path → () => text
const drafts = {}; // caseId → { note, amount }
const caseErrors = {}; // caseId → { note?, amount? } of () => text

const url = (tail = '') => `/api/orders/${encodeURIComponent(wiring.orderId)}/cases${tail}`;
const mayOpen = () => (getUser()?.roles ?? []).some((r) => HANDLER_ROLES.includes(r));

/** A server issue in the page's words, for the fields this card has. */
function issueText(issue) {
  // By the issue's code (shared/domain/issue-codes.ts), never by its English text.
  const max = () => formatMoney(Number(issue.params?.max ?? 0));
  if (issue.code === 'refund-over') return () => t('cases.v.refundOver', { max: max() });
  if (issue.code === 'refund-over-asked') return () => t('cases.v.refundOverAsked', { max: max() });
  if (issue.code === 'case-not-shipped') return () => t('cases.v.notShipped');
  if (issue.code === 'case-note-required') return () => t('cases.v.noteRequired');
  return () => localizeServerMessage(issue);
}

export async function loadCases() {
  if (!wiring) return;
  const result = await api(url(), { auth: true });
  if (result.ok) {
    data = result.data;
    loadError = null;
    if (!data.openableTypes.includes(form.caseType)) form.caseType = data.openableTypes[0] ?? '';
  } else if (result.kind === 'unauthorized') {
    return wiring.unauthorized();
  } else {
    loadError = () => describeError(result);
  }
  renderCases();
}

/** What `caseBlock` needs to draw case `c`; its draft is made when it has actions to take. */
function caseView(c) {
  const draft = c.allowedActions.length
    ? (drafts[c.caseId] ??= {
        note: '',
        amount: c.requestedAmount !== undefined ? centsToYuanText(c.requestedAmount) : '',
      })
    : null;
  return caseBlock(c, { draft, errors: caseErrors[c.caseId] ?? {}, busy, onAct: act });
}

function openForm() {
  if (!data || !mayOpen() || data.openableTypes.length === 0) return null;
  return caseOpenForm(data, {
    form,
    errors: formErrors,
    busy,
    onSubmit: openCase,
    onTypeChange: renderCases,
  });
}

export function renderCases() {
  const card = byId('cases-card');
  show(card, Boolean(wiring));
  if (!wiring) return;
  const list = data?.cases ?? [];
  const parts = [
    h(
      'div',
      { class: 'card-head' },
      h('h2', { id: 'cases-title', text: t('cases.title') }),
      h('button', {
        type: 'button',
        class: 'button button-secondary',
        onclick: loadCases,
        text: t('common.refresh'),
      }),
    ),
    h('div', {
      id: 'cases-status',
      role: 'status',
      'aria-live': 'polite',
      class: note ? `notice notice-${note.tone}` : '',
      text: note ? note.text() : '',
    }),
    !data && !loadError ? h('p', { class: 'muted', text: t('common.loading') }) : null,
    loadError ? h('p', { class: 'notice notice-error', text: loadError() }) : null,
    data && list.length === 0 ? h('p', { class: 'muted', text: t('cases.none') }) : null,
    list.map(caseView),
    openForm(),
    h('p', { class: 'hint', text: t('common.timeNote') }),
  ];
  byId('cases-body').replaceChildren(...parts.flat().filter(Boolean));
}

/** Common answers of both calls; true when handled. */
function failed(result) {
  if (result.kind === 'unauthorized') {
    wiring.unauthorized();
    return true;
  }
  if (result.kind === 'conflict') {
    note = { tone: 'warn', text: () => t('cases.conflict') };
    loadCases();
    return true;
  }
  return false;
}

async function openCase(event) {
  event.preventDefault();
  formErrors = {};
  note = null;
  const body = { caseType: form.caseType, description: form.description.trim() };
  if (!body.description) formErrors.description = () => t('v.required');
  if (form.caseType === 'refund') {
    const cents = parseYuan(form.refund);
    if (!cents) formErrors.refundAmount = () => t('cases.v.amount');
    else body.refundAmount = cents;
  }
  if (Object.keys(formErrors).length) return renderCases();
  // One key per case being opened: a retry after a lost answer never opens a second case.
  form.key ??= newIdempotencyKey();
  busy = 'open';
  renderCases();
  const result = await api(url(), {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': form.key },
    auth: true,
  });
  busy = null;
  if (result.ok) {
    Object.assign(form, { description: '', refund: '', key: null });
    note = { tone: 'ok', text: () => t('cases.opened') };
    return loadCases();
  }
  if (failed(result)) return;
  for (const issue of result.data?.issues ?? []) formErrors[issue.path] = issueText(issue);
  note = { tone: 'error', text: () => describeError(result) };
  renderCases();
}

async function act(c, action) {
  const draft = drafts[c.caseId] ?? { note: '', amount: '' };
  const errors = {};
  const body = { action, expectedVersion: c.version };
  if (draft.note.trim()) body.note = draft.note.trim();
  else if (NOTE_REQUIRED.includes(action)) errors.note = () => t('cases.v.noteRequired');
  if (action === 'grant-refund') {
    const cents = parseYuan(draft.amount);
    if (!cents) errors.amount = () => t('cases.v.amount');
    else body.amount = cents;
  }
  caseErrors[c.caseId] = errors;
  note = null;
  if (Object.keys(errors).length) return renderCases();
  busy = `${c.caseId}:${action}`;
  renderCases();
  const result = await api(url(`/${encodeURIComponent(c.caseId)}/actions`), {
    method: 'POST',
    body,
    auth: true,
  });
  busy = null;
  if (result.ok) {
    delete drafts[c.caseId];
    note = { tone: 'ok', text: () => t('cases.done', { action: t(`cases.action.${action}`) }) };
    return loadCases();
  }
  if (failed(result)) return;
  for (const issue of result.data?.issues ?? [])
    if (issue.path === 'note' || issue.path === 'amount') errors[issue.path] = issueText(issue);
  note = { tone: 'error', text: () => describeError(result) };
  renderCases();
}

/** @param {{ orderId: string, unauthorized: () => void }} page */
export function initCases(page) {
  wiring = page;
  onLangChange(renderCases);
  loadCases();
}
