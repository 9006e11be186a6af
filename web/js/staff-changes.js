// @ts-check
/**
 * Order changes on the staff order page (R-PROC-6, R-CHG-1..3): the change form for sales and
 * ops (items, delivery date with the customer's written request, cancellation), the pending
 * request with its approvals and the decision buttons for the step's role, the customer's own
 * requests, and a before/after view of every version. Nothing here edits the order in place:
 * every action is a change request (POST /api/orders/{id}/changes).
 */

import { api, describeError } from './api.js';
import { byId, h, show } from './dom.js';
import { formatDateTime, formatMoney as yuan } from './format.js';
import { t } from './i18n.js';
import { getUser } from './session.js';
import { uploadFile } from './uploads.js';

const FILERS = ['sales', 'ops'];
const CANCEL_REASONS = ['customer', 'price', 'delivery-date', 'duplicate', 'other'];

/** @type {{ orderId: string, getOrder: () => any, reload: () => Promise<void>, unauthorized: () => void } | null} */
let ctx = null;
/** @type {any[]} */
let changes = [];
let note = null;
let kind = 'items';
/** The form is kept across redraws (a reload of the order or its changes keeps what was typed). */
let formNode = null;
let formKey = '';

const roles = () => /** @type {string[]} */ (getUser()?.roles ?? []);
const base = () => `/api/orders/${encodeURIComponent(ctx?.orderId ?? '')}`;

function card() {
  let el = document.getElementById('changes-card');
  if (el) return el;
  el = h('section', { id: 'changes-card', class: 'card', 'aria-labelledby': 'changes-title' });
  const anchor = byId('decision-status');
  anchor.parentElement?.insertBefore(el, anchor);
  return el;
}

export async function loadChanges() {
  if (!ctx) return;
  const result = await api(`${base()}/changes`, { auth: true });
  if (result.ok) changes = result.data?.changes ?? [];
  else if (result.kind === 'unauthorized') return ctx.unauthorized();
  renderChanges();
}

function diffTable(diff) {
  const cell = (v) => (v ? `${v.quantity} × ${yuan(v.unitPrice)}${v.spec ? ` (${v.spec})` : ''}` : '—');
  const rows = (diff.lines ?? []).map((l) =>
    h(
      'tr',
      {},
      h('td', { text: `${l.sku} ${l.name}` }),
      h('td', { class: 'diff-before', text: cell(l.before) }),
      h('td', { class: 'diff-after', text: cell(l.after) }),
    ),
  );
  rows.push(
    h(
      'tr',
      {},
      h('td', { text: t('detail.total') }),
      h('td', { class: 'diff-before', text: yuan(diff.totalBefore) }),
      h('td', { class: 'diff-after', text: yuan(diff.totalAfter) }),
    ),
  );
  if (diff.requestedDateBefore !== diff.requestedDateAfter) {
    rows.push(
      h(
        'tr',
        {},
        h('td', { text: t('track.requestedDate') }),
        h('td', { class: 'diff-before', text: diff.requestedDateBefore }),
        h('td', { class: 'diff-after', text: diff.requestedDateAfter }),
      ),
    );
  }
  if (diff.statusAfter) {
    rows.push(
      h(
        'tr',
        {},
        h('td', { text: t('change.statusAfter') }),
        h('td'),
        h('td', { class: 'diff-after', text: t('status.cancelled') }),
      ),
    );
  }
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'diff' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}), h('th', { text: t('change.before') }), h('th', { text: t('change.after') })),
      ),
      h('tbody', {}, rows),
    ),
  );
}

function changeBlock(c) {
  const mine = c.pendingStep && roles().includes(c.pendingStep.role);
  const reason = h('textarea', { id: `change-reason-${c.changeId}`, rows: '2', maxlength: '1000' });
  const decide = async (decision) => {
    const result = await api(`${base()}/changes/${c.changeId}/decision`, {
      method: 'POST',
      auth: true,
      body: { decision, ...(reason.value.trim() ? { reason: reason.value.trim() } : {}) },
    });
    note = result.ok
      ? { tone: 'ok', text: t(decision === 'approve' ? 'change.approvedNote' : 'change.rejectedNote') }
      : { tone: 'error', text: result.data?.error ?? describeError(result) };
    await refresh();
  };
  const useRequest = () => {
    kind = c.kind;
    renderChanges();
    const form = /** @type {HTMLFormElement|null} */ (document.getElementById('change-form'));
    if (!form) return;
    const evidence = /** @type {HTMLInputElement|null} */ (form.querySelector('[name=fromRequest]'));
    if (evidence) evidence.value = c.changeId;
    if (c.kind === 'delivery-date')
      /** @type {HTMLInputElement} */ (form.querySelector('[name=requestedDate]')).value =
        c.requestedDate ?? '';
    if (c.kind === 'cancel')
      /** @type {HTMLSelectElement} */ (form.querySelector('[name=cancelReason]')).value =
        c.reason ?? 'customer';
  };
  return h(
    'article',
    { class: 'change', 'data-change': c.changeId, 'data-status': c.status },
    h(
      'h3',
      {},
      `${t(`change.kind.${c.kind}`)} · `,
      h('span', { class: `badge change-status change-${c.status}`, text: t(`change.status.${c.status}`) }),
    ),
    h(
      'p',
      { class: 'muted' },
      `${c.requestedBy.kind === 'customer' ? t('change.byCustomer') : (c.requestedBy.email ?? '')} · ${formatDateTime(c.createdAt)}`,
      c.reason
        ? ` · ${t('change.reason')}: ${c.kind === 'cancel' ? t(`change.cancel.${c.reason}`) : c.reason}`
        : '',
      c.note ? ` — ${c.note}` : '',
    ),
    // R-CHG-1: a reply to the confirmation email: the email itself is the written request.
    c.evidence?.inboundId
      ? h(
          'p',
          { class: 'muted' },
          h('a', {
            href: `inbound.html?id=${encodeURIComponent(c.evidence.inboundId)}`,
            text: t('change.byEmail'),
          }),
        )
      : '',
    diffTable(c.diff),
    c.approvals.length
      ? h(
          'ul',
          { class: 'change-approvals' },
          c.approvals.map((a) =>
            h('li', {
              text: `${t(`role.${a.role}`)}: ${t(`change.decision.${a.decision}`)} — ${a.by} ${formatDateTime(a.at)}${a.reason ? ` (${a.reason})` : ''}`,
            }),
          ),
        )
      : null,
    c.pendingStep
      ? h('p', {
          class: 'notice notice-warn',
          text: t('change.waiting', { role: t(`role.${c.pendingStep.role}`) }),
        })
      : null,
    c.consent && c.consent.status !== 'not-needed' && c.status !== 'pending'
      ? h('p', {
          class: 'change-consent',
          text: `${t('change.consentLabel')}: ${t(`change.consentStatus.${c.consent.status}`)}${c.consent.at ? ` ${formatDateTime(c.consent.at)}` : ''}${c.consent.comment ? ` — ${c.consent.comment}` : ''}`,
        })
      : null,
    c.outcome ? h('p', { class: 'muted', text: c.outcome }) : null,
    mine
      ? h(
          'div',
          { class: 'change-decide' },
          h('label', { for: reason.id, text: t('decision.reason') }),
          reason,
          h(
            'p',
            { class: 'actions' },
            h('button', {
              type: 'button',
              class: 'button button-approve',
              text: t('decision.approve'),
              onclick: () => decide('approve'),
            }),
            h('button', {
              type: 'button',
              class: 'button button-reject',
              text: t('decision.reject'),
              onclick: () => decide('reject'),
            }),
          ),
        )
      : null,
    c.status === 'requested' && roles().some((r) => FILERS.includes(r))
      ? h('button', {
          type: 'button',
          class: 'button button-secondary',
          text: t('change.takeUp'),
          onclick: useRequest,
        })
      : null,
  );
}

function lineRow(line, index) {
  return h(
    'tr',
    { 'data-line': String(index) },
    h('td', {}, h('input', { name: 'sku', value: line.sku, 'aria-label': t('col.sku'), size: '12' })),
    h(
      'td',
      {},
      h('input', {
        name: 'quantity',
        type: 'number',
        min: '0',
        value: String(line.quantity),
        'aria-label': t('col.quantity'),
        class: 'num',
      }),
    ),
    h(
      'td',
      {},
      h('input', {
        name: 'unitPrice',
        type: 'number',
        min: '0',
        step: '0.01',
        value: (line.unitPrice / 100).toFixed(2),
        'aria-label': t('col.unitPrice'),
        class: 'num',
      }),
    ),
  );
}

function changeForm(order) {
  const kindSelect = h(
    'select',
    {
      id: 'change-kind',
      name: 'kind',
      onchange: (e) => {
        kind = e.target.value;
        renderChanges();
      },
    },
    ['items', 'delivery-date', 'cancel'].map((k) =>
      h('option', { value: k, text: t(`change.kind.${k}`), selected: k === kind }),
    ),
  );
  const fields = [];
  if (kind === 'items') {
    fields.push(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { id: 'change-lines' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { text: t('col.sku') }),
              h('th', { text: t('col.quantity') }),
              h('th', { text: t('col.unitPrice') }),
            ),
          ),
          h('tbody', {}, order.items.map(lineRow)),
        ),
      ),
      h('p', { class: 'hint', text: t('change.linesHint') }),
      h('label', { for: 'change-items-reason', text: t('change.reason') }),
      h('textarea', {
        id: 'change-items-reason',
        name: 'reason',
        rows: '2',
        maxlength: '500',
        required: true,
      }),
    );
  } else if (kind === 'delivery-date') {
    fields.push(
      h('label', { for: 'change-date', text: t('track.requestedDate') }),
      h('input', { id: 'change-date', name: 'requestedDate', type: 'date', required: true }),
      h('label', { for: 'change-file', text: t('change.evidenceFile') }),
      h('input', { id: 'change-file', name: 'file', type: 'file', accept: 'application/pdf,image/*' }),
    );
  } else {
    fields.push(
      h('label', { for: 'change-cancel-reason', text: t('change.reason') }),
      h(
        'select',
        { id: 'change-cancel-reason', name: 'cancelReason' },
        CANCEL_REASONS.map((r) => h('option', { value: r, text: t(`change.cancel.${r}`) })),
      ),
      h('label', { for: 'change-note', text: t('change.note') }),
      h('textarea', { id: 'change-note', name: 'note', rows: '2', maxlength: '500' }),
    );
  }
  return h(
    'form',
    { id: 'change-form', class: 'change-form', novalidate: true, onsubmit: submit },
    h('h3', { text: t('change.new') }),
    h('label', { for: 'change-kind', text: t('change.kindLabel') }),
    kindSelect,
    fields,
    h('input', { type: 'hidden', name: 'fromRequest', value: '' }),
    h('p', { class: 'hint', text: t('change.consentHint') }),
    h(
      'p',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button', id: 'change-submit', text: t('change.submit') }),
    ),
  );
}

const upload = uploadFile;

async function submit(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.target);
  const value = (name) =>
    /** @type {HTMLInputElement|null} */ (form.querySelector(`[name=${name}]`))?.value?.trim() ?? '';
  const fromRequest = value('fromRequest');
  const evidence = fromRequest ? { changeId: fromRequest } : undefined;
  /** @type {Record<string, unknown>} */
  let body;
  try {
    if (kind === 'items') {
      const items = [...form.querySelectorAll('#change-lines tbody tr')]
        .map((row) => ({
          sku: /** @type {HTMLInputElement} */ (row.querySelector('[name=sku]')).value.trim(),
          quantity: Number(/** @type {HTMLInputElement} */ (row.querySelector('[name=quantity]')).value),
          unitPrice: Math.round(
            Number(/** @type {HTMLInputElement} */ (row.querySelector('[name=unitPrice]')).value) * 100,
          ),
        }))
        .filter((l) => l.quantity > 0);
      body = { kind, items, reason: value('reason'), ...(evidence ? { evidence } : {}) };
    } else if (kind === 'delivery-date') {
      const file = /** @type {HTMLInputElement} */ (form.querySelector('[name=file]')).files?.[0];
      const written = evidence ?? (file ? { uploadId: await upload(file) } : undefined);
      body = { kind, requestedDate: value('requestedDate'), ...(written ? { evidence: written } : {}) };
    } else {
      body = {
        kind,
        reason: value('cancelReason'),
        ...(value('note') ? { note: value('note') } : {}),
        ...(evidence ? { evidence } : {}),
      };
    }
  } catch (error) {
    note = { tone: 'error', text: String(/** @type {Error} */ (error).message) };
    return renderChanges();
  }
  const result = await api(`${base()}/changes`, { method: 'POST', auth: true, body });
  if (result.ok) {
    formNode = null;
    note = { tone: 'ok', text: t(`change.filed.${result.data.status}`) };
  } else if (result.kind === 'unauthorized') {
    return ctx?.unauthorized();
  } else {
    const issues = (result.data?.issues ?? []).map((i) => `${i.path}: ${i.message}`).join('; ');
    note = {
      tone: 'error',
      text: `${result.data?.error ?? describeError(result)}${issues ? ` (${issues})` : ''}`,
    };
  }
  await refresh();
}

async function refresh() {
  await ctx?.reload();
  await loadChanges();
}

function versionsBlock(order) {
  const versions = order.versions ?? [];
  if (versions.length < 2) return null;
  return h(
    'details',
    { class: 'change-versions' },
    h('summary', { text: t('change.versions', { n: versions.length }) }),
    versions.map((v) =>
      h(
        'div',
        { class: 'change-version', 'data-version': String(v.version) },
        h('h4', { text: `${t('change.version', { n: v.version })} · ${formatDateTime(v.at)}` }),
        h('p', {
          text: `${v.items.map((l) => `${l.sku} ${l.quantity} × ${yuan(l.unitPrice)}`).join('；')} · ${t('detail.total')} ${yuan(v.totalAmount)} · ${t('track.requestedDate')} ${v.requestedDate}`,
        }),
      ),
    ),
  );
}

function keptForm(order) {
  const key = `${kind}:${order.version}:${getLangKey()}`;
  if (!formNode || key !== formKey) {
    formNode = changeForm(order);
    formKey = key;
  }
  return formNode;
}

const getLangKey = () => document.documentElement.lang;

export function renderChanges() {
  const order = ctx?.getOrder();
  if (!ctx || !order) return;
  const el = card();
  const open = changes.some((c) => c.status === 'pending' || c.status === 'awaiting-consent');
  const canFile =
    roles().some((r) => FILERS.includes(r)) &&
    !open &&
    !['cancelled', 'rejected', 'archived', 'completed'].includes(order.status);
  // replaceChildren takes nodes, not lists: h() flattens them.
  el.replaceChildren(
    ...h(
      'div',
      {},
      h('h2', { id: 'changes-title', text: t('change.title') }),
      h('p', { class: 'hint', text: t('change.noEdit') }),
      note ? h('p', { class: `notice notice-${note.tone}`, role: 'status', text: note.text }) : null,
      changes.length
        ? [...changes].reverse().map(changeBlock)
        : h('p', { class: 'muted', text: t('change.none') }),
      versionsBlock(order),
      canFile ? keptForm(order) : null,
    ).childNodes,
  );
}

export function initChanges(options) {
  ctx = options;
  show(card());
}
