// @ts-check
/**
 * One after-sales case on the staff order page (R-AFTER-1), drawn for staff-cases.js: its type
 * and status (overdue marked), the facts with the first-response deadline, the note / refund
 * amount form with a button for each action the server allows now (`allowedActions`,
 * R-SEC-2), and its history. What is typed lives in the caller's `draft`, so a redraw keeps it.
 */
import { h } from './dom.js';
import { formatDateTime, formatMoney } from './format.js';
import { t } from './i18n.js';

const STATUS_BADGE = {
  open: 'badge badge-important',
  in_progress: 'badge badge-status',
  resolved: 'badge badge-ok',
  closed: 'badge badge-normal',
  rejected: 'badge badge-normal',
};

export const when = (iso) => t('common.beijingTime', { time: formatDateTime(iso) });

/** A field's error line; `error` is a function giving its text, or nothing. */
export function errorSlot(id, error) {
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

function actionForm(c, { draft, errors, busy, onAct }) {
  if (!c.allowedActions.length) return null;
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
            onclick: () => onAct(c, action),
          },
          h('span', { class: 'spinner', 'aria-hidden': 'true' }),
          h('span', { text: t(mine ? 'cases.sending' : `cases.action.${action}`) }),
        );
      }),
    ),
  );
}

/**
 * @param {object} c a case of GET /api/orders/{id}/cases
 * @param {{ draft: { note: string, amount: string }, errors: object, busy: string | null,
 *   onAct: (c: object, action: string) => void }} view what is typed, its errors (path → () =>
 *   text), the action being sent ('<caseId>:<action>') and what a button does
 */
export function caseBlock(c, view) {
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
    actionForm(c, view),
    history(c),
  );
}
