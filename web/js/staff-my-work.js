// @ts-check
/**
 * My work (我的待办, R-PROC-1, R-PROC-7) on the work queue page (staff/index.html): the orders
 * waiting on the signed-in member of staff's roles, a group per kind of work, urgent first and
 * oldest first. Kept apart from staff-queue.js; it watches the queue view appear after a
 * sign-in, like staff-role-links.js, and refreshes with the queue's refresh button.
 */
import { api, describeError } from './api.js';
import { byId, h, show } from './dom.js';
import { formatDateTime, formatMoney } from './format.js';
import { onLangChange, t } from './i18n.js';
import { getToken } from './session.js';

/** @type {{ groups: any[] | null, failure: any }} */
const state = { groups: null, failure: null };

/** An after-sales case waiting on after-sales (R-AFTER-1): to the order page, where its cases are. */
function caseItem(/** @type {any} */ c) {
  return h(
    'li',
    { class: 'work-item', dataset: { orderId: c.orderId, caseId: c.caseId } },
    h('span', { class: 'badge', text: t(`cases.status.${c.caseStatus}`) }),
    ' ',
    h('a', {
      class: 'queue-link',
      href: `order.html?id=${encodeURIComponent(c.orderId)}#cases-card`,
      text: c.orderNumber,
    }),
    ' ',
    h('span', { text: t(`cases.type.${c.caseType}`) }),
    ' ',
    h('span', { class: 'muted', text: t('work.caseDue', { at: formatDateTime(c.responseDeadline) }) }),
  );
}

/** A customer's own change request waiting on ops (R-PROC-6): to the order's changes. */
function changeItem(/** @type {any} */ c) {
  return h(
    'li',
    { class: 'work-item', dataset: { orderId: c.orderId, changeId: c.changeId } },
    h('a', {
      class: 'queue-link',
      href: `order.html?id=${encodeURIComponent(c.orderId)}#changes-card`,
      text: c.orderNumber,
    }),
    ' ',
    h('span', { text: t(`change.kind.${c.changeKind}`) }),
    ' ',
    h('span', { class: 'muted', text: formatDateTime(c.createdAt) }),
  );
}

function item(/** @type {any} */ o) {
  if (o.caseId) return caseItem(o);
  if (o.changeId) return changeItem(o);
  return h(
    'li',
    { class: 'work-item', dataset: { orderId: o.orderId } },
    h('span', { class: `badge badge-${o.priority}`, text: t(`priority.${o.priority}`) }),
    ' ',
    h('a', {
      class: 'queue-link',
      // R-SPEC-1: a special-requirement review opens at its card.
      href: `order.html?id=${encodeURIComponent(o.orderId)}${o.waitingOn ? '#special-card' : ''}`,
      text: o.orderNumber,
    }),
    ' ',
    h('span', { text: o.customerName }),
    ' ',
    h('span', {
      class: 'muted',
      text: `${formatMoney(o.totalAmount, o.currency)} · ${formatDateTime(o.createdAt)}`,
    }),
  );
}

function render() {
  const box = byId('my-work');
  const list = byId('my-work-groups');
  show(byId('my-work-error'), Boolean(state.failure));
  byId('my-work-error').textContent = state.failure ? describeError(state.failure) : '';
  if (!state.groups) return;
  const groups = state.groups.filter((g) => g.total > 0);
  show(byId('my-work-empty'), groups.length === 0);
  list.replaceChildren(
    ...groups.map((g) =>
      h(
        'section',
        { class: 'work-group', dataset: { key: g.key, role: g.role } },
        h('h3', { text: `${t(`work.${g.key}`)}（${g.total}）` }),
        h('ul', { class: 'work-list' }, ...g.items.map(item)),
        g.total > g.items.length
          ? h('p', { class: 'hint', text: t('work.more', { count: g.total - g.items.length }) })
          : null,
      ),
    ),
  );
  show(box, true);
}

async function load() {
  if (!getToken()) return;
  const result = await api('/api/my-work', { auth: true });
  if (result.ok) {
    state.groups = result.data.groups;
    state.failure = null;
  } else {
    state.failure = result;
  }
  render();
}

const view = document.getElementById('queue-view');
if (view) {
  new MutationObserver(() => {
    if (!view.hidden) load();
  }).observe(view, { attributes: true, attributeFilter: ['hidden'] });
  if (!view.hidden) load();
}
document.getElementById('queue-refresh')?.addEventListener('click', () => load());
onLangChange(render);
