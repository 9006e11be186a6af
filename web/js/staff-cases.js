/**
 * After-sales cases on the staff order page (R-AFTER-1): the order's complaints, returns,
 * exchanges, refunds, repairs and inquiries with their status and first-response deadline
 * (overdue ones marked), a form to open a case, and a button for each action the server says
 * the signed-in user may take now (`allowedActions`, R-SEC-2 — the server re-checks). Every
 * action carries the case version the user saw; a 409 reloads instead of overwriting.
 */
import { api, describeError, newIdempotencyKey } from './api.js';
import { byId, h, show } from './dom.js';
import { centsToYuanText, formatDateTime, formatMoney, parseYuan } from './format.js';
import { localizeServerMessage, onLangChange, t } from './i18n.js';
import { getUser } from './session.js';

const HANDLER_ROLES = ['after_sales', 'sales', 'ops', 'sales_director', 'gm'];
const STATUS_BADGE = {
  open: 'badge badge-important',
  in_progress: 'badge badge-status',
  resolved: 'badge badge-ok',
  closed: 'badge badge-normal',
  rejected: 'badge badge-normal',
};
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
const when = (iso) => t('common.beijingTime', { time: formatDateTime(iso) });
const mayOpen = () => (getUser()?.roles ?? []).some((r) => HANDLER_ROLES.includes(r));

/** A server issue in the page's words, for the fields this card has. */
function issueText(issue) {
  const message = String(issue.message ?? '');
  const max = /^At most (\d+) cents may be refunded/.exec(message);
  if (max) return () => t('cases.v.refundOver', { max: formatMoney(Number(max[1])) });
  const asked = /^At most the (\d+) cents asked for/.exec(message);
  if (asked) return () => t('cases.v.refundOverAsked', { max: formatMoney(Number(asked[1])) });
  if (/shipped/.test(message)) return () => t('cases.v.notShipped');
  if (message === 'Say how the case was answered') return () => t('cases.v.noteRequired');
  return () => localizeServerMessage(message);
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

function errorSlot(id, error) {
  return h('p', { id, class: 'field-error', hidden: !error, text: error ? error() : '' });
}

function facts(c) {
  const deadline = h('time', {
    datetime: c.responseDeadline,
    class: c.overdue ? 'rush-over' : undefined,
    text: when(c.responseDeadline),
  });
  const rows = [
    [t('cases.openedBy'), t('cases.openedByText', { who: c.openedBy, at: when(c.createdAt) })],
    [
      t('cases.deadline'),
      h(
        'span',
        {},
        deadline,
        c.respondedAt ? ` · ${t('cases.respondedAt', { at: when(c.respondedAt) })}` : '',
      ),
    ],
    [t('cases.assignee'), c.assignee ?? t('common.none')],
    c.requestedAmount !== undefined ? [t('cases.requested'), formatMoney(c.requestedAmount)] : null,
    c.refundedAt ? [t('cases.granted'), `${formatMoney(c.refundAmount)} · ${when(c.refundedAt)}`] : null,
    [t('cases.description'), h('span', { class: 'pre-line', text: c.description })],
  ];
  return h(
    'dl',
    { class: 'facts' },
    rows.filter(Boolean).flatMap(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)]),
  );
}

function history(c) {
  return h(
    'details',
    {},
    h('summary', { text: t('cases.history', { n: c.history.length }) }),
    h(
      'ul',
      {},
      c.history.map((e) =>
        h(
          'li',
          {},
          `${formatDateTime(e.at)} · ${e.actor} · ${t(`cases.action.${e.action}`)}`,
          e.amount !== undefined ? ` · ${formatMoney(e.amount)}` : '',
          e.note ? ` · ${e.note}` : '',
        ),
      ),
    ),
  );
}

function actionForm(c) {
  if (!c.allowedActions.length) return null;
  const draft = (drafts[c.caseId] ??= {
    note: '',
    amount: c.requestedAmount !== undefined ? centsToYuanText(c.requestedAmount) : '',
  });
  const errors = caseErrors[c.caseId] ?? {};
  const noteId = `case-note-${c.caseId}`;
  const amountId = `case-amount-${c.caseId}`;
  const amountField = c.allowedActions.includes('grant-refund')
    ? h(
        'div',
        { class: 'field' },
        h('label', { for: amountId, text: t('cases.amount') }),
        h('input', {
          id: amountId,
          inputmode: 'decimal',
          value: draft.amount,
          'aria-invalid': errors.amount ? 'true' : undefined,
          'aria-describedby': `${amountId}-error`,
          oninput: (ev) => {
            draft.amount = ev.target.value;
          },
        }),
        errorSlot(`${amountId}-error`, errors.amount),
      )
    : null;
  return h(
    'form',
    { class: 'case-actions', novalidate: true, onsubmit: (ev) => ev.preventDefault() },
    h(
      'div',
      { class: 'field' },
      h('label', { for: noteId, text: t('cases.note') }),
      h('textarea', {
        id: noteId,
        rows: 2,
        maxlength: 2000,
        'aria-invalid': errors.note ? 'true' : undefined,
        'aria-describedby': `${noteId}-error`,
        text: draft.note,
        oninput: (ev) => {
          draft.note = ev.target.value;
        },
      }),
      errorSlot(`${noteId}-error`, errors.note),
    ),
    amountField,
    h(
      'p',
      { class: 'actions' },
      c.allowedActions.map((action) => {
        const mine = busy === `${c.caseId}:${action}`;
        return h(
          'button',
          {
            type: 'button',
            class: `button ${action === 'reject' ? 'button-reject' : 'button-secondary'}${mine ? ' is-busy' : ''}`,
            dataset: { action, caseId: c.caseId },
            disabled: Boolean(busy),
            onclick: () => act(c, action),
          },
          h('span', { class: 'spinner', 'aria-hidden': 'true' }),
          h('span', { text: t(mine ? 'cases.sending' : `cases.action.${action}`) }),
        );
      }),
    ),
  );
}

function caseBlock(c) {
  return h(
    'article',
    { class: 'rush-block case', dataset: { caseId: c.caseId, status: c.caseStatus } },
    h(
      'h3',
      {},
      t(`cases.type.${c.caseType}`),
      ' ',
      h('span', { class: STATUS_BADGE[c.caseStatus], text: t(`cases.status.${c.caseStatus}`) }),
      c.overdue ? [' ', h('span', { class: 'badge badge-urgent', text: t('cases.overdue') })] : null,
    ),
    facts(c),
    actionForm(c),
    history(c),
  );
}

function openForm() {
  if (!data || !mayOpen() || data.openableTypes.length === 0) return null;
  const field = (id, label, control, path) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id, text: label }),
      control,
      errorSlot(`${id}-error`, formErrors[path]),
    );
  const invalid = (path) => (formErrors[path] ? 'true' : undefined);
  return h(
    'form',
    { id: 'case-open-form', class: 'rush-block', novalidate: true, onsubmit: openCase },
    h('h3', { text: t('cases.openTitle') }),
    field(
      'case-type',
      t('cases.typeLabel'),
      h(
        'select',
        {
          id: 'case-type',
          'data-path': 'caseType',
          'aria-invalid': invalid('caseType'),
          onchange: (ev) => {
            form.caseType = ev.target.value;
            renderCases();
          },
        },
        data.openableTypes.map((type) =>
          h('option', { value: type, selected: type === form.caseType, text: t(`cases.type.${type}`) }),
        ),
      ),
      'caseType',
    ),
    data.openableTypes.length < 6 ? h('p', { class: 'hint', text: t('cases.goodsHint') }) : null,
    field(
      'case-description',
      t('cases.description'),
      h('textarea', {
        id: 'case-description',
        rows: 3,
        maxlength: 2000,
        'aria-invalid': invalid('description'),
        text: form.description,
        oninput: (ev) => {
          form.description = ev.target.value;
        },
      }),
      'description',
    ),
    form.caseType === 'refund'
      ? [
          field(
            'case-refund',
            t('cases.refundAmount'),
            h('input', {
              id: 'case-refund',
              inputmode: 'decimal',
              value: form.refund,
              'aria-invalid': invalid('refundAmount'),
              oninput: (ev) => {
                form.refund = ev.target.value;
              },
            }),
            'refundAmount',
          ),
          h('p', { class: 'hint', text: t('cases.refundable', { max: formatMoney(data.refundable) }) }),
        ]
      : null,
    h(
      'p',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'submit',
          id: 'case-open-submit',
          class: `button button-primary${busy === 'open' ? ' is-busy' : ''}`,
          disabled: Boolean(busy),
        },
        h('span', { class: 'spinner', 'aria-hidden': 'true' }),
        h('span', { text: t(busy === 'open' ? 'cases.sending' : 'cases.openSubmit') }),
      ),
    ),
  );
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
    list.map(caseBlock),
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
