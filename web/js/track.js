// @ts-check
/**
 * The customer's tracking page, opened from the link in the confirmation email
 * (`track.html?t=<token>`): status in both languages, progress along the main path,
 * timeline in Beijing time, items (R-TRACK-1). The API shows no contact data (R-SEC-1),
 * and a forged or unknown token is a 404 (R-SEC-3). The page opens in the language of the
 * order (the one the customer ordered in) unless this browser's reader picked one with the
 * switch before; the switch still changes it, and is remembered.
 */
import { api, describeError } from './api.js';
import { byId, h, param, show } from './dom.js';
import { formatDate, formatDateTime, formatTime } from './format.js';
import { getLang, hasChosenLang, initI18n, onLangChange, setLang, t } from './i18n.js';

/** R-PROC-7's main path; rejected / cancelled / on_hold are off it. */
const MAIN_PATH = [
  'received',
  'under_review',
  'approved',
  'in_production',
  'shipped',
  'delivered',
  'completed',
];

const REFRESH_MS = 60_000;
let order = null;
let failure = null;
let loadedAt = null;
let languageSet = false;

/** How far along the main path the order got: the current status, or the last one reached. */
function reachedIndex(view) {
  if (view.status === 'archived') return MAIN_PATH.length; // archived follows completed: all done
  const current = MAIN_PATH.indexOf(view.status);
  if (current >= 0) return current;
  const seen = view.timeline.map((entry) => MAIN_PATH.indexOf(entry.status)).filter((i) => i >= 0);
  return seen.length ? Math.max(...seen) : 0;
}

function renderSteps(view) {
  const reached = reachedIndex(view);
  const onPath = view.status === 'archived' || MAIN_PATH.includes(view.status);
  const steps = MAIN_PATH.map((status, index) => {
    const done = index < reached || (index === reached && !onPath);
    const current = onPath && index === reached;
    const state = done ? 'stepDone' : current ? 'stepCurrent' : 'stepTodo';
    return h(
      'li',
      {
        class: `step step-${done ? 'done' : current ? 'current' : 'todo'}`,
        'aria-current': current ? 'step' : null,
      },
      h('span', { class: 'step-dot', 'aria-hidden': 'true', text: done ? '✓' : String(index + 1) }),
      h(
        'span',
        {},
        t(`status.${status}`),
        h('span', { class: 'sr-only', text: ` (${t(`track.${state}`)})` }),
      ),
    );
  });
  byId('track-steps').replaceChildren(...steps);
}

function render() {
  show(byId('track-loading'), false);
  if (failure) {
    show(byId('track-view'), false);
    show(byId('track-error'));
    byId('track-error-text').textContent = failure.text();
    show(byId('track-retry'), failure.retryable);
    return;
  }
  if (!order) return;
  show(byId('track-error'), false);
  show(byId('track-view'));
  const other = getLang() === 'zh-CN' ? 'en' : 'zh-CN';
  byId('track-number').textContent = order.orderNumber;
  byId('track-status').textContent = t(`status.${order.status}`);
  // The status in both languages: the other one, marked with its lang for screen readers.
  const otherLabel = byId('track-status-other');
  otherLabel.textContent = t(`status.${order.status}`, {}, other);
  otherLabel.lang = other;
  const offPath = !MAIN_PATH.includes(order.status) && order.status !== 'archived';
  show(byId('track-off-path'), offPath);
  byId('track-off-path').textContent = offPath
    ? t('track.offPath', { status: t(`status.${order.status}`) })
    : '';
  byId('track-created').textContent = formatDateTime(order.createdAt);
  byId('track-requested').textContent = formatDate(order.requestedDate);
  byId('track-priority').replaceChildren(
    h('span', { class: `badge badge-${order.priority}`, text: t(`priority.${order.priority}`) }),
  );
  renderSteps(order);
  byId('track-timeline').replaceChildren(
    ...order.timeline.map((entry) =>
      h(
        'li',
        {},
        h('strong', { text: t(`status.${entry.status}`) }),
        h('time', { datetime: entry.at, text: formatDateTime(entry.at) }),
      ),
    ),
  );
  byId('track-items').replaceChildren(
    ...order.items.map((item) =>
      h(
        'tr',
        {},
        h('td', { 'data-label': t('col.sku'), text: item.sku }),
        h('td', { 'data-label': t('col.name'), translate: 'no', text: item.name }),
        h('td', { 'data-label': t('col.spec'), translate: 'no', text: item.spec ?? '—' }),
        h('td', { class: 'num', 'data-label': t('col.quantity'), text: String(item.quantity) }),
        h('td', { 'data-label': t('col.unit'), text: item.unit }),
      ),
    ),
  );
  byId('track-updated').textContent = loadedAt ? t('track.updatedAt', { time: formatTime(loadedAt) }) : '';
}

async function load() {
  const token = param('t');
  if (!token) {
    failure = { text: () => t('track.noToken'), retryable: false };
    return render();
  }
  const result = await api(`/api/track/${encodeURIComponent(token)}`);
  if (result.ok) {
    order = { ...result.data, timeline: result.data.timeline ?? [], items: result.data.items ?? [] };
    failure = null;
    loadedAt = new Date();
    if (!languageSet) {
      languageSet = true; // once: a later refresh keeps what the reader switched to
      // The reader's own earlier choice wins; otherwise the language they ordered in.
      if (!hasChosenLang() && order.language && order.language !== getLang()) {
        setLang(order.language, { remember: false }); // redraws
      }
    }
  } else if (result.kind === 'not_found') {
    order = null;
    failure = { text: () => t('track.notFound'), retryable: false };
  } else if (!order) {
    failure = { text: () => describeError(result), retryable: true };
  } // a failed background refresh keeps showing what we had
  render();
}

initI18n();
onLangChange(() => {
  document.title = `${t('track.title')} · ${t('app.name')}`;
  render();
});
document.title = `${t('track.title')} · ${t('app.name')}`;
byId('track-retry').addEventListener('click', load);
byId('track-refresh').addEventListener('click', load);
setInterval(() => {
  if (document.visibilityState === 'visible' && order) load();
}, REFRESH_MS);
load();
