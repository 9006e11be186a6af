/**
 * Staff console entry (staff/index.html): sign-in, then the work queue. The queue comes from
 * the API already in R-PROC-1 order (urgent → important → normal, oldest first within each)
 * and is shown as given, never re-sorted. It refreshes every 15 s while the tab is visible,
 * re-reading as many pages as the user has loaded.
 */
import { api, describeError } from './api.js';
import { byId, h, param, show } from './dom.js';
import { formatTime } from './format.js';
import { initI18n, onLangChange, t } from './i18n.js';
import { orderRow } from './order-row.js';
import { clearSession, getToken, getUser, safeNext, saveSession } from './session.js';
import { initSignIn, notice, passwordStep, showView } from './staff-sign-in-ui.js';

const REFRESH_MS = 15_000;

const queue = {
  items: [],
  nextCursor: null,
  pages: 1,
  loading: false,
  loadedAt: null,
  /** The failed call on show, kept to redraw its message after a language switch. */
  failure: null,
  timer: null,
};
// ---- sign-in (the views and flows are staff-sign-in-ui.js) ----

function setFieldError(id, message) {
  const slot = byId(`${id}-error`);
  slot.textContent = message ?? '';
  show(slot, Boolean(message));
  if (message) byId(id).setAttribute('aria-invalid', 'true');
  else byId(id).removeAttribute('aria-invalid');
}

function showLogin(messageFn = null) {
  stopRefresh();
  show(byId('queue-view'), false);
  show(byId('logout'), false);
  showView('login-view', 'login-email');
  notice('login-error', messageFn);
}

async function login(event) {
  event.preventDefault();
  const email = byId('login-email').value.trim();
  const password = byId('login-password').value;
  setFieldError('login-email', email ? null : t('v.required'));
  setFieldError('login-password', password ? null : t('v.required'));
  if (!email || !password) return byId(email ? 'login-password' : 'login-email').focus();
  const button = byId('login-submit');
  button.disabled = true;
  button.classList.add('is-busy');
  byId('login-label').textContent = t('staff.loggingIn');
  await passwordStep(email, password);
  button.disabled = false;
  button.classList.remove('is-busy');
  byId('login-label').textContent = t('staff.login');
}

function signedIn({ token, accessToken, user }) {
  saveSession(token, user, accessToken);
  byId('login-password').value = '';
  const next = safeNext(param('next'));
  if (next) return location.assign(next);
  return showQueue();
}

// ---- queue ----

/** A queue row: the page's own column is the approval tier. */
const row = (item) =>
  orderRow(item, [
    'col.approvalTier',
    h('span', { class: 'badge badge-tier', text: t(`role.${item.approvalTier}`) }),
  ]);

function renderQueue() {
  // A refresh redraws the rows; keep keyboard focus on the same order's link.
  const focusedId = document.activeElement?.closest('#queue-rows tr')?.dataset.orderId;
  byId('queue-rows').replaceChildren(...queue.items.map(row));
  if (focusedId) {
    byId('queue-rows')
      .querySelector(`tr[data-order-id="${CSS.escape(focusedId)}"] a`)
      ?.focus();
  }
  show(byId('queue-empty'), queue.items.length === 0 && queue.loadedAt !== null);
  show(byId('load-more'), Boolean(queue.nextCursor));
  byId('queue-updated').textContent = queue.loadedAt
    ? t('staff.lastUpdated', { time: formatTime(queue.loadedAt) })
    : t('common.loading');
  show(byId('queue-error'), Boolean(queue.failure));
  byId('queue-error-text').textContent = queue.failure ? describeError(queue.failure) : '';
  const user = getUser();
  byId('signed-in-as').textContent = user
    ? t('staff.signedInAs', {
        name: user.name ?? user.email,
        roles: (user.roles ?? []).map((role) => t(`role.${role}`)).join('、'),
      })
    : '';
}

/** One page of the queue; `cursor` null for the first. */
const fetchPage = (cursor) =>
  api(`/api/queue${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { auth: true });

/** 401 → back to sign-in; other failures stay on screen above the rows we already have. */
function failed(result) {
  if (result.kind === 'unauthorized') {
    clearSession();
    showLogin(() => t('staff.sessionExpired'));
    return;
  }
  queue.failure = result;
  renderQueue();
}

/** Merge pages, dropping an order seen twice when the queue moved between two reads. */
function uniqueById(items) {
  const seen = new Set();
  return items.filter((item) => !seen.has(item.orderId) && seen.add(item.orderId));
}

async function refresh() {
  if (queue.loading) return;
  queue.loading = true;
  const items = [];
  let cursor = null;
  let pages = 0;
  while (pages < queue.pages) {
    const result = await fetchPage(cursor);
    if (!result.ok) {
      queue.loading = false;
      return failed(result);
    }
    items.push(...(result.data?.items ?? []));
    cursor = result.data?.nextCursor ?? null;
    pages += 1;
    if (!cursor) break;
  }
  Object.assign(queue, {
    items: uniqueById(items),
    nextCursor: cursor,
    pages,
    loading: false,
    loadedAt: new Date(),
    failure: null,
  });
  renderQueue();
}

async function loadMore() {
  if (queue.loading || !queue.nextCursor) return;
  queue.loading = true;
  const before = queue.items.length;
  const result = await fetchPage(queue.nextCursor);
  queue.loading = false;
  if (!result.ok) return failed(result);
  Object.assign(queue, {
    items: uniqueById([...queue.items, ...(result.data?.items ?? [])]),
    nextCursor: result.data?.nextCursor ?? null,
    pages: queue.pages + 1,
    failure: null,
  });
  renderQueue();
  // The button may disappear with the last page: move focus to the first new order.
  if (!queue.nextCursor) byId('queue-rows').children[before]?.querySelector('a')?.focus();
}

function stopRefresh() {
  clearInterval(queue.timer);
  queue.timer = null;
}

function showQueue() {
  showView(null);
  show(byId('queue-view'));
  show(byId('logout'));
  document.title = `${t('staff.queue')} · ${t('app.name')}`;
  Object.assign(queue, { items: [], nextCursor: null, pages: 1, loadedAt: null, failure: null });
  renderQueue();
  refresh();
  stopRefresh();
  queue.timer = setInterval(() => {
    if (document.visibilityState === 'visible') refresh();
  }, REFRESH_MS);
}

function init() {
  initI18n();
  initSignIn({ onSignedIn: signedIn });
  byId('login-form').addEventListener('submit', login);
  byId('load-more').addEventListener('click', loadMore);
  byId('queue-refresh').addEventListener('click', refresh);
  byId('logout').addEventListener('click', () => {
    clearSession();
    showLogin();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && queue.timer) refresh();
  });
  onLangChange(() => {
    if (byId('queue-view').hidden) return;
    document.title = `${t('staff.queue')} · ${t('app.name')}`;
    renderQueue();
  });
  if (getToken()) showQueue();
  else showLogin();
}

init();
