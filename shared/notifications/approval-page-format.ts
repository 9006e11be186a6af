/**
 * Escaping and formatting of the approval pages: every interpolated value is escaped by the
 * `html` tag unless it is already markup (R-SEC-3); money from cents; times on the company clock.
 */
import type { PageLanguage } from './approval-pages.ts';

// ---- escaping ----

export class Html {
  constructor(readonly value: string) {}
}
export type Part = Html | string | number | null | undefined | false | Part[];

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const flat = (part: Part): string =>
  part === null || part === undefined || part === false
    ? ''
    : part instanceof Html
      ? part.value
      : Array.isArray(part)
        ? part.map(flat).join('')
        : escapeHtml(String(part));

/** Markup from a template: every interpolated value is escaped unless it is already `Html`. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < parts.length ? flat(parts[i]) : ''), ''));
}

// ---- formatting ----

/** Integer cents → "¥1,234.50" (other currencies: "USD 1,234.50"). */
export function money(cents: number, currency = 'CNY'): string {
  const abs = Math.abs(Math.round(cents));
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol = currency === 'CNY' ? '¥' : `${currency} `;
  return `${cents < 0 ? '-' : ''}${symbol}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** ISO timestamp → "2025-03-01 14:05" on the company's clock (Asia/Shanghai). */
export function shanghai(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    ...{ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
    hourCycle: 'h23',
  });
  for (const { type, value } of format.formatToParts(date)) p[type] = value;
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}`;
}

/** The same link with `lang` set, every other parameter (the signature) kept byte for byte. */
export function withLang(url: string, lang: PageLanguage): string {
  const [beforeHash = '', hash] = url.split('#', 2);
  const [path = '', query = ''] = beforeHash.split('?', 2);
  const params = query.split('&').filter((p) => p !== '' && !/^lang(=|$)/.test(p));
  params.push(`lang=${lang}`);
  return `${path}?${params.join('&')}${hash === undefined ? '' : `#${hash}`}`;
}
