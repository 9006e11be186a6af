/**
 * Staff accounts (staff/users.html, R-SEC-2), for the general manager: the accounts with their
 * roles and status, a form to create one (Cognito emails the temporary password), and per
 * account disable, re-enable and reset password. The API checks the role; the page says
 * plainly when the signed-in member of staff may not manage accounts.
 */
import { api, describeError } from './api.js';
import { byId, h, show } from './dom.js';
import { initI18n, localizeServerMessage, onLangChange, t } from './i18n.js';
import { clearSession, getToken, getUser, goToLogin } from './session.js';

const ROLES = [
  'sales',
  'ops',
  'sales_director',
  'gm',
  'dept_manager',
  'production',
  'logistics',
  'finance',
  'after_sales',
  'safety',
];
const FIELDS = ['email', 'name', 'phone', 'roles'];
const here = 'users.html';
const view = { users: [], message: null, error: null };

function say(kind, fn) {
  view[kind === 'error' ? 'error' : 'message'] = fn;
  const box = byId(kind === 'error' ? 'page-error' : 'page-status');
  const text = kind === 'error' ? byId('page-error-text') : box;
  text.textContent = fn ? fn() : '';
  show(box, Boolean(fn));
  if (fn) box.focus();
}

function failed(result) {
  if (result.kind === 'unauthorized') return goToLogin(here);
  if (result.kind === 'forbidden') return say('error', () => t('users.noAccess'));
  if (result.kind === 'conflict') {
    return say('error', () =>
      /own account/.test(result.data?.error ?? '') ? t('users.ownAccount') : t('users.exists'),
    );
  }
  say('error', () => describeError(result));
}

function fieldError(name, message) {
  const slot = byId(`user-${name}-error`);
  slot.textContent = message ?? '';
  show(slot, Boolean(message));
}

function renderRoles() {
  const checked = new Set([...document.querySelectorAll('#user-roles input:checked')].map((i) => i.value));
  byId('user-roles').replaceChildren(
    ...ROLES.map((role) =>
      h(
        'label',
        { class: 'choice' },
        h('input', {
          type: 'checkbox',
          name: 'roles',
          value: role,
          ...(checked.has(role) ? { checked: true } : {}),
        }),
        ` ${t(`role.${role}`)}`,
      ),
    ),
  );
}

function actionButton(user, action) {
  return h('button', {
    type: 'button',
    class: 'button button-secondary button-small',
    dataset: { action, email: user.email },
    text: t(action === 'reset-password' ? 'users.reset' : `users.${action}`),
  });
}

function renderRows() {
  const me = getUser()?.email?.toLowerCase();
  const cell = (label, content) => h('td', { 'data-label': t(label) }, h('div', {}, content));
  byId('user-rows').replaceChildren(
    ...view.users.map((user) =>
      h(
        'tr',
        { dataset: { email: user.email } },
        cell('users.col.user', [user.name, h('div', { class: 'muted', text: user.email })]),
        cell('users.col.roles', user.roles.map((r) => t(`role.${r}`)).join('、')),
        cell('users.col.status', [
          h('span', {
            class: 'badge',
            text:
              t(`users.status.${user.status}`) === `users.status.${user.status}`
                ? user.status
                : t(`users.status.${user.status}`),
          }),
          user.enabled ? null : h('span', { class: 'badge badge-urgent', text: t('users.disabled') }),
        ]),
        cell('users.col.actions', [
          user.enabled && user.email.toLowerCase() !== me ? actionButton(user, 'disable') : null,
          user.enabled ? null : actionButton(user, 'enable'),
          actionButton(user, 'reset-password'),
        ]),
      ),
    ),
  );
  show(byId('users-empty'), view.users.length === 0);
}

async function load() {
  const result = await api('/api/staff-users', { auth: true });
  if (!result.ok) return failed(result);
  view.users = result.data.items;
  show(byId('create-card'));
  show(byId('list-card'));
  renderRows();
}

async function create(event) {
  event.preventDefault();
  for (const f of FIELDS) fieldError(f, null);
  const phone = byId('user-phone').value.trim();
  const body = {
    email: byId('user-email').value.trim(),
    name: byId('user-name').value.trim(),
    ...(phone ? { phone } : {}),
    roles: [...document.querySelectorAll('#user-roles input:checked')].map((i) => i.value),
  };
  byId('create-submit').disabled = true;
  const result = await api('/api/staff-users', { method: 'POST', body, auth: true });
  byId('create-submit').disabled = false;
  if (!result.ok) {
    if (result.kind === 'validation' && Array.isArray(result.data?.issues)) {
      for (const issue of result.data.issues) {
        const name = FIELDS.find((f) => issue.path === f || issue.path.startsWith(`${f}.`));
        if (name) fieldError(name, localizeServerMessage(issue));
        else say('error', () => localizeServerMessage(issue));
      }
      return;
    }
    return failed(result);
  }
  byId('create-form').reset();
  say('error', null);
  say('status', () => t('users.created', { email: result.data.email }));
  await load();
}

async function act(event) {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const { action, email } = button.dataset;
  if (action === 'disable' && !confirm(t('users.confirmDisable', { email }))) return;
  if (action === 'reset-password' && !confirm(t('users.confirmReset', { email }))) return;
  button.disabled = true;
  const result = await api(`/api/staff-users/${encodeURIComponent(email)}/${action}`, {
    method: 'POST',
    auth: true,
  });
  button.disabled = false;
  if (!result.ok) return failed(result);
  say('error', null);
  say('status', () => t(`users.done.${action}`, { email }));
  await load();
}

function init() {
  initI18n();
  if (!getToken()) return goToLogin(here);
  renderRoles();
  byId('create-form').addEventListener('submit', create);
  byId('user-rows').addEventListener('click', act);
  byId('logout').addEventListener('click', () => {
    clearSession();
    goToLogin(null);
  });
  onLangChange(() => {
    document.title = `${t('users.title')} · ${t('app.name')}`;
    renderRoles();
    renderRows();
    if (view.error) say('error', view.error);
    if (view.message) say('status', view.message);
  });
  document.title = `${t('users.title')} · ${t('app.name')}`;
  load();
}

init();
