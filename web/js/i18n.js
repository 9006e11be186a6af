/**
 * Every string the pages show, in Simplified Chinese (the default) and English, plus the
 * language switch. The choice is remembered in localStorage and sent with an order as
 * `language` so the customer's emails come back in the same language (R-INTAKE-3).
 *
 * Markup opts in with `data-i18n="key"` (text) and `data-i18n-attr="attr:key;attr:key"`;
 * dynamic text calls `t(key, params)` and re-renders on `onLangChange`. The words themselves
 * are in i18n-strings.js, one [Chinese, English] pair per key.
 */
import { STRINGS } from './i18n-strings.js';

const STORAGE_KEY = 'orderdesk.lang';
export const LANGS = ['zh-CN', 'en'];

const pick = (index) => Object.fromEntries(Object.entries(STRINGS).map(([key, pair]) => [key, pair[index]]));
const zh = pick(0);
const en = pick(1);
const DICTIONARIES = { 'zh-CN': zh, en };

function storedLang() {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LANGS.includes(value) ? value : null;
  } catch {
    return null; // storage blocked (private mode): fall back to the default
  }
}

let current = storedLang() ?? 'zh-CN';
const listeners = new Set();

/** The current language: 'zh-CN' or 'en'. */
export const getLang = () => current;

/** Translate `key` in the current language (or `lang`), filling `{name}` placeholders. */
export function t(key, params = {}, lang = current) {
  const text = DICTIONARIES[lang]?.[key] ?? zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/**
 * A number of minutes as people say it, in the current language: whole hours as hours
 * ("1 小时", "2 hours"), anything else as minutes — for labels that follow a setting.
 */
export function durationText(minutes, lang = current) {
  if (minutes % 60 === 0)
    return t(minutes === 60 ? 'duration.hour' : 'duration.hours', { n: minutes / 60 }, lang);
  return t(minutes === 1 ? 'duration.minute' : 'duration.minutes', { n: minutes }, lang);
}

/** The rush settings a report was measured against, as label parameters. */
export function rushTargets(rush) {
  return {
    decision: durationText(rush?.decisionMinutes ?? 60),
    interval: durationText(rush?.intervalMinutes ?? 120),
  };
}

/** Fill every `data-i18n` / `data-i18n-attr` element under `root`. */
export function applyTranslations(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
  document.documentElement.lang = current;
  // The switch is labelled in the other language; say so for screen readers.
  const toggle = document.getElementById('lang-toggle');
  if (toggle) toggle.lang = current === 'zh-CN' ? 'en' : 'zh-CN';
}

/** Whether this browser's reader picked a language with the switch (remembered). */
export const hasChosenLang = () => storedLang() !== null;

/** Switch to `lang`; `remember: false` for a language the page picked, not the reader. */
export function setLang(lang, { remember = true } = {}) {
  if (!LANGS.includes(lang) || lang === current) return;
  current = lang;
  try {
    if (remember) localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered, still switched
  }
  applyTranslations();
  for (const fn of listeners) fn(lang);
}

/** Run `fn` after every language switch, to redraw text built in code. */
export function onLangChange(fn) {
  listeners.add(fn);
}

/** Wire the page's switch button (`#lang-toggle`) and translate the static markup. */
export function initI18n() {
  const button = document.getElementById('lang-toggle');
  button?.addEventListener('click', () => setLang(current === 'zh-CN' ? 'en' : 'zh-CN'));
  applyTranslations();
}

/**
 * API issue codes (shared/domain/issue-codes.ts) → dictionary keys. The server says what is wrong
 * by code; the page says it in its own words. Amount and count codes read by the field they are on.
 */
export const ISSUE_KEYS = {
  required: 'v.required',
  phone: 'v.phone',
  email: 'v.email',
  'contact-required': 'v.contactRequired',
  'date-past': 'v.datePastGeneric',
  date: 'v.dateRequired',
  'items-required': 'v.itemsRequired',
  'at-least-one': 'v.quantity',
  integer: 'v.quantity',
  number: 'v.quantity',
  cents: 'v.price',
  negative: 'v.price',
  'too-large': 'v.tooLarge',
  'too-long': 'v.tooLong',
  'unknown-sku': 'v.unknownSku',
  'reason-required': 'decision.reasonRequired',
};

/**
 * An API issue (`{ path, message, code?, params? }`) in the page's language when its code is one
 * we word; else its message as sent. A bare string is shown as it is.
 */
export function localizeServerMessage(issue) {
  if (issue === null || typeof issue !== 'object') return String(issue ?? '');
  const text = String(issue.message ?? '');
  let key = ISSUE_KEYS[issue.code];
  if (!key) return text;
  if (key === 'v.quantity' && /unitPrice$/.test(String(issue.path ?? ''))) key = 'v.price';
  return t(key, issue.params ?? {});
}
