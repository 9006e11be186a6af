/**
 * The sign-in views of the staff console (staff/index.html), on the flows of sign-in.js:
 * password, then whatever Cognito asks — a new password on the first sign-in with a temporary
 * one (the pool's password policy listed and checked as the person types), or the
 * authenticator code — and the forgotten-password path (code by email, new password), which is
 * also the way back after an administrator's reset. Lockout ("Password attempts exceeded")
 * and disabled accounts get their own clear message. The step views live in `<template>`s and
 * are put in the page only while taken, so the page holds one email and one password field.
 */
import { describeError } from './api.js';
import { byId, show } from './dom.js';
import { applyTranslations, onLangChange, t } from './i18n.js';
import {
  answerMfa,
  confirmForgotPassword,
  forgotPassword,
  passwordPolicy,
  passwordProblems,
  setNewPassword,
  signIn,
} from './sign-in.js';

const STEPS = ['new-password-view', 'mfa-view', 'forgot-view'];
const state = { email: '', session: null, messages: {}, onSignedIn: () => {} };

/** The message of a failed call, by kind; kinds of the general API fall back to describeError. */
function messageOf(result) {
  const key = {
    unauthorized: 'staff.badLogin',
    locked: 'signin.locked',
    disabled: 'signin.disabled',
    temporary_expired: 'signin.temporaryExpired',
    session_expired: 'signin.sessionExpired',
    weak_password: 'signin.weakPassword',
    bad_code: 'signin.badCode',
    expired_code: 'signin.expiredCode',
    cannot_reset: 'signin.cannotReset',
    rate_limited: 'signin.rateLimited',
  }[result.kind];
  return key ? t(key) : describeError(result);
}

/** Shows one notice of a view; kept as a function to redraw after a language switch. */
function notice(id, messageFn, focus = true) {
  state.messages[id] = messageFn;
  const box = document.getElementById(id);
  if (!box) return;
  if (box.tagName === 'P') box.textContent = messageFn ? messageFn() : '';
  else byId(`${id}-text`).textContent = messageFn ? messageFn() : '';
  show(box, Boolean(messageFn));
  if (focus && messageFn && box.getAttribute('role') === 'alert') box.focus();
}

/** Wires a step view's controls once it is in the page. */
const WIRING = {
  'new-password-view': () => {
    byId('new-password-form').addEventListener('submit', submitNewPassword);
    byId('new-password').addEventListener('input', () => renderPolicy('new-password-policy', 'new-password'));
  },
  'mfa-view': () => byId('mfa-form').addEventListener('submit', submitMfa),
  'forgot-view': () => {
    byId('forgot-form').addEventListener('submit', submitForgot);
    byId('reset-form').addEventListener('submit', submitReset);
    byId('forgot-back').addEventListener('click', () => showView('login-view', 'login-email'));
    byId('reset-password').addEventListener('input', () =>
      renderPolicy('reset-password-policy', 'reset-password'),
    );
  },
};

/** Shows one view: the sign-in form (`login-view`), a step, or none (null: the queue is shown). */
function showView(id, focusId) {
  for (const step of STEPS) if (step !== id) document.getElementById(step)?.remove();
  if (STEPS.includes(id) && !document.getElementById(id)) {
    byId('login-view').after(byId(`${id}-template`).content.cloneNode(true));
    applyTranslations(byId(id));
    WIRING[id]();
  }
  show(byId('login-view'), id === 'login-view');
  for (const box of ['login-error', 'new-password-error', 'mfa-error', 'forgot-error', 'forgot-status']) {
    notice(box, null);
  }
  document.title = `${t(id === 'login-view' ? 'staff.title' : 'signin.pageTitle')} · ${t('app.name')}`;
  if (focusId) byId(focusId).focus();
}

/** Lists the policy's rules under a new-password field, crossing out those already met. */
async function renderPolicy(listId, inputId) {
  const policy = await passwordPolicy();
  if (!document.getElementById(listId)) return;
  const broken = new Set(passwordProblems(byId(inputId).value, policy));
  const rules = ['minLength', 'lowercase', 'uppercase', 'digits', 'symbols'].filter(
    (rule) =>
      rule === 'minLength' ||
      policy[`require${rule === 'digits' ? 'Digits' : rule[0].toUpperCase() + rule.slice(1)}`],
  );
  byId(listId).replaceChildren(
    ...rules.map((rule) => {
      const li = document.createElement('li');
      li.textContent = t(`signin.rule.${rule}`, { n: policy.minLength });
      if (byId(inputId).value && !broken.has(rule)) li.className = 'is-met';
      return li;
    }),
  );
}

/** The new password and its repetition: an error message, or null when they may be sent. */
async function checkPair(inputId, againId) {
  const password = byId(inputId).value;
  if (passwordProblems(password, await passwordPolicy()).length > 0) return t('signin.weakPassword');
  if (password !== byId(againId).value) return t('signin.mismatch');
  return null;
}

function busy(buttonId, on) {
  byId(buttonId).disabled = on;
  byId(buttonId).classList.toggle('is-busy', on);
}

/** After any step: signed in, the next challenge, or a message on the current view. */
function next(result, errorBox) {
  if (result.ok) return state.onSignedIn(result.data);
  if (result.kind === 'challenge') {
    state.session = result.session;
    if (result.challenge === 'NEW_PASSWORD_REQUIRED') {
      showView('new-password-view', 'new-password');
      return renderPolicy('new-password-policy', 'new-password');
    }
    if (result.challenge === 'SOFTWARE_TOKEN_MFA') return showView('mfa-view', 'mfa-code');
    return notice(errorBox, () => t('signin.unsupported', { name: result.challenge }));
  }
  if (result.kind === 'reset_required') return openForgot(true);
  if (result.kind === 'session_expired') {
    showView('login-view');
    return notice('login-error', () => t('signin.sessionExpired'));
  }
  notice(errorBox, () => messageOf(result));
}

async function passwordStep(email, password) {
  state.email = email;
  next(await signIn(email, password), 'login-error');
}

async function submitNewPassword(event) {
  event.preventDefault();
  const problem = await checkPair('new-password', 'new-password-again');
  if (problem) return notice('new-password-error', () => problem);
  busy('new-password-submit', true);
  const result = await setNewPassword(state.email, state.session, byId('new-password').value);
  busy('new-password-submit', false);
  next(result, 'new-password-error');
}

async function submitMfa(event) {
  event.preventDefault();
  const code = byId('mfa-code').value.trim();
  if (!/^\d{6}$/.test(code)) return notice('mfa-error', () => t('signin.codeFormat'));
  busy('mfa-submit', true);
  const result = await answerMfa(state.email, state.session, code);
  busy('mfa-submit', false);
  next(result, 'mfa-error');
}

/** The forgotten-password view; `afterReset` when an administrator reset the password (the code was sent already). */
function openForgot(afterReset = false) {
  const email = state.email || byId('login-email').value.trim();
  showView('forgot-view', afterReset ? 'reset-code' : 'forgot-email');
  byId('forgot-email').value = email;
  show(byId('forgot-form'), !afterReset);
  show(byId('reset-form'), afterReset);
  renderPolicy('reset-password-policy', 'reset-password');
  notice('forgot-status', afterReset ? () => t('signin.resetByAdmin') : null);
}

async function submitForgot(event) {
  event.preventDefault();
  const email = byId('forgot-email').value.trim();
  if (!email) return notice('forgot-error', () => t('v.required'));
  state.email = email;
  busy('forgot-submit', true);
  const result = await forgotPassword(email);
  busy('forgot-submit', false);
  if (!result.ok) return notice('forgot-error', () => messageOf(result));
  notice('forgot-error', null);
  const destination = result.data?.CodeDeliveryDetails?.Destination ?? email;
  notice('forgot-status', () => t('signin.codeSent', { destination }));
  show(byId('forgot-form'), false);
  show(byId('reset-form'));
  byId('reset-code').focus();
}

async function submitReset(event) {
  event.preventDefault();
  const code = byId('reset-code').value.trim();
  if (!code) return notice('forgot-error', () => t('signin.codeFormat'));
  const problem = await checkPair('reset-password', 'reset-password-again');
  if (problem) return notice('forgot-error', () => problem);
  busy('reset-submit', true);
  const password = byId('reset-password').value;
  const result = await confirmForgotPassword(state.email, code, password);
  if (!result.ok) {
    busy('reset-submit', false);
    return notice('forgot-error', () => messageOf(result));
  }
  // The new password works at once: sign in with it.
  const signedIn = await signIn(state.email, password);
  busy('reset-submit', false);
  if (signedIn.ok || signedIn.kind === 'challenge') return next(signedIn, 'forgot-error');
  showView('login-view', 'login-password');
  notice('login-error', () => t('signin.passwordChanged'));
}

/** Wires the views; `onSignedIn({ token, accessToken, user })` is called once signed in. */
export function initSignIn({ onSignedIn }) {
  state.onSignedIn = onSignedIn;
  byId('forgot-open').addEventListener('click', () => openForgot(false));
  onLangChange(() => {
    for (const [id, fn] of Object.entries(state.messages)) if (fn) notice(id, fn, false);
    if (document.getElementById('new-password')) renderPolicy('new-password-policy', 'new-password');
    if (document.getElementById('reset-password')) renderPolicy('reset-password-policy', 'reset-password');
    const step = STEPS.find((id) => document.getElementById(id));
    if (step) document.title = `${t('signin.pageTitle')} · ${t('app.name')}`;
    else if (!byId('login-view').hidden) document.title = `${t('staff.title')} · ${t('app.name')}`;
  });
}

export { notice, passwordStep, showView };
