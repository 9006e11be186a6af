// @ts-check
/**
 * What the master-data pages (products.html, customers.html) share: sign-in check, the page's
 * error and status notices (kept across a language switch), the title, sign-out, and the
 * sentence for a failed call. Each page renders its own content.
 */
import { describeError } from './api.js';
import { byId, show } from './dom.js';
import { initI18n, onLangChange, t } from './i18n.js';
import { clearSession, getToken, goToLogin } from './session.js';

/**
 * @param {{ here: string, titleKey: string, rerender: () => void }} options
 * @returns {{ say: (kind: 'error' | 'status', fn: (() => string) | null) => void,
 *   failed: (result: any) => void } | null} null when the reader must sign in first
 */
export function staffPage({ here, titleKey, rerender }) {
  initI18n();
  const back = `${here}${location.search}`;
  if (!getToken()) {
    goToLogin(back);
    return null;
  }
  /** @type {{ error: (() => string) | null, status: (() => string) | null }} */
  const notices = { error: null, status: null };

  function say(kind, fn) {
    notices[kind] = fn;
    const box = byId(kind === 'error' ? 'page-error' : 'page-status');
    const text = kind === 'error' ? byId('page-error-text') : box;
    text.textContent = fn ? fn() : '';
    show(box, Boolean(fn));
    if (fn) box.focus();
  }

  function failed(result) {
    if (result.kind === 'unauthorized') return goToLogin(back);
    if (result.kind === 'forbidden') return say('error', () => t('products.noAccess'));
    if (result.kind === 'conflict') return say('error', () => result.data?.error ?? t('products.conflict'));
    say('error', () => describeError(result));
  }

  const title = () => {
    document.title = `${t(titleKey)} · ${t('app.name')}`;
  };
  byId('logout').addEventListener('click', () => {
    clearSession();
    goToLogin(null);
  });
  onLangChange(() => {
    title();
    rerender();
    if (notices.error) say('error', notices.error);
    if (notices.status) say('status', notices.status);
  });
  title();
  return { say, failed };
}

/**
 * The open record lives in the address (`?<name>=…`): the back button and "back to the list"
 * (`#detail-close`) close it, a shared link opens it.
 * @param {{ name: string, here: string, open: (id: string) => void, close: () => void }} options
 */
export function detailInAddress({ name, here, open, close }) {
  byId('detail-close').addEventListener('click', () => {
    history.pushState({}, '', here);
    close();
  });
  window.addEventListener('popstate', () => {
    const id = new URLSearchParams(location.search).get(name);
    if (id) open(id);
    else close();
  });
}
