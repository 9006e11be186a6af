// @ts-check
/**
 * One order as a table row, for the work queue (staff/index.html) and the order list
 * (staff/orders.html): priority, number (a link to the order), customer, amount, status, one
 * column of the page's own, assignee and time received. On phones each cell is a two-column
 * grid (label, value), so every cell carries its label.
 */
import { h } from './dom.js';
import { formatDateTime, formatMoney } from './format.js';
import { t } from './i18n.js';

/**
 * @param {any} item an entry of `GET /api/queue` or `GET /api/orders`
 * @param {[string, any]} extra the page's own column: its label key and content
 */
export function orderRow(item, extra) {
  const cell = (/** @type {string} */ labelKey, /** @type {any} */ content, attrs = {}) =>
    h('td', { 'data-label': t(labelKey), ...attrs }, h('div', {}, content));
  return h(
    'tr',
    { dataset: { orderId: item.orderId } },
    cell(
      'col.priority',
      h('span', { class: `badge badge-${item.priority}`, text: t(`priority.${item.priority}`) }),
    ),
    cell(
      'col.order',
      h('a', {
        class: 'queue-link',
        href: `order.html?id=${encodeURIComponent(item.orderId)}`,
        text: item.orderNumber,
      }),
    ),
    cell('col.customer', [
      item.customerName,
      item.company ? h('div', { class: 'muted', text: item.company }) : null,
    ]),
    cell('col.amount', formatMoney(item.totalAmount, item.currency), { class: 'num' }),
    cell('col.status', h('span', { class: 'badge badge-status', text: t(`status.${item.status}`) })),
    cell(extra[0], extra[1]),
    cell('col.assignee', item.assignee ?? h('span', { class: 'muted', text: t('staff.unassigned') })),
    cell('col.createdAt', h('time', { datetime: item.createdAt, text: formatDateTime(item.createdAt) })),
  );
}
