// @ts-check
/**
 * Money and time formatting shared by the pages. Amounts travel as integer cents (fen) and
 * are only turned into yuan text here; times are shown in Asia/Shanghai whatever the
 * device's zone, because that is the company's clock (R-PROC-5, R-REPORT-1).
 */

export const TIME_ZONE = 'Asia/Shanghai';

const group = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 1250 → "¥12.50"; 123456789 → "¥1,234,567.89"; null → "—". */
export function formatMoney(cents, currency = 'CNY') {
  if (typeof cents !== 'number' || !Number.isFinite(cents)) return '—';
  const abs = Math.abs(Math.round(cents));
  const yuan = group(String(Math.floor(abs / 100)));
  const fen = String(abs % 100).padStart(2, '0');
  const symbol = currency === 'CNY' ? '¥' : `${currency} `;
  return `${cents < 0 ? '-' : ''}${symbol}${yuan}.${fen}`;
}

/** 1250 → "12.50", the value of a yuan input field. */
export const centsToYuanText = (cents) =>
  `${Math.floor(cents / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

/** Full-width digits and dot (typed with a Chinese IME) → ASCII. */
export const toHalfWidth = (text) =>
  String(text).replace(/[０-９．]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));

/**
 * "12.5" → 1250 integer cents, without going through floating point. Null when the text is
 * not an amount ≥ 0 with at most two decimals.
 */
export function parseYuan(text) {
  const match = /^(\d{1,10})(?:\.(\d{0,2}))?$/.exec(toHalfWidth(text).trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** "3" → 3; null unless a whole number > 0. */
export function parseQuantity(text) {
  const trimmed = toHalfWidth(text).trim();
  if (!/^\d{1,15}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value > 0 && Number.isSafeInteger(value) ? value : null;
}

function parts(date, options) {
  const out = {};
  for (const { type, value } of new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    ...options,
  }).formatToParts(date))
    out[type] = value;
  return out;
}

/** ISO timestamp → "2025-03-01 14:05" in Beijing time; same shape in both languages. */
export function formatDateTime(iso, { seconds = false } = {}) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso ?? '—';
  const p = parts(date, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: seconds ? '2-digit' : undefined,
    hourCycle: 'h23',
  });
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${seconds ? `:${p.second}` : ''}`;
}

/** "HH:MM:SS" in Beijing time. */
export function formatTime(date) {
  const p = parts(date, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** A calendar date: "YYYY-MM-DD" stays as is, a timestamp becomes its Beijing date. */
export function formatDate(value) {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value ?? '—';
  const p = parts(date, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

/** Today's date in Beijing, "YYYY-MM-DD": the earliest delivery date the form accepts. */
export const todayInShanghai = (now = new Date()) => formatDate(now.toISOString());
