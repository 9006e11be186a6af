/**
 * The list view of "邮件待处理 / Email needs attention" (staff/inbound.html without `?id=`,
 * R-INTAKE-6): inbound emails by state (needs attention, quarantined, registered, dismissed) in
 * tabs, newest first, a page at a time.
 */
import { api } from './api.js';
import { byId, h, param, show } from './dom.js';
import { formatDateTime } from './format.js';
import { t } from './i18n.js';

const STATES = ['attention', 'quarantined', 'registered', 'dismissed'];

function listEntry(item) {
  const facts = [
    h('time', { datetime: item.receivedAt, text: formatDateTime(item.receivedAt) }),
    ` · ${item.from.name ? `${item.from.name} <${item.from.address}>` : item.from.address}`,
  ];
  const note =
    item.state === 'attention'
      ? t('inbound.problemCount', { n: item.problems })
      : item.state === 'quarantined'
        ? (item.quarantineReasons ?? []).join(', ')
        : item.state === 'registered'
          ? t('inbound.registeredAs', { number: item.orderNumber ?? '' })
          : (item.dismissal?.reason ?? '');
  return h(
    'li',
    { class: 'card inbound-item' },
    h('a', {
      class: 'queue-link',
      href: `inbound.html?id=${encodeURIComponent(item.inboundId)}`,
      text: item.subject || t('inbound.noSubject'),
    }),
    h('p', { class: 'muted' }, ...facts),
    h('p', { text: note }),
  );
}

/**
 * Show the list view and bind its tabs and "load more"; `failed(result)` takes a failed call,
 * `loaded()` is told of a successful one. Returns `render` (for a language switch) and `load`.
 */
export function startInboundList({ failed, loaded }) {
  const state = {
    tab: STATES.includes(param('state')) ? param('state') : 'attention',
    items: [],
    nextCursor: null,
  };

  function renderTabs() {
    for (const tab of byId('state-tabs').querySelectorAll('[data-state]')) {
      const active = tab.dataset.state === state.tab;
      tab.setAttribute('aria-selected', String(active));
      tab.classList.toggle('button-primary', active);
    }
  }

  function render() {
    renderTabs();
    byId('inbound-list').replaceChildren(...state.items.map(listEntry));
    byId('list-status').textContent = state.items.length ? '' : t('inbound.empty');
    show(byId('load-more'), Boolean(state.nextCursor));
  }

  async function load({ more = false } = {}) {
    const query = new URLSearchParams({ state: state.tab, limit: '25' });
    if (more && state.nextCursor) query.set('cursor', state.nextCursor);
    const result = await api(`/api/inbound?${query}`, { auth: true });
    if (!result.ok) return failed(result);
    state.items = more ? [...state.items, ...result.data.items] : result.data.items;
    state.nextCursor = result.data.nextCursor ?? null;
    loaded();
    render();
  }

  function chooseTab(tab) {
    state.tab = tab;
    renderTabs();
    history.replaceState(null, '', `inbound.html?state=${tab}`);
    load();
  }

  show(byId('list-view'));
  renderTabs();
  byId('state-tabs').addEventListener('click', (event) => {
    const tab = event.target.closest('[data-state]');
    if (tab) chooseTab(tab.dataset.state);
  });
  byId('load-more').addEventListener('click', () => load({ more: true }));
  return { render, load };
}
