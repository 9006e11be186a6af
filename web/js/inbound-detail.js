// @ts-check
/**
 * One email on "邮件待处理 / Email needs attention" (staff/inbound.html?id=…, R-INTAKE-6), drawn
 * from GET /api/inbound/{id}: its facts (sender, time, attachments, order, a new customer with
 * the button that confirms it), what is missing or wrong with the quoted lines, the quarantine
 * reasons, the message text and its history, and which of the correction and dismissal cards
 * apply. The actions themselves are staff-inbound.js's.
 */
import { byId, h, show } from './dom.js';
import { formatDateTime } from './format.js';
import { getLang, t } from './i18n.js';
import { fieldLabel } from './inbound-form.js';

const fact = (labelKey, value) => [h('dt', { text: t(labelKey) }), h('dd', {}, value)];

/** The customer this email created, and the button that confirms it (once). */
function newCustomer(m, onConfirmCustomer) {
  if (m.actions.some((a) => a.action === 'customer-confirmed')) return t('inbound.customerConfirmed');
  return [
    t('inbound.newCustomerNote'),
    ' ',
    h('button', {
      type: 'button',
      id: 'confirm-customer',
      class: 'button button-secondary button-small',
      text: t('inbound.confirmCustomer'),
      onclick: onConfirmCustomer,
    }),
  ];
}

function problemEntry(p) {
  return h(
    'li',
    {},
    h('strong', { text: `${fieldLabel(p.path)}${getLang() === 'en' ? ': ' : '：'}` }),
    getLang() === 'en' ? p.message : p.messageZh,
    p.line ? h('q', { class: 'inbound-quote', text: p.line }) : null,
  );
}

/**
 * Draw message `m`. `registered` keeps the correction card on show after registering;
 * `dismissError` is the dismissal reason's error (a function giving its text) or null.
 */
export function renderInboundDetail(m, { registered, dismissError, onConfirmCustomer }) {
  show(byId('detail-view'));
  byId('detail-title').textContent = m.subject || t('inbound.noSubject');
  byId('detail-badges').replaceChildren(
    h('span', { class: 'badge badge-status', text: t(`inbound.state.${m.state}`) }),
  );
  const order = m.orderId
    ? h('a', { href: `order.html?id=${encodeURIComponent(m.orderId)}`, text: m.orderNumber ?? m.orderId })
    : t('common.none');
  byId('detail-facts').replaceChildren(
    ...fact('inbound.from', m.from.name ? `${m.from.name} <${m.from.address}>` : m.from.address),
    ...fact('inbound.receivedAt', formatDateTime(m.receivedAt)),
    ...fact('inbound.messageId', m.messageId),
    ...fact(
      'inbound.attachments',
      m.attachments.length ? m.attachments.map((a) => a.filename).join(', ') : t('common.none'),
    ),
    ...fact('inbound.order', order),
    ...(m.newCustomerKey ? fact('inbound.newCustomer', newCustomer(m, onConfirmCustomer)) : []),
  );
  const problems = m.problems ?? [];
  show(byId('problems-card'), m.state === 'attention' && problems.length > 0);
  byId('problems-list').replaceChildren(...problems.map(problemEntry));
  const reasons = m.quarantineReasons ?? [];
  show(byId('reasons-card'), reasons.length > 0);
  byId('reasons-list').replaceChildren(...reasons.map((r) => h('li', { text: r })));
  byId('message-text').textContent = m.text || t('inbound.noText');
  byId('actions-list').replaceChildren(
    ...m.actions.map((a) =>
      h('li', {
        text: `${formatDateTime(a.at)} · ${t(`inbound.action.${a.action}`)} · ${a.actor}${a.detail ? ` · ${a.detail}` : ''}`,
      }),
    ),
  );
  show(byId('correct-card'), m.state === 'attention' || Boolean(registered));
  show(byId('dismiss-card'), m.state === 'attention' || m.state === 'quarantined');
  const slot = byId('dismiss-reason-error');
  slot.textContent = dismissError ? dismissError() : '';
  show(slot, Boolean(dismissError));
}
