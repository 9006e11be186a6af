/**
 * The order's life after approval on the staff order page (R-PROC-7): why a held order is held,
 * production (R-PROD-1), shipments and who signed for each (R-TRACK-2), completion, delivery
 * exceptions (R-TRACK-3) and staff notes (R-PROC-8). Each action is offered only to the roles
 * that may take it (web/js/staff-order-rules.js) and carries the version the user saw; a 409
 * says where the order stands now and reloads it.
 */

import { api, describeError } from './api.js';
import { byId, h, show } from './dom.js';
import { formatDateTime, todayInShanghai } from './format.js';
import { historyText } from './history-text.js';
import { localizeServerMessage, t } from './i18n.js';
import { getUser } from './session.js';
import { allowedActions, EXCEPTION_KINDS, lastHold, remainingLines } from './staff-order-rules.js';
import { uploadFile } from './uploads.js';

let page = null; // { getOrder, setOrder, reload, unauthorized }
let note = null; // { tone, text() }
let busy = null;
/** What was typed, by input id, so a redraw keeps it. */
const drafts = {};

const input = (id, attrs = {}) =>
  h('input', {
    id,
    value: drafts[id] ?? attrs.value ?? '',
    ...attrs,
    oninput: (e) => {
      drafts[id] = e.target.value;
    },
  });
const field = (id, key, control) =>
  h('div', { class: 'field' }, h('label', { for: id, text: t(key) }), control);
const button = (id, key, onclick, tone = 'button-primary') =>
  h('button', {
    type: 'button',
    id,
    class: `button ${tone}`,
    disabled: Boolean(busy),
    onclick,
    text: t(key),
  });
const value = (id) => (drafts[id] ?? byId(id).value ?? '').trim();

function issuesText(result) {
  const issues = result.data?.issues ?? [];
  if (!issues.length) return describeError(result);
  return issues.map((i) => `${i.path}: ${localizeServerMessage(i)}`).join('；');
}

/** One action: POST, then the order as it is now. */
async function act(key, path, body, clear = []) {
  const order = page.getOrder();
  busy = key;
  note = null;
  render();
  const result = await api(`/api/orders/${encodeURIComponent(order.orderId)}${path}`, {
    method: 'POST',
    body: { ...body },
    auth: true,
  });
  busy = null;
  if (result.ok) {
    for (const id of clear) delete drafts[id];
    note = { tone: 'ok', text: () => t('life.done') };
    await page.reload();
    return;
  }
  if (result.kind === 'unauthorized') return page.unauthorized();
  if (result.kind === 'conflict') {
    const status = result.data?.status;
    note = { tone: 'warn', text: () => t('life.conflict', { status: status ? t(`status.${status}`) : '' }) };
    await page.reload();
    return;
  }
  note = {
    tone: 'error',
    text: () => (result.kind === 'validation' ? issuesText(result) : describeError(result)),
  };
  render();
}

/** R-PROC-8: the note, its file uploaded first when one is chosen (the text stays if the upload fails). */
async function addNote() {
  const input = /** @type {HTMLInputElement | null} */ (document.getElementById('life-note-file'));
  const file = input?.files?.[0];
  const body = { text: value('life-note-text') };
  if (file) {
    busy = 'note';
    render();
    try {
      Object.assign(body, { attachment: { uploadId: await uploadFile(file) } });
    } catch (error) {
      busy = null;
      note = {
        tone: 'error',
        text: () => t('life.noteFileFailed', { reason: String(error.message ?? error) }),
      };
      return render();
    }
  }
  await act('note', '/notes', body, ['life-note-text']);
}

function heldBlock(order, can) {
  const hold = lastHold(order);
  return h(
    'div',
    { class: 'life-block' },
    h('h3', { text: t('life.held') }),
    h('p', {
      class: 'notice notice-warn',
      // The hold's entry carries a code: its reason in the reader's language (R-APPR-3).
      text: t('life.heldWhy', { reason: (hold && historyText(hold)) || t('common.none') }),
    }),
    can.resume &&
      h(
        'div',
        {},
        field('life-resume-reason', 'life.reason', input('life-resume-reason', { maxlength: 500 })),
        button('life-resume', 'life.resume', () =>
          act('resume', '/resume', { reason: value('life-resume-reason'), expectedVersion: order.version }, [
            'life-resume-reason',
          ]),
        ),
      ),
    can.cancel &&
      h(
        'div',
        {},
        field('life-cancel-reason', 'life.cancelReason', input('life-cancel-reason', { maxlength: 500 })),
        field('life-cancel-note', 'life.cancelNote', input('life-cancel-note', { maxlength: 1000 })),
        button(
          'life-cancel',
          'life.cancel',
          () => {
            const note = value('life-cancel-note');
            act(
              'cancel',
              '/cancel',
              {
                reason: value('life-cancel-reason'),
                ...(note ? { note } : {}),
                expectedVersion: order.version,
              },
              ['life-cancel-reason', 'life-cancel-note'],
            );
          },
          'button-reject',
        ),
      ),
  );
}

function productionBlock(order, can) {
  const p = order.production;
  if (!p && !can.startProduction) return null;
  return h(
    'div',
    { class: 'life-block' },
    h('h3', { text: t('life.production') }),
    p?.plannedCompletionDate && h('p', { text: t('life.planned', { date: p.plannedCompletionDate }) }),
    p?.finishedAt && h('p', { text: t('life.finishedAt', { time: formatDateTime(p.finishedAt) }) }),
    can.startProduction &&
      h(
        'div',
        {},
        field(
          'life-planned',
          'life.plannedDate',
          input('life-planned', { type: 'date', min: todayInShanghai() }),
        ),
        button('life-start', 'life.start', () =>
          act('start', '/production/start', {
            plannedCompletionDate: value('life-planned'),
            expectedVersion: order.version,
          }),
        ),
      ),
    can.finishProduction &&
      button('life-finish', 'life.finish', () =>
        act('finish', '/production/finish', { expectedVersion: order.version }),
      ),
  );
}

function shipmentRow(order, s, can) {
  const lines = s.lines.map((l) => `${l.sku} × ${l.quantity}`).join('，');
  const id = `life-signed-${s.shipmentId}`;
  return h(
    'li',
    { class: 'life-shipment' },
    h('p', { text: `${s.shipmentId} · ${s.carrier} ${s.trackingNumber} · ${lines}` }),
    h('p', { class: 'muted', text: t('life.shippedAt', { time: formatDateTime(s.shippedAt) }) }),
    s.deliveredAt
      ? h('p', {
          text: t('life.deliveredAt', {
            time: formatDateTime(s.deliveredAt),
            who: s.signedBy ?? t('common.none'),
          }),
        })
      : can.deliver &&
          h(
            'div',
            {},
            h(
              'div',
              { class: 'field' },
              h('label', { for: id, text: `${t('life.signedBy')}（${s.shipmentId}）` }),
              input(id, { maxlength: 100 }),
            ),
            button(`life-deliver-${s.shipmentId}`, 'life.deliver', () =>
              act('deliver', `/shipments/${encodeURIComponent(s.shipmentId)}/deliver`, {
                signedBy: value(id),
                expectedVersion: order.version,
              }),
            ),
          ),
  );
}

function shipmentsBlock(order, can) {
  const shipments = order.shipments ?? [];
  if (!shipments.length && !can.ship) return null;
  const left = remainingLines(order);
  return h(
    'div',
    { class: 'life-block' },
    h('h3', { text: t('life.shipments') }),
    shipments.length
      ? h(
          'ul',
          { class: 'plain-list' },
          shipments.map((s) => shipmentRow(order, s, can)),
        )
      : null,
    can.ship &&
      h(
        'div',
        { class: 'life-form' },
        h('h4', { text: t('life.newShipment') }),
        field('life-carrier', 'life.carrier', input('life-carrier', { maxlength: 100 })),
        field('life-tracking', 'life.trackingNumber', input('life-tracking', { maxlength: 100 })),
        left.map((l) =>
          field(
            `life-qty-${l.sku}`,
            'life.quantityOf',
            input(`life-qty-${l.sku}`, {
              type: 'number',
              min: 0,
              max: l.quantity,
              value: String(l.quantity),
              inputmode: 'numeric',
            }),
          ),
        ),
        h('p', { class: 'hint', text: t('life.shipHint') }),
        button('life-ship', 'life.ship', () => {
          const lines = left
            .map((l) => ({ sku: l.sku, quantity: Number(drafts[`life-qty-${l.sku}`] ?? l.quantity) }))
            .filter((l) => l.quantity > 0);
          act(
            'ship',
            '/shipments',
            {
              carrier: value('life-carrier'),
              trackingNumber: value('life-tracking'),
              lines,
              expectedVersion: order.version,
            },
            ['life-carrier', 'life-tracking', ...left.map((l) => `life-qty-${l.sku}`)],
          );
        }),
      ),
  );
}

function exceptionsBlock(order, can) {
  const list = order.exceptions ?? [];
  if (!list.length && !can.exception) return null;
  const kind = drafts['life-ex-kind'] ?? EXCEPTION_KINDS[0];
  return h(
    'div',
    { class: 'life-block' },
    h('h3', { text: t('life.exceptions') }),
    list.length
      ? h(
          'ul',
          { class: 'plain-list' },
          list.map((e) =>
            h('li', {
              text: `${t(`life.kind.${e.kind}`)} · ${e.plan}${e.expectedDate ? ` · ${t('life.expected', { date: e.expectedDate })}` : ''} · ${formatDateTime(e.at)}`,
            }),
          ),
        )
      : null,
    can.exception &&
      h(
        'div',
        { class: 'life-form' },
        field(
          'life-ex-kind',
          'life.kind',
          h(
            'select',
            { id: 'life-ex-kind', onchange: (e) => (drafts['life-ex-kind'] = e.target.value) },
            EXCEPTION_KINDS.map((k) =>
              h('option', { value: k, selected: k === kind, text: t(`life.kind.${k}`) }),
            ),
          ),
        ),
        field('life-ex-plan', 'life.plan', input('life-ex-plan', { maxlength: 1000 })),
        field('life-ex-date', 'life.expectedDate', input('life-ex-date', { type: 'date' })),
        button('life-exception', 'life.addException', () => {
          const expectedDate = value('life-ex-date');
          act(
            'exception',
            '/exceptions',
            {
              kind,
              plan: value('life-ex-plan'),
              ...(expectedDate ? { expectedDate } : {}),
              expectedVersion: order.version,
            },
            ['life-ex-plan', 'life-ex-date'],
          );
        }),
      ),
  );
}

export function renderLife() {
  const order = page?.getOrder();
  show(byId('life-card'), Boolean(order));
  if (!order) return;
  const can = allowedActions(order, getUser()?.roles ?? []);
  const slot = byId('life-status');
  slot.className = note ? `notice notice-${note.tone}` : '';
  slot.textContent = note ? note.text() : '';
  byId('life-body').replaceChildren(
    ...[
      order.status === 'on_hold' ? heldBlock(order, can) : null,
      productionBlock(order, can),
      shipmentsBlock(order, can),
      can.complete &&
        h(
          'div',
          { class: 'life-block' },
          button('life-complete', 'life.complete', () =>
            act('complete', '/complete', { expectedVersion: order.version }),
          ),
        ),
      exceptionsBlock(order, can),
      can.note &&
        h(
          'div',
          { class: 'life-block' },
          h('h3', { text: t('life.note') }),
          field(
            'life-note-text',
            'life.noteText',
            h(
              'textarea',
              {
                id: 'life-note-text',
                rows: 3,
                maxlength: 2000,
                oninput: (e) => (drafts['life-note-text'] = e.target.value),
              },
              drafts['life-note-text'] ?? '',
            ),
          ),
          field(
            'life-note-file',
            'life.noteFile',
            h('input', { id: 'life-note-file', type: 'file', accept: 'application/pdf,image/*' }),
          ),
          h('p', { class: 'hint', text: t('life.noteHint') }),
          button('life-note', 'life.addNote', () => addNote()),
        ),
    ].filter(Boolean),
  );
}

const render = () => renderLife();

export function initLife(wiring) {
  page = wiring;
}
