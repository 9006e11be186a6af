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

/** The API's English validation messages (shared/domain/order-schema.ts) → dictionary keys. */
const SERVER_MESSAGES = {
  Required: 'v.required',
  'Not a phone number': 'v.phone',
  'Not an email address': 'v.email',
  'Give the handler’s email address': 'v.email',
  'Give a phone number or an email address': 'v.contactRequired',
  'The requested delivery date is in the past': 'v.datePastGeneric',
  'Must be a date YYYY-MM-DD': 'v.dateRequired',
  'Must be a number': 'v.quantity',
  'Must be a whole number': 'v.quantity',
  'Must be at least 1': 'v.quantity',
  'Must be a number (cents)': 'v.price',
  'Must be whole cents': 'v.price',
  'Must not be negative': 'v.price',
  'Too large': 'v.tooLarge',
  'At least one item': 'v.itemsRequired',
  'Required when rejecting': 'decision.reasonRequired',
};

/** Show an API issue message in the page's language when it is one we know; else as sent. */
export function localizeServerMessage(message) {
  const text = String(message ?? '');
  if (SERVER_MESSAGES[text]) return t(SERVER_MESSAGES[text]);
  const sku = /^Unknown SKU (.+)$/.exec(text);
  if (sku) return t('v.unknownSku', { sku: sku[1] });
  const long = /^At most (\d+) characters$/.exec(text);
  if (long) return t('v.tooLong', { max: long[1] });
  return text;
}

