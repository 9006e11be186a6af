// @ts-check
/**
 * Draws a staff order view (GET /api/orders/{id}) into staff/order.html: summary, customer
 * (contact data is staff-only, R-SEC-1), lines with their approval tier and why (R-PRICE-1..5),
 * delivery, and the append-only history oldest first (R-ARCH-2, R-PROC-7) — including the
 * workflow's review, approval, reminder, escalation and SLA entries (R-APPR-3), in the page's
 * language (history-text.js). Names, SKUs and what people typed are marked translate="no".
 */

import { byId, h } from './dom.js';
import { formatDate, formatDateTime, formatMoney } from './format.js';
import { actorText, historyText } from './history-text.js';
import { t } from './i18n.js';
import { evidenceCell } from './staff-evidence.js';
import { openUpload } from './uploads.js';

const none = () => h('span', { class: 'muted', text: t('common.none') });
const orNone = (value) => (value === undefined || value === null || value === '' ? none() : value);

/** A translated label for a code, or the code itself when the dictionary has none. */
function label(prefix, code) {
  if (code === undefined || code === null || code === '') return none();
  const key = `${prefix}.${code}`;
  const text = t(key);
  return text === key ? code : text;
}

/** What people typed or the catalogue holds (names, addresses): not words of the page. */
const data = (value) =>
  value === undefined || value === null || value === '' ? value : h('span', { translate: 'no' }, value);

function facts(id, pairs) {
  byId(id).replaceChildren(
    ...pairs.flatMap(([key, value]) => [h('dt', { text: t(key) }), h('dd', {}, orNone(value))]),
  );
}

/**
 * Why a line needs its tier, in the page's language; the same comparison as
 * shared/domain/pricing.ts lineTier (R-PRICE-2..4).
 */
export function tierReasons(line) {
  const price = formatMoney(line.unitPrice);
  const reasons = [];
  if (line.listPrice !== null && line.listPrice !== undefined && line.unitPrice < line.listPrice) {
    reasons.push(t('reason.belowList', { price, list: formatMoney(line.listPrice) }));
  }
  if (line.lastPrice !== null && line.lastPrice !== undefined && line.unitPrice < line.lastPrice) {
    reasons.push(t('reason.belowLast', { price, last: formatMoney(line.lastPrice) }));
  }
  if (reasons.length === 0) {
    reasons.push(
      line.listPrice === null || line.listPrice === undefined ? t('reason.noList') : t('reason.atOrAbove'),
    );
  }
  return reasons;
}

function itemRow(line, currency) {
  const money = (cents) => (cents === null || cents === undefined ? none() : formatMoney(cents, currency));
  // One wrapper per cell: on phones the cell is a two-column grid (label, value).
  const cell = (key, content, attrs = {}) =>
    h('td', { 'data-label': t(key), ...attrs }, h('div', {}, content));
  return h(
    'tr',
    {},
    cell('col.sku', line.sku),
    cell('col.name', data(line.name)),
    cell('col.spec', orNone(data(line.spec))),
    cell('col.packaging', orNone(data(line.packaging))),
    cell('col.quantity', String(line.quantity), { class: 'num' }),
    cell('col.unit', line.unit),
    cell('col.unitPrice', money(line.unitPrice), { class: 'num' }),
    cell('col.listPrice', line.listPrice === null ? t('form.priceOnRequest') : money(line.listPrice), {
      class: 'num',
    }),
    cell('col.lastPrice', money(line.lastPrice), { class: 'num' }),
    cell('col.lineAmount', money(line.lineAmount), { class: 'num' }),
    cell('col.tier', [
      h('span', { class: 'badge badge-tier', text: t(`role.${line.tier}`) }),
      h(
        'ul',
        { class: 'reasons' },
        tierReasons(line).map((text) => h('li', { text })),
      ),
    ]),
  );
}

function historyRow(entry) {
  const cell = (key, content) => h('td', { 'data-label': t(key) }, h('div', {}, content));
  const change =
    entry.from || entry.to
      ? [
          entry.from ? label('status', entry.from) : '',
          entry.from && entry.to ? ' → ' : '',
          label('status', entry.to),
        ]
      : none();
  const text = orNone(historyText(entry));
  // R-PROC-8: a note's attachment, fetched with the staff token.
  const uploadId = entry.action === 'note' ? entry.params?.uploadId : undefined;
  const reason = uploadId
    ? h(
        'span',
        {},
        text,
        ' ',
        h('button', {
          type: 'button',
          class: 'button button-small button-secondary note-attachment',
          text: t('life.noteAttachmentOpen'),
          onclick: () => openUpload(uploadId).catch(() => alert(t('life.noteAttachmentGone'))),
        }),
      )
    : text;
  return h(
    'tr',
    {},
    cell('col.time', h('time', { datetime: entry.at, text: formatDateTime(entry.at, { seconds: true }) })),
    cell(
      'col.actor',
      h('span', { translate: actorText(entry.actor) === entry.actor ? 'no' : null }, actorText(entry.actor)),
    ),
    cell('col.action', label('action', entry.action)),
    cell('col.change', change),
    cell('col.reason', reason),
  );
}

/** Fill every section of the page from `order`. */
export function renderOrder(order) {
  document.title = `${order.orderNumber} · ${t('detail.title')} · ${t('app.name')}`;
  byId('d-number').textContent = order.orderNumber;
  const badges = [
    h('span', { class: `badge badge-${order.priority}`, text: t(`priority.${order.priority}`) }),
    h('span', { class: 'badge badge-status' }, label('status', order.status)),
    h('span', { class: 'badge badge-tier', text: t(`role.${order.approvalTier}`) }),
    // R-PROC-5: processed within 2 working days; the API marks an order past that deadline.
    order.slaBreached ? h('span', { class: 'badge badge-sla', text: t('sla.breached') }) : null,
  ];
  byId('d-badges').replaceChildren(...badges.filter(Boolean));
  byId('d-assignee').textContent = t('detail.currentAssignee', {
    email: order.assignee ?? t('staff.unassigned'),
  });

  const evidence = evidenceCell(order);
  facts('d-summary', [
    ['detail.status', label('status', order.status)],
    ['detail.priority', label('priority', order.priority)],
    ['detail.channel', label('channel', order.channel)],
    // R-INTAKE-7: the signed fax or the customer's email (a fax without its page says so).
    ...(evidence ? [['detail.evidence', evidence]] : []),
    ['detail.language', label('lang', order.language)],
    ['detail.payment', label('payment', order.paymentMethod)],
    ['detail.createdAt', formatDateTime(order.createdAt, { seconds: true })],
    ['detail.updatedAt', formatDateTime(order.updatedAt, { seconds: true })],
    ...(order.slaDeadline ? [['sla.deadline', formatDateTime(order.slaDeadline)]] : []),
    [
      'detail.tracking',
      order.trackingUrl
        ? h('a', {
            href: order.trackingUrl,
            target: '_blank',
            rel: 'noopener noreferrer',
            text: order.trackingUrl,
          })
        : null,
    ],
  ]);
  const customer = order.customer ?? {};
  facts('d-customer', [
    ['form.name', data(customer.name)],
    ['form.company', data(customer.company)],
    ['form.phone', customer.phone ? h('a', { href: `tel:${customer.phone}`, text: customer.phone }) : null],
    [
      'form.email',
      customer.email ? h('a', { href: `mailto:${customer.email}`, text: customer.email }) : null,
    ],
  ]);

  byId('d-items').replaceChildren(...(order.items ?? []).map((line) => itemRow(line, order.currency)));
  byId('d-total').textContent = formatMoney(order.totalAmount, order.currency);
  // R-PRICE-5: the order's tier is its highest line tier; approvers act in this order.
  byId('d-tier').replaceChildren(
    t('detail.approvalTier', { tier: '' }),
    h('span', { class: 'badge badge-tier', text: t(`role.${order.approvalTier}`) }),
  );
  byId('d-chain').textContent = (order.approvalChain ?? []).map((role) => t(`role.${role}`)).join(' → ');

  const delivery = order.delivery ?? {};
  facts('d-delivery', [
    ['detail.address', data(delivery.address)],
    ['detail.requestedDate', delivery.requestedDate ? formatDate(delivery.requestedDate) : null],
    ['detail.transport', label('transport', delivery.transportMethod)],
    ['detail.notes', data(order.notes)],
  ]);

  // Newest last, whatever order the entries arrive in (a stable sort keeps equal times in place).
  const history = [...(order.history ?? [])].sort((a, b) => String(a.at).localeCompare(String(b.at)));
  byId('d-history').replaceChildren(
    ...(history.length
      ? history.map(historyRow)
      : [h('tr', {}, h('td', { colspan: 5, class: 'muted', text: t('detail.noHistory') }))]),
  );
}
